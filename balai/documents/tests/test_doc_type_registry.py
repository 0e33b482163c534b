"""Document types are registered by the apps that issue them; documents lists only its own."""

import pytest
from django.core.exceptions import ValidationError

from balai.documents.models import DocType, Document
from balai.documents.numbering import allocate_number
from balai.documents.registry import doc_type, doc_types, register_doc_type


def test_documents_lists_only_its_own_types_and_the_apps_register_theirs():
    assert set(DocType.values) == {"payment_receipt", "application_receipt", "letter"}
    assert Document._meta.get_field("doc_type").choices is None  # no fixed list in the schema
    assert {"kk", "akta_kelahiran", "ktp_el_receipt", "e_tbpkp", "settlement_report"} <= set(doc_types())
    assert doc_type("kk").prefix == "KK" and str(doc_type("e_tbpkp").label).startswith("e-TBPKP")
    assert Document(doc_type="akta_kelahiran").get_doc_type_display() == "Akta Kelahiran"


def test_a_type_cannot_be_registered_twice_differently():
    with pytest.raises(ValueError, match="already registered"):
        register_doc_type("kk", "Kartu lain", "KX")
    register_doc_type("kk", doc_type("kk").label, "KK")  # the same again is fine (ready() twice)


@pytest.mark.django_db
def test_an_unregistered_type_is_refused_and_a_registered_prefix_opens_the_number():
    from datetime import datetime

    from balai.documents.services import document_issue

    with pytest.raises(ValidationError) as caught:
        document_issue(doc_type="not_a_type", subject_type="demo", subject_id="1", template="documents/pdf/letter.html",
                       context={}, issuing_unit="Bapenda Provinsi Jawa Timur", subject_name="X")
    assert "doc_type" in caught.value.message_dict
    assert allocate_number(doc_type="e_tbpkp", issuing_unit="Bapenda Provinsi Jawa Timur",
                           when=datetime(2026, 5, 1)).startswith("TBPKP/BPJT/2026/")
