"""Load the product catalog (selfservice/catalog.py) as rows."""

from django.db import migrations


def load(apps, schema_editor):
    from selfservice.catalog import catalog_sync

    catalog_sync(apps.get_model("selfservice", "Product"), apps.get_model("selfservice", "Requirement"))


class Migration(migrations.Migration):
    dependencies = [("selfservice", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
