"""Approving one month asks once, naming the balance the pay-out leaves: a negative one is
named in that same question, whose answer is the confirmation the service requires."""

import re
from decimal import Decimal

from django.urls import reverse

from tests.timesheets.test_seed_august import log_august
from timesheets.models import MonthlyOverview

D = Decimal


def approve_url(flex):
    return reverse("timesheets:overview_approve", args=[flex.organization.id, flex.employee.id, 2025, 8])


def hidden_fields(page: str) -> dict:
    """What the confirmation's form posts when its button is pressed."""
    form = page[page.index('<form method="post" class="card"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_the_question_names_the_negative_balance_and_answering_it_approves(owner_client, flex):
    log_august(flex)  # the balance holds 4 h
    asked = owner_client.post(approve_url(flex), {"payout_hours": "9", "action": "approve"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "approving leaves a negative balance of -5.00 h" in page
    assert "Approve with a balance of -5.00 h" in page
    assert not MonthlyOverview.objects.filter(employee=flex.employee, status="approved").exists()
    answer = hidden_fields(page)
    assert answer["confirm_negative_balance"] == "on"
    approved = owner_client.post(approve_url(flex), answer)
    assert approved.status_code == 302  # one question, no second round from the server
    overview = MonthlyOverview.objects.get(employee=flex.employee)
    assert (overview.status, overview.payout_hours, overview.closing_balance) == ("approved", D("9"), D("-5"))


def test_a_pay_out_the_balance_covers_is_asked_without_the_confirmation(owner_client, flex):
    log_august(flex)
    page = owner_client.post(approve_url(flex), {"payout_hours": "3", "action": "approve"}).content.decode()
    assert "negative balance" not in page
    answer = hidden_fields(page)
    assert "confirm_negative_balance" not in answer
    assert owner_client.post(approve_url(flex), answer).status_code == 302
    assert MonthlyOverview.objects.get(employee=flex.employee).closing_balance == D("1")


def test_the_service_still_refuses_a_negative_balance_posted_without_the_confirmation(owner_client, flex):
    log_august(flex)
    refused = owner_client.post(approve_url(flex), {"payout_hours": "9", "action": "approve", "confirm": "1"})
    assert refused.status_code == 400
    assert "the balance would be -5.00 h" in refused.content.decode()
    assert not MonthlyOverview.objects.filter(employee=flex.employee, status="approved").exists()
