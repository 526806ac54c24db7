"""The claims portal's part of the inbox (hrsuite/inbox.py): open claims the user handles and
absences whose waiting period is reached, for every organization in one query."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from claims.models import OPEN_STATUSES, AbsenceWithoutCover, Claim
from claims.rights import ABSENCES
from claims.selectors import OPEN, visibility_across, waiting_period_reached
from hrsuite.inbox import InboxItem, count_of, counts, holding, local_values, per_local_date
from hrsuite.models import Organization, User


def inbox(*, user: User, organizations: QuerySet[Organization]) -> list[InboxItem]:
    # Only claims the user can open: the claims list's own rule, per organization.
    handled = Claim.objects.filter(visibility_across(user=user, organizations=organizations)).filter(
        handler=user, status__in=OPEN_STATUSES
    )
    # The absences page lists the organization's every absence to whoever holds its right;
    # "reached" by each organization's own date, as the nightly job and the ?due list count.
    reached = waiting_period_reached(
        AbsenceWithoutCover.objects.filter(organization__in=holding(user, ABSENCES, organizations)),
        day=per_local_date(local_values(lambda today: today), time_zone_field="organization__time_zone"),
    )
    rows = counts(organizations, claims=count_of(handled), absences=count_of(reached))
    items = []
    for row in rows:
        claims_url = reverse("claims:claim_list", args=[row["pk"]])
        absences_url = reverse("claims:absence_list", args=[row["pk"]])
        items.append(
            InboxItem(
                row["pk"],
                _("Claims to handle"),
                row["claims"],
                f"{claims_url}?{urlencode({'status': OPEN, 'mine': 'on'})}",
            )
        )
        items.append(
            InboxItem(
                row["pk"],
                _("Absences whose waiting period is reached"),
                row["absences"],
                f"{absences_url}?due=on",
                warning=True,
            )
        )
    return items
