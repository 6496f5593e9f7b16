"""Every governance URL (indicators/governance_urls.py) for every persona: allowed, 403 (visible but not
theirs to change, or not an administrator's page), 404 (outside their scope), and a write refused changes
nothing. The year's templates and marks are administrators' pages; an agreement's plans are read within
the agreement's scope and written by its own office only."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry, FiscalYear, GovernanceAllocation
from evidence.models import EvidenceItem
from indicators import governance_services as services
from indicators.models import GovernancePlanTemplate, PlanItemAchievement

from .factories import AgreementFactory

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "henry", "bob", "rita", "sam", "oscar", "ada")
# persona -> (the administrators' pages, reading the agreement's plans, the office's writes)
EXPECTED = {
    "alice": (403, 200, "allowed"),
    "henry": (403, 200, "allowed"),
    "bob": (403, 404, 404),
    "rita": (403, 200, 403),
    "sam": (403, 200, 403),
    "oscar": (403, 200, 403),
    "ada": (200, 200, 403),
}


@pytest.fixture
def world(seeded, office_a, supervisor_office, monkeypatch, settings, tmp_path):
    """Agreement A of 2024-25 with its five plans, a stored evidence file on an integrity item, and 'today'
    inside Q1 (its window is open)."""
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    year = FiscalYear.objects.get(start_year=2024)
    agreement = AgreementFactory(
        office=office_a, supervisor_office=supervisor_office, fiscal_year=year, status=AgreementStatus.DRAFT
    )
    services.plans_instantiate(agreement=agreement, actor=None)
    integrity = agreement.governance_plans.get(kind="integrity")
    item = integrity.items.get(activity_code="১.১")
    return {"year": year, "agreement": agreement, "plan": integrity, "item": item}


def admin_pages(world) -> list[tuple[str, str, dict | None]]:
    """(method, url, data) of the administrators' pages; data None for a GET."""
    template = GovernancePlanTemplate.objects.get(fiscal_year=world["year"], kind="rti", variant="district")
    return [
        ("get", reverse("governance:years"), None),
        ("get", reverse("governance:year", args=[2024]), None),
        ("post", reverse("governance:year", args=[2024]), {"integrity": "১০", "egov": "১০", "rti": "৫"}),
        ("get", reverse("governance:template_new", args=[2024]), None),
        ("post", reverse("governance:template_new", args=[2024]), {"kind": "grs", "variant": "upazila"}),
        ("get", reverse("governance:template", args=[template.pk]), None),
        ("post", reverse("governance:template", args=[template.pk]), {"title_bn": "বদল"}),
        ("post", reverse("governance:template_version", args=[template.pk]), {}),
    ]


def stored_state(world) -> tuple:
    """What a refused write must leave as it was."""
    item = world["item"]
    item.refresh_from_db()
    return (
        AuditEntry.objects.count(),
        GovernancePlanTemplate.objects.count(),
        tuple(GovernanceAllocation.objects.order_by("kind").values_list("marks", flat=True)),
        PlanItemAchievement.objects.count(),
        EvidenceItem.objects.filter(removed_at__isnull=True).count(),
        item.responsible,
        item.claimed_score,
        world["agreement"].governance_plans.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_governance_url_answers_each_persona_by_its_scope(client, request, world, persona):
    admin_status, read_status, write_status = EXPECTED[persona]
    agreement, plan, item = world["agreement"], world["plan"], world["item"]
    client.force_login(request.getfixturevalue(persona))

    # Administrators' pages: reads and writes alike.
    for method, url, data in admin_pages(world):
        before = stored_state(world)
        response = getattr(client, method)(url, data or {})
        if admin_status == 200:
            # Reached the page: shown, or the (incomplete) form answered or done.
            assert response.status_code in ((200,) if method == "get" else (200, 302, 400)), (method, url)
        else:
            assert response.status_code == admin_status, (method, url)
            assert stored_state(world) == before, url

    # While the agreement is drafted: the plans page, adding plans, the targets page.
    plans = reverse("governance:plans", args=[agreement.pk])
    draft = reverse("governance:draft", args=[agreement.pk, plan.pk])
    assert client.get(plans).status_code == read_status
    draft_data = {f"item-{item.pk}-responsible": "সহকারী পরিচালক"}
    before = stored_state(world)
    if write_status == "allowed":
        assert client.post(reverse("governance:instantiate", args=[agreement.pk])).status_code == 302
        assert client.get(draft).status_code == 200
        assert client.post(draft, draft_data).status_code in (302, 400)
    else:
        assert client.post(reverse("governance:instantiate", args=[agreement.pk])).status_code == write_status
        assert client.get(draft).status_code == write_status
        assert client.post(draft, draft_data).status_code == write_status
        assert stored_state(world) == before

    # Once active: quarterly entry, evidence, the self-assessment.
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    evidence = services.plan_item_evidence_add(
        item=item, quarter=1, actor=None, file=SimpleUploadedFile("সভা.pdf", b"%PDF-1.4 minutes")
    )
    entry = reverse("governance:entry", args=[agreement.pk, plan.pk])
    download = reverse("governance:evidence_download", args=[agreement.pk, item.pk, evidence.pk])
    assert client.get(entry + "?quarter=1").status_code == read_status
    response = client.get(download)
    assert response.status_code == read_status
    if read_status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    writes = [
        (entry, {"quarter": "1", f"item-{item.pk}-value": "১", f"item-{item.pk}-revision": "0"}),
        (
            reverse("governance:evidence_add", args=[agreement.pk, item.pk]),
            {"quarter": "1", "url": "https://example.org/minutes"},
        ),
        (
            reverse("governance:self_assessment", args=[agreement.pk, item.pk]),
            {f"sa-{item.pk}-claimed_score": "১", f"sa-{item.pk}-achievement_text": "সভা হয়েছে"},
        ),
        (reverse("governance:evidence_remove", args=[agreement.pk, item.pk, evidence.pk]), {}),
    ]
    before = stored_state(world)
    for url, data in writes:
        response = client.post(url, data)
        if write_status == "allowed":
            assert response.status_code in (302, 400), url
        else:
            assert response.status_code == write_status, url
    if write_status == "allowed":
        item.refresh_from_db()
        assert PlanItemAchievement.objects.filter(item=item, quarter=1).get().value_number == 1
        assert item.claimed_score == 1
        assert item.evidence.filter(kind="link", removed_at__isnull=True).count() == 1
        evidence.refresh_from_db()
        assert evidence.removed_at is not None
    else:
        assert stored_state(world) == before


def test_every_governance_url_is_covered():
    """A new governance URL must be added to the test above."""
    from indicators.governance_urls import urlpatterns

    covered = {
        "years",
        "year",
        "template_new",
        "template",
        "template_version",
        "plans",
        "instantiate",
        "draft",
        "entry",
        "evidence_add",
        "evidence_download",
        "evidence_remove",
        "self_assessment",
    }
    assert {pattern.name for pattern in urlpatterns} == covered


def test_every_governance_url_sends_an_anonymous_visitor_to_the_login_page(client, world):
    agreement, plan, item = world["agreement"], world["plan"], world["item"]
    urls = [url for _method, url, _data in admin_pages(world)] + [
        reverse("governance:plans", args=[agreement.pk]),
        reverse("governance:draft", args=[agreement.pk, plan.pk]),
        reverse("governance:entry", args=[agreement.pk, plan.pk]),
        reverse("governance:evidence_download", args=[agreement.pk, item.pk, 1]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
