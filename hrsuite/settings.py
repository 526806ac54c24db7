"""HR Suite settings: one module, driven by environment variables.

Without any variable set it runs on the embedded default (SQLite, jobs run eagerly in
process). With DATABASE_URL / REDIS_URL it is production-shaped: PostgreSQL, Redis as cache
and Celery broker, a separate worker and beat. Every variable is listed in the README.
"""

import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from hrsuite.security import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The Django admin is served only when enabled; by default only in development.
ADMIN_ENABLED = env.bool("ADMIN_ENABLED", default=DEBUG)


def _local_secret_key() -> str:
    """Without SECRET_KEY a random key is made once and kept beside the code (git-ignored)."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "hrsuite",
    "benefits",
    "timesheets",
    "selfservice",
    "claims",
    "pensions",
]

MIDDLEWARE = [
    "hrsuite.security.CrossOriginResourcePolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "claims.middleware.TermsOfUseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hrsuite.urls"
FORM_RENDERER = "hrsuite.rendering.FormRenderer"
WSGI_APPLICATION = "hrsuite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hrsuite.context_processors.layout",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: eager in process on the embedded default, Redis-backed in production -------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
# With late acks a task a worker took but did not finish is handed out again once this many
# seconds pass without its ack (Redis's default is one hour). It must exceed the longest
# task (the payroll-period job of the largest organization, well under a minute) and any ETA
# or countdown, else a slow task runs twice; every job is idempotent, so a second run costs
# only time. The daily timesheets check catches a period that is lost altogether.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
# Domain apps add their nightly and periodic jobs here.
CELERY_BEAT_SCHEDULE = {
    "deactivate-logins-of-ended-employments": {
        "task": "hrsuite.tasks.deactivate_ended_employee_logins",
        "schedule": crontab(hour=1, minute=15),
    },
    "remind-insurances-ending": {
        "task": "benefits.tasks.remind_insurances_ending",
        "schedule": crontab(hour=5, minute=30),
    },
    # The month that has just ended: overviews, reminders to approvers, the payroll run.
    "timesheets-payroll-period": {
        "task": "timesheets.tasks.run_payroll_period",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    # The month that has just ended, after payroll: reports from paid runs, premiums, invoices.
    "pensions-period": {
        "task": "pensions.tasks.run_pension_period",
        "schedule": crontab(day_of_month=2, hour=3, minute=30),
    },
    # Daily: re-enqueue a period the monthly job did not process (a lost task is noticed).
    "timesheets-check-payroll-periods": {
        "task": "timesheets.tasks.check_payroll_periods",
        "schedule": crontab(hour=6, minute=10),
    },
    "claims-flag-waiting-periods": {
        "task": "claims.tasks.flag_waiting_periods",
        "schedule": crontab(hour=1, minute=45),
    },
    # First day of each quarter; the sweep itself sends each recipient one e-mail per quarter.
    "claims-inactive-user-sweep": {
        "task": "claims.tasks.sweep_inactive_users",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=6, minute=0),
    },
}

# --- Authentication and security ---------------------------------------------------------
AUTH_USER_MODEL = "hrsuite.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that lets the login form say why a closed account is refused.
    "hrsuite.lifecycle.LoginBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout: five failures for one e-mail address, or from one IP address (password spraying),
# lock it for 15 minutes. Attempts live in the database, so the lock holds across every
# worker and web process.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# Counted per client behind the proxy (not per proxy) and per case-folded e-mail address.
AXES_CLIENT_IP_CALLABLE = "hrsuite.throttle.client_ip"
AXES_USERNAME_CALLABLE = "hrsuite.throttle.login_username"
# Password reset e-mails: a few per address and per client an hour, so no mailbox is flooded.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Idle timeout: the session ends after SESSION_IDLE_MINUTES without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
# Proxies in front of the app that append to X-Forwarded-For (the TLS proxy: one).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Scripts only from our own static files (htmx is served locally): no inline, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nb", _("Norwegian Bokmål")),
    ("nl", _("Dutch")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["hrsuite.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files and e-mail -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Static files carry the pages' security headers (SecurityMiddleware, above WhiteNoise, adds
# nosniff and the referrer policy) and no wildcard CORS header.
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
WHITENOISE_ALLOW_ALL_ORIGINS = False

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="HR Suite <no-reply@hrsuite.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails sent outside a request (jobs, invitations) start with this address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
