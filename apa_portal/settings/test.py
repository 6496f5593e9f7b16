"""Settings for the test suite: fast hashing, in-memory e-mail and files kept in a temporary folder.
`DATABASE_URL` still switches the suite to PostgreSQL (CI runs it on both)."""

import tempfile

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DEMO_USERS = True
DEMO_TODAY = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="apa-test-media-"))
CELERY_TASK_ALWAYS_EAGER = True
