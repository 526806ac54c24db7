from django.conf.locale.de.formats import *  # noqa: F403

# The day and month alone, short (the week grid's day headers: "Mo 3.2.").
DAY_MONTH_FORMAT = "j.n."
