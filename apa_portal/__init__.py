"""APA Portal project package: settings, root URLs, WSGI/ASGI entry points.

Nothing is imported here, so that the pure Bangla core (`apa_portal.bangla`) loads without Django or Celery.
The Celery app lives in `apa_portal.celery`: `celery -A apa_portal worker` finds it there, and the task
modules import it, so a task is always sent with the project's configuration.
"""
