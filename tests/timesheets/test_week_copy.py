"""The week grid and the monthly overview in each language: day headers in the language's
short day-month form, and why there is no flex balance said in one sentence, alike on both."""

import datetime

import pytest
from django.urls import reverse

from hrsuite.models import SalaryType
from tests.factories import terms_change

WEEK = {"week": "2025-02-03"}  # Monday 3 February 2025


@pytest.mark.parametrize(
    ("language", "monday"),
    [("en", "Mon 3/2"), ("nb", "man 3.2."), ("nl", "ma 3-2"), ("de", "Mo 3.2.")],
)
def test_day_headers_use_the_language_s_short_day_and_month(owner_client, flex, language, monday):
    url = reverse("timesheets:week", args=[flex.organization.id, flex.employee.id])
    page = owner_client.get(url, WEEK, headers={"accept-language": language}).content.decode()
    assert monday in " ".join(page.split())


def test_the_monthly_overview_writes_its_days_the_same_way(owner_client, flex):
    url = reverse("timesheets:overview", args=[flex.organization.id, flex.employee.id, 2025, 2])
    page = owner_client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "Mon 3/2" in " ".join(page.split())


def test_no_flex_balance_is_one_sentence_on_the_week_grid_and_the_overview(owner_client, flex):
    terms_change(flex.employee, salary_type=SalaryType.HOURLY, valid_from=datetime.date(2025, 1, 1))
    sentence = "Paid by the hour: no flex balance is kept, the hours are paid as logged."
    week = reverse("timesheets:week", args=[flex.organization.id, flex.employee.id])
    overview = reverse("timesheets:overview", args=[flex.organization.id, flex.employee.id, 2025, 2])
    for url, query in ((week, WEEK), (overview, {})):
        page = owner_client.get(url, query).content.decode()
        assert f'role="note">{sentence}</div>' in page and "No flex balance:" not in page
