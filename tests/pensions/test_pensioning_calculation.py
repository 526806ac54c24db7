"""The two scheme kinds on worked examples, with exact Decimal results.

G from 1 May (NOK): 2022 111,477 · 2023 118,620 · 2024 124,028 · 2025 130,160; average G of a
year = (4 × old + 8 × new) / 12 rounded to whole kroner: 2022 109,784 · 2023 116,239 ·
2024 122,225 (the national insurance's published figures)."""

from datetime import date
from decimal import Decimal

import pytest

from pensions.schemes import (
    AccrualRule,
    GrossRule,
    GTable,
    GValue,
    MissingInput,
    ServiceYear,
    accrual_pension,
    calculate,
    g_to_json,
    gross_pension,
    rule_to_json,
    service_to_json,
)
from tests.pensions.pensioning_factories import years

D = Decimal
# The published G from 1 May, as the data migration ships them (test_pensioning_cases checks it).
PUBLISHED = {
    2019: "99858",
    2020: "101351",
    2021: "106399",
    2022: "111477",
    2023: "118620",
    2024: "124028",
    2025: "130160",
}
PUBLISHED = {
    2019: "99858",
    2020: "101351",
    2021: "106399",
    2022: "111477",
    2023: "118620",
    2024: "124028",
    2025: "130160",
}
G = GTable(GValue(date(year, 5, 1), D(amount), "G table") for year, amount in PUBLISHED.items())


@pytest.mark.parametrize(
    ("year", "average"),
    [(2020, 100853), (2021, 104716), (2022, 109784), (2023, 116239), (2024, 122225), (2025, 128116)],
)
def test_average_g_of_a_year_is_the_published_figure(year, average):
    assert G.year_average(year)[0] == D(average)


def test_g_on_a_day_before_and_after_1_may():
    assert G.on(date(2025, 4, 30)).amount == D("124028")
    assert G.on(date(2025, 5, 1)).amount == D("130160")
    with pytest.raises(MissingInput):
        G.on(date(2019, 4, 30))


def test_gross_part_time_years():
    """30 years, the last 10 at 50 %: 66 % × 600,000 × 30/30 × (20 × 1 + 10 × 0.5)/30
    = 396,000 × 5/6 = 330,000.00 a year, 27,500.00 a month."""
    service = years(1995, 2014, "600000") + years(2015, 2024, "600000", "0.5")
    result = gross_pension(service=service, retirement_date=date(2025, 1, 1), g_table=G, rule=GrossRule())
    assert result.step("average_fraction").value == D("0.8333")  # shown; computed exactly as 5/6
    assert result.step("g").value == D("124028")  # G on 1 January 2025 is the one of 1 May 2024
    assert (result.yearly, result.monthly) == (D("330000.00"), D("27500.00"))


def test_gross_capped_at_12_g():
    """35 years at 100 % on 1,800,000: capped at 12 × 130,160 = 1,561,920 (G on 30 June
    2025), years counted 30: 66 % × 1,561,920 = 1,030,867.20 a year, 85,905.60 a month."""
    service = years(1990, 2024, "1800000")
    result = gross_pension(service=service, retirement_date=date(2025, 6, 30), g_table=G, rule=GrossRule())
    assert result.step("salary_cap").value == D("1561920.00")
    assert result.step("capped_salary").value == D("1561920.00")
    assert result.step("counted_years").value == D("30.00")
    assert (result.yearly, result.monthly) == (D("1030867.20"), D("85905.60"))


def test_gross_fewer_than_30_years():
    """18 years (12 at 100 %, 6 at 60 %) on 540,000: 66 % × 540,000 × 18/30 × 15.6/18
    = 356,400 × 0.52 = 185,328.00 a year, 15,444.00 a month."""
    service = years(2006, 2017, "540000") + years(2018, 2023, "540000", "0.6")
    result = gross_pension(service=service, retirement_date=date(2024, 9, 30), g_table=G, rule=GrossRule())
    assert result.step("service_years").value == D("18.00")
    assert (result.yearly, result.monthly) == (D("185328.00"), D("15444.00"))


def test_gross_partial_years_round_once_half_up():
    """Service from September 2020 to April 2024 (4 + 36 + 4 months = 44) at 80 % on
    456,789: 66 % × 456,789 = 301,480.74; × (44/12)/30 = 36,847.6460; × 0.8 =
    29,478.1168 → 29,478.12 a year; 29,478.1168 / 12 = 2,456.5097 → 2,456.51 a month."""
    service = [
        ServiceYear(2020, D("456789"), D("0.8"), months=4),
        *years(2021, 2023, "456789", "0.8"),
        ServiceYear(2024, D("456789"), D("0.8"), months=4),
    ]
    result = gross_pension(service=service, retirement_date=date(2024, 4, 30), g_table=G, rule=GrossRule())
    assert (result.yearly, result.monthly) == (D("29478.12"), D("2456.51"))


def test_accrual_across_g_changes():
    """Born 1963, 1,000,000 a year 2022-2024 at 100 %, divisor 14:
    2022: 5.7 % × 1,000,000 + 18.1 % × (1,000,000 − 7.1 × 109,784) = 57,000 + 39,916.5816
    2023: 57,000 + 18.1 % × (1,000,000 − 825,296.9) = 88,621.2611
    2024: 57,000 + 18.1 % × (1,000,000 − 867,797.5) = 80,928.6525
    sum 266,466.4952 / 14 = 19,033.3211 → 19,033.32 a year; / 12 → 1,586.11 a month."""
    service = years(2022, 2024, "1000000")
    result = accrual_pension(service=service, g_table=G, rules=[AccrualRule()], birth_year=1963, divisor=D("14"))
    accruals = [s.value for s in result.steps if s.key == "year_accrual"]
    assert accruals == [D("96916.5816"), D("88621.2611"), D("80928.6525")]
    assert result.step("accrued_total").value == D("266466.4952")
    assert (result.yearly, result.monthly) == (D("19033.32"), D("1586.11"))


def test_accrual_income_above_12_g_and_part_time():
    """2024 (average G 122,225): income 2,000,000 × 100 % is capped at 12 G = 1,466,700:
    5.7 % × 1,466,700 + 18.1 % × (1,466,700 − 867,797.5) = 83,601.90 + 108,401.3525 =
    192,003.2525. 2023 at 50 % of 1,000,000 = 500,000, below 7.1 G: 28,500.
    (220,503.2525) / 15.5 = 14,226.0163 → 14,226.02; / 12 → 1,185.50."""
    service = [ServiceYear(2023, D("1000000"), D("0.5")), ServiceYear(2024, D("2000000"), D("1"))]
    result = accrual_pension(service=service, g_table=G, rules=[AccrualRule()], birth_year=1960, divisor=D("15.5"))
    accruals = [s.value for s in result.steps if s.key == "year_accrual"]
    assert accruals == [D("28500.00"), D("192003.2525")]
    assert (result.yearly, result.monthly) == (D("14226.02"), D("1185.50"))


def test_every_step_names_its_source_and_date():
    service = years(2022, 2024, "1000000")
    result = accrual_pension(
        service=service,
        g_table=G,
        rules=[AccrualRule(valid_from=date(2020, 1, 1), source="Rules §5")],
        birth_year=1963,
        divisor=D("14"),
        divisor_source="Divisor table",
    )
    for step in result.steps:
        if step.key in ("year_g", "year_accrual", "service_year", "divisor"):
            assert step.source, step.key
    assert result.step("year_g").as_of == date(2022, 5, 1)


def test_the_snapshot_repeats_the_calculation():
    service = years(2006, 2017, "540000") + years(2018, 2023, "540000", "0.6")
    inputs = {
        "kind": "gross",
        "retirement_date": "2024-09-30",
        "birth_year": 1957,
        "service": service_to_json(service),
        "g": g_to_json(G.values),
        "rules": [rule_to_json(GrossRule())],
    }
    assert calculate(inputs).yearly == D("185328.00")


def test_impossible_service_is_refused():
    with pytest.raises(ValueError, match="position fraction"):
        gross_pension(
            service=[ServiceYear(2024, D("500000"), D("1.5"))],
            retirement_date=date(2024, 12, 31),
            g_table=G,
            rule=GrossRule(),
        )
    with pytest.raises(MissingInput):
        gross_pension(service=[], retirement_date=date(2024, 12, 31), g_table=G, rule=GrossRule())


@pytest.mark.parametrize("salary", ["0", "1", "333333.33", "1561919.99", "1561920.01", "4999999.99"])
@pytest.mark.parametrize("fraction", ["0.01", "0.33", "0.5", "0.77", "1"])
@pytest.mark.parametrize("count", [1, 7, 29, 30, 31, 45])
def test_gross_never_above_66_percent_of_12_g_and_monthly_is_yearly_over_12(salary, fraction, count):
    service = years(2024 - count + 1, 2024, salary, fraction)
    result = gross_pension(service=service, retirement_date=date(2025, 6, 30), g_table=G, rule=GrossRule())
    assert D("0") <= result.yearly <= D("1030867.20")
    assert abs(result.monthly * 12 - result.yearly) <= D("0.06")
