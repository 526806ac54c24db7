from django.urls import path

from claims import views, views_global

app_name = "claims"

org = "orgs/<uuid:org_id>/claims/"
claim = org + "<uuid:claim_id>/"

urlpatterns = [
    path("claims/terms/", views_global.terms_accept, name="terms_accept"),
    path("claims/terms/document/", views_global.terms_document, name="terms_document"),
    path("claims/customers/", views_global.customer_search, name="customer_search"),
    path(
        "claims/users/<uuid:user_id>/companies/",
        views_global.company_permissions_edit,
        name="company_permissions",
    ),
    path(org, views.claim_list, name="claim_list"),
    path(org + "new/", views.claim_create, name="claim_create"),
    path(claim, views.claim_detail, name="claim_detail"),
    path(claim + "edit/", views.claim_edit, name="claim_edit"),
    path(claim + "status/", views.claim_status, name="claim_status"),
    path(claim + "notes/", views.claim_note, name="claim_note"),
    path(claim + "documents/", views.claim_document_upload, name="claim_document_upload"),
    path(claim + "documents/<uuid:document_id>/", views.claim_document_download, name="claim_document_download"),
    path(org + "policies/", views.policy_list, name="policy_list"),
    path(org + "policies/new/", views.policy_create, name="policy_create"),
    path(org + "absences/", views.absence_list, name="absence_list"),
    path(org + "absences/new/", views.absence_create, name="absence_create"),
    path(org + "absences/<uuid:absence_id>/convert/", views.absence_convert, name="absence_convert"),
    path(org + "daily-allowance/", views.allowance_overview, name="allowance_overview"),
    path(org + "daily-allowance/import/", views.allowance_import, name="allowance_import"),
    path(org + "statistics/", views.statistics, name="statistics"),
    path(org + "statistics.csv", views.statistics_csv, name="statistics_csv"),
    path(org + "settings/", views.claims_settings, name="claims_settings"),
    path(org + "health-templates/", views.health_templates, name="health_templates"),
    path(org + "health-templates/<uuid:template_id>/", views.health_template_download, name="health_template_download"),
    path(org + "users/", views.user_overview, name="user_overview"),
    path(org + "safety-desk/", views.safety_desk, name="safety_desk"),
    path("orgs/<uuid:org_id>/employees/<uuid:employee_id>/claims/", views.employee_claims, name="employee_claims"),
]
