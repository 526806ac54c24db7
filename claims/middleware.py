"""Nothing of an organization opens before a customer administrator has accepted the
portal's terms of use (claims/terms.py).

Only sessions marked at login pay for the check: everyone else's requests are untouched.
A marked session is checked against the database on each organization page, so an
acceptance recorded elsewhere (another tab) lets the user through at once.
"""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from claims import terms

# Every organization page, the claims portal's included, lives under this prefix (hrsuite/urls.py).
ORGANIZATION_PAGES = "/orgs/"


class TermsOfUseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(terms.SESSION_KEY)
            and request.path.startswith(ORGANIZATION_PAGES)
            and request.user.is_authenticated
        ):
            if terms.must_accept(request.user):
                target = f"{reverse('claims:terms_accept')}?{urlencode({'next': request.get_full_path()})}"
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
            del session[terms.SESSION_KEY]
        return self.get_response(request)
