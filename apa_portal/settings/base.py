"""Settings shared by every environment. Values come from environment variables (django-environ), and a bad
value fails loudly at start-up rather than half-working."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # Django's admin, asking for a verified second factor (apa_portal/admin_site.py).
    "apa_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # django-csp's system checks (they catch settings of its old, pre-4.0 format).
    "csp",
    "agreements",
    "indicators",
    "evidence",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apa_portal.middleware.BanglaFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apa_portal.middleware.SessionLifetimeMiddleware",
    "apa_portal.middleware.NoStoreForSignedInMiddleware",
    # After the session checks (a session that has just ended is not asked for a code) and inside no-store.
    "agreements.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page (agreements/views/account.py).
    "axes.middleware.AxesMiddleware",
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

# Content-Security-Policy (django-csp): every script and style comes from the portal's own static files, so
# an injected <script>, event-handler attribute or style attribute does nothing; no other site may frame the
# pages, receive their forms or stand in as their base address. The pages keep to it (no inline script or
# style: tests/test_security_headers.py reads every page template); CSS from Bootstrap draws its icons from
# data: images. The PDFs are laid out by WeasyPrint on the server and are not under a browser's policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the portal uses none of the browser's devices or sensors, so
# no page, nor anything injected into one, may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

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


def with_connect_timeout(database: dict) -> dict:
    """On PostgreSQL, a connection attempt gives up after DB_CONNECT_TIMEOUT seconds (default 5): a database
    host that is down or unreachable fails the request with the 503 page (apa_portal/errors.py) instead of
    holding the worker for as long as the operating system keeps trying."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return database
    timeout = env.int("DB_CONNECT_TIMEOUT", default=5)
    if timeout < 1:
        raise ImproperlyConfigured("DB_CONNECT_TIMEOUT must be a whole number of seconds, at least 1.")
    database.setdefault("OPTIONS", {})["connect_timeout"] = timeout
    return database


DATABASES["default"] = with_connect_timeout(with_prepared_statements(DATABASES["default"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agreements.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
# Django's validators, and one that refuses passwords made of the site's own words and the user's offices
# ("apa-demo", "apaportal2025", "mymensingh-123"), which a guesser tries first.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "agreements.password_validation.SiteWordsValidator"},
]
# Words no password may resemble, besides the user's own offices (names and codes).
PASSWORD_SITE_WORDS = env.list(
    "PASSWORD_SITE_WORDS",
    default=["apa", "apa-demo", "apa-portal", "apaportal", "portal", "bangladesh", "ict-division", "a2i"],
)

# Brute force (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address,
# logins there are refused for LOGIN_LOCKOUT_MINUTES, on the login page and the admin's alike; an
# administrator unlocks earlier by deleting the account's rows under "Access attempts" in the admin, or with
# `python manage.py axes_reset_username LOGIN` / `axes_reset_ip ADDRESS`.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "agreements.views.account.lockout_response"
# Behind the proxy every request comes from 127.0.0.1: the client's address is the one the proxy appended
# last to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for). TRUSTED_PROXY_COUNT proxies are in front.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "apa_portal.middleware.client_address"
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME.total_seconds() <= 0:
    raise ImproperlyConfigured(
        "LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be positive whole numbers."
    )

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_MAX_AGE seconds after
# logging in whatever the activity (apa_portal.middleware.SessionLifetimeMiddleware); shared office computers
# are the reason. The cookie and the stored session never outlive the absolute lifetime either.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_MAX_AGE = env.int("SESSION_MAX_AGE", default=12 * 60 * 60)
if not 0 < SESSION_IDLE_TIMEOUT <= SESSION_MAX_AGE:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT must be positive and at most SESSION_MAX_AGE (seconds).")
SESSION_COOKIE_AGE = SESSION_MAX_AGE

# The second factor (django-otp, TOTP): administrators, supervisors and staff must enrol an authenticator app
# and enter its code after their password; everyone else may (agreements/second_factor.py). The issuer is the
# name the authenticator app shows beside the code. A wrong code counts towards the lockout above, and each
# device also waits longer after every wrong code (django-otp's throttling, reset by a right one).
OTP_TOTP_ISSUER = env.str("OTP_ISSUER", default="APA Portal")

# The Django admin's path: set ADMIN_URL to something not guessed (ending in "/") on a public server.
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(
        "ADMIN_URL is a path like 'office-admin/': no leading slash, one trailing slash."
    )

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
# A task is acknowledged once it has run, and given back to the broker when the worker process running it dies
# (killed, out of memory), so another worker runs it; each task is safe to run twice (reports.services).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Bulk export parts are leased (reports.services, "Crash safety"): a running part not heard from for this long
# (renewed after each office, so it bounds one office's render) is taken to have lost its worker and runs
# again, at most EXPORT_PART_MAX_ATTEMPTS times before its job fails; beat sweeps for such parts this often.
# Background imports (reports.imports) are leased by the same three settings; their lease is renewed as the
# rows are read, so it also bounds the import's saving, one transaction.
EXPORT_PART_LEASE_SECONDS = env.int("EXPORT_PART_LEASE_SECONDS", default=300)
EXPORT_PART_MAX_ATTEMPTS = env.int("EXPORT_PART_MAX_ATTEMPTS", default=3)
EXPORT_SWEEP_SECONDS = env.int("EXPORT_SWEEP_SECONDS", default=60)
if min(EXPORT_PART_LEASE_SECONDS, EXPORT_PART_MAX_ATTEMPTS, EXPORT_SWEEP_SECONDS) < 1:
    raise ImproperlyConfigured(
        "EXPORT_PART_LEASE_SECONDS, EXPORT_PART_MAX_ATTEMPTS and EXPORT_SWEEP_SECONDS must be at least 1."
    )

# The demo users of `load_seeds` share this password; it only exists where DEMO_USERS is true.
DEMO_USERS = env.bool("DEMO_USERS", default=False)
DEMO_PASSWORD = "apa-demo-2025"
# Where DEMO_USERS is true too, `load_seeds` adds the fiscal year of today with work waiting for every demo
# persona (agreements.seeding.demo); the test suite turns it on only where it tests it.
DEMO_TODAY = env.bool("DEMO_TODAY", default=False)

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


# Excel imports: a workbook is refused, with a message, before openpyxl parses it when its package passes
# one of these (reports/importer/limits.py `check_package`). A 60-indicator agreement's workbook, as the
# portal writes it, is about 0.3 MB expanded, 13 sheets and 3,000 cells, its parts compressed about tenfold;
# Excel's own saving adds a little. At the cell limit openpyxl loads a workbook in about 85 MB and 4 s.
def import_limit(name: str, default: int) -> int:
    value = env.int(name, default=default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1, not {value}.")
    return value


IMPORT_MAX_UNCOMPRESSED_MB = import_limit("IMPORT_MAX_UNCOMPRESSED_MB", 20)  # the whole package, expanded
IMPORT_MAX_PART_MB = import_limit("IMPORT_MAX_PART_MB", 10)  # one part (a sheet, the shared strings)
# Expanded ÷ compressed, for a part of more than 1 MB (the portal's own parts: about 9).
IMPORT_MAX_COMPRESSION_RATIO = import_limit("IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_PARTS = import_limit("IMPORT_MAX_PARTS", 500)
IMPORT_MAX_SHEETS = import_limit("IMPORT_MAX_SHEETS", 30)
# Cells, rows and merged cells in the workbook, and each sheet's last row × last column.
IMPORT_MAX_CELLS = import_limit("IMPORT_MAX_CELLS", 200_000)
# An upload of this many bytes or more is imported in the background, its page showing the progress
# (reports.imports); a smaller one (the portal's own workbooks: some tens of KB) within its request.
IMPORT_BACKGROUND_BYTES = import_limit("IMPORT_BACKGROUND_BYTES", 200 * 1024)


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
# django-axes' backend first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "agreements.backends.MembershipBackend"]

# Daily deadline reminders: `celery -A apa_portal beat` runs them each morning (agreements/tasks.py).
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-deadline-reminders": {
        "task": "agreements.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "sweep-export-parts": {"task": "reports.tasks.sweep_export_parts", "schedule": EXPORT_SWEEP_SECONDS},
    "sweep-import-jobs": {"task": "reports.tasks.sweep_import_jobs", "schedule": EXPORT_SWEEP_SECONDS},
}
