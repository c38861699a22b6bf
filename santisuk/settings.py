"""Santisuk settings, read from the environment.

The embedded default (no DATABASE_URL) is a SQLite file under ``var/`` with a secret key generated
there on first use, so one command runs the whole system. Production (``SANTISUK_ENV=production``)
requires SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL and turns on every transport protection.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Set but empty (``SANTISUK_VAR_DIR= cmd``) means the default, not the current folder.
VAR_DIR = Path(os.environ.get("SANTISUK_VAR_DIR") or BASE_DIR / "var")
PRODUCTION = os.environ.get("SANTISUK_ENV", "development") == "production"


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SANTISUK_ENV=production")
    # The embedded default keeps its key beside its database so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DEBUG", "0" if PRODUCTION else "1") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when SANTISUK_ENV=production")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tables2",
    "santisuk.core",
    "santisuk.audit",
    "santisuk.geo",
    "santisuk.org",
    "santisuk.accounts",
    "santisuk.people",
    "santisuk.cases",
    "santisuk.stats",
    "santisuk.plates",
    "santisuk.elections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "santisuk.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "santisuk.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known: the refusal is written in it.
    "santisuk.core.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "santisuk.audit.middleware.AuditContextMiddleware",
    "santisuk.accounts.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "santisuk.urls"
WSGI_APPLICATION = "santisuk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "santisuk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "santisuk.core.context_processors.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'santisuk.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=0, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer commits; FULL fsyncs every commit: records must
        # never be lost on a power cut at a commune post.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and login hardening -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "santisuk.accounts.backends.RoleBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Failed logins: 5 in 15 minutes lock the account until a chief or administrator unlocks it.
AXES_FAILURE_LIMIT = 5
AXES_FAILURE_WINDOW = timedelta(minutes=15)
AXES_COOLOFF_TIME = None
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "santisuk.accounts.views.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# Axes has no sliding window: this handler counts only the failures inside AXES_FAILURE_WINDOW
# (kept with their times in axes' failure log) and keeps a reached lock until someone unlocks it.
AXES_HANDLER = "santisuk.accounts.lockout.WindowedLockoutHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# axes.W006 asks for ip_address among the lockout parameters. Locking an address after 5
# failures would lock out every officer behind a station's shared address; the per-address
# throttle below (THROTTLES["login"], answered 429, no account locked) covers it instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Per-address allowances, as (requests, seconds), counted in the database (santisuk.core.throttle).
# "login": one address may not try more logins than this in 15 minutes, whatever the user names,
# which stops one machine from locking out every account; the public forms get a few an hour.
THROTTLES = {
    "login": (int(os.environ.get("LOGIN_THROTTLE_PER_ADDRESS", "30")), 15 * 60),
    "plates.tip": (int(os.environ.get("PLATES_TIP_LIMIT", "5")), 3600),
    "plates.tip_status": (int(os.environ.get("PLATES_TIP_STATUS_LIMIT", "30")), 3600),
    "elections.tip": (int(os.environ.get("ELECTIONS_TIP_LIMIT", "5")), 3600),
}
OTP_TOTP_ISSUER = "Santisuk"
API_TOKEN_TTL = timedelta(days=int(os.environ.get("API_TOKEN_TTL_DAYS", "30")))

# Election security: the SMS gateway's shared secret (empty: the endpoint refuses every post),
# notification backends.
ELECTIONS_SMS_SECRET = os.environ.get("ELECTIONS_SMS_SECRET", "")
ELECTIONS_NOTIFY_BACKENDS = [
    p
    for p in os.environ.get(
        "ELECTIONS_NOTIFY_BACKENDS", "santisuk.elections.notify.console_backend"
    ).split(",")
    if p
]

# --- internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("km", _("Khmer"))]
LOCALE_PATHS = [BASE_DIR / "santisuk" / "locale"]
FORMAT_MODULE_PATH = ["santisuk.formats"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

# --- static files (all served from installed packages; the network may be air-gapped) ---------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "santisuk" / "static"]
# Country borders for the offline maps, installed by the setup command (see the Makefile).
WORLD_ATLAS_FILE = Path(
    os.environ.get(
        "SANTISUK_WORLD_ATLAS", BASE_DIR / ".tools" / "world-atlas-2.0.2" / "countries-50m.json"
    )
)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "santisuk.accounts.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["santisuk.core.api.permissions.ModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "santisuk.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "santisuk.core.api.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "santisuk.core.api.parsers.StrictJSONParser",
        "santisuk.core.api.parsers.StrictFormParser",
        "santisuk.core.api.parsers.StrictMultiPartParser",
    ],
}
REST_KNOX = {
    "TOKEN_TTL": API_TOKEN_TTL,
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Santisuk API",
    "DESCRIPTION": "Records and operations of the Ministry of Interior and the National Police.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "RoleCodeEnum": "santisuk.accounts.choices.RoleCode",
        "StageCodeEnum": "santisuk.elections.choices.StageCode",
    },
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"

# --- production transport protection ----------------------------------------------------------
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
