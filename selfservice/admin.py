"""The catalog is data: technical admins can adjust names, tiers and requirements here.
Everything per organization goes through the product screens, which keep the tier history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from selfservice.models import Addendum, ChangeRequest, Product, Requirement, Subscription, TierChange


class RequirementInline(admin.TabularInline):
    model = Requirement
    fk_name = "feature"
    filter_horizontal = ["any_of"]
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "tier", "included", "order"]
    list_filter = ["kind", "tier"]
    inlines = [RequirementInline]


@admin.register(Subscription)
class SubscriptionAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "tier", "activated_at"]
    readonly_fields = ["organization", "tier", "activated_at"]


@admin.register(Addendum)
class AddendumAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "signed_on", "signed_by", "confirmation_reference", "recorded_by"]


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    list_display = ["organization", "at", "changed_by", "from_tier", "to_tier"]
    list_filter = ["to_tier"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "submitted_at", "status", "decided_by"]
    list_filter = ["status"]
    readonly_fields = ["employee", "changes", "previous", "decided_by", "decided_at"]
