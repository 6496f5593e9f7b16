"""Every governance URL (indicators/governance/urls.py) for every persona: allowed, 403 (visible but not
theirs, or not an administrator's page), 404 (outside their scope), and a refused request changes nothing.

The table below gives each URL its rule: the year's templates and marks are administrators' pages; an
agreement's plans, the entry page, its preview and evidence files are read within the agreement's scope; the
targets, the quarterly entry, evidence and the self-assessment are written by the agreement's own office; the
verification is the supervisor office's. An anonymous visitor is sent to the login page (a script gets 401
JSON), and a plan, item or evidence of another agreement is 404 even on one's own agreement's URL."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry, FiscalYear, GovernanceAllocation
from evidence.models import EvidenceItem
from indicators.governance import services
from indicators.models import GovernancePlanTemplate, PlanItemAchievement

from .factories import agreement_with_plans

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "henry", "bob", "rita", "sam", "oscar", "ada")
JSON = {"HTTP_ACCEPT": "application/json"}

ADMIN = "the administrators' page"
READ = "read within the agreement's scope"
OFFICE = "written by the agreement's own office"
VERIFY = "the supervisor's verification"
GET_ONLY = "a page that only reads (POST is not a method it answers)"

# Who each rule lets in. Of the others, an administrators' page answers 403 to everyone; an agreement's page
# answers 404 to bob (office B: the agreement is outside his scope) and 403 to those who see it.
ALLOWED = {
    ADMIN: {"ada"},
    READ: {"alice", "henry", "rita", "sam", "oscar", "ada"},
    OFFICE: {"alice", "henry"},
    VERIFY: {"rita", "sam"},  # the administrator and the observer read the plans but do not verify
    GET_ONLY: set(),
}


def refusal(rule: str, persona: str) -> int | None:
    """The status `persona` gets under `rule`, or None when allowed."""
    if persona in ALLOWED[rule]:
        return None
    if rule == GET_ONLY:
        return 405
    if rule == ADMIN:
        return 403
    return 404 if persona == "bob" else 403


@dataclass(frozen=True)
class Case:
    """One request to one governance URL: `ok` is the status an allowed persona gets and `done` (for a
    write) what it must have changed."""

    name: str
    method: str
    rule: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict] = lambda w: {}
    ok: int = 200
    done: Callable[[dict], bool] | None = None
    json: bool = False


def agreement_url(name: str, *parts: str, suffix: str = "") -> Callable[[dict], str]:
    """The URL `name` with the agreement's pk, then the pk of each named object of the world."""
    return lambda w: (
        reverse(f"governance:{name}", args=[w["agreement"].pk, *(w[p].pk for p in parts)]) + suffix
    )


def row_url(name: str) -> Callable[[dict], str]:
    return lambda w: reverse(f"governance:{name}", args=[w["agreement"].pk, w["plan"].pk, 1, w["item"].pk])


def fresh(obj):
    obj.refresh_from_db()
    return obj


def marks_moved(w) -> dict:
    """The year's marks with one mark moved from the integrity plan to e-governance (the total unchanged)."""
    marks = {a.kind: a.marks for a in GovernanceAllocation.objects.filter(fiscal_year=w["year"])}
    marks["integrity"] -= 1
    marks["egov"] += 1
    return {kind: str(value) for kind, value in marks.items()}


# While the agreement is drafted: the administrators' pages, the plans, the office's targets.
DRAFTING = [
    Case("years", "get", ADMIN, lambda w: reverse("governance:years")),
    Case("year_new", "get", ADMIN, lambda w: reverse("governance:year_new")),
    # An incomplete new year is refused with the form (400) and creates nothing: it reached the form.
    Case(
        "year_new",
        "post",
        ADMIN,
        lambda w: reverse("governance:year_new"),
        lambda w: {"label": "২০২৫-২৬"},
        400,
    ),
    Case("year", "get", ADMIN, lambda w: reverse("governance:year", args=[2024])),
    Case(
        "year",
        "post",
        ADMIN,
        lambda w: reverse("governance:year", args=[2024]),
        marks_moved,
        302,
        lambda w: GovernanceAllocation.objects.get(fiscal_year=w["year"], kind="egov").marks == w["egov"] + 1,
    ),
    Case("template_new", "get", ADMIN, lambda w: reverse("governance:template_new", args=[2024])),
    Case(
        "template_new",
        "post",
        ADMIN,
        lambda w: reverse("governance:template_new", args=[2024]),
        lambda w: {
            "kind": "egov",
            "variant": "upazila",
            "title_bn": "অভিযোগ",
            "level_count": "5",
            "total_marks": "৪",
        },
        302,
        lambda w: GovernancePlanTemplate.objects.filter(title_bn="অভিযোগ").exists(),
    ),
    Case("template", "get", ADMIN, lambda w: reverse("governance:template", args=[w["template"].pk])),
    # Without the rows' formset the save is refused and listed at the top (400): it reached the editor.
    Case(
        "template",
        "post",
        ADMIN,
        lambda w: reverse("governance:template", args=[w["template"].pk]),
        lambda w: {"title_bn": "বদল"},
        400,
    ),
    Case(
        "template_version",
        "post",
        ADMIN,
        lambda w: reverse("governance:template_version", args=[w["template"].pk]),
        ok=302,
        done=lambda w: GovernancePlanTemplate.objects.filter(version=w["template"].version + 1).exists(),
    ),
    Case("plans", "get", READ, agreement_url("plans")),
    Case("instantiate", "post", OFFICE, agreement_url("instantiate"), ok=302),
    Case("draft", "get", OFFICE, agreement_url("draft", "plan")),
    Case(
        "draft",
        "post",
        OFFICE,
        agreement_url("draft", "plan"),
        lambda w: {f"item-{w['item'].pk}-responsible": "সহকারী পরিচালক"},
        302,
        lambda w: fresh(w["item"]).responsible == "সহকারী পরিচালক",
    ),
]

# Once the agreement is signed: the quarterly entry, evidence, the self-assessment, the verification.
SIGNED = [
    Case("entry", "get", READ, agreement_url("entry", "plan", suffix="?quarter=1")),
    Case("entry", "post", GET_ONLY, agreement_url("entry", "plan"), lambda w: {"quarter": "1"}),
    Case("entry_preview", "get", READ, row_url("entry_preview"), lambda w: {"value": "১"}, json=True),
    Case(
        "entry_save",
        "post",
        OFFICE,
        row_url("entry_save"),
        lambda w: {"value": "১", "revision": "0"},
        done=lambda w: PlanItemAchievement.objects.get(item=w["item"], quarter=1).value_number == 1,
        json=True,
    ),
    Case("evidence_download", "get", READ, agreement_url("evidence_download", "item", "evidence")),
    Case(
        "evidence_add",
        "post",
        OFFICE,
        agreement_url("evidence_add", "item"),
        lambda w: {"quarter": "1", "url": "https://example.org/minutes"},
        302,
        lambda w: w["item"].evidence.filter(url="https://example.org/minutes").exists(),
    ),
    Case(
        "self_assessment",
        "post",
        OFFICE,
        agreement_url("self_assessment", "item"),
        lambda w: {
            f"sa-{w['item'].pk}-claimed_score": "১",
            f"sa-{w['item'].pk}-achievement_text": "সভা হয়েছে",
        },
        302,
        lambda w: fresh(w["item"]).claimed_score == 1,
    ),
    Case("verify", "get", VERIFY, agreement_url("verify", "plan")),
    Case(
        "item_verify",
        "post",
        VERIFY,
        agreement_url("item_verify", "item"),
        lambda w: {
            f"v-{w['item'].pk}-decision": "correct",
            f"v-{w['item'].pk}-score": "০.৫",
            f"v-{w['item'].pk}-reason": "একটি সভার কার্যবিবরণী নেই",
        },
        302,
        lambda w: fresh(w["item"]).verified_score == Decimal("0.5"),
    ),
    Case(
        "evidence_remove",
        "post",
        OFFICE,
        agreement_url("evidence_remove", "item", "evidence"),
        ok=302,
        done=lambda w: fresh(w["evidence"]).removed_at is not None,
    ),
]
CASES = DRAFTING + SIGNED


@pytest.fixture
def world(seeded, office_a, supervisor_office, monkeypatch, settings, tmp_path):
    """Agreement A of 2024-25, drafted with its five plans; an item of its integrity plan; 'today' inside Q1
    (its window is open)."""
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    year = FiscalYear.objects.get(start_year=2024)
    agreement = agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.DRAFT)
    plan = agreement.governance_plans.get(kind="integrity")
    return {
        "year": year,
        "egov": GovernanceAllocation.objects.get(fiscal_year=year, kind="egov").marks,
        "template": GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="district"),
        "agreement": agreement,
        "plan": plan,
        "item": plan.items.get(activity_code="১.১"),
    }


def sign(world: dict) -> dict:
    """The agreement signed and in force, with a stored evidence file on the item."""
    world["agreement"].status = AgreementStatus.ACTIVE
    world["agreement"].save()
    world["evidence"] = services.plan_item_evidence_add(
        item=world["item"], quarter=1, actor=None, file=SimpleUploadedFile("সভা.pdf", b"%PDF-1.4 minutes")
    )
    return world


def stored_state(world) -> tuple:
    """What a refused request must leave as it was."""
    item = fresh(world["item"])
    return (
        AuditEntry.objects.count(),
        FiscalYear.objects.count(),
        GovernancePlanTemplate.objects.count(),
        tuple(GovernanceAllocation.objects.order_by("fiscal_year", "kind").values_list("marks", flat=True)),
        tuple(PlanItemAchievement.objects.order_by("pk").values_list("value_number", "revision")),
        tuple(EvidenceItem.objects.order_by("pk").values_list("url", "removed_at")),
        (item.responsible, item.claimed_score, item.verification_status, item.verified_score),
        world["agreement"].governance_plans.count(),
    )


def send(client, case: Case, world: dict):
    headers = JSON if case.json else {}
    return getattr(client, case.method)(case.url(world), case.data(world), **headers)


def check(client, cases: list[Case], world: dict, persona: str) -> None:
    for case in cases:
        where = (case.name, case.method, persona)
        before = stored_state(world)
        response = send(client, case, world)
        status = refusal(case.rule, persona)
        if status is None:
            assert response.status_code == case.ok, where
            assert case.done is None or case.done(world), where
        else:
            assert response.status_code == status, where
            assert stored_state(world) == before, where


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_governance_url_answers_each_persona_by_its_scope(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    check(client, DRAFTING, world, persona)
    check(client, SIGNED, sign(world), persona)


def test_an_allowed_reader_downloads_the_evidence_file(client, alice, world):
    sign(world)
    client.force_login(alice)
    response = client.get(agreement_url("evidence_download", "item", "evidence")(world))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


def test_every_governance_url_is_in_the_table():
    """A new governance URL must be given its rule above."""
    from indicators.governance.urls import urlpatterns

    assert {pattern.name for pattern in urlpatterns} == {case.name for case in CASES}


def test_every_governance_url_sends_an_anonymous_visitor_to_the_login_page(client, world):
    sign(world)
    before = stored_state(world)
    for case in CASES:
        response = getattr(client, case.method)(case.url(world), case.data(world))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), case.name
        if case.json:  # the page's script is told to log in again, keeping what was typed
            response = send(client, case, world)
            assert response.status_code == 401, case.name
            assert response.json()["login_url"].startswith("/accounts/login/?next="), case.name
    assert stored_state(world) == before


@pytest.mark.parametrize("part", ["plan", "item", "evidence"])
def test_another_agreements_plan_item_or_evidence_is_404_on_ones_own_agreement(
    client, world, office_b, supervisor_office, alice, rita, part
):
    """Office A's people (and the supervisor of both) reach agreement A's URLs, with a plan, item or evidence
    of agreement B put in: 404, nothing changed."""
    sign(world)
    other = agreement_with_plans(office_b, supervisor_office, world["year"], AgreementStatus.DRAFT)
    plan = other.governance_plans.get(kind="integrity")
    foreign = sign({"agreement": other, "plan": plan, "item": plan.items.get(activity_code="১.১")})
    mixed = {**world, part: foreign[part]}
    tried = 0
    for case in CASES:
        if case.rule in (ADMIN, GET_ONLY) or case.url(mixed) == case.url(world):
            continue
        client.force_login(rita if case.rule == VERIFY else alice)
        before = stored_state(world)
        assert send(client, case, mixed).status_code == 404, case.name
        assert stored_state(world) == before, case.name
        tried += 1
    assert tried
