"""The permission table: every named URL of the project (agreements, indicators, evidence, reports, the
supervisor pages, governance) for every persona of tests/conftest.py and an anonymous visitor: allowed, 403
(visible but not theirs to act on, or not a page of their role), 404 (outside their scope), 405 (a method the
URL does not answer), and a refused request changes nothing.

Each row names its rule. An agreement's pages are read within the agreement's scope (its office, the
supervisor office, the observer above it, the administrator); the drafting, the quarterly entry, evidence and
the self-assessment are written by the agreement's own office; the review and verification are the supervisor
office's; the year's templates and marks are administrators' pages. Someone outside the agreement's scope
(office B, another supervisor office) gets 404; someone who sees it but may not act gets 403. An anonymous
visitor is sent to the login page (a script gets 401 JSON). A plan, item or evidence of another agreement is
404 even on one's own agreement's URL.

`test_every_named_url_is_in_the_table` fails when a URL is added without a row here."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from agreements.models import (
    Acronym,
    AgreementStatus,
    AuditEntry,
    FiscalYear,
    GovernanceAllocation,
    Notification,
)
from evidence import services as evidence_services
from evidence.models import EvidenceItem
from indicators import services as entry_services
from indicators.governance import services
from indicators.models import (
    Achievement,
    Area,
    GovernancePlanTemplate,
    Indicator,
    PlanItemAchievement,
    QuarterlyReport,
)
from reports.models import ExportJob, ImportJob, ImportStatus

from .factories import (
    ActivityFactory,
    AreaFactory,
    IndicatorFactory,
    MembershipFactory,
    UserFactory,
    agreement_with_plans,
)

pytestmark = pytest.mark.django_db

NAMESPACES = ("agreements", "indicators", "evidence", "reports", "governance")
PERSONAS = ("alice", "henry", "bob", "rita", "sam", "oscar", "ada", "rex", "saul", "hank")
ANONYMOUS = "anonymous"
JSON = {"HTTP_ACCEPT": "application/json"}

# Who sees agreement A at all; the others with a role at an office (office B, another supervisor office)
# learn nothing of it.
READERS = frozenset({"alice", "henry", "rita", "sam", "oscar", "ada"})
HIDDEN = frozenset({"bob", "hank", "rex", "saul"})


@dataclass(frozen=True)
class Rule:
    """Who a URL lets in (`allowed`), who gets 404 (`hidden`); any other logged-in persona gets 403, or 405
    when the URL does not answer the method at all. `public` pages are open to an anonymous visitor too."""

    label: str
    allowed: frozenset = frozenset()
    hidden: frozenset = HIDDEN
    not_a_method: bool = False
    public: bool = False


def rule(label: str, allowed=(), hidden=HIDDEN, **kwargs) -> Rule:
    return Rule(label, frozenset(allowed), frozenset(hidden), **kwargs)


ANYONE = rule("any logged-in user's own page", PERSONAS, ())
PUBLIC = rule("open to anyone, logged in or not", PERSONAS, (), public=True)
ADMIN = rule("the administrators' page", {"ada"}, ())
DRAFTERS = rule("a page of an office's own people", {"alice", "henry", "bob", "hank"}, ())
SUPERVISORS = rule("a page of a supervisor office's people", {"rita", "sam", "rex", "saul"}, ())
OVERSEERS = rule(
    "those who oversee offices: supervisor offices, observers, administrators",
    {"rita", "sam", "rex", "saul", "oscar", "ada"},
    (),
)
EXPORTERS = rule("administrators and supervisor offices export", {"ada", "rita", "sam", "rex", "saul"}, ())
IMPORTERS = rule("administrators and offices import", {"ada", "alice", "henry", "bob", "hank"}, ())
ADAS = rule("the requester's own (here the administrator's)", {"ada"}, set(PERSONAS) - {"ada"})
ALICES = rule("the recipient's own (here alice's)", {"alice"}, set(PERSONAS) - {"alice"})
READ = rule("read within the agreement's scope", READERS)
OFFICE = rule("written by the agreement's own office", {"alice", "henry"})
HEAD = rule("signed by the office's head", {"henry"})
REVIEW = rule("the supervisor office's reviewer", {"rita"})
COUNTERSIGN = rule("counter-signed by the supervisor office's head", {"sam"})
VERIFY = rule("the supervisor's verification", {"rita", "sam"})
REOPENERS = rule("a quarter reopened by the supervisor office or the administrator", {"rita", "sam", "ada"})
WITHDRAW = rule("an imported draft withdrawn by its office or the administrator", {"alice", "henry", "ada"})
METHOD = rule("blank methods filled in by the reviewer or the administrator", {"rita", "ada"})
PEOPLE = rule(
    "people managed by an office's head or a supervisor office's head, everyone by an administrator",
    {"henry", "hank", "sam", "saul", "ada"},
    (),
)
# pia, a focal point of office A: her office's head, its supervisor office's head, the administrator.
PERSON = rule("a person of the manager's subtree", {"henry", "sam", "ada"}, {"hank", "saul"})
GET_ONLY = rule("a page that only reads (POST is not a method it answers)", not_a_method=True)


def refusal(rule: Rule, persona: str) -> int | None:
    """The status `persona` gets under `rule`, or None when allowed."""
    if persona in rule.allowed:
        return None
    if rule.not_a_method:
        return 405
    return 404 if persona in rule.hidden else 403


@dataclass(frozen=True)
class Case:
    """One request to one URL: `ok` is the status an allowed persona gets and `done` (for a write) what it
    must have changed."""

    name: str
    method: str
    rule: Rule
    url: Callable[[dict], str]
    data: Callable[[dict], dict] = lambda w: {}
    ok: int = 200
    done: Callable[[dict], bool] | None = None
    json: bool = False


def agreement_url(name: str, *parts: str, suffix: str = "") -> Callable[[dict], str]:
    """The URL `name` with the agreement's pk, then the pk (or value) of each named part of the world."""
    return lambda w: (
        reverse(name, args=[w["agreement"].pk, *(getattr(w[p], "pk", w[p]) for p in parts)]) + suffix
    )


def plain_url(name: str, *parts: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w[p].pk for p in parts])


def row_url(name: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["agreement"].pk, w["plan"].pk, 1, w["item"].pk])


def fresh(obj):
    obj.refresh_from_db()
    return obj


def marks_moved(w) -> dict:
    """The year's marks with one mark moved from the integrity plan to e-governance (the total unchanged)."""
    marks = {a.kind: a.marks for a in GovernanceAllocation.objects.filter(fiscal_year=w["year"])}
    marks["integrity"] -= 1
    marks["egov"] += 1
    return {kind: str(value) for kind, value in marks.items()}


# Pages that belong to no agreement: one's home, notifications and language; the supervisor office's
# workspace; the reports' index, bulk exports and imports.
GENERAL = [
    Case("agreements:home", "get", ANYONE, lambda w: reverse("agreements:home")),
    Case("agreements:create", "get", DRAFTERS, lambda w: reverse("agreements:create")),
    Case("agreements:notifications", "get", ANYONE, lambda w: reverse("agreements:notifications")),
    Case(
        "agreements:notification_open",
        "post",
        ALICES,
        plain_url("agreements:notification_open", "notification"),
        ok=302,
        done=lambda w: fresh(w["notification"]).read_at is not None,
    ),
    Case(
        "agreements:notifications_read_all",
        "post",
        ANYONE,
        lambda w: reverse("agreements:notifications_read_all"),
        ok=302,
    ),
    Case("agreements:set_language", "post", PUBLIC, lambda w: reverse("agreements:set_language"), ok=302),
    Case("agreements:workspace", "get", SUPERVISORS, lambda w: reverse("agreements:workspace")),
    Case(
        "agreements:workspace_reports", "get", SUPERVISORS, lambda w: reverse("agreements:workspace_reports")
    ),
    Case("agreements:ranking", "get", SUPERVISORS, lambda w: reverse("agreements:ranking")),
    Case("agreements:dashboard", "get", OVERSEERS, lambda w: reverse("agreements:dashboard")),
    Case("reports:index", "get", ANYONE, lambda w: reverse("reports:index")),
    Case("reports:bulk_export", "get", EXPORTERS, lambda w: reverse("reports:bulk_export")),
    Case("reports:office_picker", "get", EXPORTERS, lambda w: reverse("reports:office_picker")),
    Case("reports:export_job", "get", ADAS, plain_url("reports:export_job", "job")),
    Case("reports:export_job_status", "get", ADAS, plain_url("reports:export_job_status", "job")),
    Case("reports:export_job_download", "get", ADAS, plain_url("reports:export_job_download", "job")),
    Case("reports:export_job_retry", "post", ADAS, plain_url("reports:export_job_retry", "job"), ok=302),
    Case("reports:import_job", "get", ADAS, plain_url("reports:import_job", "import_job")),
    Case("reports:import_job_status", "get", ADAS, plain_url("reports:import_job_status", "import_job")),
    Case(
        "reports:import_job_retry", "post", ADAS, plain_url("reports:import_job_retry", "import_job"), ok=302
    ),
    Case("reports:import", "get", IMPORTERS, lambda w: reverse("reports:import")),
    Case("agreements:people", "get", PEOPLE, lambda w: reverse("agreements:people")),
    Case("agreements:person", "get", PERSON, plain_url("agreements:person", "person")),
    Case(
        "agreements:person_invite",
        "post",
        PERSON,
        plain_url("agreements:person_invite", "person"),
        ok=302,
        done=lambda w: AuditEntry.objects.filter(
            action="user.invite", object_id=str(w["person"].pk)
        ).exists(),
    ),
    Case(
        "agreements:person_active",
        "post",
        PERSON,
        plain_url("agreements:person_active", "person"),
        data=lambda w: {"active": "0"},
        ok=302,
        done=lambda w: not fresh(w["person"]).is_active,
    ),
    Case("agreements:org_import", "get", ADMIN, lambda w: reverse("agreements:org_import")),
    Case(
        "agreements:org_import_confirm",
        "post",
        ADMIN,
        lambda w: reverse("agreements:org_import_confirm"),
        ok=302,
    ),
]

# Section 1-3 while the agreement is drafted: the document, its editor and the office's submit.
SECTION3_DRAFTING = [
    Case("agreements:detail", "get", READ, agreement_url("agreements:detail")),
    Case("agreements:history", "get", READ, agreement_url("agreements:history")),
    Case("agreements:diff", "get", READ, agreement_url("agreements:diff")),
    Case("agreements:score", "get", READ, agreement_url("agreements:score", "progress")),
    Case("agreements:overview_edit", "get", OFFICE, agreement_url("agreements:overview_edit")),
    Case("agreements:item_add", "get", OFFICE, agreement_url("agreements:item_add", "function")),
    Case(
        "agreements:item_edit",
        "get",
        OFFICE,
        agreement_url("agreements:item_edit", "indicator_kind", "indicator"),
    ),
    Case(
        "agreements:item_delete",
        "get",
        OFFICE,
        agreement_url("agreements:item_delete", "acronym_kind", "acronym"),
    ),
    Case(
        "agreements:item_move",
        "post",
        OFFICE,
        agreement_url("agreements:item_move", "area_kind", "area"),
        lambda w: {"direction": "down"},
        302,
        lambda w: fresh(w["area"]).position != w["area_position"],
    ),
    Case(
        "agreements:item_delete",
        "post",
        OFFICE,
        agreement_url("agreements:item_delete", "acronym_kind", "acronym"),
        ok=302,
        done=lambda w: not Acronym.objects.filter(pk=w["acronym"].pk).exists(),
    ),
    # Not an imported draft, and it has its governance area: refused with a message on the document page.
    Case("agreements:withdraw", "post", WITHDRAW, agreement_url("agreements:withdraw"), ok=302),
    Case(
        "agreements:governance_area_add",
        "post",
        OFFICE,
        agreement_url("agreements:governance_area_add"),
        ok=302,
    ),
    Case("agreements:submit", "post", OFFICE, agreement_url("agreements:submit"), ok=302),
]

# Section 3 once the agreement is in force: the quarterly entry, evidence, the report, the verification,
# the self-assessment, the supervisor's review of the report, the downloads, and the workflow's buttons.
SECTION3_SIGNED = [
    Case("indicators:entry", "get", READ, agreement_url("indicators:entry", "quarter")),
    Case(
        "indicators:preview",
        "get",
        READ,
        agreement_url("indicators:preview", "quarter", "indicator"),
        lambda w: {"value": "১০০"},
        json=True,
    ),
    Case(
        "indicators:save",
        "post",
        OFFICE,
        agreement_url("indicators:save", "quarter", "indicator"),
        lambda w: {"value": "১২০", "revision": "1"},
        done=lambda w: Achievement.objects.get(indicator=w["indicator"], quarter=1).value_number == 120,
        json=True,
    ),
    Case("indicators:history", "get", READ, agreement_url("indicators:history", "indicator")),
    Case("indicators:methods", "get", METHOD, agreement_url("indicators:methods")),
    Case(
        "indicators:methods",
        "post",
        METHOD,
        agreement_url("indicators:methods"),
        lambda w: {f"method-{w['blank'].pk}": "sum"},
        302,
        lambda w: fresh(w["blank"]).method == "sum",
    ),
    Case(
        "indicators:methods_request",
        "post",
        OFFICE,
        agreement_url("indicators:methods_request"),
        lambda w: {"indicator": w["blank"].pk, "quarter": "1"},
        302,
        lambda w: AuditEntry.objects.filter(action="indicator.method_request").exists(),
    ),
    Case("evidence:indicator", "get", READ, agreement_url("evidence:indicator", "quarter", "indicator")),
    Case(
        "evidence:indicator",
        "post",
        OFFICE,
        agreement_url("evidence:indicator", "quarter", "indicator"),
        lambda w: {"url": "https://example.org/report"},
        302,
        lambda w: EvidenceItem.objects.filter(url="https://example.org/report").exists(),
    ),
    Case("evidence:download", "get", READ, plain_url("evidence:download", "section3_evidence")),
    Case("evidence:thumbnail", "get", READ, plain_url("evidence:thumbnail", "section3_image")),
    Case(
        "evidence:remove",
        "post",
        OFFICE,
        plain_url("evidence:remove", "section3_evidence"),
        ok=302,
        done=lambda w: fresh(w["section3_evidence"]).removed_at is not None,
    ),
    Case("agreements:verify", "get", VERIFY, agreement_url("agreements:verify", suffix="?quarter=1")),
    Case(
        "agreements:verify_achievement",
        "post",
        VERIFY,
        agreement_url("agreements:verify_achievement", "achievement"),
        lambda w: {"decision": "accept"},
        302,
    ),
    Case(
        "agreements:verify_accept_remaining",
        "post",
        VERIFY,
        agreement_url("agreements:verify_accept_remaining"),
        lambda w: {"quarter": "1"},
        302,
    ),
    Case("agreements:self_assessment", "get", READ, agreement_url("agreements:self_assessment")),
    Case(
        "reports:download",
        "get",
        READ,
        lambda w: reverse("reports:download", args=[w["agreement"].pk, "agreement", "xlsx"]),
    ),
    Case("indicators:submit", "get", OFFICE, agreement_url("indicators:submit", "quarter")),
    Case("indicators:submit", "post", OFFICE, agreement_url("indicators:submit", "quarter"), ok=302),
    Case("indicators:reopen", "get", REOPENERS, agreement_url("indicators:reopen", "quarter")),
    Case("indicators:reopen", "post", REOPENERS, agreement_url("indicators:reopen", "quarter")),
    Case("agreements:report_review", "get", REVIEW, agreement_url("agreements:report_review", "quarter")),
    Case(
        "agreements:return",
        "post",
        REVIEW,
        agreement_url("agreements:return"),
        lambda w: {"reason": "ঠিক করুন"},
        200,  # an agreement in force is not returned: the page says so
    ),
    Case("agreements:approve", "post", REVIEW, agreement_url("agreements:approve"), ok=302),
    Case("agreements:sign", "post", HEAD, agreement_url("agreements:sign"), ok=302),
    Case("agreements:countersign", "post", COUNTERSIGN, agreement_url("agreements:countersign"), ok=302),
    Case(
        "agreements:reopen",
        "post",
        VERIFY,
        agreement_url("agreements:reopen"),
        lambda w: {"reason": "ভুল"},
        302,
    ),
    Case("agreements:revise", "get", OFFICE, agreement_url("agreements:revise")),
]

# While the agreement is drafted: the administrators' pages, the plans, the office's targets.
GOVERNANCE_DRAFTING = [
    Case("governance:years", "get", ADMIN, lambda w: reverse("governance:years")),
    Case("governance:year_new", "get", ADMIN, lambda w: reverse("governance:year_new")),
    # An incomplete new year is refused with the form (400) and creates nothing: it reached the form.
    Case(
        "governance:year_new",
        "post",
        ADMIN,
        lambda w: reverse("governance:year_new"),
        lambda w: {"label": "২০২৫-২৬"},
        400,
    ),
    Case("governance:year", "get", ADMIN, lambda w: reverse("governance:year", args=[2024])),
    Case(
        "governance:year",
        "post",
        ADMIN,
        lambda w: reverse("governance:year", args=[2024]),
        marks_moved,
        302,
        lambda w: GovernanceAllocation.objects.get(fiscal_year=w["year"], kind="egov").marks == w["egov"] + 1,
    ),
    # No agreement of 2024-25 is signed yet: the policy may be corrected, with a reason.
    Case(
        "governance:year_policy",
        "post",
        ADMIN,
        lambda w: reverse("governance:year_policy", args=[2024]),
        lambda w: {"scoring_policy": "step", "governance_framework": "action_plans", "reason": "ভুল নীতি"},
        302,
        lambda w: FiscalYear.objects.get(start_year=2024).scoring_policy == "step",
    ),
    Case("governance:template_new", "get", ADMIN, lambda w: reverse("governance:template_new", args=[2024])),
    Case(
        "governance:template_new",
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
    Case(
        "governance:template", "get", ADMIN, lambda w: reverse("governance:template", args=[w["template"].pk])
    ),
    # Without the rows' formset the save is refused and listed at the top (400): it reached the editor.
    Case(
        "governance:template",
        "post",
        ADMIN,
        lambda w: reverse("governance:template", args=[w["template"].pk]),
        lambda w: {"title_bn": "বদল"},
        400,
    ),
    Case(
        "governance:template_version",
        "post",
        ADMIN,
        lambda w: reverse("governance:template_version", args=[w["template"].pk]),
        ok=302,
        done=lambda w: GovernancePlanTemplate.objects.filter(version=w["template"].version + 1).exists(),
    ),
    Case("governance:plans", "get", READ, agreement_url("governance:plans")),
    Case("governance:instantiate", "post", OFFICE, agreement_url("governance:instantiate"), ok=302),
    Case("governance:draft", "get", OFFICE, agreement_url("governance:draft", "plan")),
    Case(
        "governance:draft",
        "post",
        OFFICE,
        agreement_url("governance:draft", "plan"),
        lambda w: {f"item-{w['item'].pk}-responsible": "সহকারী পরিচালক"},
        302,
        lambda w: fresh(w["item"]).responsible == "সহকারী পরিচালক",
    ),
]

# Once the agreement is signed: the quarterly entry, evidence, the self-assessment, the verification.
GOVERNANCE_SIGNED = [
    Case("governance:entry", "get", READ, agreement_url("governance:entry", "plan", suffix="?quarter=1")),
    Case(
        "governance:entry",
        "post",
        GET_ONLY,
        agreement_url("governance:entry", "plan"),
        lambda w: {"quarter": "1"},
    ),
    Case(
        "governance:entry_preview",
        "get",
        READ,
        row_url("governance:entry_preview"),
        lambda w: {"value": "১"},
        json=True,
    ),
    Case(
        "governance:entry_save",
        "post",
        OFFICE,
        row_url("governance:entry_save"),
        lambda w: {"value": "১", "revision": "0"},
        done=lambda w: PlanItemAchievement.objects.get(item=w["item"], quarter=1).value_number == 1,
        json=True,
    ),
    Case(
        "governance:evidence_download",
        "get",
        READ,
        agreement_url("governance:evidence_download", "item", "evidence"),
    ),
    Case(
        "governance:evidence_add",
        "post",
        OFFICE,
        agreement_url("governance:evidence_add", "item"),
        lambda w: {"quarter": "1", "url": "https://example.org/minutes"},
        302,
        lambda w: w["item"].evidence.filter(url="https://example.org/minutes").exists(),
    ),
    Case(
        "governance:self_assessment",
        "post",
        OFFICE,
        agreement_url("governance:self_assessment", "item"),
        lambda w: {
            f"sa-{w['item'].pk}-claimed_score": "১",
            f"sa-{w['item'].pk}-achievement_text": "সভা হয়েছে",
        },
        302,
        lambda w: fresh(w["item"]).claimed_score == 1,
    ),
    Case("governance:verify", "get", VERIFY, agreement_url("governance:verify", "plan")),
    Case(
        "governance:item_verify",
        "post",
        VERIFY,
        agreement_url("governance:item_verify", "item"),
        lambda w: {
            f"v-{w['item'].pk}-decision": "correct",
            f"v-{w['item'].pk}-score": "০.৫",
            f"v-{w['item'].pk}-reason": "একটি সভার কার্যবিবরণী নেই",
        },
        302,
        lambda w: fresh(w["item"]).verified_score == Decimal("0.5"),
    ),
    Case(
        "governance:evidence_remove",
        "post",
        OFFICE,
        agreement_url("governance:evidence_remove", "item", "evidence"),
        ok=302,
        done=lambda w: fresh(w["evidence"]).removed_at is not None,
    ),
]
CASES = GENERAL + GOVERNANCE_DRAFTING + SECTION3_DRAFTING + GOVERNANCE_SIGNED + SECTION3_SIGNED


@pytest.fixture
def world(seeded, office_a, supervisor_office, alice, ada, monkeypatch, settings, tmp_path):
    """Agreement A of 2024-25, drafted with its five plans and two areas of Section 3 (an indicator, an
    acronym); an item of its integrity plan; a notification of alice's; an export and an import the
    administrator asked for; 'today' inside Q1 (its window is open)."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    year = FiscalYear.objects.get(start_year=2024)
    agreement = agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.DRAFT)
    plan = agreement.governance_plans.get(kind="integrity")
    areas = [AreaFactory(agreement=agreement, code=str(n), position=n, weight=Decimal("35")) for n in (1, 2)]
    indicator = IndicatorFactory(
        activity=ActivityFactory(area=areas[0], code="1.1", position=1), code="1.1.1"
    )
    return {
        "year": year,
        "egov": GovernanceAllocation.objects.get(fiscal_year=year, kind="egov").marks,
        "template": GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="district"),
        "agreement": agreement,
        "plan": plan,
        "item": plan.items.get(activity_code="১.১"),
        "area": areas[0],
        "area_kind": "area",
        "area_position": areas[0].position,
        "indicator": indicator,
        "indicator_kind": "indicator",
        "acronym": Acronym.objects.create(
            agreement=agreement, position=1, acronym="এপিএ", description="চুক্তি"
        ),
        "acronym_kind": "acronym",
        "function": "function",
        "progress": "progress",
        "quarter": 1,
        "notification": Notification.objects.create(
            recipient=alice, agreement=agreement, event="test", message="বার্তা", url="/"
        ),
        "person": MembershipFactory(
            user=UserFactory(username="pia", email="pia@example.gov.bd"), office=office_a, role="focal_point"
        ).user,
        "job": ExportJob.objects.create(
            created_by=ada,
            kind="agreement",
            format="xlsx",
            result_name=default_storage.save("exports/apa.zip", ContentFile(b"PK")),
        ),
        "import_job": ImportJob.objects.create(
            created_by=ada,
            filename="apa.xlsx",
            language="bn",
            status=ImportStatus.REJECTED,
            problems=[{"sheet": "সেকশন ৩", "row": 4, "message": "ভুল", "field": ""}],
        ),
    }


def sign(world: dict) -> dict:
    """The agreement signed and in force, with a quarter 1 achievement and a stored evidence file on the
    Section 3 indicator and on the plan item."""
    world["agreement"].status = AgreementStatus.ACTIVE
    world["agreement"].save()
    world["evidence"] = services.plan_item_evidence_add(
        item=world["item"], quarter=1, actor=None, file=SimpleUploadedFile("সভা.pdf", b"%PDF-1.4 minutes")
    )
    if "indicator" in world:
        entry_services.achievement_record(
            indicator=world["indicator"],
            quarter=1,
            value=Decimal("100"),
            remarks="",
            expected_revision=0,
            actor=None,
        )
        world["achievement"] = Achievement.objects.get(indicator=world["indicator"], quarter=1)
        # An indicator the agreement gives no calculation method (the supervisor fills it in).
        world["blank"] = IndicatorFactory(activity=world["indicator"].activity, code="1.1.2", method="")
        world["section3_evidence"] = evidence_services.evidence_add_file(
            indicator=world["indicator"],
            quarter=1,
            upload=SimpleUploadedFile("প্রতিবেদন.pdf", b"%PDF-1.4 report"),
            actor=None,
        )
        world["section3_image"] = evidence_services.evidence_add_file(
            indicator=world["indicator"],
            quarter=1,
            upload=SimpleUploadedFile("ছবি.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            actor=None,
        )
    return world


def stored_state(world) -> tuple:
    """What a refused request must leave as it was."""
    item = fresh(world["item"])
    agreement = fresh(world["agreement"])
    return (
        AuditEntry.objects.count(),
        (agreement.status, agreement.version),
        FiscalYear.objects.count(),
        GovernancePlanTemplate.objects.count(),
        tuple(GovernanceAllocation.objects.order_by("fiscal_year", "kind").values_list("marks", flat=True)),
        tuple(PlanItemAchievement.objects.order_by("pk").values_list("value_number", "revision")),
        tuple(EvidenceItem.objects.order_by("pk").values_list("url", "removed_at")),
        (item.responsible, item.claimed_score, item.verification_status, item.verified_score),
        world["agreement"].governance_plans.count(),
        tuple(Area.objects.filter(agreement=agreement).order_by("pk").values_list("position", flat=True)),
        tuple(Indicator.objects.filter(agreement=agreement).order_by("pk").values_list("method", "title")),
        tuple(
            Achievement.objects.order_by("pk").values_list("value_number", "revision", "verification_status")
        ),
        tuple(QuarterlyReport.objects.order_by("pk").values_list("quarter", "status")),
        Acronym.objects.count(),
        tuple(Notification.objects.order_by("pk").values_list("read_at", flat=True)),
        ExportJob.objects.count(),
        tuple(ImportJob.objects.order_by("pk").values_list("status", "attempts")),
        (fresh(world["person"]).is_active, tuple(world["person"].memberships.values_list("office", "role"))),
    )


def send(client, case: Case, world: dict):
    headers = JSON if case.json else {}
    return getattr(client, case.method)(case.url(world), case.data(world), **headers)


def check(client, cases: list[Case], world: dict, persona: str) -> list:
    """The rows whose answer is not the table's: (URL name, method, persona, status, what was expected)."""
    wrong = []
    for case in cases:
        before = stored_state(world)
        response = send(client, case, world)
        status = refusal(case.rule, persona)
        if status is None:
            if response.status_code != case.ok or not (case.done is None or case.done(world)):
                wrong.append((case.name, case.method, persona, response.status_code, case.ok))
        elif response.status_code != status or stored_state(world) != before:
            wrong.append((case.name, case.method, persona, response.status_code, status))
    return wrong


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_by_its_rule(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    drafting = GENERAL + GOVERNANCE_DRAFTING + SECTION3_DRAFTING
    wrong = check(client, drafting, world, persona)
    wrong += check(client, GOVERNANCE_SIGNED + SECTION3_SIGNED, sign(world), persona)
    assert not wrong, "\n".join(map(str, wrong))


def test_every_url_sends_an_anonymous_visitor_to_the_login_page(client, world):
    sign(world)
    before = stored_state(world)
    for case in CASES:
        if case.rule.public:
            continue
        response = getattr(client, case.method)(case.url(world), case.data(world))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), case.name
        if case.json:  # the page's script is told to log in again, keeping what was typed
            response = send(client, case, world)
            assert response.status_code == 401, case.name
            assert response.json()["login_url"].startswith("/accounts/login/?next="), case.name
    assert stored_state(world) == before


def test_the_public_urls_answer_an_anonymous_visitor(client, world):
    for case in [c for c in CASES if c.rule.public]:
        assert send(client, case, world).status_code == case.ok, case.name


def named_urls(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            names |= named_urls(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            names.add(f"{namespace}:{pattern.name}")
    return names


def test_every_named_url_is_in_the_table():
    """A new URL of the project must be given its rule above."""
    names = named_urls(get_resolver())
    assert {n.split(":")[0] for n in names} == set(NAMESPACES)
    assert names == {case.name for case in CASES}


def test_an_allowed_reader_downloads_the_evidence_file(client, alice, world):
    sign(world)
    client.force_login(alice)
    response = client.get(agreement_url("governance:evidence_download", "item", "evidence")(world))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


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
    for case in GOVERNANCE_DRAFTING + GOVERNANCE_SIGNED:
        if case.rule in (ADMIN, GET_ONLY) or case.url(mixed) == case.url(world):
            continue
        client.force_login(rita if case.rule == VERIFY else alice)
        before = stored_state(world)
        assert send(client, case, mixed).status_code == 404, case.name
        assert stored_state(world) == before, case.name
        tried += 1
    assert tried
