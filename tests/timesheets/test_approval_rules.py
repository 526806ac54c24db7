"""Approval rules, enforced in the overview service that every path reaches (one month's
page, the ticked list, the service the job calls):

- a month can be approved only after it has ended, in the organization's time zone;
- months are approved in order: not while an earlier month of the employee is open;
- no hours before the employment starts or after it ends;
- normal time scales with the employment percentage unless the term overrides it;
- paying out more hours than the balance holds needs an explicit confirmation;
- approve-with-payout is one atomic service under the overview's row lock."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from tests.factories import EmployeeFactory, terms_change
from tests.timesheets.conftest import run_concurrently
from tests.timesheets.test_seed_august import AFTER_AUGUST, AUGUST, ELEVENTH, SEPTEMBER, log_august
from timesheets.calendar import working_days
from timesheets.models import LineKind, MonthlyOverview, PayrollLine
from timesheets.selectors.overviews import month_view
from timesheets.services.overviews import (
    overview_approve,
    overview_refresh,
    overview_submit,
    overviews_approve,
    overviews_compute,
)

D = Decimal
JULY = datetime.date(2025, 7, 1)


def submit(flex, payout, *, approve=True, confirm=False, today=AFTER_AUGUST, month=AUGUST):
    return overview_submit(
        employee=flex.employee,
        month=month,
        payout_hours=D(payout),
        approve=approve,
        confirm_negative_balance=confirm,
        actor=None,
        today=today,
    )


# --- a month is approved only after it has ended ----------------------------------------


def test_a_month_cannot_be_approved_before_it_has_ended(flex):
    flex.start_on(AUGUST)
    flex.log(ELEVENTH, 8)
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=datetime.date(2025, 8, 31))
    with pytest.raises(ValidationError, match="August 2025 has not ended yet"):
        overview_approve(overview=overview, actor=None, today=datetime.date(2025, 8, 31))
    with pytest.raises(ValidationError, match="has not ended yet"):
        submit(flex, "0", today=datetime.date(2025, 8, 31))
    assert not MonthlyOverview.objects.get(pk=overview.pk).is_approved
    # The hours to pay out may be saved before the end; approving waits.
    assert submit(flex, "0", approve=False, today=datetime.date(2025, 8, 31)).payout_hours == D("0")


def test_the_end_of_the_month_is_the_organization_s_midnight_not_the_server_s(flex):
    """22:30 UTC on 31 August is already 1 September in Oslo."""
    log_august(flex)
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=AFTER_AUGUST)
    oslo_past_midnight = datetime.datetime(2025, 8, 31, 22, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=oslo_past_midnight):
        assert overview_approve(overview=overview, actor=None).is_approved
    flex.organization.time_zone = "America/New_York"  # 18:30 on 31 August there
    flex.organization.save()
    with mock.patch("django.utils.timezone.now", return_value=oslo_past_midnight):
        september = overview_refresh(employee=flex.employee, month=SEPTEMBER, today=SEPTEMBER)
        with pytest.raises(ValidationError, match="has not ended yet"):
            overview_approve(overview=september, actor=None)


# --- months are approved in order ---------------------------------------------------------


def july_and_august(flex):
    flex.start_on(JULY)
    for day in [*working_days(JULY, "NO"), *working_days(AUGUST, "NO")]:
        flex.log(day, 8)
    flex.log(ELEVENTH, 12)
    overviews_compute(organization=flex.organization, month=AUGUST, today=AFTER_AUGUST)
    return (
        MonthlyOverview.objects.get(employee=flex.employee, month=JULY),
        MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST),
    )


def test_a_later_month_waits_for_an_earlier_open_month_on_every_path(flex, owner_client):
    _july, august = july_and_august(flex)
    with pytest.raises(ValidationError, match=r"approved in order.*Kari Nordmann \(July 2025\)"):
        overview_approve(overview=august, actor=None, today=AFTER_AUGUST)
    with pytest.raises(ValidationError, match="approved in order"):
        overviews_approve(organization=flex.organization, overview_ids=[august.id], actor=None, today=AFTER_AUGUST)
    with pytest.raises(ValidationError, match="approved in order"):
        submit(flex, "0")
    response = owner_client.post(
        reverse("timesheets:months_approve", args=[flex.organization.id]),
        {"month": "2025-08", "overview": [str(august.id)]},
        follow=True,
    )
    assert "Months are approved in order" in response.content.decode()
    assert not MonthlyOverview.objects.filter(status="approved").exists()
    # The month's page says why and offers no approval, only saving the hours.
    page = owner_client.get(
        reverse("timesheets:overview", args=[flex.organization.id, flex.employee.id, 2025, 8])
    ).content.decode()
    assert "Months are approved in order: approve" in page and 'value="approve"' not in page


def test_approving_in_order_keeps_the_balance_chain(flex):
    july, august = july_and_august(flex)
    overview_approve(overview=july, actor=None, today=AFTER_AUGUST)
    august = overview_approve(overview=august, actor=None, today=AFTER_AUGUST)
    assert (august.opening_balance, august.closing_balance) == (D("0"), D("4"))


def test_earlier_and_later_month_ticked_together_are_approved_together(flex):
    july, august = july_and_august(flex)
    count = overviews_approve(
        organization=flex.organization, overview_ids=[august.id, july.id], actor=None, today=AFTER_AUGUST
    )
    assert count == 2
    assert MonthlyOverview.objects.get(pk=august.pk).closing_balance == D("4")


def test_months_are_reopened_in_reverse_order(flex, owner):
    from timesheets.services.overviews import overview_reopen

    july, august = july_and_august(flex)
    overviews_approve(organization=flex.organization, overview_ids=[july.id, august.id], actor=None, today=AFTER_AUGUST)
    with pytest.raises(ValidationError, match="reopen August 2025 first"):
        overview_reopen(overview=july, actor=owner)
    overview_reopen(overview=august, actor=owner)
    assert not overview_reopen(overview=july, actor=owner).is_approved


# --- hours only within the employment -----------------------------------------------------


def test_no_hours_before_the_employment_starts_or_after_it_ends(flex):
    flex.employee.employment_start = datetime.date(2025, 8, 12)
    flex.employee.employment_end = datetime.date(2025, 8, 29)
    flex.employee.save()
    with pytest.raises(ValidationError, match="starts on 12/08/2025"):
        flex.log(ELEVENTH, 8)
    with pytest.raises(ValidationError, match="ended on 29/08/2025"):
        flex.log(datetime.date(2025, 9, 1), 8)
    assert flex.log(datetime.date(2025, 8, 12), 8) is not None
    assert not flex.employee.time_entries.exclude(date=datetime.date(2025, 8, 12)).exists()


def test_the_week_grid_shows_the_refusal_before_the_employment_start(owner_client, flex):
    flex.employee.employment_start = datetime.date(2025, 8, 12)
    flex.employee.save()
    name = f"cell|{flex.work.id}|-|2025-08-11"
    response = owner_client.post(
        reverse("timesheets:week_cell", args=[flex.organization.id, flex.employee.id]),
        {"cell": name, name: "8"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "no hours can be logged before that day" in response.content.decode()


# --- normal time follows the employment percentage ------------------------------------


def test_a_50_percent_employee_without_override_draws_half_a_day(flex):
    flex.start_on(ELEVENTH)
    terms_change(flex.employee, employment_percentage=D("50"))
    part_timer = EmployeeFactory(organization=flex.organization, employment_start=datetime.date(2020, 1, 1))
    terms_change(part_timer, employment_percentage=D("50"), normal_hours_per_day=D("6"))
    for person, normal in ((flex.employee, D("4")), (part_timer, D("6"))):
        view = month_view(employee=person, month=AUGUST, settings=flex.settings, today=ELEVENTH)
        assert view.days[10].normal == normal
        assert view.change == -normal  # nothing logged on the 11th
    overviews_compute(organization=flex.organization, month=AUGUST, today=ELEVENTH)
    assert MonthlyOverview.objects.get(employee=flex.employee).normal_hours == D("4")
    assert MonthlyOverview.objects.get(employee=part_timer).normal_hours == D("6")


# --- paying out more than the balance holds -----------------------------------------------


def test_paying_out_more_than_the_balance_needs_a_confirmation_naming_the_result(flex):
    log_august(flex)  # the balance holds 4 h
    overview_refresh(employee=flex.employee, month=AUGUST, today=AFTER_AUGUST)
    with pytest.raises(ValidationError) as refused:
        submit(flex, "9")
    assert refused.value.message_dict["confirm_negative_balance"] == [
        "Paying out 9.00 h is more than the balance holds (4.00 h): the balance would be -5.00 h. "
        "Tick “confirm negative balance” to go ahead."
    ]
    overview = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
    assert (overview.status, overview.payout_hours) == ("open", D("0"))
    assert submit(flex, "4").closing_balance == D("0")  # all of it: no confirmation needed


def test_a_confirmed_negative_pay_out_is_frozen_as_submitted(flex):
    log_august(flex)
    overview = submit(flex, "9", confirm=True)
    assert (overview.is_approved, overview.payout_hours, overview.closing_balance) == (True, D("9"), D("-5"))
    assert PayrollLine.objects.get(overview=overview, kind=LineKind.FLEX_PAYOUT).amount == D("3600.00")


def test_a_deduction_needs_no_confirmation(flex):
    log_august(flex)
    assert submit(flex, "-3").closing_balance == D("7")


def test_the_month_page_shows_the_confirmation_at_the_field(owner_client, flex):
    log_august(flex)
    approve_url = reverse("timesheets:overview_approve", args=[flex.organization.id, flex.employee.id, 2025, 8])
    asked = owner_client.post(approve_url, {"payout_hours": "9", "action": "approve"})
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.content.decode()  # approve?
    response = owner_client.post(approve_url, {"payout_hours": "9", "action": "approve", "confirm": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Confirm negative balance" in page and "the balance would be -5.00 h" in page
    assert 'value="9"' in page  # what was typed stays
    assert not MonthlyOverview.objects.filter(employee=flex.employee, status="approved").exists()
    response = owner_client.post(
        approve_url, {"payout_hours": "9", "action": "approve", "confirm": "1", "confirm_negative_balance": "on"}
    )
    assert response.status_code == 302
    assert MonthlyOverview.objects.get(employee=flex.employee).closing_balance == D("-5")


def test_a_second_submit_on_an_approved_month_is_refused_with_what_was_frozen(flex):
    log_august(flex)
    submit(flex, "1")
    with pytest.raises(ValidationError, match=r"already approved, with 1.00 h"):
        submit(flex, "3")
    assert MonthlyOverview.objects.get(employee=flex.employee).payout_hours == D("1")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrency need PostgreSQL")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_freeze_exactly_what_the_successful_one_submitted(flex):
    """Pay out 1 h and 9 h at once: one approves with its own hours, the other is refused;
    never "approved" for one while the other's hours are frozen."""
    from timesheets.services.overviews import overview_reopen

    log_august(flex)
    overview_refresh(employee=flex.employee, month=AUGUST, today=AFTER_AUGUST)
    for _round in range(4):
        outcomes = _race(flex, ["1", "9"])
        winners = [hours for hours, (kind, _detail) in outcomes.items() if kind == "approved"]
        assert len(winners) == 1, outcomes
        overview = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
        assert overview.is_approved and overview.payout_hours == D(winners[0])
        loser = next(hours for hours in outcomes if hours != winners[0])
        assert "already approved" in outcomes[loser][1]
        assert PayrollLine.objects.get(overview=overview, kind=LineKind.FLEX_PAYOUT).hours == D(winners[0])
        # Reopen for the next round (audited act; its lines leave the open run).
        overview_reopen(overview=overview, actor=None)
        MonthlyOverview.objects.filter(pk=overview.pk).update(payout_hours=0)


def _race(flex, submissions: list[str]) -> dict:
    """Submit each pay-out from its own thread, released together: hours -> outcome."""
    outcomes = {}
    queue = list(submissions)

    def attempt():
        hours = queue.pop()
        try:
            frozen = submit(flex, hours, confirm=True)
        except ValidationError as refused:
            outcomes[hours] = ("refused", refused.messages[0])
        else:
            outcomes[hours] = ("approved", frozen.payout_hours)

    _results, errors = run_concurrently(attempt, times=len(submissions))
    assert not errors
    return outcomes
