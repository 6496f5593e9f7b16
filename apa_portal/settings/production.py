"""Production: refuses to start without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; PostgreSQL with a
persistent connection per worker (or Django's connection pool); HTTPS-only cookies and HSTS; static files
served by WhiteNoise from hashed names; pages compressed."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value.strip():
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
DEBUG = False
DEMO_USERS = False

DATABASES = {"default": env.db_url_config(_required("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be a postgres:// URL.")
# A gunicorn worker serves one request at a time (gunicorn.conf.py), so it keeps one connection open between
# requests, checked before each request reuses it (a restarted PostgreSQL fails no request). A threaded or
# async server shares connections between its threads instead: DB_POOL_MAX switches to Django's psycopg 3
# pool of that size per process.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env.int("DB_POOL_MAX", default=0):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN", default=2),
        "max_size": env.int("DB_POOL_MAX"),
    }

# With CACHE_URL (Redis, e.g. redis://127.0.0.1:6379/1) every request reads its session from the cache
# instead of the database; sessions are still written through to the database, so a flushed or restarted
# cache logs nobody out.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Static files straight from the app servers, compressed and with far-future caching of hashed names.
# Pages are compressed here too, so that no deployment depends on the proxy doing it: the entry page of a
# 60-indicator agreement is 180 KB, 8 KB compressed, which matters on an upazila office's line. After
# WhiteNoise, which answers static files (already compressed) before this runs. BREACH needs a secret in the
# compressed body: the only one our pages carry is the CSRF token, which Django masks differently in every
# response, and Django pads every compressed response with random bytes (its documented mitigations); the
# session cookie travels in headers, which are not compressed.
MIDDLEWARE = [
    MIDDLEWARE[0],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])

# ---- Evidence on S3-compatible storage (issue 4): EVIDENCE_S3_BUCKET switches it on (see base.py) ------
from .base import s3_storage  # noqa: E402

if s3_storage(env):
    STORAGES = {**STORAGES, "default": s3_storage(env)}
# ---- end of evidence storage block -----------------------------------------------------------------------
