"""Server-side SVG charts: the same markup goes into web pages and into PDF documents."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from scoring.rules import format_points

# Colour-blind-safe palette (Okabe–Ito), one colour per section.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Text width is estimated (about 6.5 units per character at font size 12): no font metrics are
# at hand when drawing SVG on the server.
CHAR_WIDTH = 6.5
LEGEND_LINE = 16
DEDUCTION_STROKE = ' stroke="#000" stroke-width="0.8"'


@dataclass(frozen=True)
class Bar:
    label: str
    parts: Sequence[Decimal]  # one value per series; negative parts (deductions) go left of zero


def stacked_bars_svg(
    bars: Sequence[Bar], series: Sequence[str], *, title: str, width: int = 720
) -> str:
    """A horizontal bar per unit, stacked by section, with the total at the end of each bar.

    Positive parts stack to the right of the zero line; negative parts (deductions) stack to its
    left, each a segment of its own colour, so 85,3 (86,3 less 1) and 86,3 differ visibly. The
    legend prints each series whole, wrapped over as many lines as it needs, never cut.
    """
    row_height, gap, left, right, top = 22, 8, 140, 100, 34
    legend = _legend_lines(series, width - 20 - 16)
    legend_height = sum(len(lines) for lines in legend) * LEGEND_LINE
    height = top + len(bars) * (row_height + gap) + legend_height + 16
    positive_max = max((sum((p for p in b.parts if p > 0), Decimal(0)) for b in bars), default=0)
    negative_max = max((-sum((p for p in b.parts if p < 0), Decimal(0)) for b in bars), default=0)
    span = float(positive_max) + float(negative_max)
    unit = (width - left - right) / span if span else 0.0
    zero = left + float(negative_max) * unit
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="Tinos, Times New Roman, serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14" '
        f'font-weight="bold">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = top + index * (row_height + gap)
        out.append(
            f'<text x="{left - 6}" y="{y + row_height * 0.7:.1f}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
        )
        right_x, left_x = zero, zero
        total = Decimal(0)
        for part_index, part in enumerate(bar.parts):
            total += part
            if part == 0:
                continue
            w = float(abs(part)) * unit
            colour = PALETTE[part_index % len(PALETTE)]
            name = series[part_index] if part_index < len(series) else ""
            if part > 0:
                x, css = right_x, "part"
                right_x += w
            else:
                left_x -= w
                x, css = left_x, "part deduction"
            out.append(
                f'<rect class="{css}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_height}" '
                f'fill="{colour}"{DEDUCTION_STROKE if part < 0 else ""}>'
                f"<title>{escape(name)}: {format_points(part)}</title></rect>"
            )
        deducted = -sum((p for p in bar.parts if p < 0), Decimal(0))
        label = format_points(total)
        if deducted:  # the net total, and what was deducted from the bar's length
            label += f" (−{format_points(deducted)})"
        out.append(
            f'<text x="{right_x + 4:.1f}" y="{y + row_height * 0.7:.1f}">{escape(label)}</text>'
        )
    bars_bottom = top + len(bars) * (row_height + gap) - gap
    if negative_max:
        out.append(
            f'<line class="zero" x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" '
            f'y2="{bars_bottom + 4}" stroke="#000" stroke-width="1"/>'
        )
    y = bars_bottom + gap + 10
    for index, lines in enumerate(legend):
        colour = PALETTE[index % len(PALETTE)]
        out.append(f'<rect x="20" y="{y}" width="12" height="12" fill="{colour}"/>')
        for number, line in enumerate(lines):
            out.append(
                f'<text class="legend" x="36" y="{y + 10 + number * LEGEND_LINE}">'
                f"{escape(line)}</text>"
            )
        y += len(lines) * LEGEND_LINE
    out.append("</svg>")
    return "".join(out)


def _legend_lines(series: Sequence[str], room: float) -> list[list[str]]:
    """Each legend entry whole, one entry a line, wrapped at word ends when it is too long."""
    columns = max(20, int(room / CHAR_WIDTH))
    return [textwrap.wrap(name, columns) or [""] for name in series]
