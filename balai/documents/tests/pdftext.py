"""Words of a PDF with their boxes (poppler's ``pdftotext -bbox``), for tests that check what a
person sees on the paper: a value present beside its label, an amount whole on one line, nothing
outside the printable area."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PdfText:
    pages: list[tuple[float, float]]  # (width, height) in points
    words: list[Word]

    def lines(self) -> list[str]:
        """The words of each printed line, left to right (a line: same page, tops within 2 pt)."""
        rows: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: (w.page, w.y0, w.x0)):
            if rows and rows[-1][0].page == word.page and abs(rows[-1][0].y0 - word.y0) < 2:
                rows[-1].append(word)
            else:
                rows.append([word])
        return [" ".join(w.text for w in sorted(row, key=lambda w: w.x0)) for row in rows]

    def outside(self, *, left_mm: float, right_mm: float) -> list[Word]:
        """Words that start left of ``left_mm`` or end right of ``right_mm`` (0.3 mm tolerance)."""
        return [w for w in self.words
                if w.x0 < left_mm * MM - 0.3 * MM or w.x1 > right_mm * MM + 0.3 * MM]


def pdf_text(pdf: bytes) -> PdfText:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True,  # noqa: S603, S607
                             timeout=60).stdout.decode()
    pages, words = [], []
    for number, chunk in enumerate(out.split("<page ")[1:], start=1):
        width, height = _PAGE.match("<page " + chunk).groups()
        pages.append((float(width), float(height)))
        words += [Word(number, html.unescape(text), float(a), float(b), float(c), float(d))
                  for a, b, c, d, text in _WORD.findall(chunk)]
    return PdfText(pages, words)
