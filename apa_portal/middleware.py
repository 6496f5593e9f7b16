"""Request middleware of the whole site."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import add_never_cache_headers


class BanglaFirstLocaleMiddleware(LocaleMiddleware):
    """Bangla unless the user chose English with the language switch (its cookie). The browser's
    Accept-Language is not consulted: most office computers run browsers set to English, and the product's
    language is Bangla (DESIGN.md section 6)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, for the login lockout and the audit rows. Behind TRUSTED_PROXY_COUNT
    proxies, each appends the address it was reached from to X-Forwarded-For, so the client's is that many
    places from the right; anything left of it was written by the client and is not believed."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count and forwarded[-count]:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


SESSION_STARTED = "apa_session_started"
SESSION_SEEN = "apa_session_seen"
# The last-seen time is written at most this often, so that a session is not saved on every request.
SEEN_RESOLUTION = 60


class SessionLifetimeMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request, or SESSION_MAX_AGE
    seconds after it began. The request then goes on as an anonymous one, exactly as with a session that
    expired by itself: pages send the reader to the login page and the entry page keeps unsaved input."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        now = int(time.time())
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        if now - seen > settings.SESSION_IDLE_TIMEOUT:
            end_session(request, "idle")
        elif now - started > settings.SESSION_MAX_AGE:
            end_session(request, "lifetime")
        elif now - seen >= SEEN_RESOLUTION or SESSION_SEEN not in session:
            session[SESSION_SEEN] = now


def end_session(request: HttpRequest, reason: str) -> None:
    # The reason reaches the audit row written on user_logged_out (agreements/account_audit.py).
    request.session_end_reason = reason
    logout(request)


class NoStoreForSignedInMiddleware:
    """No page or download seen signed in is kept by the browser or a proxy: on a shared office computer the
    next person must not find it with the back button or in the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
