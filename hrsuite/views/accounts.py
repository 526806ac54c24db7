from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hrsuite.access import organization_for, organizations_for
from hrsuite.forms import LanguageForm, LoginForm
from hrsuite.tasks import send_password_reset
from hrsuite.throttle import client_ip, normalized_login, rate_limited


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.get_user().language:
            _set_language_cookie(response, form.get_user().language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Answers every request alike: the mail, if any, leaves from a job, and a few per address
    and per client an hour at most."""

    def form_valid(self, form):
        email = normalized_login(form.cleaned_data["email"])
        # Both counters move on every request: a client spraying new addresses is still counted.
        over_address = rate_limited(
            scope="password-reset-address", key=email, limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, seconds=3600
        )
        over_client = rate_limited(
            scope="password-reset-client",
            key=client_ip(self.request) or "",
            limit=settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
            seconds=3600,
        )
        if not (over_address or over_client):
            domain, use_https = self.request.get_host(), self.request.is_secure()
            transaction.on_commit(lambda: send_password_reset.delay(email=email, domain=domain, use_https=use_https))
        return HttpResponseRedirect(self.get_success_url())


@require_POST
def set_language(request):
    """Switch the UI language; a logged-in user's choice is remembered on their account."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        _set_language_cookie(response, language)
    return response


@login_required
def home(request):
    """Send each person where their work is."""
    user = request.user
    if hasattr(user, "employee") and not user.is_provider_staff and not user.company_accesses.exists():
        return redirect("me")
    if user.is_provider_staff or user.is_superuser:
        return redirect("office")
    organizations = list(organizations_for(user).only("id")[:2])
    last = request.session.get("last_organization")
    if last and organizations_for(user).filter(id=last).exists():
        return redirect("organization", org_id=last)
    if len(organizations) == 1:
        return redirect("organization", org_id=organizations[0].id)
    return redirect("organization_picker")


@login_required
def organization_picker(request):
    organizations = organizations_for(request.user).select_related("office").order_by("name")
    return render(request, "hrsuite/organization_picker.html", {"organizations": organizations})


@login_required
def switch_organization(request):
    """The switcher works without JavaScript: a GET form naming the organization."""
    try:
        organization = organization_for(request.user, request.GET.get("org", ""))
    except Http404:
        return redirect("organization_picker")
    return redirect("organization", org_id=organization.id)
