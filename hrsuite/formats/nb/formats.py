# Django lists ISO first for Norwegian; date fields show the first format, and a Norwegian
# reader writes 03.12.2026. ISO stays accepted (hrsuite/dates.py reads it in every language).
from django.conf.locale.nb.formats import *  # noqa: F403

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '25.10.2006'
    "%d.%m.%y",  # '25.10.06'
    "%Y-%m-%d",  # '2006-10-25'
]

# The day and month alone, short (the week grid's day headers: "man. 3.2.").
DAY_MONTH_FORMAT = "j.n."
