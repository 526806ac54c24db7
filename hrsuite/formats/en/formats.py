# Our English is European English: day before month, 24-hour clock.
from django.conf.locale.en_GB.formats import *  # noqa: F403

DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
# The day and month alone, short (the week grid's day headers: "Mon 3/2" is 3 February).
DAY_MONTH_FORMAT = "j/n"
