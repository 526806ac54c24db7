"""Response headers that Django's own middleware does not set on every response."""

from csp.utils import build_policy
from django.conf import settings


class CrossOriginResourcePolicyMiddleware:
    """Placed first, so pages and static files alike may be embedded by our own origin only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def static_file_headers(headers, path: str, url: str) -> None:
    """WhiteNoise answers static files before the CSP and frame middleware run: give them the
    pages' policy (an SVG opened on its own could otherwise run script)."""
    headers["Content-Security-Policy"] = build_policy()
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
