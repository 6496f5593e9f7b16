"""How every app answers a script (JSON) and a request whose session has ended: a script gets 401 JSON naming
the login page and keeps what was typed; a page gets the login redirect; both come back where they were."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def login_required_json(view=None, *, back=None, script_back=None):
    """Like login_required, but a script's request gets 401 JSON naming the login page (with `next` back to
    the entry page) instead of a redirect the script would silently follow.

    After logging in again the user lands where they were: a page they asked for (GET) is asked for again;
    a form they sent lands on `back(request, **kwargs)` when the view names one (its own page, carrying
    what can be carried of the input), else where `script_back(**kwargs)` says (or the home page)."""
    if view is None:
        return lambda view: login_required_json(view, back=back, script_back=script_back)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if wants_json(request) or (request.method != "GET" and back is None):
            # A script runs on the entry page; a row's form is posted from it.
            target = script_back(**kwargs) if script_back else resolve_url(settings.LOGIN_REDIRECT_URL)
        elif request.method == "GET":
            target = request.get_full_path()
        else:
            target = back(request, **kwargs)
        return login_needed(request, target)

    return wrapper


def login_needed(request: HttpRequest, back: str) -> HttpResponse:
    """The answer to a request whose session has ended: 401 JSON naming the login page for a script (which
    keeps what was typed), the login redirect for a page; both come back to `back`."""
    if wants_json(request):
        login = f"{resolve_url('login')}?{urlencode({'next': back})}"
        return JsonResponse(
            {
                "error": "session",
                "message": _("আপনার সেশন শেষ হয়েছে। আবার লগইন করুন; লেখা হারাবে না।"),
                "login_url": login,
            },
            status=401,
        )
    return redirect_to_login(back)


def form_errors(form) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def query_without_page(request: HttpRequest) -> str:
    """The list's filters (a search, a year) for its page links to carry on."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
