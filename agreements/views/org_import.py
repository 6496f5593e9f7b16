"""The administrator's import of the office tree or of people: upload → preview (what would change, or every
problem) → confirm. The uploaded file waits in storage between the two, named in the session with its SHA-256,
which the confirming form carries back: a file changed or replaced in between is not imported."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import OrgImportForm
from ..org_import import OFFICE_COLUMNS, USER_COLUMNS, import_offices, import_users
from ..selectors import is_administrator

IMPORTERS = {"offices": import_offices, "users": import_users}
SESSION_KEY = "apa_org_import"
# A preview lists at most this many problems (the count is of all of them).
SHOWN_PROBLEMS = 200


def require_administrator(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


def digest_of(name: str) -> str:
    sha = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def forget_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and default_storage.exists(pending["name"]):
        default_storage.delete(pending["name"])


def page(request: HttpRequest, form: OrgImportForm, outcome=None, *, kind: str = "", filename: str = ""):
    context = {
        "form": form,
        "office_columns": ",".join(OFFICE_COLUMNS),
        "user_columns": ",".join(USER_COLUMNS),
        "outcome": outcome,
        "kind": kind,
        "filename": filename,
        "problems": outcome.problems[:SHOWN_PROBLEMS] if outcome else [],
        "pending": request.session.get(SESSION_KEY),
    }
    status = 422 if form.errors or (outcome and outcome.problems) else 200
    return render(request, "agreements/org_import.html", context, status=status)


@login_required
def org_import(request: HttpRequest) -> HttpResponse:
    require_administrator(request)
    form = OrgImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return page(request, form)
    forget_upload(request)
    kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
    name = default_storage.save(
        f"org-imports/{uuid.uuid4().hex}{PurePath(upload.name).suffix.lower()}", upload
    )
    with default_storage.open(name, "rb") as stored:
        outcome = IMPORTERS[kind](file=stored, filename=upload.name, actor=request.user, dry_run=True)
    if outcome.problems or not outcome.changed:
        default_storage.delete(name)
    else:
        request.session[SESSION_KEY] = {
            "name": name,
            "kind": kind,
            "filename": upload.name,
            "sha256": digest_of(name),
        }
    return page(request, form, outcome, kind=kind, filename=upload.name)


@login_required
@require_POST
def org_import_confirm(request: HttpRequest) -> HttpResponse:
    require_administrator(request)
    pending = request.session.get(SESSION_KEY)
    if (
        not pending
        or request.POST.get("sha256") != pending["sha256"]
        or not default_storage.exists(pending["name"])
        or digest_of(pending["name"]) != pending["sha256"]
    ):
        forget_upload(request)
        messages.error(request, _("আমদানির ফাইলটি আর পাওয়া যাচ্ছে না বা বদলে গেছে: আবার আপলোড করুন।"))
        return redirect("agreements:org_import")
    with default_storage.open(pending["name"], "rb") as stored:
        outcome = IMPORTERS[pending["kind"]](file=stored, filename=pending["filename"], actor=request.user)
    forget_upload(request)
    if outcome.problems:
        # The stored tree changed between the preview and the confirmation.
        return page(request, OrgImportForm(), outcome, kind=pending["kind"], filename=pending["filename"])
    messages.success(request, outcome.summary())
    return redirect("agreements:org_import")
