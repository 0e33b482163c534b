"""Server-rendered SVG bar charts. Each chart is an ``img`` with a title and a description, every
bar carries its value as text (not colour alone), and the template puts the data table under it;
no script, no external file.

Horizontal bars laid out in percentages of the chart's width and without a viewBox, so the text
keeps its size on a 360 px phone instead of shrinking with the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join

ROW, GAP = 26, 6
PHONE_WIDTH, CHAR_PX = 328, 7.6  # the chart's width in a 360 px page; a 13 px character, generously
BAR = "#0b5c3e"  # the site's brand green: 7.6:1 on white
TEXT = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | None
    text: str  # the value as people read it ("1.234", "87,5 %")


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar], scale_max: float | None = None) -> str:
    """One row per bar: label, bar, value. A missing value draws no bar and says "—"."""
    values = [float(b.value) for b in bars if b.value is not None]
    top = scale_max or max(values, default=0) or 1
    label_pct, bar_pct = _columns(bars)
    rows = []
    for i, bar in enumerate(bars):
        y = i * (ROW + GAP)
        share = 0.0 if bar.value is None else max(float(bar.value), 0) / top
        width = bar_pct * min(share, 1)
        rows.append(format_html(
            '<text x="0" y="{}" font-size="13" fill="{}">{}</text>'
            '<rect x="{}%" y="{}" width="{}%" height="{}" fill="{}"></rect>'
            '<text x="{}%" y="{}" font-size="13" fill="{}">{}</text>',
            y + 18, TEXT, bar.label, label_pct, y + 3, f"{width:.2f}", ROW - 6, BAR,
            f"{label_pct + width + 1.5:.2f}", y + 18, TEXT, bar.text if bar.value is not None else "—"))
    height = max(len(bars), 1) * (ROW + GAP)
    return format_html(
        '<svg class="chart" width="100%" height="{}" role="img" aria-labelledby="{}-t {}-d">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        height, chart_id, chart_id, chart_id, title, chart_id, description,
        format_html_join("", "{}", ((r,) for r in rows)))


def _columns(bars: list[Bar]) -> tuple[float, float]:
    """(label column, longest bar) in % of the width: room for the longest label and, after the
    longest bar, for the longest value, on a phone (wider screens only have more room)."""
    def share(chars: int) -> float:
        return chars * CHAR_PX / PHONE_WIDTH * 100

    label = min(max(share(max((len(str(b.label)) for b in bars), default=0)) + 2, 18), 45)
    value = min(max(share(max((len(b.text) for b in bars), default=1)) + 3, 10), 45)
    return round(label, 2), round(max(100 - label - value, 10), 2)
