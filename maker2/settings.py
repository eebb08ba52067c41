"""Settings for Maker2.

Everything that differs between deployments comes from the environment, read by the
small helpers below, which refuse malformed values instead of guessing. The defaults
are safe for production: DEBUG is off and a secret key is required unless DEBUG is on.
Each variable is documented in the README.
"""

import os
import re
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "maker2.api_errors.csrf_failure"  # the API's JSON shape under /api/

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # widget templates for maker2.forms.SiteFormRenderer
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "simple_history",
    "spaces",
    "members",
    "import_export",
    # Deletes a row's old files when they are replaced or the row deleted; stays last so it
    # sees every model's file fields.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, JSON, GeoJSON and CSV are text: compressed, the map's 20,000 points are a tenth.
    # (Static files come pre-compressed from WhiteNoise, above.) Django pads the compressed
    # body with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Records who made each change in the listings' history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "maker2.urls"

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
                "maker2.context_processors.map_tiles",
                "maker2.context_processors.page_languages",
            ],
        },
    },
]

WSGI_APPLICATION = "maker2.wsgi.application"
# Forms render through templates/includes/_form.html and _field.html (see maker2/forms.py).
FORM_RENDERER = "maker2.forms.SiteFormRenderer"


def _database() -> dict:
    url = env_str("DATABASE_URL", "postgres:///maker2")
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…).")
    # How alike a typo must be to a stretch of text for search to find it (pg_trgm's `%>`).
    # 0.6 by default, which misses "makersapce"; below 0.5 unrelated words start to match.
    config.setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.5"
    # template0 lets the test database take a UTF-8 character type; see maker2/checks.py.
    config["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default; editors type bare domains

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# Site (public pages, map, languages) ------------------------------------------------

# Map tiles: OpenStreetMap's by default, slow from mainland China, so operators can switch to
# a domestic tile server. The URL is a Leaflet template ({s}, {z}, {x}, {y}).
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
if not all(part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}")):
    raise ImproperlyConfigured(
        f"MAP_TILE_URL must contain {{z}}, {{x}} and {{y}}: {MAP_TILE_URL!r}"
    )
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


# Accounts (makers sign up on the site, django-allauth) ------------------------------

# Makers sign in with their email address; the admin's username login keeps working.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:profile-edit"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maker2] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# How many proxies in front of the site append to X-Forwarded-For; 0 trusts REMOTE_ADDR.
# Rate limits (allauth's and the tour requests') count per client address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Tour and day-pass requests a visitor's address may send per hour (counted in the cache).
TOUR_REQUESTS_PER_HOUR = env_int("TOUR_REQUESTS_PER_HOUR", 5)
if TRUSTED_PROXY_COUNT < 0 or TOUR_REQUESTS_PER_HOUR < 1:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be 0 or more and TOUR_REQUESTS_PER_HOUR 1 or more."
    )


# Spreadsheets (spaces/resources.py) -------------------------------------------------

# Staff import spaces from CSV or Excel in the admin. Space managers, who may change only
# their own spaces and add none, may not import; an export holds the rows the user's admin
# list shows. (Uploaded images are checked in spaces/images.py.)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True  # the preview is a rolled-back dry run


# Email ---------------------------------------------------------------------------------

# Moderation notices, decisions and account mail. Without EMAIL_HOST, mail is printed to the
# console (the log) instead of sent: fine in development, set EMAIL_HOST in production.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)


def checked_email(name: str, address: str) -> str:
    """`address`, plain or with a name ("Maker2 <noreply@example.com>"), if it is one."""
    try:
        validate_email(parseaddr(address)[1])
    except ValidationError:
        raise ImproperlyConfigured(f"{name}: {address!r} is not an email address.") from None
    return address


DEFAULT_FROM_EMAIL = checked_email(
    "DEFAULT_FROM_EMAIL", env_str("DEFAULT_FROM_EMAIL", "Maker2 <noreply@localhost>")
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Addresses told about every space submitted on the site, besides the Editors group's staff.
MODERATORS = [checked_email("MODERATORS", address) for address in env_list("MODERATORS")]
# Spaces a visitor's address may submit per hour through "add your space" (counted in the cache).
SPACE_SUBMISSIONS_PER_HOUR = env_int("SPACE_SUBMISSIONS_PER_HOUR", 5)


# API (partners) ----------------------------------------------------------------------


def env_rate(name: str, default: str) -> str:
    """A request rate as DRF's throttles read it: "60/min", "1000/hour", "5/s"…"""
    value = env_str(name, default)
    if not re.fullmatch(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f'{name} must be a rate such as "60/min", not {value!r}.')
    return value


def cache_from_url(url: str) -> dict:
    """CACHE_URL: empty for this process's memory, or redis://host:port/db for a shared one."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be empty or a redis:// URL, not {url!r}.")


# Throttles (and the site's rate limits) count requests in the cache. Memory is per process:
# with several server processes set CACHE_URL to a shared Redis, or each counts apart.
CACHES = {"default": cache_from_url(env_str("CACHE_URL"))}

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["maker2.api_access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "maker2.api_pagination.KeysetPagination",
    # orjson: a tenth of the json module's time on a page of 100 spaces.
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    # orjson: strict JSON (no NaN), and nesting past 1,024 levels is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": ["drf_orjson_renderer.parsers.ORJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "maker2.api_access.AnonymousThrottle",
        "maker2.api_access.PartnerThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env_rate("API_ANONYMOUS_RATE", "60/min"),
        "partner": env_rate("API_PARTNER_RATE", "1200/min"),
    },
    # Proxies in front of the site that append to X-Forwarded-For; 0 counts REMOTE_ADDR.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "maker2.api_errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "maker2.api_schema.Schema",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_TOKEN": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Maker2 partner API",
    "DESCRIPTION": (
        "Makerspaces and co-working sites in China, their cities and networks, the makers in "
        "them, the projects they incubated and the money those raised, in English and Chinese. "
        "See the README's *Partner API* section for keys, errors and the sync recipe."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "maker2.api_schema.document_errors",
        "maker2.api_schema.document_empty_parameters",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SpaceKindEnum": "spaces.models.Space.Kind",
        "NetworkKindEnum": "spaces.models.Network.Kind",
        "LinkKindEnum": "spaces.models.LinkKind",
        "ProjectStageEnum": "members.models.Project.Stage",
        "FundingRoundStageEnum": "members.models.FundingRound.Stage",
    },
}

# Anyone may read the API from a browser on another site; writes stay same-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]


# Background work (Celery, maker2/celery.py) ----------------------------------------------

# The broker workers take tasks from: the Redis that serves the cache on every machine here.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
# Tasks run in the calling process instead of a worker: for tests and one-process setups.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it has finished, so a worker that dies mid-task leaves it to
# another worker instead of losing it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
