from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from benefits.models import Insurance, InsuranceLink, OtherBenefit, OtherBenefitLink


@admin.register(Insurance, OtherBenefit)
class BenefitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "start_date", "end_date"]
    list_filter = ["organization"]
    search_fields = ["name"]


@admin.register(InsuranceLink, OtherBenefitLink)
class LinkAdmin(SimpleHistoryAdmin):
    list_display = ["benefit", "employee", "valid_from", "valid_to"]
    list_select_related = ["benefit", "employee"]
    raw_id_fields = ["employee", "benefit"]
