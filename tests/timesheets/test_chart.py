"""The salary chart: a real plot, drawn on the server from (month, gross) pairs."""

import itertools
import re
from datetime import date
from decimal import Decimal

from timesheets.chart import (
    BOTTOM,
    HEIGHT,
    LEFT,
    MAX_X_LABELS,
    RIGHT,
    TOP,
    WIDTH,
    labelled_months,
    nice_step,
    plot,
    salary_chart_context,
    salary_chart_svg,
)

YEAR = [(date(2025, month, 1), Decimal("52000.00")) for month in range(1, 13)]
RAISE = [*YEAR[:6], *[(d, Decimal("58500.50")) for d, _gross in YEAR[6:]]]


def coordinates(svg: str) -> list[tuple[float, float]]:
    points = re.search(r'<polyline class="line" fill="none" points="([^"]+)"', svg).group(1)
    return [tuple(map(float, pair.split(","))) for pair in points.split()]


def test_a_year_with_a_raise():
    svg = salary_chart_svg(RAISE, currency="NOK")
    assert svg.startswith('<svg class="salary-chart" viewBox="0 0 640 260" role="img"')
    assert svg.count('<circle class="dot"') == 12
    xy = coordinates(svg)
    assert xy[0][0] == LEFT and xy[-1][0] == WIDTH - RIGHT
    # Equal months sit on one line; the raise is higher (smaller y) and the steps are even.
    assert len({y for _x, y in xy[:6]}) == 1 and len({y for _x, y in xy[6:]}) == 1
    assert xy[6][1] < xy[0][1]
    gaps = {round(b[0] - a[0], 1) for a, b in itertools.pairwise(xy)}
    assert max(gaps) - min(gaps) <= 0.2


def test_the_axis_starts_at_zero_and_ends_on_a_round_value():
    points, axis_top, step = plot(RAISE)
    assert (step, axis_top) == (Decimal(20000), Decimal(60000))
    inner_h = HEIGHT - TOP - BOTTOM
    # 58 500.50 of 60 000: y measured from the top of the plot area, exactly.
    expected = TOP + inner_h * float(1 - Decimal("58500.50") / Decimal(60000))
    assert points[-1].y == round(expected, 1)
    svg = salary_chart_svg(RAISE)
    for label in ("0", "20,000", "40,000", "60,000"):
        assert f'text-anchor="end">{label}</text>' in svg


def test_months_are_sorted_and_labelled():
    svg = salary_chart_svg(list(reversed(RAISE)), currency="NOK")
    xy = coordinates(svg)
    assert xy == sorted(xy)
    assert ">Jan 25</text>" in svg and ">Dec 25</text>" in svg
    assert "<title>July 2025: 58,500.50 NOK</title>" in svg


def test_long_histories_thin_out_the_month_labels():
    history = [(date(2020 + i // 12, i % 12 + 1, 1), Decimal(40000 + i * 100)) for i in range(48)]
    svg = salary_chart_svg(history)
    assert svg.count('<circle class="dot"') == 48
    assert svg.count('text-anchor="middle"') + svg.count('<text class="axis" x="624.0"') <= MAX_X_LABELS
    assert ">Dec 23</text>" in svg  # the latest month is always labelled


def test_label_positions():
    assert labelled_months(0) == []
    assert labelled_months(1) == [0]
    assert labelled_months(6) == list(range(6))
    assert labelled_months(12) == [0, 2, 4, 6, 8, 11]  # the latest month always has its label
    assert labelled_months(13) == [0, 3, 6, 9, 12]


def test_one_month_is_a_point_in_the_middle():
    points, _top, _step = plot([(date(2026, 3, 1), Decimal("41000"))])
    assert points[0].x == LEFT + (WIDTH - LEFT - RIGHT) / 2


def test_nothing_paid_draws_nothing():
    assert salary_chart_svg([]) == ""
    assert salary_chart_context([])["salary_chart"] == ""
    assert plot([(date(2026, 1, 1), Decimal(0))])[1] == Decimal(1)


def test_nice_steps():
    assert nice_step(Decimal(62000)) == Decimal(20000)
    assert nice_step(Decimal(400)) == Decimal(100)
    assert nice_step(Decimal(900000)) == Decimal(250000)
    assert nice_step(Decimal(0)) == Decimal(1)


def test_the_svg_obeys_the_content_security_policy():
    svg = salary_chart_svg(RAISE)
    assert "style=" not in svg and "<script" not in svg and "on" + "load=" not in svg


def test_the_context_lists_the_months_newest_first():
    context = salary_chart_context(RAISE, currency="EUR")
    assert context["salary_rows"][0] == {"month": date(2025, 12, 1), "gross": Decimal("58500.50")}
    assert context["currency"] == "EUR"
