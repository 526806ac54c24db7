"""The pension arithmetic of the two scheme kinds, as pure functions (no database).

Inputs are plain values, each carrying where it came from and its date, so a calculation can
be shown step by step and repeated from a stored snapshot of its inputs:
- the member's service: one ServiceYear per calendar year (year, pensionable salary, position
  fraction, months in service that year), as the salary reports gave them;
- the G table (GValue rows, regulated each 1 May);
- the scheme rule in force (GrossRule or AccrualRule) and, for the accrual scheme, the divisor
  of the member's birth year.

Rounding: everything is computed with exact rationals (fractions.Fraction built from the
Decimal inputs), so no intermediate rounding happens at all. The yearly pension is rounded
once, half up, to whole øre (0.01); the monthly payout is the exact yearly pension / 12,
rounded once, half up, to 0.01. Steps show intermediate figures to four decimals for reading
only. The average G of a year is the exception because it is itself a published figure: the
months before 1 May at the old G and the months from it at the new, / 12, rounded half up to
whole kroner (as the national insurance publishes it: 2024 → 122,225).
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

GROSS, ACCRUAL = "gross", "accrual"
CENT = Decimal("0.01")
SHOWN = Decimal("0.0001")


class MissingInput(ValueError):
    """An input the calculation needs is not there (no G for a day, no service years, no
    divisor for the birth year). `what` names it for the case's checklist."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


@dataclass(frozen=True)
class ServiceYear:
    year: int
    # The full-time (100 %) annual pensionable salary reported for the year.
    pensionable_salary: Decimal
    # The position fraction of the year, 0 < f <= 1 (50 % part time = 0.5).
    position_fraction: Decimal
    months: int = 12  # months in service in the year (a first or last year may be partial)
    source: str = ""
    as_of: date | None = None

    @property
    def income(self) -> Fraction:
        """The pensionable income actually earned: salary × fraction × months / 12."""
        return _q(self.pensionable_salary) * _q(self.position_fraction) * Fraction(self.months, 12)


@dataclass(frozen=True)
class GValue:
    valid_from: date
    amount: Decimal
    source: str = ""


@dataclass(frozen=True)
class GrossRule:
    rate: Decimal = Decimal("66")  # percent of the capped pensionable salary
    salary_cap_g: Decimal = Decimal("12")
    full_service_years: int = 30
    valid_from: date | None = None
    source: str = ""


@dataclass(frozen=True)
class AccrualRule:
    accrual_rate: Decimal = Decimal("5.7")  # percent of income up to accrual_cap_g
    accrual_cap_g: Decimal = Decimal("12")
    supplement_rate: Decimal = Decimal("18.1")  # percent of income between floor and cap
    supplement_floor_g: Decimal = Decimal("7.1")
    supplement_cap_g: Decimal = Decimal("12")
    valid_from: date | None = None
    source: str = ""


@dataclass(frozen=True)
class Step:
    """One line of the shown calculation: what, the formula with its figures, the value and
    where the input came from (a salary report, the G table, the scheme rule) with its date."""

    key: str
    value: Decimal
    formula: str = ""
    source: str = ""
    as_of: date | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Calculation:
    kind: str
    yearly: Decimal
    monthly: Decimal
    steps: tuple[Step, ...]

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def as_dict(self) -> dict:
        return asdict(self)


def _q(value) -> Fraction:
    return Fraction(Decimal(value)) if not isinstance(value, Fraction) else value


def _round(value: Fraction, quantum: Decimal = CENT) -> Decimal:
    """Half up (away from zero) to the quantum, from the exact value."""
    scaled = value / _q(quantum)
    whole = int(abs(scaled) + Fraction(1, 2))  # floor(|x| + 1/2)
    rounded = Decimal(whole if scaled >= 0 else -whole) * quantum
    return rounded.quantize(quantum)


def shown(value: Fraction | Decimal) -> Decimal:
    """A figure for reading: four decimals, trailing zeros kept to two."""
    number = _round(_q(value), SHOWN)
    return number.quantize(CENT) if number == number.quantize(CENT) else number


def _fmt(value) -> str:
    return f"{shown(value):,}"


class GTable:
    """The G values by the date they apply from."""

    def __init__(self, values: Iterable[GValue]):
        self.values = sorted(values, key=lambda g: g.valid_from)

    def on(self, day: date) -> GValue:
        found = None
        for value in self.values:
            if value.valid_from <= day:
                found = value
        if found is None:
            raise MissingInput(f"G on {day.isoformat()}")
        return found

    def year_average(self, year: int) -> tuple[Decimal, list[tuple[int, GValue]]]:
        """The average G of a year: each month at the G in force on its first day, / 12,
        rounded half up to whole kroner; with the (months, G) parts it is made of."""
        parts: list[tuple[int, GValue]] = []
        for month in range(1, 13):
            value = self.on(date(year, month, 1))
            if parts and parts[-1][1] == value:
                parts[-1] = (parts[-1][0] + 1, value)
            else:
                parts.append((1, value))
        total = sum((_q(g.amount) * months for months, g in parts), Fraction(0))
        return _round(total / 12, Decimal("1")), parts


def _service(years: Sequence[ServiceYear]) -> list[ServiceYear]:
    if not years:
        raise MissingInput("service years")
    ordered = sorted(years, key=lambda y: y.year)
    if len({y.year for y in ordered}) != len(ordered):
        raise ValueError("a year appears twice in the service")
    for entry in ordered:
        if not 1 <= entry.months <= 12:
            raise ValueError(f"{entry.year}: months must be 1 to 12")
        if not 0 < entry.position_fraction <= 1:
            raise ValueError(f"{entry.year}: position fraction must be above 0 and at most 1")
        if entry.pensionable_salary < 0:
            raise ValueError(f"{entry.year}: pensionable salary cannot be negative")
    return ordered


def _finish(kind: str, yearly: Fraction, steps: list[Step]) -> Calculation:
    rounded = _round(yearly)
    monthly = _round(yearly / 12)
    steps.append(Step("yearly_pension", rounded, f"{_fmt(yearly)} → {rounded:,}"))
    steps.append(Step("monthly_payout", monthly, f"{_fmt(yearly)} / 12 → {monthly:,}"))
    return Calculation(kind=kind, yearly=rounded, monthly=monthly, steps=tuple(steps))


def _service_steps(ordered: list[ServiceYear]) -> list[Step]:
    return [
        Step(
            "service_year",
            shown(y.pensionable_salary),
            f"{y.year}: {y.pensionable_salary:,} × {y.position_fraction} × {y.months}/12",
            source=y.source,
            as_of=y.as_of,
            params={"year": y.year, "fraction": str(y.position_fraction), "months": y.months},
        )
        for y in ordered
    ]


def gross_pension(
    *, service: Sequence[ServiceYear], retirement_date: date, g_table: GTable, rule: GrossRule
) -> Calculation:
    """rate × min(final pensionable salary, cap × G on the retirement date)
    × min(service years, full) / full × the average position fraction over the service.

    The final pensionable salary is the full-time salary of the last service year; service
    years are months in service / 12; the average position fraction weights each year by its
    months."""
    ordered = _service(service)
    steps = _service_steps(ordered)
    final = ordered[-1]
    g = g_table.on(retirement_date)
    cap = _q(rule.salary_cap_g) * _q(g.amount)
    capped = min(_q(final.pensionable_salary), cap)
    months = sum(y.months for y in ordered)
    service_years = Fraction(months, 12)
    counted = min(service_years, Fraction(rule.full_service_years))
    average_fraction = sum((_q(y.position_fraction) * y.months for y in ordered), Fraction(0)) / months
    rate = _q(rule.rate) / 100
    yearly = rate * capped * counted / rule.full_service_years * average_fraction
    steps += [
        Step("g", g.amount, "", source=g.source, as_of=g.valid_from),
        Step(
            "salary_cap", shown(cap), f"{rule.salary_cap_g} × {g.amount:,}", source=rule.source, as_of=rule.valid_from
        ),
        Step(
            "final_salary",
            shown(final.pensionable_salary),
            str(final.year),
            source=final.source,
            as_of=final.as_of,
        ),
        Step("capped_salary", shown(capped), f"min({final.pensionable_salary:,}, {_fmt(cap)})"),
        Step("service_years", shown(service_years), f"{months} / 12"),
        Step(
            "counted_years",
            shown(counted),
            f"min({_fmt(service_years)}, {rule.full_service_years})",
            source=rule.source,
            as_of=rule.valid_from,
        ),
        Step(
            "average_fraction",
            shown(average_fraction),
            "(" + " + ".join(f"{y.position_fraction} × {y.months}" for y in ordered) + f") / {months}",
        ),
        Step(
            "gross_formula",
            shown(yearly),
            f"{rule.rate} % × {_fmt(capped)} × {_fmt(counted)}/{rule.full_service_years} × {_fmt(average_fraction)}",
            source=rule.source,
            as_of=rule.valid_from,
        ),
    ]
    return _finish(GROSS, yearly, steps)


def accrual_pension(
    *,
    service: Sequence[ServiceYear],
    g_table: GTable,
    rules: Sequence[AccrualRule],
    birth_year: int,
    divisor: Decimal,
    divisor_source: str = "",
) -> Calculation:
    """Each year adds accrual_rate % of its income up to cap × the year's average G plus
    supplement_rate % of the part between floor × G and cap × G; the yearly pension is the
    sum / the divisor of the birth year. Each year uses the rule in force on its 31 December
    (`rules` by valid_from) and its own average G, so a G change between years, or within
    one, moves the limits exactly as the G table says."""
    ordered = _service(service)
    if divisor is None or divisor <= 0:
        raise MissingInput(f"divisor for birth year {birth_year}")
    steps = _service_steps(ordered)
    total = Fraction(0)
    for entry in ordered:
        rule = _rule_on(rules, date(entry.year, 12, 31))
        average, parts = g_table.year_average(entry.year)
        g = _q(average)
        income = entry.income
        accrual_base = min(income, _q(rule.accrual_cap_g) * g)
        floor, ceiling = _q(rule.supplement_floor_g) * g, _q(rule.supplement_cap_g) * g
        supplement_base = max(Fraction(0), min(income, ceiling) - floor)
        added = _q(rule.accrual_rate) / 100 * accrual_base + _q(rule.supplement_rate) / 100 * supplement_base
        total += added
        steps += [
            Step(
                "year_g",
                average,
                "(" + " + ".join(f"{months} × {value.amount:,}" for months, value in parts) + ") / 12",
                source=", ".join(value.source for _m, value in parts if value.source),
                as_of=parts[-1][1].valid_from,
                params={"year": entry.year},
            ),
            Step(
                "year_accrual",
                shown(added),
                f"{rule.accrual_rate} % × {_fmt(accrual_base)} + {rule.supplement_rate} % × {_fmt(supplement_base)}"
                f" ({rule.supplement_floor_g} G = {_fmt(floor)}, {rule.supplement_cap_g} G = {_fmt(ceiling)};"
                f" income {_fmt(income)})",
                source=rule.source,
                as_of=rule.valid_from,
                params={"year": entry.year},
            ),
        ]
    steps += [
        Step("accrued_total", shown(total), " + ".join(_fmt(s.value) for s in steps if s.key == "year_accrual")),
        Step("divisor", divisor, str(birth_year), source=divisor_source, params={"birth_year": birth_year}),
        Step("accrual_formula", shown(total / _q(divisor)), f"{_fmt(total)} / {divisor}"),
    ]
    return _finish(ACCRUAL, total / _q(divisor), steps)


def _rule_on(rules: Sequence[AccrualRule], day: date) -> AccrualRule:
    found = None
    for rule in sorted(rules, key=lambda r: r.valid_from or date.min):
        if rule.valid_from is None or rule.valid_from <= day:
            found = rule
    if found is None:
        raise MissingInput(f"scheme rule in force on {day.isoformat()}")
    return found


# --- Snapshots: a calculation's inputs as JSON, and the calculation repeated from them -------


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def service_to_json(service: Sequence[ServiceYear]) -> list[dict]:
    return [
        {
            "year": y.year,
            "pensionable_salary": str(y.pensionable_salary),
            "position_fraction": str(y.position_fraction),
            "months": y.months,
            "source": y.source,
            "as_of": y.as_of.isoformat() if y.as_of else None,
        }
        for y in service
    ]


def g_to_json(values: Iterable[GValue]) -> list[dict]:
    return [{"valid_from": g.valid_from.isoformat(), "amount": str(g.amount), "source": g.source} for g in values]


def rule_to_json(rule: GrossRule | AccrualRule) -> dict:
    data = {name: str(value) if isinstance(value, Decimal) else value for name, value in asdict(rule).items()}
    data["valid_from"] = rule.valid_from.isoformat() if rule.valid_from else None
    return data


def _rule_from(kind: str, data: dict) -> GrossRule | AccrualRule:
    cls = GrossRule if kind == GROSS else AccrualRule
    values = {}
    for name, value in data.items():
        if name == "valid_from":
            values[name] = _day(value)
        elif name in ("source", "full_service_years"):
            values[name] = value
        else:
            values[name] = Decimal(value)
    return cls(**values)


def calculate(inputs: dict) -> Calculation:
    """The calculation of a snapshot (RetirementCase.inputs): the same figures every time."""
    service = [
        ServiceYear(
            year=row["year"],
            pensionable_salary=Decimal(row["pensionable_salary"]),
            position_fraction=Decimal(row["position_fraction"]),
            months=row["months"],
            source=row.get("source", ""),
            as_of=_day(row.get("as_of")),
        )
        for row in inputs["service"]
    ]
    g_table = GTable(
        GValue(_day(row["valid_from"]), Decimal(row["amount"]), row.get("source", "")) for row in inputs["g"]
    )
    rules = [_rule_from(inputs["kind"], row) for row in inputs["rules"]]
    if inputs["kind"] == GROSS:
        return gross_pension(
            service=service, retirement_date=_day(inputs["retirement_date"]), g_table=g_table, rule=rules[-1]
        )
    return accrual_pension(
        service=service,
        g_table=g_table,
        rules=rules,
        birth_year=inputs["birth_year"],
        divisor=Decimal(inputs["divisor"]) if inputs.get("divisor") else None,
        divisor_source=inputs.get("divisor_source", ""),
    )
