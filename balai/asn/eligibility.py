"""Who may be proposed for a regular promotion, and for which period: asn's rule engine
(``engine.promotion``) applied to a profile, as one refusal with the earliest eligible period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from . import engine
from .models import RANK_ORDER, AsnProfile
from .rules import rules_load
from .services import AsnError


@dataclass(frozen=True)
class PromotionChoice:
    period: date
    from_rank: str
    to_rank: str


def promotion_check(profile: AsnProfile | None, *, period: date | None = None,
                    today: date | None = None) -> PromotionChoice:
    """The period (the one asked for, else the earliest eligible) and the ranks; 422
    ``not_eligible`` when the ratings are below the minimum or the period asked for is earlier than
    the earliest eligible one or not a promotion period (the earliest is named, in the message and
    in ``fields.earliest_period``)."""
    if profile is None:
        raise AsnError("not_eligible", _("Layanan ini hanya untuk PNS yang memiliki profil ASN di Balai."))
    today = today or timezone.localdate()
    rules = rules_load()
    facts = engine.promotion(rules, rank_tmt=profile.rank_tmt, ratings=(profile.skp_last, profile.skp_previous),
                             today=today)
    to_rank = engine.next_rank(profile.rank, RANK_ORDER)
    if to_rank is None:
        raise AsnError("top_rank", _("Pangkat sudah tertinggi."))
    if not facts.ratings_ok:
        message = _("Predikat SKP dua tahun terakhir harus paling rendah Baik.")
        raise AsnError("not_eligible", message, fields={"skp": [str(message)]})
    months = engine.promotion_periods(rules, period) if period else []
    if period is not None and (period < facts.period or period.day != 1 or period.month not in months):
        earliest = facts.period.strftime("%d-%m-%Y")
        raise AsnError("not_eligible", _("Belum memenuhi syarat untuk periode itu. Periode paling awal: "
                                         "%(earliest)s.") % {"earliest": earliest},
                       fields={"period": [str(_("Periode paling awal: %(earliest)s.") % {"earliest": earliest})],
                               "earliest_period": facts.period.isoformat()})
    return PromotionChoice(period=period or facts.period, from_rank=profile.rank, to_rank=to_rank)
