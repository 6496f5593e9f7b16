"""Production: refuses to start without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and an e-mail backend that
sends mail; PostgreSQL through Django's psycopg 3 connection pool; HTTPS-only cookies and HSTS; static files
served by WhiteNoise from hashed names; pages compressed."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env, with_connect_timeout, with_prepared_statements


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value.strip():
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


def _positive_int(name: str, default: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS names no host: give the site's host names, comma-separated.")
DEBUG = False
DEMO_USERS = False
DEMO_TODAY = False

# Password-reset links and notifications must reach people's mailboxes, never the server's log or memory.
EMAIL_BACKEND = _required("EMAIL_BACKEND").strip()
NOT_SENDING = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
if EMAIL_BACKEND in NOT_SENDING:
    raise ImproperlyConfigured(
        "Set EMAIL_BACKEND to a backend that sends mail (e.g. django.core.mail.backends.smtp.EmailBackend "
        "with EMAIL_HOST): password-reset links must not be written to the log."
    )
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

DATABASES = {
    "default": with_connect_timeout(with_prepared_statements(env.db_url_config(_required("DATABASE_URL"))))
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be a postgres:// URL.")
# Django's psycopg 3 connection pool, one per process. A sync gunicorn worker (gunicorn.conf.py) serves one
# request at a time: the pool keeps its connection open between requests (no connection set-up per request)
# and lends up to DB_POOL_MAX to code that runs threads. The pool works only without persistent connections
# (CONN_MAX_AGE 0). With CONN_HEALTH_CHECKS Django 5.2 hands the pool psycopg's `check_connection`, so a
# connection broken by a restarted PostgreSQL is replaced before a request gets it (Django passes that
# callback itself, so the pool options must not carry a `check` of their own). Size PostgreSQL's
# max_connections for machines x processes x DB_POOL_MAX, or put PgBouncer in front.
pool_min = _positive_int("DB_POOL_MIN", default=1)
pool_max = _positive_int("DB_POOL_MAX", default=4)
if pool_min > pool_max:
    raise ImproperlyConfigured(f"DB_POOL_MIN ({pool_min}) must not exceed DB_POOL_MAX ({pool_max}).")
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A request waits at most DB_POOL_TIMEOUT seconds for a connection (psycopg_pool's default is 30): long
# enough to ride out a PostgreSQL restart, short enough that during an outage a worker answers the 503 page
# (apa_portal/errors.py) and takes the next request instead of every worker hanging (README, "Database
# faults").
pool_timeout = _positive_int("DB_POOL_TIMEOUT", default=5)
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": pool_min,
    "max_size": pool_max,
    "timeout": pool_timeout,
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
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# Behind nginx (deploy/): the client address is the one it appends to X-Forwarded-For (login lockout, audit).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The language switch's cookie, like the others: only over HTTPS, out of reach of scripts (no page script
# reads it: the page's language is on <html lang>), and not sent along by other sites' requests.
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SITE_URL = env.str("SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])
