"""Governance services: template versions, the variant chosen by office level, drafting edits, quarterly
achievements with evidence, and the audit trail each write leaves."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import AgreementStatus, AuditEntry, FiscalYear, GovernanceAllocation, OfficeLevel
from indicators import governance_selectors as selectors
from indicators import governance_services as services
from indicators.models import GovernancePlanTemplate, PlanItemAchievement

from .factories import AgreementFactory, OfficeFactory


@pytest.fixture
def year(seeded):
    return FiscalYear.objects.get(start_year=2024)


def agreement_for(
    year, level=OfficeLevel.DISTRICT, status=AgreementStatus.DRAFT, office=None, supervisor=None
):
    supervisor = supervisor or OfficeFactory(level=OfficeLevel.DEPARTMENT)
    office = office or OfficeFactory(level=level, supervisor=supervisor)
    return AgreementFactory(office=office, supervisor_office=supervisor, fiscal_year=year, status=status)


@pytest.fixture
def on(monkeypatch):
    from django.utils import timezone

    def pin(day: date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return pin


# ------------------------------------------------------------------------------------------------
# Variants


def test_an_upazila_office_receives_the_upazila_right_to_information_plan(year):
    agreement = agreement_for(year, OfficeLevel.UPAZILA)
    services.plans_instantiate(agreement=agreement, actor=None)
    rti = agreement.governance_plans.get(kind="rti")
    assert rti.template.variant == "upazila"
    assert [(i.indicator_code, i.weight) for i in rti.items.order_by("position")] == [
        ("১.১.১", Decimal("2")),
        ("২.১.১", Decimal("1")),
    ]
    # The other plans have a single variant, which every office receives.
    assert {p.kind: p.template.variant for p in agreement.governance_plans.all()} == {
        "integrity": "field",
        "egov": "district",
        "grs": "district",
        "citizen_charter": "district",
        "rti": "upazila",
    }


def test_a_district_office_receives_the_district_right_to_information_plan(year):
    agreement = agreement_for(year, OfficeLevel.DISTRICT)
    created = services.plans_instantiate(agreement=agreement, actor=None)
    assert len(created) == 5
    rti = agreement.governance_plans.get(kind="rti")
    assert rti.template.variant == "district" and rti.items.count() == 3
    assert AuditEntry.objects.filter(agreement=agreement, action="governance_plan_create").count() == 5


def test_instantiating_twice_adds_only_what_is_missing(year):
    agreement = agreement_for(year)
    services.plans_instantiate(agreement=agreement, actor=None)
    assert services.plans_instantiate(agreement=agreement, actor=None) == []
    assert agreement.governance_plans.count() == 5


def test_a_year_without_templates_gives_no_plans(fiscal_year):
    agreement = agreement_for(fiscal_year)
    assert services.plans_instantiate(agreement=agreement, actor=None) == []


# ------------------------------------------------------------------------------------------------
# Template versions


def egov_rows(template):
    return [
        {name: getattr(item, name) for name in services.ITEM_FIELDS}
        for item in template.items.order_by("position")
    ]


def test_editing_a_template_used_only_by_drafts_changes_it_in_place(year, ada):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov")
    agreement_for_draft = agreement_for(year)
    services.plans_instantiate(agreement=agreement_for_draft, actor=None)
    rows = egov_rows(template)
    rows[0]["weight"] = Decimal("9")
    rows[1]["weight"] = Decimal("3")
    saved = services.template_update(template=template, fields={}, items=rows, actor=ada)
    assert saved.pk == template.pk and saved.version == 1
    assert template.items.get(position=1).weight == 9
    # The draft's copy is its own: a template edit does not reach into agreements.
    assert agreement_for_draft.governance_plans.get(kind="egov").items.get(position=1).weight == 10


def test_editing_a_template_in_use_by_a_signed_agreement_makes_a_new_version(year, ada):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov")
    signed = agreement_for(year)
    services.plans_instantiate(agreement=signed, actor=None)
    signed.status = AgreementStatus.SIGNED
    signed.save()
    assert selectors.template_is_locked(template)

    rows = egov_rows(template)
    rows[0]["targets"] = ["2025-03-02", "2025-03-09", "2025-03-16", "2025-03-23", "2025-03-30"]
    new = services.template_update(
        template=template, fields={"title_bn": "নতুন শিরোনাম"}, items=rows, actor=ada
    )

    assert new.pk != template.pk and new.version == 2
    template.refresh_from_db()
    assert (
        template.title_bn.startswith("ই-গভর্নেন্স")
        and template.items.get(position=1).targets[0] == "2025-03-09"
    )
    assert new.title_bn == "নতুন শিরোনাম" and new.items.get(position=1).targets[0] == "2025-03-02"
    assert signed.governance_plans.get(kind="egov").template == template
    assert selectors.templates_of_year(year)[1] == new  # the current version is the one new drafts receive
    fresh = agreement_for(year)
    services.plans_instantiate(agreement=fresh, actor=None)
    assert fresh.governance_plans.get(kind="egov").template == new
    with pytest.raises(ValidationError, match="সর্বশেষ সংস্করণ"):
        services.template_update(template=template, fields={}, items=rows, actor=ada)
    assert AuditEntry.objects.filter(action="governance_template_version").count() == 1


def test_a_template_row_with_targets_out_of_order_is_refused_and_nothing_changes(year, ada):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov")
    rows = egov_rows(template)
    rows[1]["targets"] = ["4", "5", "2", "1", None]
    with pytest.raises(ValidationError, match="ক্রমানুসারে নেই"):
        services.template_update(template=template, fields={}, items=rows, actor=ada)
    assert template.items.get(position=2).targets == ["4", "3", "2", "1", None]


def test_only_an_administrator_edits_templates(year, alice):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov")
    with pytest.raises(PermissionDenied):
        services.template_create_version(template=template, actor=alice)


def test_allocation_marks_must_add_up_to_the_governance_area(year, ada):
    marks = {
        "integrity": Decimal("10"),
        "egov": Decimal("10"),
        "grs": Decimal("4"),
        "citizen_charter": Decimal("3"),
    }
    with pytest.raises(ValidationError, match="৩০"):
        services.allocation_update(fiscal_year=year, marks={**marks, "rti": Decimal("4")}, actor=ada)
    assert GovernanceAllocation.objects.get(fiscal_year=year, kind="rti").marks == 3
    services.allocation_update(
        fiscal_year=year, marks={**marks, "egov": Decimal("9"), "rti": Decimal("4")}, actor=ada
    )
    assert GovernanceAllocation.objects.get(fiscal_year=year, kind="rti").marks == 4


# ------------------------------------------------------------------------------------------------
# Drafting edits


@pytest.fixture
def draft(year, office_a, supervisor_office):
    agreement = agreement_for(year, office=office_a, supervisor=supervisor_office)
    services.plans_instantiate(agreement=agreement, actor=None)
    return agreement


def test_the_office_fills_in_quarterly_targets_and_the_responsible_person(draft, alice):
    meeting = draft.governance_plans.get(kind="integrity").items.get(activity_code="১.২")
    services.plan_item_update(
        item=meeting, actor=alice, responsible="উপপরিচালক", quarterly_targets=["1", "1", None, "1"]
    )
    meeting.refresh_from_db()
    assert (meeting.responsible, meeting.quarterly_targets) == ("উপপরিচালক", ["1", "1", None, "1"])
    row = next(r for r in selectors.plan_rows(meeting.plan) if r.item == meeting)
    assert row.target_total == "৩"


def test_the_office_cannot_change_targets_the_template_prescribes(draft, alice):
    innovation = draft.governance_plans.get(kind="egov").items.get(indicator_code="১.১.১")
    with pytest.raises(ValidationError, match="পরিবর্তন করা যায় না"):
        services.plan_item_update(item=innovation, actor=alice, targets=["2025-06-01"] * 5)


def test_the_office_sets_targets_on_a_row_the_template_left_blank(draft, alice):
    alternative = draft.governance_plans.get(kind="citizen_charter").items.get(indicator_code="১.৩.১")
    services.plan_item_update(item=alternative, actor=alice, targets=["4", "3", "2", "1", None])
    alternative.refresh_from_db()
    assert alternative.targets == ["4", "3", "2", "1", None]


def test_drafting_edits_close_once_the_agreement_is_submitted(draft, alice):
    draft.status = AgreementStatus.SUBMITTED
    draft.save()
    meeting = draft.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    with pytest.raises(ValidationError, match="খসড়া"):
        services.plan_item_update(item=meeting, actor=alice, responsible="কেউ")


def test_another_office_cannot_edit_the_plan(draft, bob):
    meeting = draft.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    with pytest.raises(PermissionDenied):
        services.plan_item_update(item=meeting, actor=bob, responsible="কেউ")


# ------------------------------------------------------------------------------------------------
# Quarterly achievements


@pytest.fixture
def active(draft):
    draft.status = AgreementStatus.ACTIVE
    draft.save()
    return draft


def test_an_achievement_is_recorded_with_bangla_digits_and_audited(active, alice, on):
    on(date(2024, 9, 20))
    meeting = active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    saved = services.plan_item_achievement_record(
        item=meeting, quarter=1, value="১", remarks=" সভা ", actor=alice
    )
    assert (saved.value_number, saved.remarks, saved.revision) == (1, "সভা", 1)
    entry = AuditEntry.objects.get(action="governance_achievement_record")
    assert entry.agreement == active and entry.after == {"value": "1", "remarks": "সভা"}


def test_a_stale_revision_is_a_conflict_not_an_overwrite(active, alice, henry, on):
    on(date(2024, 9, 20))
    meeting = active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    services.plan_item_achievement_record(item=meeting, quarter=1, value="1", remarks="", actor=alice)
    services.plan_item_achievement_record(
        item=meeting, quarter=1, value="2", remarks="", actor=henry, expected_revision=1
    )
    with pytest.raises(ValidationError, match="অন্য কেউ"):
        services.plan_item_achievement_record(
            item=meeting, quarter=1, value="3", remarks="", actor=alice, expected_revision=1
        )
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).value_number == 2


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("১.১", "অনেক", "সংখ্যা লিখুন"),
        ("১.১", "-1", "ঋণাত্মক"),
        ("৩.১", "120", "১০০-এর বেশি"),
        ("২.১", "31/02/2025", "সঠিক তারিখ"),
        ("২.১", "01/07/2025", "অর্থবছরের"),
    ],
)
def test_bad_achievements_are_refused_in_bangla_and_nothing_is_saved(active, alice, on, code, value, message):
    on(date(2024, 9, 20))
    item = active.governance_plans.get(kind="integrity").items.get(activity_code=code)
    with pytest.raises(ValidationError, match=message):
        services.plan_item_achievement_record(item=item, quarter=1, value=value, remarks="", actor=alice)
    assert not PlanItemAchievement.objects.filter(item=item).exists()


def test_entries_lock_after_the_quarter_deadline_and_before_signing(active, draft, alice, on):
    meeting = active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    on(date(2024, 10, 16))  # Q1's report was due on 15 October
    with pytest.raises(ValidationError, match="শেষ তারিখ"):
        services.plan_item_achievement_record(item=meeting, quarter=1, value="1", remarks="", actor=alice)
    on(date(2024, 8, 1))
    with pytest.raises(ValidationError, match="শুরু হয়নি"):
        services.plan_item_achievement_record(item=meeting, quarter=2, value="1", remarks="", actor=alice)
    active.status = AgreementStatus.DRAFT
    active.save()
    with pytest.raises(ValidationError, match="স্বাক্ষরিত"):
        services.plan_item_achievement_record(item=meeting, quarter=1, value="1", remarks="", actor=alice)


def test_evidence_is_attached_as_a_file_with_its_hash_or_as_a_link(active, alice, on, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    on(date(2024, 9, 20))
    meeting = active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    upload = SimpleUploadedFile("কার্যবিবরণী.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    file_item = services.plan_item_evidence_add(item=meeting, quarter=1, actor=alice, file=upload)
    link = services.plan_item_evidence_add(
        item=meeting, quarter=1, actor=alice, url="https://example.org/minutes"
    )
    assert file_item.sha256 == hashlib.sha256(b"%PDF-1.4 minutes").hexdigest()
    assert file_item.original_name == "কার্যবিবরণী.pdf" and link.url == "https://example.org/minutes"
    services.plan_item_evidence_remove(evidence=link, actor=alice)
    link.refresh_from_db()
    assert link.removed_at is not None and link.removed_by == alice
    with pytest.raises(ValidationError, match="লিংক অথবা"):
        services.plan_item_evidence_add(item=meeting, quarter=1, actor=alice)


def test_plan_evidence_follows_the_evidence_rules_and_a_refusal_saves_nothing(
    active, alice, on, settings, tmp_path
):
    from evidence.models import EvidenceItem

    settings.MEDIA_ROOT = tmp_path
    on(date(2024, 9, 20))
    meeting = active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    before = EvidenceItem.objects.count()
    disguised = SimpleUploadedFile("কার্যবিবরণী.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.plan_item_evidence_add(item=meeting, quarter=1, actor=alice, file=disguised)
    with pytest.raises(ValidationError):
        services.plan_item_evidence_add(item=meeting, quarter=1, actor=alice, url="ftp://example.org/x")
    assert EvidenceItem.objects.count() == before
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_the_claimed_score_cannot_exceed_the_item_weight(active, alice):
    meeting = active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    with pytest.raises(ValidationError):
        services.plan_item_self_assessment_record(
            item=meeting, claimed_score=Decimal("3"), achievement_text="", actor=alice
        )
    services.plan_item_self_assessment_record(
        item=meeting, claimed_score=Decimal("2"), achievement_text="৪টি সভা", actor=alice
    )
    assert selectors.plan_score(meeting.plan, "claimed").score == 2
