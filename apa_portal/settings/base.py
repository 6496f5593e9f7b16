"""Settings shared by every environment. Values come from environment variables (django-environ), and a bad
value fails loudly at start-up rather than half-working."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "agreements",
    "indicators",
    "evidence",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apa_portal.middleware.BanglaFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "apa_portal.urls"
WSGI_APPLICATION = "apa_portal.wsgi.application"
ASGI_APPLICATION = "apa_portal.asgi.application"

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
                "agreements.context_processors.navigation",
            ],
            # Bangla digits and dates are needed on nearly every page and document.
            "builtins": ["apa_portal.templatetags.bangla"],
            "libraries": {"bangla": "apa_portal.templatetags.bangla"},
        },
    },
]

# SQLite in the project folder is the embedded default: a first run needs no environment at all.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}


def with_prepared_statements(database: dict) -> dict:
    """On PostgreSQL, psycopg 3 binds parameters on the server and prepares a statement once a connection has
    run it DB_PREPARE_THRESHOLD times (default 5): the busiest requests repeat the same dozen statements, and
    a prepared one skips parsing and planning (PostgreSQL's CPU for a save falls by about 40 %, measured with
    bench-entry). PgBouncer in transaction mode keeps prepared statements only from version 1.21 with
    max_prepared_statements set; behind an older one, set DB_PREPARE_THRESHOLD=none."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return database
    threshold = env.str("DB_PREPARE_THRESHOLD", default="5").strip().lower()
    if threshold != "none" and not (threshold.isdigit() and int(threshold) >= 0):
        raise ImproperlyConfigured("DB_PREPARE_THRESHOLD must be a whole number (0 or more) or 'none'.")
    options = database.setdefault("OPTIONS", {})
    options["server_side_binding"] = True
    options["prepare_threshold"] = None if threshold == "none" else int(threshold)
    return database


DATABASES["default"] = with_prepared_statements(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agreements.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bangla is the language of the interface and of every document; English is the alternative.
LANGUAGE_CODE = "bn"
LANGUAGES = [("bn", _("বাংলা")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Dhaka"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Where the portal is reached: e-mails link to its pages with it (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="apa-portal@localhost")

# Without a broker URL, tasks run in-process (eager) so the embedded default needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# The demo users of `load_seeds` share this password; it only exists where DEMO_USERS is true.
DEMO_USERS = env.bool("DEMO_USERS", default=False)
DEMO_PASSWORD = "apa-demo-2025"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step of every page at INFO; its warnings (missing fonts, bad CSS) matter.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Evidence uploads above this size are refused with a message (the type is checked from the content).
EVIDENCE_MAX_UPLOAD_MB = env.float("EVIDENCE_MAX_UPLOAD_MB", default=10.0)
if EVIDENCE_MAX_UPLOAD_MB <= 0:
    raise ImproperlyConfigured("EVIDENCE_MAX_UPLOAD_MB must be a positive number of megabytes.")


def positive(name: str, value: float) -> float:
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive number.")
    return value


# A zip container (docx, xlsx, pptx, odt...) is refused when its members declare more than this in total,
# or more than this ratio times the file's size (evidence/validation.py: check_archive).
EVIDENCE_ARCHIVE_MAX_MB = positive(
    "EVIDENCE_ARCHIVE_MAX_MB", env.float("EVIDENCE_ARCHIVE_MAX_MB", default=100.0)
)
EVIDENCE_ARCHIVE_MAX_RATIO = positive(
    "EVIDENCE_ARCHIVE_MAX_RATIO", env.float("EVIDENCE_ARCHIVE_MAX_RATIO", default=100.0)
)
# Evidence items (files and links) one person may add in 24 hours, and that one indicator or plan item may
# list in one quarter (evidence/services.py: check_quota).
EVIDENCE_DAILY_LIMIT_PER_USER = int(
    positive("EVIDENCE_DAILY_LIMIT_PER_USER", env.int("EVIDENCE_DAILY_LIMIT_PER_USER", default=200))
)
EVIDENCE_LIMIT_PER_QUARTER = int(
    positive("EVIDENCE_LIMIT_PER_QUARTER", env.int("EVIDENCE_LIMIT_PER_QUARTER", default=20))
)
# Seconds a link's host name may take to resolve before the link is accepted unchecked (validate_link).
EVIDENCE_LINK_LOOKUP_TIMEOUT = positive(
    "EVIDENCE_LINK_LOOKUP_TIMEOUT", env.float("EVIDENCE_LINK_LOOKUP_TIMEOUT", default=2.0)
)
# Virus scanning of evidence uploads through a ClamAV daemon (evidence/antivirus.py): off unless a socket
# or a host is named. When it is on and the daemon cannot be reached, uploads are refused (fail closed).
CLAMAV_SOCKET = env.str("CLAMAV_SOCKET", default="")
CLAMAV_HOST = env.str("CLAMAV_HOST", default="")
CLAMAV_PORT = env.int("CLAMAV_PORT", default=3310)
CLAMAV_TIMEOUT = positive("CLAMAV_TIMEOUT", env.float("CLAMAV_TIMEOUT", default=30.0))
if CLAMAV_SOCKET and CLAMAV_HOST:
    raise ImproperlyConfigured("Set CLAMAV_SOCKET or CLAMAV_HOST, not both.")


def s3_storage(environment: environ.Env) -> dict | None:
    """The default storage on S3-compatible object storage when EVIDENCE_S3_BUCKET is set (django-storages);
    None keeps files on local disk. Credentials come from the usual AWS_* variables or the instance role."""
    bucket = environment.str("EVIDENCE_S3_BUCKET", default="")
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environment.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
            "region_name": environment.str("EVIDENCE_S3_REGION", default="") or None,
            "location": environment.str("EVIDENCE_S3_PREFIX", default=""),
            # Evidence is private: downloads go through the portal's permission check, never a public URL.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


# Evidence files on local disk (MEDIA_ROOT) unless EVIDENCE_S3_BUCKET names an object-storage bucket; every
# environment decides here, so production only changes how static files are served.
STORAGES = {
    "default": s3_storage(env) or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The user and their office memberships in one query per request (agreements/backends.py).
AUTHENTICATION_BACKENDS = ["agreements.backends.MembershipBackend"]

# Daily deadline reminders: `celery -A apa_portal beat` runs them each morning (agreements/tasks.py).
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-deadline-reminders": {
        "task": "agreements.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
