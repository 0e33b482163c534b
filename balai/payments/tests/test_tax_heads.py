"""Tax heads are registered by the apps whose bills carry them; payments names none itself."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from balai.payments.models import BeneficiaryKind
from balai.payments.registry import register_tax_head, tax_head, tax_heads
from balai.payments.services import LineSpec, beneficiary_for, bill_issue


def test_payments_source_names_no_vehicle_tax_head_and_vehicles_registers_them():
    payments = Path(__file__).resolve().parents[1]
    for module in ("services.py", "registry.py", "bulk.py", "codes.py"):
        text = (payments / module).read_text()
        for name in ('"pkb"', '"opsen_pkb"', '"swdkllj"', '"swdkllj_denda"', '"pkb_sanksi"', "TAX_HEADS"):
            assert name not in text, (module, name)
    assert {"pkb", "pkb_sanksi", "opsen_pkb", "opsen_pkb_sanksi", "swdkllj", "swdkllj_denda"} <= set(tax_heads())
    assert tax_head("opsen_pkb").beneficiary_kind == BeneficiaryKind.REGENCY_TREASURY
    with pytest.raises(ValueError, match="already registered"):
        register_tax_head("pkb", "PKB", BeneficiaryKind.JASA_RAHARJA)


@pytest.mark.django_db
def test_an_unregistered_tax_head_is_refused_even_with_a_beneficiary():
    owner = beneficiary_for("pkb")
    assert owner.code == "RKUD-35" and beneficiary_for("opsen_pkb", "3507").code == "RKUD-3507"
    with pytest.raises(ValidationError) as caught:
        bill_issue(kind="test", subject_type="test", subject_id="1", payer_name="A", description="x",
                   lines=[LineSpec(tax_head="retribusi_x", label="X", amount=1000, beneficiary=owner)])
    assert caught.value.code == "unknown_tax_head"
