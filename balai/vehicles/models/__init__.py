"""Vehicle models, by responsibility: the register (``register``), the dated tax-rule tables
(``rule_tables``) and ownership transfer (``transfer``). Import them from here."""

from .register import (
    BlockReason,
    Category,
    Endorsement,
    TaxBill,
    Use,
    Vehicle,
    VehicleBlock,
    VehicleEvent,
    VehicleLink,
    VehicleStatus,
    address_key,
)
from .rule_tables import (
    RULE_MODELS,
    BaseRelief,
    BbnkbRate,
    Bobot,
    DatedRule,
    NjkbPrice,
    OpsenRate,
    PenaltyBeneficiary,
    PenaltyRule,
    PkbRate,
    PnbpFee,
    ProgressiveRule,
    ReliefProgramme,
    SwdklljClassRule,
    SwdklljLateBracket,
    SwdklljTariff,
    TaxKind,
    Treasury,
)
from .transfer import OwnershipTransfer, TransferKind

__all__ = [
    "RULE_MODELS", "BaseRelief", "BbnkbRate", "BlockReason", "Bobot", "Category", "DatedRule", "Endorsement",
    "NjkbPrice", "OpsenRate", "OwnershipTransfer", "PenaltyBeneficiary", "PenaltyRule", "PkbRate", "PnbpFee",
    "ProgressiveRule", "ReliefProgramme", "SwdklljClassRule", "SwdklljLateBracket", "SwdklljTariff", "TaxBill",
    "TaxKind", "TransferKind", "Treasury", "Use", "Vehicle", "VehicleBlock", "VehicleEvent", "VehicleLink",
    "VehicleStatus", "address_key",
]
