"""HR's tax card tab on the employee: the withholding percentage per year that net pay uses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hrsuite.access import employee_for, org_view, require
from hrsuite.employee_tabs import tabs_for
from hrsuite.models import Country
from hrsuite.rendering import apply_validation_error
from timesheets.forms import TaxCardForm
from timesheets.selectors.settings import MODULE, settings_for
from timesheets.selectors.tax_cards import tax_cards_for
from timesheets.services.tax_cards import tax_card_set


@org_view("timesheets.view_taxcard", module=MODULE)
def tax_cards(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    norway = organization.country == Country.NORWAY
    form = TaxCardForm(request.POST or None, initial={"year": organization.today().year})
    if not norway:
        del form.fields["table_number"]
    if request.method == "POST":
        require(request, "timesheets.change_taxcard")
        if form.is_valid():
            try:
                card = tax_card_set(employee=employee, **form.cleaned_data)
            except ValidationError as invalid:
                apply_validation_error(form, invalid)
            else:
                messages.success(request, _("Tax card for %(year)s saved.") % {"year": card.year})
                return redirect("timesheets:tax_cards", org_id=organization.id, employee_id=employee.id)
    context = {
        "employee": employee,
        "tabs": tabs_for(request, employee),
        "active_tab": "tax_cards",
        "cards": tax_cards_for(employee=employee),
        "form": form,
        "norway": norway,
        "settings": settings_for(organization=organization),
        "can_edit": "timesheets.change_taxcard" in request.rights,
    }
    return render(request, "timesheets/tax_cards.html", context, status=400 if form.errors else 200)
