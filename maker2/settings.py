"""Settings for Maker2.

Everything that differs between deployments comes from the environment, read by the
small helpers below, which refuse malformed values instead of guessing. The defaults
are safe for production: DEBUG is off and a secret key is required unless DEBUG is on.
Each variable is documented in the README.
"""

import base64
import hashlib
import os
import re
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
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
    "maker2.site",  # pages, sitemap and admin that combine the two (after them)
    "import_export",
    "axes",  # admin sign-in lock-out (maker2/admin_login.py)
    "csp",
    # Deletes a row's old files when they are replaced or the row deleted; stays last so it
    # sees every model's file fields.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # HEAD answers lose their body here, not in gunicorn (which logs each one it drops).
    "maker2.middleware.HeadWithoutBodyMiddleware",
    # Load balancers' probes, answered before anything else: no host check (they ask by IP),
    # no session, no language, no access line (maker2/health.py).
    "maker2.health.HealthCheckMiddleware",
    # The request id and the access line (maker2/logs.py), around everything below.
    "maker2.logs.RequestLogMiddleware",
    # Reads go to a replica until the request writes, and never for a POST (maker2/routers.py).
    "maker2.routers.PrimaryAfterWriteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
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
    # Last, as django-axes asks: turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
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
                "maker2.context_processors.icp_licence",
                "maker2.context_processors.page_languages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "maker2.wsgi.application"
# Forms render through templates/includes/_form.html and _field.html (see maker2/forms.py).
FORM_RENDERER = "maker2.forms.SiteFormRenderer"


def _database(url: str, name: str = "DATABASE_URL") -> dict:
    try:
        # A reused connection is checked before a request's first query, so that one the
        # database ended meanwhile (a restart, a failover) is replaced instead of costing
        # that request a 503; the check is one round trip only for a reused connection.
        config = dj_database_url.parse(
            url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a database URL: {error}") from None
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{name} must point at PostgreSQL (postgres://…).")
    options = config.setdefault("OPTIONS", {})
    # How alike a typo must be to a stretch of text for search to find it (pg_trgm's `%>`).
    # 0.6 by default, which misses "makersapce"; below 0.5 unrelated words start to match.
    options["options"] = "-c pg_trgm.word_similarity_threshold=0.5"
    # libpq waits for an unreachable host as long as TCP does (minutes); a request, a worker
    # or /readyz should give up sooner.
    options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    # template0 lets the test database take a UTF-8 character type; see maker2/checks.py.
    config["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
    return config


def databases(primary_url: str, replica_urls: list[str]) -> dict:
    """`default`, the primary, and one alias per read replica: `replica`, `replica_2`…

    Replicas are test mirrors of the primary: tests read their own writes through them.
    """
    configured = {"default": _database(primary_url)}
    for number, url in enumerate(replica_urls, start=1):
        replica = _database(url, "DATABASE_REPLICA_URL")
        replica["TEST"] = {"MIRROR": "default"}
        configured["replica" if number == 1 else f"replica_{number}"] = replica
    return configured


DATABASES = databases(
    env_str("DATABASE_URL", "postgres:///maker2"), env_list("DATABASE_REPLICA_URL")
)
# Writes (and every read after one, in the same request or task) go to the primary; the
# other reads to a replica (maker2/routers.py).
DATABASE_ROUTERS = ["maker2.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Where deleted rows leave their tombstones for partners' syncs (maker2.models.tombstone_model):
# the sync machinery reads them without importing the app that stores them.
TOMBSTONE_MODEL = "spaces.Tombstone"

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


# Uploaded files never change under their URL (names are random, spaces/images.py; a new
# photo is a new name), so browsers and CDNs may keep them a year without asking again. The
# bucket stores this with each object; the web server in front sends it for MEDIA_ROOT (README).
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def media_storage() -> dict:
    """Photos and avatars: on disk under MEDIA_ROOT, or in an S3-compatible bucket when
    MEDIA_STORAGE is s3 (or a bucket is named), for several app servers to share."""
    kind = env_str("MEDIA_STORAGE", "s3" if env_str("AWS_STORAGE_BUCKET_NAME") else "local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {kind!r}.")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Empty: boto3 finds credentials itself (an instance role, ~/.aws).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            # Photos are public: plain URLs that browsers and CDNs cache, not signed ones
            # that change on every page.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            # Names are random (spaces/images.py); never overwrite one that exists.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
        },
    }


STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers and HTTPS -----------------------------------------------------------

# With DEBUG off everything is on unless the operator turns it off: plain http is redirected
# to https (SECURE_SSL_REDIRECT=0 when the proxy in front already does), browsers are told
# to use https only (HSTS), and cookies travel over https only. See the README's "Security
# settings"; `manage.py check --deploy` passes with them (tests/test_security.py).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Off by default: once a domain is on the browsers' preload list it is hard to leave.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    if SECURE_HSTS_SECONDS < 0:
        raise ImproperlyConfigured("SECURE_HSTS_SECONDS must be 0 (no HSTS) or more.")

# Sites a visitor follows a link to (a space's own website) learn that Maker2 sent them, not
# which page: the origin only, and nothing from https to http.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Browser features no page uses are refused, for the page and anything embedded in it. The
# directory's "near me" button asks for the visitor's position, so geolocation stays for
# the site itself (static/js/map.js).
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },
}

# Site (public pages, map, languages) ------------------------------------------------

# Map tiles: OpenStreetMap's by default, slow from mainland China, so operators can switch to
# a domestic tile server. The URL is a Leaflet template ({s}, {z}, {x}, {y}).
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
# {-y} is the row counted from the south, as TMS servers (Tencent's) number them.
if not ("{z}" in MAP_TILE_URL and "{x}" in MAP_TILE_URL and re.search(r"\{-?y\}", MAP_TILE_URL)):
    raise ImproperlyConfigured(
        f"MAP_TILE_URL must contain {{z}}, {{x}} and {{y}}: {MAP_TILE_URL!r}"
    )
# OpenStreetMap's credit line is translated (its Chinese pages say 贡献者); a provider's own
# line is shown as written.
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION") or _("© OpenStreetMap contributors")
# The datum the tiles are drawn in: "wgs84" (OpenStreetMap and most of the world) or "gcj02",
# the shifted datum Chinese law requires of mainland maps (AutoNavi, Tencent). Coordinates stay
# WGS-84 in the database and the API; with "gcj02" the maps shift every point they draw.
MAP_TILE_COORDINATES = env_str("MAP_TILE_COORDINATES", "wgs84").strip().lower()
if MAP_TILE_COORDINATES not in ("wgs84", "gcj02"):
    raise ImproperlyConfigured(
        f"MAP_TILE_COORDINATES must be wgs84 or gcj02, not {MAP_TILE_COORDINATES!r}"
    )
# A site served from mainland China must show its ICP filing number (e.g. 京ICP备12345678号-1)
# in every page's footer, linked to the MIIT registry; empty elsewhere.
ICP_LICENCE = env_str("ICP_LICENCE").strip()
if ICP_LICENCE and not re.fullmatch(r"\w{1,3}ICP[备证]\d{4,}号(-\d+)?", ICP_LICENCE):
    raise ImproperlyConfigured(
        "ICP_LICENCE must be an ICP filing number such as 京ICP备12345678号-1, "
        f"not {ICP_LICENCE!r}."
    )


def tile_sources(url: str) -> list[str]:
    """Where the browser may load MAP_TILE_URL's tiles from: its scheme and host, a label
    with a placeholder (Leaflet's `{s}` subdomains a, b, c) and those left of it becoming
    CSP's `*.`; nothing extra for tiles served by this site."""
    parts = urlsplit(url)
    if not parts.netloc:
        return []
    labels = parts.netloc.split(".")
    templated = [index for index, label in enumerate(labels) if "{" in label]
    if templated:
        labels = ["*", *labels[templated[-1] + 1 :]]
    return [f"{parts.scheme}://{'.'.join(labels)}"]


def inline_attributes(*values: str) -> list[str]:
    """CSP sources that let exactly these attribute values (an onchange's code, a style="…")
    through, and no other: their hashes."""
    digests = [hashlib.sha256(value.encode()).digest() for value in values]
    return ["'unsafe-hashes'", *(f"'sha256-{base64.b64encode(d).decode()}'" for d in digests)]


# Content-Security-Policy (django-csp): scripts and styles only from our own static files,
# or elements carrying the page's nonce ({{ CSP_NONCE }}); no inline code or style
# attributes. Scripts may still set styles through the DOM (Leaflet does). The one page we
# serve with inline attributes is django-import-export's export form (an onchange and two
# style attributes in admin/import_export/export.html): those exact values are let through.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "script-src-attr": inline_attributes("onSelectToggleChange(event)"),
        "style-src": [SELF, NONCE],
        "style-src-attr": inline_attributes("padding: 0;", "font-weight: bold;"),
        "img-src": [SELF, "data:", *tile_sources(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


# Accounts (makers sign up on the site, django-allauth) ------------------------------

# Makers sign in with their email address; the admin's username login keeps working.
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out admin sign-in before any password is checked.
    "maker2.admin_login.AdminLoginBackend",
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
# Account mail is rendered in the request and sent by a worker, like the site's own.
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
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


# Admin sign-in (django-axes, maker2/admin_login.py). After ADMIN_LOGIN_FAILURE_LIMIT wrong
# passwords within ADMIN_LOGIN_COOLOFF_MINUTES, /admin/login/ answers 429 until that time has
# passed since the last failure, even to the right password. Failures are counted per
# account (many addresses trying one account) and, apart, per client address (one address
# trying many accounts), whichever reaches the limit first. A successful sign-in does not
# clear earlier failures: otherwise anyone with one account could reset their address's
# count. Staff unlock early in admin (Axes → Access attempts) or with `manage.py axes_reset`.
ADMIN_LOGIN_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5)
ADMIN_LOGIN_COOLOFF_MINUTES = env_int("ADMIN_LOGIN_COOLOFF_MINUTES", 30)
if ADMIN_LOGIN_FAILURE_LIMIT < 1 or ADMIN_LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured(
        "ADMIN_LOGIN_FAILURE_LIMIT and ADMIN_LOGIN_COOLOFF_MINUTES must be 1 or more."
    )
AXES_FAILURE_LIMIT = ADMIN_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=ADMIN_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ONLY_ADMIN_SITE = True  # the site's own sign-in has allauth's limits
AXES_HANDLER = "maker2.admin_login.AdminLoginHandler"
# The same client address as the site's rate limits and the API's throttles (NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "maker2.ratelimit.client_ip"
AXES_USERNAME_CALLABLE = "maker2.admin_login.attempted_username"
AXES_LOCKOUT_CALLABLE = "maker2.admin_login.locked_out"
# Failures are logged with the account and the address tried (never the password), and
# counted in Axes → Access attempts until the cool-off has passed.
AXES_SENSITIVE_PARAMETERS = []


# Spreadsheets (spaces/resources.py) -------------------------------------------------

# Staff import spaces from CSV or Excel in the admin. Space managers, who may change only
# their own spaces and add none, may not import; an export holds the rows the user's admin
# list shows. (Uploaded images are checked in spaces/images.py.)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True  # the preview is a rolled-back dry run
# A confirmed file of more rows than this is imported by a worker (spaces/tasks.py), the
# editor told by mail; smaller ones in the request, as the preview was.
IMPORT_IN_BACKGROUND_ROWS = env_int("IMPORT_IN_BACKGROUND_ROWS", 500)


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
# Mail is sent by workers (maker2/tasks.py), which retry a failing SMTP server this many
# times, waiting about MAIL_RETRY_BACKOFF seconds, then twice that, and so on (at most 30 min).
MAIL_MAX_RETRIES = env_int("MAIL_MAX_RETRIES", 6)
MAIL_RETRY_BACKOFF = env_int("MAIL_RETRY_BACKOFF", 60)
if MAIL_MAX_RETRIES < 0 or MAIL_RETRY_BACKOFF < 1:
    raise ImproperlyConfigured(
        "MAIL_MAX_RETRIES must be 0 or more and MAIL_RETRY_BACKOFF 1 or more."
    )


# API (partners) ----------------------------------------------------------------------


def env_rate(name: str, default: str) -> str:
    """A request rate as DRF's throttles read it: "60/min", "1000/hour", "5/s"…"""
    value = env_str(name, default)
    if not re.fullmatch(r"[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f'{name} must be a rate such as "60/min", not {value!r}.')
    return value


def cache_from_url(url: str) -> dict:
    """CACHE_URL: empty for this process's memory, or redis://host:port/db for a shared one.

    Redis through django-redis, which (unlike Django's own RedisCache) can treat a Redis that
    is down as an empty cache: reads miss, writes are dropped, each failure is logged, and
    pages, the API, throttles and rate limits go on answering (failing open). Short socket
    timeouts keep a Redis that does not answer from holding a request for long.
    """
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,  # seconds
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    raise ImproperlyConfigured(f"CACHE_URL must be empty or a redis:// URL, not {url!r}.")


# Throttles (and the site's rate limits) count requests in the cache. Memory is per process:
# with several server processes set CACHE_URL to a shared Redis, or each counts apart.
CACHES = {"default": cache_from_url(env_str("CACHE_URL"))}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # on the django_redis.cache logger
# Sessions in the cache and the database when the cache is shared: read from Redis, and
# still there (from the database) while Redis is down or after it restarts empty.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    else "django.contrib.sessions.backends.db"
)

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["members.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "maker2.api_pagination.KeysetPagination",
    # orjson: a tenth of the json module's time on a page of 100 spaces.
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    # orjson (strict, nesting bounded) from bodies of at most DATA_UPLOAD_MAX_MEMORY_SIZE.
    "DEFAULT_PARSER_CLASSES": ["maker2.api_parsers.BoundedJSONParser"],
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
        "LinkKindEnum": "maker2.models.LinkKind",
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
# Tasks shared by the apps (mail); each app's own are found in its tasks.py.
CELERY_IMPORTS = ["maker2.tasks"]
# Enqueueing waits at most this long for Redis before running the task in the request's
# process instead (maker2.tasks.enqueue).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

# Periodic jobs, run by the one worker started with --beat (README, "Background work").
CELERY_BEAT_SCHEDULE = {
    "remind-managers-to-check": {
        "task": "members.tasks.remind_managers_to_check",
        "schedule": crontab(hour=9, minute=0),
    },
    "purge-expired-requests": {
        "task": "members.tasks.purge_expired_requests",
        "schedule": crontab(hour=3, minute=30),
    },
    "purge-expired-spaces-data": {
        "task": "spaces.tasks.purge_expired",
        "schedule": crontab(hour=3, minute=40),
    },
    "clear-sessions": {
        "task": "maker2.tasks.clear_sessions",
        "schedule": crontab(hour=3, minute=50),
    },
    "clear-admin-sign-in-records": {
        "task": "maker2.tasks.clear_admin_sign_in_records",
        "schedule": crontab(hour=3, minute=55),
    },
}
# Managers of a published space nobody checked for a year are asked to look at it at most
# this often.
CHECK_REMINDER_INTERVAL_DAYS = env_int("CHECK_REMINDER_INTERVAL_DAYS", 30)
# Personal data kept for a time only: tour requests (a visitor's name, address, message)
# after they were sent, join requests after they were decided; import jobs after they ran.
TOUR_REQUESTS_KEPT_DAYS = env_int("TOUR_REQUESTS_KEPT_DAYS", 180)
JOIN_REQUESTS_KEPT_DAYS = env_int("JOIN_REQUESTS_KEPT_DAYS", 365)
IMPORT_JOBS_KEPT_DAYS = env_int("IMPORT_JOBS_KEPT_DAYS", 30)
# The admin's sign-in records (django-axes: successes and failures, with addresses).
ADMIN_SIGN_IN_RECORDS_KEPT_DAYS = env_int("ADMIN_SIGN_IN_RECORDS_KEPT_DAYS", 90)
for _name in (
    "CHECK_REMINDER_INTERVAL_DAYS",
    "TOUR_REQUESTS_KEPT_DAYS",
    "JOIN_REQUESTS_KEPT_DAYS",
    "IMPORT_JOBS_KEPT_DAYS",
    "IMPORT_IN_BACKGROUND_ROWS",
):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more.")
# The site's address, for the links in mail that periodic jobs send (no request to ask).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not re.fullmatch(r"https?://[^/\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's root, like https://maker2.example.org, not {SITE_URL!r}."
    )


# Celery's worker logs through LOGGING below instead of replacing the root logger's handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False


# Logs (maker2/logs.py) ------------------------------------------------------------------

# One JSON object per line (for a log collector) or plain lines (for a terminal); every
# line carries the id of the request or task it was written for.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "maker2.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # runserver's own access lines repeat maker2.access's (maker2/logs.py) below WARNING.
        "django.server": {"level": "WARNING"},
    },
}
