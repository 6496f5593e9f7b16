"""The site's 500 handler: a database that cannot be reached is a 503 the user may retry, not a crash."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from psycopg_pool import PoolTimeout

# PostgreSQL down, restarting or refusing connections, or no pooled connection free in time (Django wraps
# psycopg's errors, PoolTimeout included, in its own OperationalError; PoolTimeout is listed for any path that
# reaches the pool directly). Raised in a view or in a middleware (the session, the user), they all end here.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_SECONDS = 30


def server_error(request, template_name: str = "500.html"):
    """Django's 500 page, or the 503 page with Retry-After when the database is what failed. Like the 500
    page it renders without the request's context: nothing in it may need the database."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request, template_name)
