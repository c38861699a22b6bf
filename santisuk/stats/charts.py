"""Charts drawn on the server as SVG: they need no script, print as they show, and work on a
network with no internet. Text is escaped; the markup is built from numbers and escaped labels
only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PREV_COLOUR = "#9aa5b1"
CURRENT_COLOUR = "#1f5f99"


@dataclass(frozen=True)
class Bar:
    label: str
    previous: int
    current: int


def _fmt(value: int) -> str:
    return f"{value:,}"


def year_bars(
    bars: Sequence[Bar], *, title: str, previous_label: str, current_label: str, width: int = 720
) -> SafeString:
    """Horizontal bars, the year before and the year side by side for each label."""
    label_width = 200
    value_width = 70
    plot_width = max(width - label_width - value_width, 100)
    bar_height = 11
    row_height = 2 * bar_height + 10
    top = 34
    height = top + row_height * max(len(bars), 1) + 6
    largest = max([max(b.previous, b.current) for b in bars] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{label_width}" y="6" width="12" height="12" fill="{PREV_COLOUR}"/>',
        f'<text x="{label_width + 18}" y="16">{escape(previous_label)}</text>',
        f'<rect x="{label_width + 110}" y="6" width="12" height="12" fill="{CURRENT_COLOUR}"/>',
        f'<text x="{label_width + 128}" y="16">{escape(current_label)}</text>',
    ]
    if not bars:
        parts.append(f'<text x="{label_width}" y="{top + 14}">-</text>')
    for index, bar in enumerate(bars):
        y = top + index * row_height
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height + 4}" text-anchor="end">'
            f"<title>{escape(bar.label)}</title>{escape(label)}</text>"
        )
        for offset, value, colour, year in (
            (0, bar.previous, PREV_COLOUR, previous_label),
            (bar_height, bar.current, CURRENT_COLOUR, current_label),
        ):
            length = round(plot_width * value / largest, 1)
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length}" '
                f'height="{bar_height - 1}" fill="{colour}">'
                f"<title>{escape(bar.label)} {escape(year)}: {_fmt(value)}</title></rect>"
                f'<text x="{label_width + length + 4}" y="{y + offset + bar_height - 2}" '
                f'font-size="10">{_fmt(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
