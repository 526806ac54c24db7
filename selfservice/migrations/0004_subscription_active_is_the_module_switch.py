# Whether Self-service is active moves to the core's module switch (OrganizationModule,
# key "selfservice"), the one storage every module shares.

from django.db import migrations


def active_to_switch(apps, schema_editor):
    Subscription = apps.get_model("selfservice", "Subscription")
    OrganizationModule = apps.get_model("hrsuite", "OrganizationModule")
    for subscription in Subscription.objects.all():
        OrganizationModule.objects.update_or_create(
            organization_id=subscription.organization_id,
            key="selfservice",
            defaults={"enabled": subscription.active, **({"changed_at": subscription.activated_at} if subscription.activated_at else {})},
        )


def switch_to_active(apps, schema_editor):
    Subscription = apps.get_model("selfservice", "Subscription")
    OrganizationModule = apps.get_model("hrsuite", "OrganizationModule")
    for row in OrganizationModule.objects.filter(key="selfservice"):
        Subscription.objects.filter(organization_id=row.organization_id).update(active=row.enabled)


class Migration(migrations.Migration):

    dependencies = [
        ('selfservice', '0003_organization_product_names'),
        ('hrsuite', '0003_organization_modules'),
    ]

    operations = [
        migrations.RunPython(active_to_switch, switch_to_active),
        migrations.RemoveField(
            model_name='historicalsubscription',
            name='active',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='active',
        ),
    ]
