"""The pension fund's URLconf: member data and premiums here, pensioning in urls_pensioning."""

from pensions.urls_pensioning import urlpatterns as pensioning_urlpatterns

app_name = "pensions"

org = "orgs/<uuid:org_id>/pensions/"

urlpatterns = [
    *pensioning_urlpatterns,
]
