"""A server-rendered SVG bar chart of claims per month: no JavaScript, no inline styles (the CSP
forbids them); the axis and grid reuse the chart classes of static/css/app.css."""

from collections import defaultdict

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from claims.models import ClaimLine

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 32
GRIDLINES = 4


def claims_per_month_svg(per_line_month: list[dict]) -> SafeString:
    """One bar per month (its height the month's claims), the lines in the bar's tooltip."""
    months: dict = defaultdict(dict)
    for row in per_line_month:
        months[row["month"]][row["line"]] = row["count"]
    if not months:
        return mark_safe("")
    ordered = sorted(months.items())
    top = max(sum(lines.values()) for _month, lines in ordered)
    step = max(1, -(-top // GRIDLINES))  # whole claims per gridline, rounded up
    axis_top = step * GRIDLINES
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / len(ordered)
    title = _("Claims per month")
    parts = [
        f'<svg class="salary-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="claims-chart-title" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="claims-chart-title">{escape(title)}</title>',
    ]
    for tick in range(GRIDLINES + 1):
        y = round(TOP + inner_h * (1 - tick / GRIDLINES), 1)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{tick * step}</text>')
    label_every = max(1, -(-len(ordered) // 8))
    for index, (month, lines) in enumerate(ordered):
        total = sum(lines.values())
        height = round(inner_h * total / axis_top, 1)
        x = round(LEFT + slot * index + slot * 0.15, 1)
        detail = ", ".join(f"{ClaimLine(line).label}: {count}" for line, count in sorted(lines.items()))
        tooltip = escape(f"{formats.date_format(month, 'F Y')}: {total} ({detail})")
        parts.append(
            f'<rect class="bar" fill="currentColor" x="{x}" y="{round(TOP + inner_h - height, 1)}" '
            f'width="{round(slot * 0.7, 1)}" height="{height}"><title>{tooltip}</title></rect>'
        )
        if index % label_every == 0:
            label = escape(formats.date_format(month, "M y"))
            parts.append(
                f'<text class="axis" x="{round(x + slot * 0.35, 1)}" y="{HEIGHT - BOTTOM + 18}" '
                f'text-anchor="middle">{label}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
