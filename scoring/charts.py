"""Server-side SVG charts: the same markup goes into web pages and into PDF documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from scoring.rules import format_points

# Colour-blind-safe palette (Okabe–Ito), one colour per section.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


@dataclass(frozen=True)
class Bar:
    label: str
    parts: Sequence[Decimal]  # one value per series; negative parts (deductions) are not stacked


def stacked_bars_svg(
    bars: Sequence[Bar], series: Sequence[str], *, title: str, width: int = 720
) -> str:
    """A horizontal bar per unit, stacked by section, with the total at the end of each bar."""
    row_height, gap, left, right, top = 22, 8, 140, 70, 34
    legend = _legend_layout(series, left, width - 10)
    legend_lines = 1 + max((line for _x, line in legend), default=0)
    height = top + len(bars) * (row_height + gap) + legend_lines * 18 + 16
    scale_max = max((sum((p for p in b.parts if p > 0), Decimal(0)) for b in bars), default=0)
    plot = width - left - right
    unit = plot / float(scale_max) if scale_max else 0.0
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
        x = float(left)
        total = Decimal(0)
        for part_index, part in enumerate(bar.parts):
            total += part
            if part <= 0:
                continue
            w = float(part) * unit
            colour = PALETTE[part_index % len(PALETTE)]
            name = series[part_index] if part_index < len(series) else ""
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_height}" '
                f'fill="{colour}"><title>{escape(name)}: {format_points(part)}</title></rect>'
            )
            x += w
        out.append(
            f'<text x="{x + 4:.1f}" y="{y + row_height * 0.7:.1f}">{format_points(total)}</text>'
        )
    legend_top = top + len(bars) * (row_height + gap) + 6
    for index, (name, (x, line)) in enumerate(zip(series, legend, strict=True)):
        colour = PALETTE[index % len(PALETTE)]
        y = legend_top + line * 18
        out.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16:.1f}" y="{y + 10}">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def _legend_layout(series: Sequence[str], left: float, right: float) -> list[tuple[float, int]]:
    """Where each legend entry goes: (x, line). Entries wrap to a new line at the right edge.

    Text width is estimated (about 6.5 units per character at font size 12): no font metrics
    are at hand when drawing SVG on the server.
    """
    placed: list[tuple[float, int]] = []
    x, line = left, 0
    for name in series:
        width = 16 + 6.5 * len(name) + 14
        if x > left and x + width > right:
            x, line = left, line + 1
        placed.append((x, line))
        x += width
    return placed
