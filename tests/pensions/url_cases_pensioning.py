"""Access-matrix cases for the pensioning screens."""

import datetime

from tests.url_matrix import Case, org_kwargs

PENSIONS = ("pensions",)
GET_POST = ("get", "post")
POST = ("post",)
PERIOD = datetime.date(2026, 1, 1)


def retirement_case(world):
    from pensions.models import RetirementCase
    from pensions.services.pensioning import retirement_notify
    from tests.pensions.pensioning_factories import gross_scheme, years

    scheme = gross_scheme(world.organization.office)
    existing = RetirementCase.objects.filter(employee=world.employee, scheme=scheme).first()
    if existing is not None:  # one case per member and scheme: the same case for every URL
        return existing
    return retirement_notify(
        organization=world.organization,
        employee=world.employee,
        scheme=scheme,
        retirement_date=datetime.date(2025, 6, 30),
        reason="age",
        actor=None,
        service=years(2000, 2024, "500000"),
    )


def case_kwargs(world):
    return {**org_kwargs(world), "case_id": retirement_case(world).id}


def run_kwargs(world):
    from pensions.services.payouts import payout_run_build

    return {**org_kwargs(world), "run_id": payout_run_build(organization=world.organization, period=PERIOD).id}


def g_data(world):
    return {"valid_from": "2026-05-01", "amount": "135000", "source": "Matrix"}


def confirm_data(world):
    return {"confirm": "on"}


def pensioning_case(name, kwargs, right, **fields):
    return Case(f"pensions:{name}", kwargs, right=right, modules=PENSIONS, **fields)


CASES = [
    pensioning_case("g_values", org_kwargs, "pensions.view_basicamount"),
    pensioning_case("g_value_add", org_kwargs, "pensions.add_basicamount", methods=POST, data=g_data),
    pensioning_case("cases", org_kwargs, "pensions.view_retirementcase"),
    pensioning_case("case_notify", org_kwargs, "pensions.add_retirementcase", methods=GET_POST),
    pensioning_case("case_detail", case_kwargs, "pensions.view_retirementcase"),
    pensioning_case("case_recalculate", case_kwargs, "pensions.change_retirementcase", methods=POST),
    pensioning_case("case_approve", case_kwargs, "pensions.approve_retirementcase", methods=POST, data=confirm_data),
    pensioning_case("case_payouts", case_kwargs, "pensions.view_retirementcase"),
    pensioning_case("runs", org_kwargs, "pensions.view_payoutrun"),
    pensioning_case(
        "run_build", org_kwargs, "pensions.add_payoutrun", methods=POST, data=lambda w: {"period": "2026-01"}
    ),
    pensioning_case("run_detail", run_kwargs, "pensions.view_payoutrun"),
    pensioning_case("run_close", run_kwargs, "pensions.close_payoutrun", methods=POST, data=confirm_data),
    pensioning_case("run_file", run_kwargs, "pensions.view_payoutrun"),
]
