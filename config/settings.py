"""Settings for Cụm thi đua, read from the environment.

DJANGO_ENV selects the profile: "development" (default) or "production"; any other value stops
the start. Production refuses to start without a strong SECRET_KEY or with DEBUG on, has no demo
password, and turns on every check that `manage.py check --deploy` asks for.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str, secret_key_weakness
from config.lanes import cores

BASE_DIR = Path(__file__).resolve().parent.parent
# Exact values only: "prod" or "Production" must not run with DEBUG and the development key.
DJANGO_ENV = env_choice("DJANGO_ENV", ["development", "production"], default="development")
PRODUCTION = DJANGO_ENV == "production"

# Published in this file, so it signs nothing but a developer's own sessions; bandit's B105 is
# waived on it because production refuses this key below.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789"  # nosec B105
SECRET_KEY = env_str("SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    if weakness := secret_key_weakness(SECRET_KEY, published=[DEVELOPMENT_SECRET_KEY]):
        raise ImproperlyConfigured(
            f"SECRET_KEY {weakness}: DJANGO_ENV=production needs a long random key, e.g. from "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
elif not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    # DEBUG shows settings and source on every error page and keeps every query in memory.
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production (unset it or 0).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    # Two-factor sign-in: TOTP devices and single-use recovery codes (clusters/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    # Background tasks (django.tasks' API, backported): the database backend's queue table.
    "django_tasks",
    "django_tasks_db",
    "clusters",
    "campaigns",
    "scoring",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Private pages and downloads are never stored (request.user is read on the way out).
    "config.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "clusters.sessions.SessionIdleMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Deny by default: every view needs a signed-in person unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Those who must use a second factor reach only its setup and sign-out until they have.
    "clusters.two_factor.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The client's address for the audit events the services write (CLIENT_IP_HEADER).
    "clusters.audit.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# How the apps compose an emulation year (dashboard, closing, report, compact, round page).
YEAR_FLOW = "config.year.FLOW"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # The bell's unread count (one COUNT, only on pages that show the bell).
                "clusters.notifications.bell",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cumthidua.sqlite3'}"),
        conn_max_age=60 if PRODUCTION else 0,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "clusters.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "clusters.auth.UnitAwareBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes), in two layers.
# 1. A lockout keyed on the pair (username, client address): 5 wrong passwords lock that pair
#    for 15 minutes, so one office's shared address does not lock out its colleagues and one
#    client cannot lock an account for everyone. The client address is the audit's
#    (clusters.audit.client_ip, read from CLIENT_IP_HEADER): one place says where it comes from,
#    so behind the proxy every client is not the proxy's address. django-ipware is not used.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "clusters.audit.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# One row per wrong password (axes' AccessFailureLog): what the per-account slowdown counts.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# 2. A per-account slowdown that never locks the owner out for long (clusters/auth.py): after
#    10 wrong passwords for one username within 15 minutes, from any addresses (so at least two
#    clients, each short of its lockout), that username's password is checked again only
#    5 s after the last failure, then 10, 20, 40, and at most 60 s. A guesser spreading over
#    many addresses gets at most one try a minute; the owner waits a minute at worst, and not
#    at all from an address they signed in from in the last 30 days.
ACCOUNT_SLOWDOWN_AFTER = 10
ACCOUNT_SLOWDOWN_WINDOW = timedelta(minutes=15)
ACCOUNT_SLOWDOWN_FIRST_DELAY = timedelta(seconds=5)
ACCOUNT_SLOWDOWN_MAX_DELAY = timedelta(seconds=60)
ACCOUNT_SLOWDOWN_KNOWN_ADDRESS_DAYS = 30

# Two-factor sign-in (TOTP), clusters/two_factor.py: required for administrators, offered to
# everyone on "Bảo mật đăng nhập", required for the open years' secretariat when this is on.
OTP_REQUIRED_FOR_SECRETARIAT = env_bool("OTP_REQUIRED_FOR_SECRETARIAT", default=False)
# The name authenticator apps show next to the code; ASCII, as some apps garble other letters.
OTP_TOTP_ISSUER = "Cum thi dua"
# django-otp doubles the wait after each wrong code on a device (1, 2, 4… s) until a right one.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Where the client's address is read for the audit log. Behind the HTTPS proxy set it to the
# header that proxy sets (e.g. HTTP_X_REAL_IP, or HTTP_X_FORWARDED_FOR, of which the last entry
# is taken); never a header a client can send straight to the app.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "REMOTE_ADDR")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's own "vi" formats read 09/03/2025 as September; ours put the day first.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Background work (the year's dossier, config/dossier.py): tasks are rows in the database, run by
# `python manage.py db_worker` (make run starts one; in production a service beside gunicorn).
# No broker, no extra service. Tests run them at once (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail (notices, reminders: clusters/notifications.py), through Django's e-mail backend, sent
# by the background worker. Development prints them on the console (make run); production sends
# through the installation's SMTP server. SITE_URL makes the links in them absolute.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
# A mail server that hangs must not hold the worker (the e-mail is retried later).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cum thi dua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Unset in production, the links go to the first allowed host over HTTPS.
_SITE_HOST = ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*" else ""
SITE_URL = env_str(
    "SITE_URL",
    f"https://{_SITE_HOST}" if PRODUCTION and _SITE_HOST else "http://localhost:8000",
)
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
# The daily reminders (manage.py send_reminders) tell of what is due within this many days.
REMINDER_DAYS_AHEAD = env_int("REMINDER_DAYS_AHEAD", 3, minimum=0, maximum=60)
# An invitation's link to set a password works once, for this many days (clusters/accounts.py).
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1, maximum=60)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")

# Document signing (clusters/signing.py): the installation's seal as PKCS#12, the trust roots
# (comma-separated PEM files: VGCA's or a licensed CA's), a time-stamping authority for PAdES B-T
# (empty: B-B). Development defaults to the demo PKI that `make_demo_pki` writes under var/.
_DEMO_PKI = VAR_DIR / "demo-pki"
SIGNING_PKCS12_PATH = env_str("SIGNING_PKCS12_PATH", "" if PRODUCTION else f"{_DEMO_PKI}/seal.p12")
SIGNING_PKCS12_PASSWORD = env_str("SIGNING_PKCS12_PASSWORD", "" if PRODUCTION else "demo-pki")
SIGNING_TRUST_ROOTS = env_list(
    "SIGNING_TRUST_ROOTS", [] if PRODUCTION else [f"{_DEMO_PKI}/root.pem"]
)
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL", "")
# A filed document is frozen sealed (clusters/seal.py): without a seal, freezing is refused when
# this is on (production's default), else the document is stored unsigned with a warning.
SIGNING_REQUIRE_SEAL = env_bool("SIGNING_REQUIRE_SEAL", default=PRODUCTION)
# The public verification page (/kiem-tra/): uploads per client address and window.
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 20, minimum=1)
VERIFY_RATE_WINDOW_SECONDS = env_int("VERIFY_RATE_WINDOW_SECONDS", 600, minimum=1)
# The JSON API (config/api/): calls per client and window, and the largest page it serves.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 60, minimum=1)
API_PAGE_SIZE_MAX = env_int("API_PAGE_SIZE_MAX", 200, minimum=1)
# The public results pages (/cong-khai/): requests per client address and window, and how long
# a year's rendered page is kept (it is rendered again at once when the year's data changes).
PUBLIC_RATE_LIMIT = env_int("PUBLIC_RATE_LIMIT", 120, minimum=1)
PUBLIC_RATE_WINDOW_SECONDS = env_int("PUBLIC_RATE_WINDOW_SECONDS", 60, minimum=1)
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 3600, minimum=1)

MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Final documents are stored through STORAGES: the "default" storage unless a "documents" one is
# added (e.g. an S3 bucket with django-storages, see the README). Drafts are cached in the
# "documents" cache, on disk so that every worker of the machine shares it; several app servers
# point it at a shared cache instead (Redis, Memcached).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "documents": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("DOCUMENT_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "documents")),
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# WeasyPrint runs in child processes of low priority (clusters/documents/renderers.py): a
# download then never holds a web process's GIL nor takes a core from the pages. One child per
# web process is enough (the document lane bounds renders machine-wide); 0 renders in-process
# (development, tests). The background worker renders a big decision's certificate batches on
# CERTIFICATE_RENDER_PROCESSES children side by side (default: one per core).
DOCUMENT_RENDER_PROCESSES = env_int("DOCUMENT_RENDER_PROCESSES", 1 if PRODUCTION else 0)
DOCUMENT_RENDER_NICE = env_int("DOCUMENT_RENDER_NICE", 10, maximum=19)
DOCUMENT_RENDER_TASKS_PER_CHILD = env_int("DOCUMENT_RENDER_TASKS_PER_CHILD", 200, minimum=1)
CERTIFICATE_RENDER_PROCESSES = env_int("CERTIFICATE_RENDER_PROCESSES", cores() if PRODUCTION else 0)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The demo accounts' shared password, published in the README. Production has none, so nothing
# there can give it to an account (loaddemo creates the demo's people without a password).
DEMO_PASSWORD = None if PRODUCTION else "ThiDua@2018"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; its warnings (a missing glyph) still show.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Headers and sessions for shared office computers (issue 15) -------------------------------
# Content-Security-Policy, in every environment so the tests and browser tests see it. Nothing
# inline: the app's own behaviour is static/js/app.js (data-confirm, data-autosubmit) and every
# style a class in static/css/app.css or static/documents/document.css; the charts are inline
# <svg> markup with presentation attributes, which style-src does not govern; Bootstrap's CSS
# draws its icons from data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}


def _idle_seconds(name: str, default_hours: str) -> int:
    raw = env_str(name, default_hours)
    try:
        hours = float(raw)
    except ValueError:
        hours = float("nan")
    if not 0 < hours <= 24 * 7:
        raise ImproperlyConfigured(
            f"{name} must be a number of hours above 0 and at most 168 (a week), not {raw!r}."
        )
    return round(hours * 3600)


# Sessions end when the browser closes and after SESSION_IDLE_HOURS without a request:
# SESSION_COOKIE_AGE is the window the session store checks (expire_date) on every request, and
# clusters.sessions.SessionIdleMiddleware moves it on as people work, at most every
# SESSION_REFRESH_SECONDS (one session write per few minutes, not one per click).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = _idle_seconds("SESSION_IDLE_HOURS", "4")
SESSION_REFRESH_SECONDS = min(300, SESSION_COOKIE_AGE // 8)

if PRODUCTION:
    # Static files come from the app server itself (offices run on closed networks, no CDN).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Health checks come from inside the network, often over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
