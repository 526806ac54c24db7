"""A server-rendered SVG line chart of gross salary per month: no JavaScript, no inline
styles (the CSP forbids them); colours come from classes in static/css/app.css.

Money stays Decimal until it becomes a pixel coordinate.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 36  # room for the axis labels
MAX_X_LABELS = 6  # the card is narrow: more labels would overlap


@dataclass(frozen=True)
class Point:
    month: date
    gross: Decimal
    x: float
    y: float


def nice_step(maximum: Decimal, ticks: int = 4) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` gridlines."""
    if maximum <= 0:
        return Decimal(1)
    raw = maximum / ticks
    magnitude = Decimal(10) ** raw.adjusted()
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def plot(history: Sequence[tuple[date, Decimal]]) -> tuple[list[Point], Decimal, Decimal]:
    """Place each (month, gross) in the chart area. Returns the points, the axis top and step.

    The y axis starts at zero so a raise looks its real size.
    """
    history = sorted(history)
    top_value = max((Decimal(gross) for _month, gross in history), default=Decimal(0))
    step = nice_step(top_value)
    axis_top = max(step, (top_value / step).to_integral_value(rounding="ROUND_CEILING") * step)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    points = []
    for index, (month, gross) in enumerate(history):
        x = LEFT + (inner_w / 2 if len(history) == 1 else inner_w * index / (len(history) - 1))
        y = TOP + inner_h * float(1 - Decimal(gross) / axis_top)
        points.append(Point(month=month, gross=Decimal(gross), x=round(x, 1), y=round(y, 1)))
    return points, axis_top, step


def labelled_months(count: int) -> list[int]:
    """Which months get a label: evenly spaced, at most MAX_X_LABELS, always the latest one
    (it takes the place of a neighbour that would crowd it)."""
    if count == 0:
        return []
    every = max(1, -(-count // MAX_X_LABELS))  # ceiling division
    indexes = list(range(0, count, every))
    if indexes[-1] != count - 1:
        if count - 1 - indexes[-1] < every and len(indexes) > 1:
            indexes[-1] = count - 1
        else:
            indexes.append(count - 1)
    return indexes


def _amount(value: Decimal, decimals: int = 0) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def salary_chart_svg(history: Sequence[tuple[date, Decimal]], *, currency: str = "") -> SafeString:
    """The chart as an <svg> element; an empty string when there is nothing to draw."""
    if not history:
        return mark_safe("")
    points, axis_top, step = plot(history)
    inner_h = HEIGHT - TOP - BOTTOM
    title = _("Gross salary per month")
    parts = [
        f'<svg class="salary-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="salary-chart-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="salary-chart-title">{escape(title)}</title>',
    ]
    value = Decimal(0)
    while value <= axis_top:
        y = round(TOP + inner_h * float(1 - value / axis_top), 1)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>')
        parts.append(f'<text class="axis" x="{LEFT - 8}" y="{y + 4}" text-anchor="end">{_amount(value)}</text>')
        value += step
    for index in labelled_months(len(points)):
        point = points[index]
        anchor = "end" if index == len(points) - 1 and len(points) > 1 else "middle"
        label = escape(formats.date_format(point.month, "M y"))
        parts.append(
            f'<text class="axis" x="{point.x}" y="{HEIGHT - BOTTOM + 20}" text-anchor="{anchor}">{label}</text>'
        )
    line = " ".join(f"{p.x},{p.y}" for p in points)
    parts.append(f'<polyline class="line" fill="none" points="{line}"/>')
    for point in points:
        label = escape(f"{formats.date_format(point.month, 'F Y')}: {_amount(point.gross, 2)} {currency}".strip())
        parts.append(f'<circle class="dot" cx="{point.x}" cy="{point.y}" r="4"><title>{label}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def salary_chart_context(history: Sequence[tuple[date, Decimal]], *, currency: str = "") -> dict:
    """What the salary chart section's template needs, from a list of (month, gross)."""
    history = sorted(history)
    return {
        "salary_chart": salary_chart_svg(history, currency=currency),
        "salary_rows": [{"month": month, "gross": gross} for month, gross in reversed(history)],
        "currency": currency,
    }
