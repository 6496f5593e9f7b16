"""Evidence pages: attach a file or a link to an indicator's quarter, download a file (streamed through the
storage API after the scope check), remove an item (recorded in the audit trail)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements.access import require_role
from agreements.selectors import agreements_visible_to, get_agreement_for, roles_for
from apa_portal import display
from apa_portal.http import login_required_json, wants_json
from indicators.selectors import check_quarter, indicator_in, quarter_state
from indicators.selectors.quarters import QuarterLocked
from indicators.services import ENTRY_ROLES

from . import services
from .forms import EvidenceFileForm, EvidenceLinkForm, EvidenceRemoveForm
from .models import EvidenceItem, EvidenceKind


def evidence_page_url(pk: int, quarter: int, indicator_id: int) -> str:
    return reverse("evidence:indicator", args=[pk, quarter, indicator_id])


def item_payload(item: EvidenceItem) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "name": item.original_name or item.url,
        "url": item.url if item.kind == EvidenceKind.LINK else reverse("evidence:download", args=[item.pk]),
        "remove_url": reverse("evidence:remove", args=[item.pk]),
    }


# What of an evidence form survives logging in again: carried in the URL back to the evidence page (a chosen
# file cannot be carried; its description can).
KEPT_FIELDS = ("kind", "url", "description")


def entry_of(pk: int, quarter: int, indicator_id: int) -> str:
    """Where a script's request comes back to after logging in again: the quarter's entry page."""
    return reverse("indicators:entry", args=[pk, quarter])


def evidence_back(request: HttpRequest, pk: int, quarter: int, indicator_id: int) -> str:
    """The evidence page, with the typed link and description, for a form sent after the session ended."""
    kept = {name: request.POST[name] for name in KEPT_FIELDS if request.POST.get(name)}
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


@login_required_json(back=evidence_back, script_back=entry_of)
def indicator_evidence(request: HttpRequest, pk: int, quarter: int, indicator_id: int) -> HttpResponse:
    """GET lists the evidence of an indicator's quarter (with the forms to add and remove, when the office
    may); POST adds a file or a link."""
    check_quarter(quarter)
    if request.method == "POST":
        return evidence_add(request, pk, quarter, indicator_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    agreement = get_agreement_for(request.user, pk)
    indicator = indicator_in(agreement, indicator_id)
    # Input carried back through the login page (see evidence_back) fills the form it was typed in.
    kept = {name: request.GET.get(name, "") for name in KEPT_FIELDS}
    is_file = kept["kind"] == EvidenceKind.FILE
    return render_evidence_page(
        request,
        agreement,
        indicator,
        quarter,
        file_form=EvidenceFileForm(initial=kept if is_file else None),
        link_form=EvidenceLinkForm(initial=None if is_file else kept),
    )


def render_evidence_page(
    request: HttpRequest,
    agreement,
    indicator,
    quarter: int,
    *,
    file_form: EvidenceFileForm,
    link_form: EvidenceLinkForm,
    refused: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    state = quarter_state(agreement, quarter)
    items = EvidenceItem.objects.filter(
        indicator=indicator, quarter=quarter, removed_at__isnull=True
    ).select_related("uploaded_by")
    return render(
        request,
        "evidence/indicator.html",
        {
            "agreement": agreement,
            "indicator": indicator,
            "quarter": quarter,
            "quarter_label": display.quarter_ordinal(quarter),
            "state": state,
            "items": items,
            "can_edit": state.is_open and bool(roles_for(request.user, agreement) & set(ENTRY_ROLES)),
            "max_mb": settings.EVIDENCE_MAX_UPLOAD_MB,
            "file_form": file_form,
            "link_form": link_form,
            # An item the closed quarter did not take: said above the page, with the link that was typed.
            "refused": refused,
        },
        status=status,
    )


def evidence_add(request: HttpRequest, pk: int, quarter: int, indicator_id: int) -> HttpResponse:
    """One form for both kinds: a `file` attaches a file, a `url` a link. A refused one shows the page again
    with what was typed and the reason next to the field (400), or why the quarter is closed (403)."""
    agreement = get_agreement_for(request.user, pk, require=ENTRY_ROLES)
    indicator = indicator_in(agreement, indicator_id)
    is_file = bool(request.FILES.get("file")) or request.POST.get("kind") == EvidenceKind.FILE
    form = (EvidenceFileForm if is_file else EvidenceLinkForm)(request.POST, request.FILES)
    item = None
    status = 400
    refused = None
    if form.is_valid():
        try:
            if is_file:
                item = services.evidence_add_file(
                    indicator=indicator,
                    quarter=quarter,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    actor=request.user,
                )
            else:
                item = services.evidence_add_link(
                    indicator=indicator,
                    quarter=quarter,
                    url=form.cleaned_data["url"],
                    description=form.cleaned_data["description"],
                    actor=request.user,
                )
        except QuarterLocked as locked:
            # A page left open after the quarter closed: the item was not added, and the person is told why.
            form.add_error(None, locked.messages)
            status = 403
            template = _("ফাইলটি যুক্ত হয়নি: %(reason)s") if is_file else _("লিংকটি যুক্ত হয়নি: %(reason)s")
            refused = {
                "message": template % {"reason": locked.messages[0]},
                "url": "" if is_file else form.cleaned_data["url"],
            }
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, field_messages in fields.items():
                form.add_error(field if field in form.fields else None, field_messages)
    if wants_json(request):
        if item is None:
            errors = {key: [str(e) for e in value] for key, value in form.errors.items()}
            locked = {"locked": True, "message": refused["message"]} if refused else {}
            return JsonResponse({"ok": False, "errors": errors, **locked}, status=status)
        return JsonResponse({"ok": True, "item": item_payload(item)})
    if item is None:
        return render_evidence_page(
            request,
            agreement,
            indicator,
            quarter,
            file_form=form if is_file else EvidenceFileForm(),
            link_form=EvidenceLinkForm() if is_file else form,
            refused=refused,
            status=status,
        )
    messages.success(request, _("[%(code)s]-এ প্রমাণক যুক্ত হয়েছে।") % {"code": display.digits(indicator.code)})
    return redirect(evidence_page_url(agreement.pk, quarter, indicator.pk))


def visible_item(request: HttpRequest, item_id: int) -> EvidenceItem:
    """The item if its agreement is in the user's scope; 404 otherwise (and for plan-item evidence, which
    has its own pages)."""
    item = get_object_or_404(
        EvidenceItem.objects.select_related("indicator__agreement"), pk=item_id, indicator__isnull=False
    )
    if not agreements_visible_to(request.user).filter(pk=item.indicator.agreement_id).exists():
        raise Http404
    return item


@login_required
@require_GET
def evidence_download(request: HttpRequest, item_id: int) -> HttpResponse:
    item = visible_item(request, item_id)
    if item.kind != EvidenceKind.FILE or item.removed_at is not None:
        raise Http404
    return file_attachment(item, agreement=item.indicator.agreement, reader=request.user)


def file_attachment(item: EvidenceItem, *, agreement, reader) -> FileResponse:
    """The evidence file, streamed in chunks from local disk or object storage alike; always an attachment,
    so that an uploaded file is never rendered in the portal's origin. 404 when the stored file is gone.
    The download is recorded in the audit trail (who, what, when) once the file is found."""
    try:
        handle = item.file.storage.open(item.file.name, "rb")
    except OSError:  # FileNotFoundError included
        raise Http404 from None
    try:
        services.evidence_download_record(item=item, agreement=agreement, actor=reader)
    except Exception:
        handle.close()
        raise
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name or f"evidence-{item.pk}",
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def evidence_thumbnail(request: HttpRequest, item_id: int) -> HttpResponse:
    """An evidence image shown small on the verification page, behind the download's scope check: only an
    image the browser shows itself (by the type read from the content at upload), under a policy that lets
    it do nothing else. Not recorded as a download: the page shows it to those who may download it, and
    opening the file is recorded."""
    item = visible_item(request, item_id)
    if not item.shows_as_thumbnail:
        raise Http404
    try:
        handle = item.file.storage.open(item.file.name, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"  # as the download: nothing left on a shared computer
    return response


@login_required_json
@require_POST
def evidence_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = visible_item(request, item_id)
    agreement = get_agreement_for(request.user, item.indicator.agreement_id)
    require_role(request.user, agreement, *ENTRY_ROLES)
    form = EvidenceRemoveForm(request.POST)
    form.is_valid()
    try:
        services.evidence_remove(item=item, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except QuarterLocked as locked:
        if wants_json(request):
            return JsonResponse({"ok": False, "errors": {"__all__": locked.messages}}, status=403)
        messages.error(request, locked.messages[0])
    else:
        if wants_json(request):
            return JsonResponse({"ok": True})
        messages.success(request, _("প্রমাণকটি সরানো হয়েছে (নিরীক্ষা লগে লেখা আছে)।"))
    return redirect(evidence_page_url(agreement.pk, item.quarter or 1, item.indicator_id))
