"""WSGI entry point (gunicorn apa_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apa_portal.settings.development")
application = get_wsgi_application()
