"""The embedded default: DEBUG on, SQLite in the project folder, eager Celery, console e-mail, demo users."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="development-only-not-secret-3c1f0b6e6d0a4f0c")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
DEMO_USERS = env.bool("DEMO_USERS", default=True)
DEMO_TODAY = env.bool("DEMO_TODAY", default=True)
