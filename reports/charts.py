"""The dashboard's trend chart as inline SVG, drawn here (no JavaScript library, works offline).

Stacked bars of the open findings by severity after each of the last crawls, with the total
above each bar, the crawl under it, and a native SVG <title> tooltip per bar. Colours come
from report.css classes (the page's CSP allows no inline style).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape

from checks.framework import SEVERITIES, SEVERITY_LABELS

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 22, 42


@dataclass
class TrendPoint:
    crawl_id: int
    started_at: datetime
    open_by_sev: dict[str, int] = field(default_factory=dict)
    new: int = 0
    fixed: int = 0

    @property
    def open_total(self) -> int:
        return sum(self.open_by_sev.values())


def _nice_max(value: int) -> tuple[int, int]:
    """An axis maximum ≥ value and a tick step giving 4–5 gridlines with round numbers."""
    if value <= 4:
        return 4, 1
    raw = value / 4
    magnitude = 10 ** int(math.floor(math.log10(raw)))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = int(math.ceil(step))
    return step * math.ceil(value / step), step


def trend_svg(points: list[TrendPoint]) -> Markup:
    """The chart for `points` (oldest first)."""
    top = max((p.open_total for p in points), default=0)
    y_max, step = _nice_max(top)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    bar_w = min(48.0, slot * 0.6)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / y_max

    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-label="最近 {len(points)} 次抓取后的未整改问题数" xmlns="http://www.w3.org/2000/svg">']
    for tick in range(0, y_max + 1, step):
        ty = y(tick)
        out.append(f'<line class="grid-line" x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}"/>')
        out.append(f'<text class="axis" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, p in enumerate(points):
        x = LEFT + slot * i + (slot - bar_w) / 2
        base = 0
        tip = "，".join(f"{SEVERITY_LABELS[s]} {p.open_by_sev.get(s, 0)}" for s in SEVERITIES)
        out.append(f'<g class="bar"><title>{escape(f"抓取 #{p.crawl_id}（{p.started_at:%Y-%m-%d %H:%M}）：未整改 {p.open_total}（{tip}）；新发现 {p.new}，已整改 {p.fixed}")}</title>')
        for sev in reversed(SEVERITIES):  # the gravest on top
            n = p.open_by_sev.get(sev, 0)
            if n:
                out.append(f'<rect class="seg-{sev}" x="{x:.1f}" y="{y(base + n):.1f}" '
                           f'width="{bar_w:.1f}" height="{y(base) - y(base + n):.1f}"/>')
                base += n
        out.append("</g>")
        cx = x + bar_w / 2
        out.append(f'<text class="total" x="{cx:.1f}" y="{y(p.open_total) - 5:.1f}" text-anchor="middle">{p.open_total}</text>')
        out.append(f'<text class="axis" x="{cx:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">#{p.crawl_id}</text>')
        out.append(f'<text class="axis" x="{cx:.1f}" y="{HEIGHT - BOTTOM + 31}" text-anchor="middle">{p.started_at:%m-%d}</text>')
    out.append(f'<line class="axis-line" x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}"/>')
    out.append("</svg>")
    return Markup("".join(out))
