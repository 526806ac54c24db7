"""The published G (national insurance basic amount) from 1 May of 2019 to 2025, in NOK.

Fund staff add later years on the G table screen; this migration only inserts rows that are
not there, and removing it leaves rows that payouts may already rest on.
"""

import uuid
from datetime import date
from decimal import Decimal

from django.db import migrations

PUBLISHED = {
    2019: "99858",
    2020: "101351",
    2021: "106399",
    2022: "111477",
    2023: "118620",
    2024: "124028",
    2025: "130160",
}
SOURCE = "Grunnbeløpet i folketrygda, regulated 1 May"


def add_published(apps, schema_editor):
    BasicAmount = apps.get_model("pensions", "BasicAmount")
    for year, amount in PUBLISHED.items():
        BasicAmount.objects.get_or_create(
            valid_from=date(year, 5, 1), defaults={"id": uuid.uuid4(), "amount": Decimal(amount), "source": SOURCE}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pensions", "0002_pensioning_g_schemes_cases_payouts"),
    ]

    operations = [
        migrations.RunPython(add_published, migrations.RunPython.noop),
    ]
