from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format, get_format_modules, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hrsuite.forms import DateInput, MonthInput
from hrsuite.models import SalaryType
from hrsuite.money import round_hours, round_money

register = template.Library()


@register.filter
def day_month(value):
    """The day and month alone, as the active language writes them short (3/2, 3.2.):
    DAY_MONTH_FORMAT of hrsuite/formats/<language>/formats.py. Django's date filter knows only
    its own format names, so it is read here; without one, the long MONTH_DAY_FORMAT."""
    for module in get_format_modules(get_language()):
        if hasattr(module, "DAY_MONTH_FORMAT"):
            return date_format(value, module.DAY_MONTH_FORMAT)
    return date_format(value, get_format("MONTH_DAY_FORMAT"))


@register.simple_tag(takes_context=True)
def current(context, *url_names):
    """aria-current="page" on the nav link whose section is being shown.

    A name ending in * matches every URL name that starts with it.
    """
    match = getattr(context["request"], "resolver_match", None)
    name = (f"{match.namespace}:" if match and match.namespace else "") + (match.url_name if match else "")
    for wanted in url_names:
        if name == wanted or (wanted.endswith("*") and name.startswith(wanted[:-1])):
            return mark_safe('aria-current="page"')
    return ""


@register.filter
def money(value, currency=""):
    """A Decimal amount in the active language's number format, with its currency code."""
    if value is None or value == "":
        return ""
    # number_format cuts digits off; the amount is rounded by the money rule first.
    amount = number_format(round_money(value), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{amount} {currency}".strip()


@register.filter
def figure(value):
    """A Decimal in the active language's number format with grouping, keeping its own
    decimal places (a calculation step's 0.8182 stays four decimals)."""
    if value is None or value == "":
        return ""
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def hours(value):
    if value is None or value == "":
        return ""
    return number_format(round_hours(value), decimal_pos=2, use_l10n=True)


@register.filter
def salary_type_label(value):
    """The label of a salary type stored as its value (e.g. an annotation of the term in force)."""
    return SalaryType(value).label if value else "—"


@register.filter
def term_normal_hours(term, organization):
    return term.normal_hours(organization)


@register.filter
def account(value):
    """A bank account grouped as people read it (NO93 8601 1117 947, 8601.11.17947)."""
    from hrsuite.validators import iban_display

    return iban_display(value or "")


@register.simple_tag
def date_input(name, value, month=False, **attrs):
    """A date (or month) box in a form written by hand in a template: the widget every form's
    date fields use, in the active language's format."""
    return (MonthInput if month else DateInput)(attrs).render(name, value)
