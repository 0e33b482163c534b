"""The maklumat pelayanan: a unit's signed public pledge to serve by its service standard.

UU 25/2009 Art. 22 obliges every provider to publish one; PermenPANRB 15/2014 gives the wording
(PLEDGE_TEXT). It is issued as a signed PDF through balai.documents (its QR opens the public
verification page); a reissue is the next version of the same subject, which supersedes the
previous document, so only one is ever valid.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.cases.models import Office
from balai.cases.selectors import staff_scope
from balai.core import audit
from balai.core.text import clean_text

from ..errors import QualityError
from ..models import ServicePledge

DOC_TYPE = "quality_pledge"
SUBJECT_TYPE = "quality.pledge"
TEMPLATE = "quality/pdf/pledge.html"
# PermenPANRB 15/2014 (Pedoman Standar Pelayanan), Lampiran: the standard wording of the maklumat.
PLEDGE_TEXT = ("Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang "
               "telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai "
               "peraturan perundang-undangan yang berlaku.")


def may_issue_pledge(user, office: Office) -> bool:
    """A supervisor of the unit (the office is one of their desk's offices) speaks for its head."""
    return getattr(user, "role", None) == "supervisor" and office.pk in staff_scope(user).office_ids


def _place(office: Office) -> str:
    """Where the unit signs: the city (``Kota Surabaya`` → Surabaya) or the regency's name."""
    from balai.regions.models import Region

    name = Region.objects.filter(code=office.regency_code).values_list("name", flat=True).first() or "Surabaya"
    return name.removeprefix("Kota ")


def _check_head(head_name: str, head_title: str, head_nip: str) -> tuple[str, str, str]:
    name, title, nip = clean_text(head_name).strip(), clean_text(head_title).strip(), head_nip.replace(" ", "")
    errors: dict[str, list] = {}
    if len(name) < 3:
        errors["head_name"] = [_("Tuliskan nama kepala unit yang menandatangani.")]
    if len(title) < 3:
        errors["head_title"] = [_("Tuliskan jabatan penanda tangan.")]
    if nip and (not nip.isdigit() or len(nip) != 18):
        errors["head_nip"] = [_("NIP terdiri atas 18 angka.")]
    if errors:
        raise QualityError("pledge_invalid", _("Periksa data penanda tangan."), fields=errors)
    return name[:150], title[:150], nip


def pledge_issue(*, office: Office, by, head_name: str, head_title: str, head_nip: str = "") -> ServicePledge:
    """Issue (or reissue) the unit's maklumat as a signed PDF and record it; only a supervisor
    of the unit may (``may_issue_pledge``)."""
    if not may_issue_pledge(by, office):
        raise QualityError("pledge_forbidden", _("Anda tidak berwenang menerbitkan maklumat unit ini."),
                           status_code=403)
    return pledge_record(office=office, by=by, head_name=head_name, head_title=head_title, head_nip=head_nip)


def pledge_record(*, office: Office, by, head_name: str, head_title: str, head_nip: str = "") -> ServicePledge:
    """The write behind ``pledge_issue``, without the permission check (the caller's: the staff
    page through ``pledge_issue``, the demo seeder with ``by=None``).

    The document is issued first, outside any transaction (signing is slow and may be refused:
    ``signers.NotConfigured``); the row that publishes it is written only once it exists. Issuing
    the same version again returns the same document (documents' idempotency), so a retry after a
    failed write repeats nothing."""
    from balai.documents import services as documents

    name, title, nip = _check_head(head_name, head_title, head_nip)
    version = (ServicePledge.objects.filter(office=office).aggregate(v=Max("version"))["v"] or 0) + 1
    document = documents.document_issue(
        doc_type=DOC_TYPE, subject_type=SUBJECT_TYPE, subject_id=str(office.pk), template=TEMPLATE,
        context={"office": office.name, "text": PLEDGE_TEXT, "head_name": name, "head_title": title,
                 "place": _place(office)},
        issuing_unit=office.name, subject_name=office.name, version=version, signer_name=name,
        signer_title=title, signer_nip=nip)
    with transaction.atomic():
        pledge, _created = ServicePledge.objects.get_or_create(
            office=office, version=version,
            defaults={"text": PLEDGE_TEXT, "head_name": name, "head_title": title, "head_nip": nip,
                      "document_id": document.pk, "issued_by": by, "issued_at": timezone.now()})
        audit.record(action="quality.pledge_issued", actor=by, object_type="office", object_id=office.pk,
                     data={"version": version, "document": getattr(document, "number", "")})
    return pledge
