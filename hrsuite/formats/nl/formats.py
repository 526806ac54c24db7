from django.conf.locale.nl.formats import *  # noqa: F403

# The day and month alone, short (the week grid's day headers: "ma 3-2").
DAY_MONTH_FORMAT = "j-n"

# Dates read as they are typed in the date fields (03-12-2026), not Django's 3-12-2026.
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
