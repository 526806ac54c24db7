from django.conf.locale.nl.formats import *  # noqa: F403

# The day and month alone, short (the week grid's day headers: "ma 3-2").
DAY_MONTH_FORMAT = "j-n"
