"""The PKB breakdown as people read it, in the page's language: line names, who receives each
amount (in words, never an account code), the SWDKLLJ class in words, and the basis of each
amount worded from the engine's values (``engine.Line.detail``).

Regulation citations are data (rule rows an officer may edit); the seeded ones have English
translations in the catalogue, an edited one shows as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from balai.payments.beneficiaries import JATIM_REGENCIES

from . import engine

LINE_LABELS = {
    engine.PKB: gettext_lazy("PKB pokok"),
    engine.OPSEN: gettext_lazy("Opsen PKB"),
    engine.PKB_PENALTY: gettext_lazy("Sanksi administratif PKB"),
    engine.OPSEN_PENALTY: gettext_lazy("Sanksi administratif opsen PKB"),
    engine.SWDKLLJ: gettext_lazy("SWDKLLJ (termasuk biaya kartu)"),
    engine.SWDKLLJ_PENALTY: gettext_lazy("Denda SWDKLLJ"),
    engine.BBNKB: gettext_lazy("BBNKB (bea balik nama kendaraan)"),
    engine.OPSEN_BBNKB: gettext_lazy("Opsen BBNKB"),
}
TRANSFERS = {
    engine.FIRST_TRANSFER: gettext_lazy("penyerahan pertama"),
    engine.LATER_TRANSFER: gettext_lazy("penyerahan kedua atau berikutnya"),
}
# PMK 16/PMK.010/2017 classes (engine.swdkllj_class), as the tariff table words them.
SWDKLLJ_CLASSES = {
    "motor_le250": gettext_lazy("Sepeda motor s.d. 250 cc dan kendaraan roda tiga"),
    "motor_gt250": gettext_lazy("Sepeda motor di atas 250 cc"),
    "car": gettext_lazy("Mobil penumpang bukan umum (sedan, jip, minibus) dan pikap s.d. 2.400 cc"),
    "public_car_le1600": gettext_lazy("Mobil penumpang umum s.d. 1.600 cc"),
    "bus": gettext_lazy("Bus dan mikrobus bukan umum"),
    "public_bus": gettext_lazy("Bus dan mikrobus umum, mobil penumpang umum di atas 1.600 cc"),
    "truck": gettext_lazy("Truk dan mobil barang di atas 2.400 cc"),
    "tow_truck": gettext_lazy("Truk derek dan sejenisnya"),
    "heavy_equipment": gettext_lazy("Alat berat (traktor, buldoser, forklift)"),
}
REGENCY_NAMES = dict(JATIM_REGENCIES)


def beneficiary_name(code: str) -> str:
    """Who receives a line (split payment, REFERENCE §3.3): ``RKUD-35`` → the provincial treasury."""
    if code == engine.PROVINCE:
        return _("Kas Daerah Provinsi Jawa Timur")
    if code == engine.JASA_RAHARJA:
        return _("Jasa Raharja (SWDKLLJ)")
    regency = REGENCY_NAMES.get(code.removeprefix("RKUD-")) if code.startswith("RKUD-") else None
    if regency:
        return _("Kas Daerah %(regency)s") % {"regency": regency}
    return _("Penerima dana lain")


def swdkllj_class_name(code: str) -> str:
    return str(SWDKLLJ_CLASSES.get(code, _("golongan lain")))


def citation(regulation: str) -> str:
    """A rule row's regulation in the page's language when the catalogue knows it."""
    return _(regulation) if regulation else ""


def number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def rupiah(amount: int) -> str:
    return f"Rp {number(amount)}"


def _decimal(value: Fraction, places: int) -> str:
    """An exact rate for people, with the page's decimal mark; a repeating one as a fraction."""
    scaled = value * 10**places
    if scaled.denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    text = formats.number_format(Decimal(int(scaled)) / 10**places, decimal_pos=places)
    mark = formats.get_format("DECIMAL_SEPARATOR")
    return text.rstrip("0").rstrip(mark) if mark in text else text


def percent(value: Fraction) -> str:
    return f"{_decimal(value * 100, 4)} %"


def unconfirmed_note() -> str:
    """Said beside a figure computed with a rule row not yet confirmed (``detail["unconfirmed"]``)."""
    return _("Angka ini belum terkonfirmasi dari teks peraturan; dapat diubah petugas.")


def _sentences(*parts: str) -> str:
    """Parts joined as sentences: a full stop between them unless a part already ends with one."""
    text = ""
    for part in parts:
        text = part if not text else f"{text} {part}" if text.endswith(".") else f"{text}. {part}"
    return text


def basis(line: engine.Line) -> str:
    """How the amount of ``line`` was computed, worded in the page's language; a figure computed
    with an unconfirmed rule row says so."""
    text = _worded(line)
    if line.detail and line.detail.get("unconfirmed"):
        return _sentences(text, unconfirmed_note())
    return text


def _worded(line: engine.Line) -> str:
    detail = line.detail
    if not detail:
        return line.basis
    source = citation(detail["regulation"])
    if line.code == engine.PKB:
        text = _("%(source)s: tarif %(rate)s (kepemilikan ke-%(order)s) × NJKB × bobot %(bobot)s") % {
            "source": source, "rate": percent(detail["rate"]), "order": detail["order"],
            "bobot": _decimal(detail["bobot"], 3)}
        if "relief" in detail:
            text += _(" × keringanan dasar %(factor)s (%(source)s)") % {
                "factor": f"{detail['relief'].numerator}/{detail['relief'].denominator}",
                "source": citation(detail["relief_regulation"])}
        if "discount" in detail:
            text += _(" − diskon %(discount)s (%(source)s)") % {
                "discount": percent(detail["discount"]), "source": citation(detail["discount_regulation"])}
        return text
    if line.code == engine.OPSEN:
        return _("%(source)s: %(rate)s × PKB") % {"source": source, "rate": percent(detail["rate"])}
    if line.code in (engine.PKB_PENALTY, engine.OPSEN_PENALTY):
        if detail.get("waived"):
            return _("%(source)s: sanksi dihapus") % {"source": source}
        months = detail["months"]
        text = ngettext("%(source)s: %(rate)s per bulan × %(months)s bulan terlambat",
                        "%(source)s: %(rate)s per bulan × %(months)s bulan terlambat", months) % {
            "source": source, "rate": percent(detail["monthly_rate"]), "months": months}
        notes = []
        if "capped_from" in detail:
            text += " " + _("(dibatasi %(months)s bulan; terlambat %(late)s bulan)") % {
                "months": months, "late": detail["capped_from"]}
            if detail.get("cap_unconfirmed"):
                notes.append(_("Batas bulan ini belum terkonfirmasi dari teks peraturan."))
        if detail.get("treasury_unconfirmed"):  # the treasury column names it; say when it is not settled
            notes.append(_("Penerima menurut %(source)s.") % {"source": citation(detail["treasury_regulation"])})
            notes.append(_("Penerima sanksi ini belum terkonfirmasi."))
        return ". ".join([text, " ".join(notes)]) if notes else text
    if line.code == engine.BBNKB:
        text = _("%(source)s: tarif %(rate)s × NJKB (%(transfer)s)") % {
            "source": source, "rate": percent(detail["rate"]),
            "transfer": TRANSFERS.get(detail["transfer"], detail["transfer"])}
        if "relief" in detail:
            text += _(" × keringanan dasar %(factor)s (%(source)s)") % {
                "factor": f"{detail['relief'].numerator}/{detail['relief'].denominator}",
                "source": citation(detail["relief_regulation"])}
        return text
    if line.code == engine.OPSEN_BBNKB:
        return _("%(source)s: %(rate)s × BBNKB") % {"source": source, "rate": percent(detail["rate"])}
    if line.code == engine.SWDKLLJ:
        return _("%(source)s: golongan %(class)s, iuran %(contribution)s + biaya kartu %(card)s") % {
            "source": source, "class": swdkllj_class_name(detail["class"]),
            "contribution": rupiah(detail["contribution"]), "card": rupiah(detail["card_fee"])}
    if line.code == engine.SWDKLLJ_PENALTY:
        days = detail["days"]
        return ngettext("%(source)s: %(rate)s × iuran %(contribution)s (terlambat %(days)s hari, paling banyak "
                        "%(cap)s)",
                        "%(source)s: %(rate)s × iuran %(contribution)s (terlambat %(days)s hari, paling banyak "
                        "%(cap)s)", days) % {
            "source": source, "rate": percent(detail["rate"]), "contribution": rupiah(detail["contribution"]),
            "days": number(days), "cap": rupiah(detail["cap"])}
    return line.basis


@dataclass(frozen=True)
class ShownLine:
    tax_year: int
    label: str
    beneficiary: str
    basis: str
    amount: int
    unconfirmed: bool = False  # computed with a rule row not yet confirmed (the page shows a legend)


def njkb_note(used: engine.NjkbUsed) -> str:
    """The NJKB a tax year was valued at, and whether its row was carried from an earlier one."""
    from balai.core.formatting import format_date_ui

    if used.carried:
        return _("NJKB %(njkb)s: tidak ada baris NJKB yang berlaku untuk tahun pajak ini, dipakai baris terdekat "
                 "sebelumnya (berlaku mulai %(since)s).") % {"njkb": rupiah(used.amount),
                                                             "since": format_date_ui(used.valid_from)}
    return _("NJKB %(njkb)s (daftar NJKB berlaku mulai %(since)s).") % {
        "njkb": rupiah(used.amount), "since": format_date_ui(used.valid_from)}


def shown_lines(lines: list[engine.Line], *, njkb: dict | None = None) -> list[ShownLine]:
    """``njkb``: ``Assessment.njkb`` (due date → NJKB used): the PKB line of each year names it."""
    shown = []
    for line in lines:
        text = basis(line)
        if line.code == engine.PKB and njkb and line.due_date in njkb:
            text = _sentences(text, njkb_note(njkb[line.due_date]))
        shown.append(ShownLine(tax_year=line.tax_year, label=str(LINE_LABELS.get(line.code, line.label)),
                               beneficiary=beneficiary_name(line.beneficiary), basis=text, amount=line.amount,
                               unconfirmed=bool(line.detail and line.detail.get("unconfirmed"))))
    return shown


def shown_years(assessment: engine.Assessment) -> list[tuple[int, date, list[ShownLine], int]]:
    """``Assessment.by_year()`` with each year's lines worded for the page."""
    return [(year, due, shown_lines(lines, njkb=assessment.njkb), subtotal)
            for year, due, lines, subtotal in assessment.by_year()]


def unconfirmed_cap_changed(lines: list[engine.Line]) -> bool:
    """Whether a penalty cap with no confirmed source lowered a penalty (the page says so)."""
    return any(line.detail and "capped_from" in line.detail and line.detail.get("cap_unconfirmed")
               for line in lines)


# --- the vehicle's timeline on the Samsat officer's page -------------------------------------------

EVENT_LABELS = {
    "registered": gettext_lazy("Didaftarkan"),
    "corrected": gettext_lazy("Data dikoreksi"),
    "blocked": gettext_lazy("Diblokir"),
    "unblocked": gettext_lazy("Blokir dibuka"),
    "bill_issued": gettext_lazy("Tagihan PKB dibuat"),
    "endorsed": gettext_lazy("Lunas: pengesahan tahunan dicatat"),
    "endorsement_reversed": gettext_lazy("Pembayaran dibatalkan: pengesahan dihapus"),
    "ownership_transferred": gettext_lazy("Balik nama: pemilik baru tercatat"),
    "ownership_order_changed": gettext_lazy("Urutan kepemilikan progresif berubah"),
}


def _field_name(name: str) -> str:
    from django.core.exceptions import FieldDoesNotExist

    from .models import Vehicle

    try:
        return str(getattr(Vehicle._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # a field renamed since the event was written
        return name


def event_summary(kind: str, data: dict) -> str:
    """The facts of a timeline entry in words (never the stored JSON)."""
    from balai.core.formatting import format_date_ui

    from .models import BlockReason

    def day(value: str) -> str:
        try:
            return format_date_ui(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)

    if kind == "corrected":
        return "; ".join(f"{_field_name(name)}: {old} → {new}" for name, (old, new) in sorted(data.items()))
    if kind == "blocked" and data.get("reason") in BlockReason.values:
        return str(BlockReason(data["reason"]).label)
    if kind == "bill_issued" and "payment_code" in data:
        return _("kode bayar %(code)s, %(total)s") % {"code": data["payment_code"],
                                                      "total": rupiah(data.get("total", 0))}
    if kind == "endorsed" and "payment_code" in data:
        return _("kode bayar %(code)s, kuitansi %(receipt)s; jatuh tempo berikutnya %(next)s") % {
            "code": data["payment_code"], "receipt": data.get("receipt_number") or "—",
            "next": day(data.get("next_due", ""))}
    if kind == "endorsement_reversed" and "payment_code" in data:
        return _("kode bayar %(code)s; jatuh tempo kembali ke %(due)s") % {
            "code": data["payment_code"], "due": day(data.get("due_date", ""))}
    if kind == "ownership_transferred" and "case" in data:
        return _("permohonan %(case)s, kode bayar %(code)s") % {"case": data["case"],
                                                                "code": data.get("payment_code", "—")}
    if kind == "ownership_order_changed" and "to" in data:
        return _("kepemilikan ke-%(before)s → ke-%(after)s (permohonan %(case)s)") % {
            "before": data.get("from"), "after": data["to"], "case": data.get("case", "—")}
    return ""


def event_rows(events) -> list[tuple]:
    """(event, label, summary) for each entry of the vehicle's timeline."""
    return [(event, str(EVENT_LABELS.get(event.kind, _("Catatan lain"))),
             event_summary(event.kind, event.data or {})) for event in events]
