"""Settings for Placard, read from environment variables.

Every variable is listed with a comment in `.env.example`. The defaults (SQLite, local
files, local-memory cache, debug off) let a fresh clone run; with debug off the site
refuses to start without a secret key or with a wildcard host.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.conf import global_settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    SECRET_KEY = "placard-local-development-only-not-secret"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
if not DEBUG and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must name the site's hosts; '*' is refused with debug off."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "site_config.apps.TagsConfig",  # django-taggit
    "django_prose_editor",
    "django_countries",
    "reversion",
    # The core: rich text, the page cache, the publishing core and the image library.
    "richtext",
    "pagecache",
    "ratelimit",
    "publishing",
    "images",
    # Running the site: health probes, request ids in the logs, failed background tasks.
    "operations",
    # Content types.
    "articles",
    "statements",
    "events",
    "pages",
    "menus",
    "home",
    # Importers: bring content in from elsewhere (`manage.py import_wordpress`).
    "wordpress",
    # Project wiring (no models): `manage.py quickstart`.
    "site_config",
]

MIDDLEWARE = [
    # First: every log line of a request carries its id; probes answer before any
    # redirect, host check, cache or login (operations/).
    "operations.middleware.RequestIdMiddleware",
    "operations.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that cached pages carry the same policy (publishing/headers.py).
    "publishing.headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # outside it too: same reason
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the conditional GET and the page cache: the encoding is chosen per request,
    # from bodies the cache encoded once (pagecache/compression.py).
    "pagecache.compression.CompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the old addresses' redirects and the page cache: it activates the language
    # of the address for both, and its redirects of addresses without a language (made-up
    # ones too, and the home page's by Accept-Language) are never stored.
    "publishing.language_sites.LanguagePrefixMiddleware",
    # Outside the page cache: it keeps only the query parameters views read, so a cached
    # home page would answer an old `/?p=123` (wordpress/middleware.py).
    "wordpress.middleware.LegacyAddressMiddleware",
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "operations.middleware.LazyMessageMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        # Public pages (`*.jinja`, see site_config.jinja2); first, as it claims only those.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "site_config.jinja2.environment",
            "context_processors": [
                "publishing.context_processors.site",
                "site_config.jinja2.interface_words",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "publishing.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each query's placeholders converted once per process (site_config/sqlite3).
    DATABASES["default"]["ENGINE"] = "site_config.sqlite3"
    # Concurrent writers wait for each other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer makes a request fail in seconds, not hang a worker:
    # a connect timeout, and a server-side limit on any one statement. The limit is per
    # connection, so it covers `migrate` too; the default is far above what this site's
    # queries and migrations take (0 turns it off, e.g. for a long data migration).
    # And a client-side limit on every call, for a server that never answers at all
    # (site_config/postgresql).
    DATABASES["default"]["ENGINE"] = "site_config.postgresql"
    statement_timeout_ms = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "15000"))
    DATABASES["default"]["STATEMENT_TIMEOUT_MS"] = statement_timeout_ms  # the client's limit
    # JIT compilation off: the planner turns it on by a query's estimated cost, and at a
    # million articles a search's estimate passes the threshold while the query itself
    # runs in a few milliseconds; compiling it took 100 ms on each request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")),
        options=f"-c statement_timeout={statement_timeout_ms} -c jit=off",
    )
    # Behind PgBouncer in transaction mode (README, "Connection pooling"): a server-side
    # cursor cannot outlive the transaction it was opened in, and PgBouncer refuses the
    # `options` startup parameter, so the server's statement limit and JIT are set on the
    # role instead (ALTER ROLE ... SET statement_timeout, jit); the client-side limit stays.
    if env_bool("DATABASE_TRANSACTION_POOLING", False):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        del DATABASES["default"]["OPTIONS"]["options"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url):
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = urlparse(url).scheme
    if scheme in {"redis", "rediss"}:
        # A Redis that stalls costs a request this long, once per cool-off (see
        # pagecache.breaker.safe), instead of hanging it: passed to redis-py's pool.
        seconds = int(os.environ.get("CACHE_TIMEOUT_MS", "250")) / 1000
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": seconds, "socket_timeout": seconds},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported (redis, locmem).")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}
# Rate-limit counters in a cache of their own, so that pages filling the page cache never
# evict them: RATELIMIT_CACHE_URL, or else CACHE_URL's server under its own key prefix
# (local memory: a separate store).
CACHES["ratelimit"] = cache_from_url(
    os.environ.get("RATELIMIT_CACHE_URL") or os.environ.get("CACHE_URL", "")
)
CACHES["ratelimit"]["KEY_PREFIX"] = "ratelimit"
if CACHES["ratelimit"]["BACKEND"].endswith("LocMemCache"):
    CACHES["ratelimit"].update(LOCATION="ratelimit", OPTIONS={"MAX_ENTRIES": 10_000})

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "en-gb")
# The languages the public site is published in, the first its default
# (PLACARD_LANGUAGES="en-gb,es,uk,ar"). With more than one, public addresses carry the
# language ("/es/articles/…") and each language has its own home, lists, feeds and search
# (publishing/language_sites.py); with one, addresses have no prefix.
PLACARD_LANGUAGES = [
    code.strip().lower()
    for code in os.environ.get("PLACARD_LANGUAGES", LANGUAGE_CODE).split(",")
    if code.strip()
] or [LANGUAGE_CODE.lower()]
for _code in PLACARD_LANGUAGES:
    if "name" not in LANG_INFO.get(_code, {}):  # unknown, or a fallback ("zh-cn")
        raise ImproperlyConfigured(f"PLACARD_LANGUAGES: {_code!r} is not a language Django knows.")
if len(set(PLACARD_LANGUAGES)) != len(PLACARD_LANGUAGES):
    raise ImproperlyConfigured("PLACARD_LANGUAGES names a language twice.")
LANGUAGES = [
    *global_settings.LANGUAGES,
    *(
        (code, LANG_INFO[code]["name"])
        for code in PLACARD_LANGUAGES
        if code not in dict(global_settings.LANGUAGES)
    ),
]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
# The interface's own catalogues (built by `manage.py update_messages`).
LOCALE_PATHS = [BASE_DIR / "site_config" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Django serves media itself only for local use; production puts /media/ behind the web
# server or swaps the storage backend for object storage.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)

STORAGES = {
    # Django's FileSystemStorage, removing a file it could not write completely.
    "default": {"BACKEND": "images.storage.LocalMediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Media on S3-compatible object storage (django-storages), so that every server reads and
# writes the same uploads and renditions: PLACARD_MEDIA_STORAGE=s3 and the PLACARD_S3_*
# variables. PLACARD_MEDIA_CDN_URL ("https://cdn.example.org/media") makes media URLs point
# at a CDN in front of the bucket instead of the bucket itself.
PLACARD_MEDIA_STORAGE = os.environ.get("PLACARD_MEDIA_STORAGE", "local")
if PLACARD_MEDIA_STORAGE == "s3":
    if not os.environ.get("PLACARD_S3_BUCKET"):
        raise ImproperlyConfigured("PLACARD_MEDIA_STORAGE=s3 needs PLACARD_S3_BUCKET.")
    from botocore.config import Config as S3ClientConfig

    media_cdn = urlparse(os.environ.get("PLACARD_MEDIA_CDN_URL", ""))
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PLACARD_S3_BUCKET"],
            "endpoint_url": os.environ.get("PLACARD_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PLACARD_S3_REGION") or None,
            "access_key": os.environ.get("PLACARD_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("PLACARD_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("PLACARD_S3_PREFIX", "").strip("/"),
            "addressing_style": os.environ.get("PLACARD_S3_ADDRESSING_STYLE") or None,
            # Media are public: plain, unsigned URLs that pages and CDNs can keep.
            "querystring_auth": False,
            "default_acl": os.environ.get("PLACARD_S3_ACL") or None,
            # Two uploads of "photo.jpg" get two names, as on disk; never one overwriting.
            "file_overwrite": False,
            "custom_domain": (media_cdn.netloc + media_cdn.path.rstrip("/")) or None,
            "url_protocol": f"{media_cdn.scheme or 'https'}:",
            # A stalled storage fails an upload or a task in seconds instead of holding it.
            "client_config": S3ClientConfig(
                connect_timeout=float(os.environ.get("PLACARD_S3_TIMEOUT", "5")),
                read_timeout=float(os.environ.get("PLACARD_S3_TIMEOUT", "5")) * 4,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }
elif PLACARD_MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("PLACARD_MEDIA_STORAGE must be 'local' or 's3'.")

# Mail: SMTP configured from the environment; a local run prints messages instead.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "placard@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security: strict by default once debug is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

# Login throttling (django-axes): failed logins are counted per account and per client
# address, in the database (a cache eviction must not forget them). After the limit, that
# account, and that client, are refused even with the right password until the lockout has
# passed; every further failure restarts it. The client address comes from
# `ratelimit.clients.client_address`: X-Forwarded-For is read only behind the proxies that
# DJANGO_BEHIND_PROXY and DJANGO_PROXY_COUNT (how many append to the header) declare.
PLACARD_PROXY_COUNT = (
    int(os.environ.get("DJANGO_PROXY_COUNT", "1")) if env_bool("DJANGO_BEHIND_PROXY", False) else 0
)
INSTALLED_APPS += ["site_config.apps.LoginAttemptsConfig"]  # django-axes
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last: turns a lockout into its page
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PLACARD_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = int(os.environ.get("PLACARD_LOGIN_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone locks
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ratelimit.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/login_locked.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_DISABLE_ACCESS_LOG = True  # failures only: no growing record of every staff login
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged

TAGGIT_CASE_INSENSITIVE = True

# PostgreSQL text search configuration (language) of the admin's search columns; fixed
# when `migrate` creates them. The public search stems each item in its own language
# (publishing/search.py, LANGUAGE_CONFIGS).
PLACARD_SEARCH_CONFIG = os.environ.get("PLACARD_SEARCH_CONFIG", "english")
if not PLACARD_SEARCH_CONFIG.isidentifier():
    raise ImproperlyConfigured("PLACARD_SEARCH_CONFIG must be a text search configuration name.")

# Whole-page cache for anonymous readers (see pagecache/).
PLACARD_PAGE_CACHE = env_bool("PLACARD_PAGE_CACHE", True)
PLACARD_PAGE_CACHE_SECONDS = int(os.environ.get("PLACARD_PAGE_CACHE_SECONDS", "3600"))
# Rendered fragments that repeat (article cards, an article's body) under the same rules.
PLACARD_FRAGMENT_CACHE = env_bool("PLACARD_FRAGMENT_CACHE", True)

# The currency of event prices unless an event names another: an ISO 4217 code.
PLACARD_CURRENCY = os.environ.get("PLACARD_CURRENCY", "EUR").strip().upper()
if len(PLACARD_CURRENCY) != 3 or not all("A" <= char <= "Z" for char in PLACARD_CURRENCY):
    raise ImproperlyConfigured("PLACARD_CURRENCY must be a three-letter ISO 4217 code (EUR).")

# How long a shareable preview link works unless revoked earlier.
PLACARD_PREVIEW_LINK_DAYS = int(os.environ.get("PLACARD_PREVIEW_LINK_DAYS", "7"))

# Image uploads: what the library accepts.
PLACARD_IMAGE_MAX_BYTES = int(os.environ.get("PLACARD_IMAGE_MAX_BYTES", str(15 * 1024 * 1024)))
PLACARD_IMAGE_MAX_PIXELS = int(os.environ.get("PLACARD_IMAGE_MAX_PIXELS", str(40_000_000)))
PLACARD_RENDITION_WIDTHS = (400, 800, 1200, 1600)
# The shapes pages cut images to (cards 3:2, portraits 1:1): each is made in advance,
# around the image's focal point, for `{% picture image crop="3:2" %}`.
PLACARD_RENDITION_CROPS = ("3:2", "1:1")

# Hostile input that would cost the server dearly: animated images are limited
# in frames, and PLACARD_IMAGE_MAX_PIXELS counts every frame; rich text in size and depth.
PLACARD_IMAGE_MAX_FRAMES = int(os.environ.get("PLACARD_IMAGE_MAX_FRAMES", "100"))
PLACARD_RICHTEXT_MAX_BYTES = int(os.environ.get("PLACARD_RICHTEXT_MAX_BYTES", str(512 * 1024)))
PLACARD_RICHTEXT_MAX_DEPTH = int(os.environ.get("PLACARD_RICHTEXT_MAX_DEPTH", "100"))

# Logs: one line per event on standard error, with time (UTC), level, logger and the id of
# the request being served (operations.logs); PLACARD_LOG_FORMAT=json writes JSON lines.
PLACARD_LOG_FORMAT = os.environ.get("PLACARD_LOG_FORMAT", "text").strip().lower()
if PLACARD_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("PLACARD_LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"()": "operations.logs.OneLineFormatter"},
        "json": {"()": "operations.logs.JsonLineFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": PLACARD_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own loggers pass their records to the one handler above, instead of printing
    # them a second time in their own format.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    },
}
# `/readyz`: how long the database and cache checks may take together (seconds).
PLACARD_READY_TIMEOUT = float(os.environ.get("PLACARD_READY_TIMEOUT", "2"))

# Tag slugs in ASCII, like every other slug on the site.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Endorsements: rate limits (per window, in seconds) and how long a confirmation link lives.
PLACARD_ENDORSE_LIMIT_PER_IP = int(os.environ.get("PLACARD_ENDORSE_LIMIT_PER_IP", "30"))
PLACARD_ENDORSE_LIMIT_PER_EMAIL = int(os.environ.get("PLACARD_ENDORSE_LIMIT_PER_EMAIL", "3"))
PLACARD_ENDORSE_LIMIT_WINDOW = int(os.environ.get("PLACARD_ENDORSE_LIMIT_WINDOW", "600"))
PLACARD_ENDORSE_LINK_MAX_AGE = int(os.environ.get("PLACARD_ENDORSE_LINK_MAX_AGE", str(7 * 86400)))

# Background tasks (mail): stored in the database and run by `manage.py db_worker` beside
# gunicorn, so that no request waits for the mail server. Local use (debug on) runs them at
# once inside the request, so that `runserver` and `quickstart` print mail with no worker.
INSTALLED_APPS += ["django_tasks", "site_config.apps.BackgroundTasksConfig"]  # django_tasks_db
PLACARD_TASKS = os.environ.get("PLACARD_TASKS", "immediate" if DEBUG else "database")
task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if PLACARD_TASKS not in task_backends:
    raise ImproperlyConfigured("PLACARD_TASKS must be 'database' or 'immediate'.")
TASKS = {"default": {"BACKEND": task_backends[PLACARD_TASKS]}}
# Renditions of an uploaded image: "background" (a task per upload; pages show the original
# until it has run) or "inline" (made inside the upload's request, as local use does).
PLACARD_RENDITIONS = os.environ.get(
    "PLACARD_RENDITIONS", "inline" if PLACARD_TASKS == "immediate" else "background"
)
if PLACARD_RENDITIONS not in ("background", "inline"):
    raise ImproperlyConfigured("PLACARD_RENDITIONS must be 'background' or 'inline'.")
# A mail the server refused or did not answer is tried again after each of these waits
# (seconds); after the last one its task fails, for administrators to see in the admin.
PLACARD_MAIL_RETRY_DELAYS = tuple(
    int(seconds) for seconds in env_list("PLACARD_MAIL_RETRY_DELAYS", "60,600,3600")
)
