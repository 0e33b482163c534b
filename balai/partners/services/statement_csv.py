"""The bank statement (rekening koran) CSV: a header row naming the date, reference and amount
columns, in Indonesian or in English, then one line per credit.

Headers are matched loosely, as banks write them: case, spaces, punctuation and a unit in
parentheses are ignored (``Tanggal Transaksi``, ``No. Referensi``, ``Jumlah (Rp)``, ``Amount``).
A missing column is named in the reader's language, with the headers that are recognised.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.text import clean_text

from .common import PartnerError


@dataclass
class ParsedLine:
    line_no: int
    date: date
    reference: str
    amount: int


# Normalised header (see _normalise) → column; Indonesian and English names as banks export them.
HEADER_ALIASES = {
    "date": {"tanggal", "tgl", "tanggal_transaksi", "tgl_transaksi", "tanggal_setor", "date", "transaction_date",
             "posting_date", "value_date"},
    "reference": {"referensi", "ref", "no_ref", "no_referensi", "nomor_referensi", "keterangan_referensi",
                  "reference", "reference_no", "reference_number", "ref_no"},
    "amount": {"jumlah", "nominal", "nilai", "kredit", "mutasi_kredit", "amount", "credit", "credit_amount"},
}
# The name of each column people are told about, in their language.
COLUMN_NAMES = {"date": gettext_lazy("tanggal"), "reference": gettext_lazy("referensi"),
                "amount": gettext_lazy("jumlah")}


def _normalise(header: str) -> str:
    """``Jumlah (Rp)`` → ``jumlah``; ``No. Referensi`` → ``no_referensi``; ``Date`` → ``date``."""
    text = re.sub(r"\(.*?\)", "", header.strip().lower())
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def parse_amount(text: str) -> int:
    """Integer rupiah from a bank export: ``1500000``, ``1.500.000`` or ``1.500.000,00`` (never a float)."""
    value = text.strip().replace("Rp", "").replace(" ", "")
    match = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?", value)
    if match is None or (match.group(2) and int(match.group(2)) != 0):
        raise ValueError(text)
    return int(match.group(1).replace(".", ""))


def parse_date(text: str) -> date:
    value = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def header_columns(header: list[str]) -> dict[str, int]:
    """The index of the date, reference and amount columns; a missing one is refused by name."""
    names = [_normalise(h) for h in header]
    columns = {}
    for column, aliases in HEADER_ALIASES.items():
        found = [i for i, name in enumerate(names) if name in aliases]
        if not found:
            raise PartnerError("invalid_file", _(
                "Baris judul CSV tidak memuat kolom %(column)s. Judul yang dikenali: tanggal, referensi, jumlah "
                "(atau date, reference, amount).") % {"column": COLUMN_NAMES[column]}, status=400,
                data={"column": column})
        columns[column] = found[0]
    return columns


def parse_statement(content: bytes) -> list[ParsedLine]:
    """CSV with a header naming the date, reference and amount columns (``tanggal,referensi,jumlah``
    or ``date,reference,amount``). Any bad line refuses the whole file, naming the line."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PartnerError("invalid_file", _("Berkas harus CSV berkode UTF-8."), status=400) from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = header_columns(next(reader, []))
    lines, errors = [], []
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            lines.append(ParsedLine(line_no=line_no, date=parse_date(row[columns["date"]]),
                                    reference=re.sub(r"\s+", "", clean_text(row[columns["reference"]])).upper()[:60],
                                    amount=parse_amount(row[columns["amount"]])))
        except (ValueError, IndexError, ValidationError):  # ValidationError: balai.core.text refused the text
            errors.append(str(line_no))
    if errors:
        raise PartnerError("invalid_file", _("Baris tidak terbaca: %(lines)s.") % {"lines": ", ".join(errors[:20])},
                           status=400)
    if not lines:
        raise PartnerError("invalid_file", _("Berkas tidak berisi transaksi."), status=400)
    return lines
