"""The terms-of-use pages: not organization pages, so the gate in claims/middleware.py never
sends them to themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from claims import terms
from claims.forms import TermsAcceptForm


@login_required
def terms_accept(request):
    form = TermsAcceptForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        terms.terms_accept(user=request.user, request=request)
        request.session.pop(terms.SESSION_KEY, None)
        messages.success(request, _("Thank you: the terms of use are accepted."))
        target = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "home"
        return redirect(target)
    context = {
        "form": form,
        "version": terms.CURRENT_VERSION,
        "text": terms.document_text(),
        "pending": terms.must_accept(request.user),
    }
    return render(request, "claims/terms_accept.html", context)


@login_required
def terms_document(request):
    """The current version as a file, for the administrator's records."""
    path = terms.document_path()
    response = HttpResponse(path.read_bytes(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response
