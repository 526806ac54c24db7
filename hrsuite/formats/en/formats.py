# Our English is European English: day before month, 24-hour clock.
from django.conf.locale.en_GB.formats import *  # noqa: F403
