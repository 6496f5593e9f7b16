"""Celery application; in the embedded default tasks run eagerly, so no broker is needed.

Task modules declare their tasks with `app.task` from here (not `shared_task`): importing a task then
creates and configures this app, so a task sent from a web process never falls back to Celery's default app
(an AMQP broker on localhost, not eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apa_portal.settings.development")

app = Celery("apa_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
