"""My page (/me/): the employee's overview with every section switched on for them."""

from django.contrib.auth.decorators import login_required
from django.template.loader import render_to_string
from django.utils import timezone

from hrsuite import me
from hrsuite.salary_terms import term_on


@login_required
def home(request):
    employee = me.own_employee(request.user)
    timezone.activate(employee.organization.tz)
    features = me.features_for(employee.organization)
    cards = [
        render_to_string(
            section.template,
            {**section.context(employee), "employee": employee, "section": section},
            request=request,
        )
        for section in me.shown_sections(employee, features)
    ]
    term = term_on(employee=employee, day=employee.organization.today())
    return me.me_render(request, "me_home.html", employee, features, {"cards": cards, "term": term})
