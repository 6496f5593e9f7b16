"""The production settings, except that static files are named as they are rather than by a manifest that
only `collectstatic` writes (30 s): for tests that run production's request path in a fresh process."""

from apa_portal.settings.production import *  # noqa: F403
from apa_portal.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
