"""URLs of the pensioning process (G table, scheme rules, retirement cases, payouts)."""

urlpatterns = []
