"""Celery application; in the embedded default tasks run eagerly, so no broker is needed."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apa_portal.settings.development")

app = Celery("apa_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
