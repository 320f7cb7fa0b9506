"""Settings: every environment variable of DESIGN.md, typed, with its default.

A git-ignored `.env` in the checkout is read too (`make run` writes one for
development); variables already set in the environment win over it.
"""

import re
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from psycopg2.extensions import ISOLATION_LEVEL_REPEATABLE_READ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG: bool = env.bool("DEBUG", default=False)
SECRET_KEY: str = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or in .env) when "
            "DEBUG is false; `make run` writes a random one into .env for development."
        )
    SECRET_KEY = "insecure-development-only-key"

ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CACHE_MAX_AGE: int = env.int("CACHE_MAX_AGE", default=300)
REDIS_URL: str = env.str("REDIS_URL", default="")


def throttle_rate(name: str) -> str:
    """A rate in DRF's syntax (requests/period; the period's first letter counts), or "" for none.

    A typo stops start-up instead of turning every API request into a 500.
    """
    rate = env.str(name, default="")
    if rate and not re.fullmatch(r"[1-9][0-9]*/[smhd][a-z]*", rate):
        raise ImproperlyConfigured(f"{name}={rate!r} is not a rate such as 600/minute, 10/second or 5000/day.")
    return rate


THROTTLE_ANON: str = throttle_rate("THROTTLE_ANON")
THROTTLE_USER: str = throttle_rate("THROTTLE_USER")
# Reverse proxies in front that add the client's address to X-Forwarded-For: 1 behind
# deploy/nginx-jobcenter.conf. 0 counts the connection's own address, so a client that
# reaches gunicorn directly cannot pick the address its rate limit counts.
NUM_PROXIES: int = env.int("NUM_PROXIES", default=0)
SECURE_SSL_REDIRECT: bool = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Seconds a database connection is kept between requests (0: one per request, as the dev server needs).
CONN_MAX_AGE: int = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
# HSTS for a year, subdomains and preload list included: a deployer on a shared
# parent domain lowers these (0 switches HSTS off), see docs/security.md.
SECURE_HSTS_SECONDS: int = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS: bool = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD: bool = env.bool("SECURE_HSTS_PRELOAD", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "simple_history",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dataversion",
    "jobcenter_api.readpath",
    "locations",
    "metrics",
    "publishing",
    "website",
]

MIDDLEWARE = [
    "jobcenter_api.http.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "jobcenter_api.http.csp.PrebuiltCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before the throttle, whose token lookup must never see a NUL.
    "jobcenter_api.http.request_limits.RequestLimitsMiddleware",
    # Before the response cache, so cache hits and 304s count too; after CORS, so a
    # browser can read the 429.
    "jobcenter_api.http.throttling.ThrottleMiddleware",
    # Django's sessions, login and messages, for the admin: the API (`/api/`) uses none of them.
    "jobcenter_api.http.browser.BrowserSessionMiddleware",
    "jobcenter_api.http.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "jobcenter_api.http.browser.BrowserAuthenticationMiddleware",
    "jobcenter_api.http.browser.BrowserMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jobcenter_api.http.license.LicenseLinkMiddleware",
    # Innermost, so the headers the others add reach cached answers and 304s too.
    "jobcenter_api.http.caching.ConditionalCacheMiddleware",
]

ROOT_URLCONF = "jobcenter_api.urls"
WSGI_APPLICATION = "jobcenter_api.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jobcenter_api" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE
# A stopped database answers at once with "connection refused"; an unreachable host
# must not hold a worker for the libpq default of forever.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # Django's backend, with a health check that polls the socket before it asks the server.
    DATABASES["default"]["ENGINE"] = "jobcenter_api.db.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# PostgreSQL hot standbys (streaming replication) for public reads: replica_1, replica_2, …
# (jobcenter_api.db). Empty: one database, as before, without router or middleware.
DATABASE_REPLICA_URLS: list[str] = env.list("DATABASE_REPLICA_URLS", default=[])
# Seconds of lag after which a standby leaves the rotation, and how often each process checks.
REPLICA_MAX_LAG: float = env.float("REPLICA_MAX_LAG", default=30)
REPLICA_CHECK_SECONDS: float = env.float("REPLICA_CHECK_SECONDS", default=5)
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    replica = env.db_url_config(url)
    if not replica["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS: {url!r} is not a postgres:// URL of a hot standby.")
    replica.update(ENGINE="jobcenter_api.db.postgresql", CONN_HEALTH_CHECKS=True, CONN_MAX_AGE=CONN_MAX_AGE)
    # One answer, one snapshot (jobcenter_api.db.middleware); a replica that is down must not
    # hold a request long: it is answered again from the primary.
    replica.setdefault("OPTIONS", {}).update(isolation_level=ISOLATION_LEVEL_REPEATABLE_READ, connect_timeout=2)
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{number}"] = replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["jobcenter_api.db.router.ReplicaRouter"]
    # Early, so every layer after it (the throttle's token lookup, sessions, the response
    # cache) reads from the one database chosen for the request.
    MIDDLEWARE.insert(1, "jobcenter_api.db.middleware.ReadReplicaMiddleware")

if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per process (Django's backend builds one per call).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Messages (errors, admin) are English; the data's language is negotiated per
# request by jobcenter_api.http.language.LanguageMiddleware (German by default).
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve from the finders too, so `make run` and the tests need no collectstatic.
WHITENOISE_USE_FINDERS = True

CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
# Reads from any origin, without cookies; writes are for editors' tools, not for
# other sites' pages: a browser's preflight for POST, PUT, PATCH or DELETE fails.
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["Content-Disposition", "ETag", "Last-Modified", "Link", "Retry-After", "X-Request-ID"]

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A body larger than this is a 413 before anything reads it (Django's default, made explicit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Our pages (docs, admin) load only our own static files; no inline script anywhere.
# Inline <style> blocks of our templates carry the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

LICENSE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENSE_ID = "dl-de/by-2-0"
LICENSE_URL = "https://www.govdata.de/dl-de/by-2-0"
PUBLISHER = "Kreisverwaltung Mayen-Koblenz – Jobcenter Mayen-Koblenz"

# The DCAT-AP.de catalogue (/api/v1/catalog): the deployer's contact point (an e-mail
# address or a web page, at least one) and the GovData contributor ID of the portal
# that delivers our metadata to GovData (by default the Land's portal).
CATALOG_CONTACT_NAME: str = env.str("CATALOG_CONTACT_NAME", default="Jobcenter Mayen-Koblenz")
CATALOG_CONTACT_EMAIL: str = env.str("CATALOG_CONTACT_EMAIL", default="")
CATALOG_CONTACT_URL: str = env.str("CATALOG_CONTACT_URL", default="http://www.kvmyk.de/")
CATALOG_CONTRIBUTOR_ID: str = env.str(
    "CATALOG_CONTRIBUTOR_ID",
    default="http://dcat-ap.de/def/contributors/openGovernmentDataPortalRheinlandPfalz",
)
if not (CATALOG_CONTACT_EMAIL or CATALOG_CONTACT_URL):
    raise ImproperlyConfigured("Set CATALOG_CONTACT_EMAIL or CATALOG_CONTACT_URL: DCAT-AP.de needs a contact point.")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["jobcenter_api.downloads.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["jobcenter_api.api.parsers.SafeJSONParser"],
    # Token first: an anonymous write is a 401 (with WWW-Authenticate), not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["jobcenter_api.api.writes.ReadOpenWriteEditors"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "jobcenter_api.downloads.negotiation.StrictContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "jobcenter_api.api.pagination.StrictLimitOffsetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "jobcenter_api.api.schema.JobcenterAutoSchema",
    "EXCEPTION_HANDLER": "jobcenter_api.api.errors.exception_handler",
    "PAGE_SIZE": 100,
    "COERCE_DECIMAL_TO_STRING": False,
    # No DRF throttles: jobcenter_api.http.throttling counts every request once, before the
    # response cache (THROTTLE_ANON, THROTTLE_USER).
    "DEFAULT_THROTTLE_CLASSES": [],
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Jobcenter Mayen-Koblenz open-data API",
    "DESCRIPTION": (
        "Figures of the Jobcenter Mayen-Koblenz (Landkreis Mayen-Koblenz, regional key "
        "07137): unemployment rate, integrations into work, long-term benefit recipients "
        "compared with the state and the federation, staff, the refugee caseload, the "
        "budget, and the five office locations.\n\n"
        "Every figure carries its source and the German sentence it comes from "
        "(`source_quote`) with its qualifier (`approximately` for 'rund', `more_than` for "
        "'mehr als'). Source today: press release 'PD 380-2017 Jobcenter Mayen-Koblenz ist "
        "ein Erfolgsmodell' of the Kreisverwaltung Mayen-Koblenz (2017).\n\n"
        f"License of this data set: {LICENSE_NAME} ({LICENSE_ID}, {LICENSE_URL}). "
        "The license of the source article is not stated.\n\n"
        'Errors are JSON: `{"field": ["message"]}` for a bad query parameter or body '
        'field, `{"detail": "message"}` otherwise.'
    ),
    "VERSION": "1.0.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jobcenter_api.api.schema.document_change_feed",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "QualifierEnum": "metrics.models.vocabulary.Qualifier",
        "GranularityEnum": "metrics.models.vocabulary.Granularity",
        "UnitEnum": "metrics.models.vocabulary.Unit",
        "FactUnitEnum": "locations.models.FactUnit",
        "StatusEnum": "metrics.models.vocabulary.Status",
        "ReleaseStatusEnum": "publishing.models.ReleaseStatus",
    },
    "LICENSE": {"name": LICENSE_NAME, "url": LICENSE_URL},
    "CONTACT": {"name": "Jobcenter Mayen-Koblenz"},
    "TAGS": [
        {"name": "catalogue", "description": "Indicators, areas and sources."},
        {"name": "metrics", "description": "Observations: one figure per indicator, area, period and source."},
        {"name": "refugees", "description": "The refugee caseload and its breakdowns."},
        {"name": "budgets", "description": "The budget by fiscal year and category."},
        {"name": "locations", "description": "The Jobcenter's office locations."},
        {"name": "years", "description": "Everything published for one year."},
        {"name": "metadata", "description": "Machine-readable catalogues: DCAT-AP.de and a Frictionless Data Package."},
        {"name": "changes", "description": "The change log of published data, newest first."},
        {
            "name": "releases",
            "description": "The release calendar: when figures become public, all at once, and the publication policy.",
        },
        {"name": "charts", "description": "Charts of the series (SVG, PNG, Vega-Lite) and Datawrapper metadata."},
    ],
}

# One JSON line per request on stdout (jobcenter_api.http.request_log);
# Django's own per-request warnings ("Not Found: …") would only repeat it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "jobcenter_api.http.request_log.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "jobcenter_api.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
    },
}
