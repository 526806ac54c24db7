from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from benefits.selectors import employee_current_benefits


def _own_employee(user):
    """The employee record of the logged-in person; someone without one has no page here."""
    employee = getattr(user, "employee", None)
    if employee is None:
        raise Http404
    return employee


@login_required
def home(request):
    employee = _own_employee(request.user)
    benefits = employee_current_benefits(employee=employee)
    return render(request, "selfservice/home.html", {"employee": employee, "benefits": benefits})
