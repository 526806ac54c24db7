"""Who is asking, and how often: the client's address behind the TLS proxy, the login name as
the lockout counts it, and cache-backed rate limits (local memory or Redis alike)."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str | None:
    """The client's address. Behind the TLS proxy every request comes from the proxy, so the
    address is taken from X-Forwarded-For: each of the TRUSTED_PROXY_COUNT proxies appends the
    address it saw, so the entry that many places from the end is the one no client can forge."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_TLS_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < settings.TRUSTED_PROXY_COUNT:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-settings.TRUSTED_PROXY_COUNT]))
    except ValueError:
        return remote


# No e-mail address is longer (RFC 5321); axes stores the name in a column of 255.
MAX_LOGIN_LENGTH = 254


def normalized_login(name: object) -> str:
    """E-mail addresses log in in any case, so Lock2@ and LOCK2@ count as one name. A longer
    input is no address: it counts under its first 254 characters."""
    return str(name or "").strip().casefold()[:MAX_LOGIN_LENGTH]


def login_username(request, credentials) -> str | None:
    """The name django-axes counts failed logins under."""
    name = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if name is None and request is not None:
        name = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalized_login(name) if name is not None else None


def rate_limited(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """Count one use of `scope` by `key`; True once more than `limit` uses fall in the window.

    The window starts at the first use and is not extended by later ones."""
    cache_key = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this use opens a new window
        cache.add(cache_key, 1, timeout=seconds)
        used = 1
    return used > limit
