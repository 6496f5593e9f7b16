"""Governance services: template versions, the variant chosen by office level, drafting edits, quarterly
achievements with evidence, and the audit trail each write leaves."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import (
    AgreementStatus,
    AuditEntry,
    FiscalYear,
    GovernanceAllocation,
    GovernancePlanKind,
    OfficeLevel,
    QuarterWindow,
)
from indicators.governance import selectors, services
from indicators.models import (
    GovernancePlanTemplate,
    PlanItemAchievement,
    QuarterlyReport,
    QuarterlyReportStatus,
)
from indicators.selectors import QuarterLocked, quarter_state
from indicators.services import AchievementConflict

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
    # GRS and citizen charter: the upazila plans of seed 003's notes; the others have one variant for all.
    assert {p.kind: p.template.variant for p in agreement.governance_plans.all()} == {
        "integrity": "field",
        "egov": "district",
        "grs": "upazila",
        "citizen_charter": "upazila",
        "rti": "upazila",
    }


def test_the_upazila_notes_of_seed_003_give_their_activity_25_marks(year):
    agreement = agreement_for(year, OfficeLevel.UPAZILA)
    services.plans_instantiate(agreement=agreement, actor=None)
    charter = agreement.governance_plans.get(kind="citizen_charter")
    assert [(i.indicator_code, i.weight) for i in charter.items.all()] == [("১.১.১", Decimal("25"))]
    grs = agreement.governance_plans.get(kind="grs")
    assert [(i.indicator_code, i.weight, i.alternative_to) for i in grs.items.order_by("position")] == [
        ("২.১.১", Decimal("25"), ""),
        ("২.২.১", None, "২.১.১"),
        ("২.২.২", None, "২.১.১"),
    ]
    assert charter.total_marks == grs.total_marks == 25


@pytest.mark.parametrize(
    ("level", "variant"),
    [
        (OfficeLevel.MINISTRY, "district"),
        (OfficeLevel.DIVISIONAL, "district"),
        (OfficeLevel.DISTRICT, "district"),
        (OfficeLevel.UPAZILA, "upazila"),
    ],
)
def test_an_office_without_a_variant_of_its_level_receives_the_district_one(year, level, variant):
    """The rule the year's page shows: the office's own level, else a general plan, else the district one
    (which is why the district variant's label no longer says 'all offices but upazila')."""
    assert selectors.template_for_office(year, "rti", level).variant == variant
    assert selectors.template_for_office(year, "egov", level).variant == "district"
    table = dict(selectors.variants_by_level(selectors.templates_of_year(year)))
    kinds = list(GovernancePlanKind.values)
    assert table[str(OfficeLevel(level).label)][kinds.index("rti")].variant == variant


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


def test_an_edit_keeps_the_transcribed_target_texts_and_serials_of_rows_it_names(year, ada):
    """Rows named by their id keep what the form does not carry, wherever they moved; a changed value
    drops its text, since the text described the old value."""
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="integrity")
    before = {item.activity_code: item for item in template.items.all()}
    rows = [
        {"id": item.pk, **{name: getattr(item, name) for name in services.ITEM_FIELDS if "_text" not in name}}
        for item in template.items.order_by("-position")  # reversed
    ]
    training = next(r for r in rows if r["activity_code"] == "১.৩")
    training["quarterly_targets"] = [None, "1", None, "2"]  # the fourth quarter changes
    saved = services.template_update(template=template, fields={}, items=rows, actor=ada)
    after = {item.activity_code: item for item in saved.items.all()}
    assert [i.activity_code for i in saved.items.order_by("position")] == [r["activity_code"] for r in rows]
    assert after["১.৪"].annual_target_text == before["১.৪"].annual_target_text
    assert after["১.৪"].quarterly_targets_text == ["০১ ০১/০৭/২৪", "--", "০১ ০১/০১/২৫", "--"]
    assert after["১.৩"].quarterly_targets_text == ["--", "০১ (২৫ জন)", "--", None]


def test_an_alternative_must_name_a_row_of_its_template_and_fit_its_weight(year, ada):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="grs", variant="district")
    rows = egov_rows(template)
    rows[-1]["alternative_to"] = "৯.৯.৯"
    with pytest.raises(ValidationError, match=r"বিকল্প হিসেবে উল্লিখিত সূচক \[৯.৯.৯\] এই ছকে নেই"):
        services.template_update(template=template, fields={}, items=rows, actor=ada)
    rows = egov_rows(template)
    rows[-1]["weight"] = Decimal("6")  # an alternative of [২.১.১], whose weight is 5
    with pytest.raises(ValidationError, match="মূল সূচকের মান"):
        services.template_update(template=template, fields={}, items=rows, actor=ada)
    assert template.items.get(indicator_code="২.২.২").weight is None
    rows[-1]["weight"] = Decimal("2")  # alternatives do not count towards the plan's 25
    services.template_update(template=template, fields={}, items=rows, actor=ada)
    assert template.items.get(indicator_code="২.২.২").weight == 2


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


def test_the_annual_target_follows_the_quarters_and_a_different_one_is_refused(draft, alice):
    training = draft.governance_plans.get(kind="integrity").items.get(activity_code="১.৩")
    with pytest.raises(ValidationError, match="বার্ষিক ঘরটি ফাঁকা রাখুন"):
        services.plan_item_update(item=training, actor=alice, annual_target="5")
    services.plan_item_update(item=training, actor=alice, quarterly_targets=["1", "1", None, "1"])
    training.refresh_from_db()
    assert training.annual_target == "3"
    # The printed "(২৫ জন)" stays beside the quarters whose target did not change.
    assert training.quarterly_targets_text == [None, "০১ (২৫ জন)", "--", "০১ (২৫ জন)"]
    assert training.annual_target_text == ""


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
    # The same typed conflict as Section 3's: it carries the colleague's value for the page to show.
    with pytest.raises(AchievementConflict) as conflict:
        services.plan_item_achievement_record(
            item=meeting, quarter=1, value="3", remarks="", actor=alice, expected_revision=1
        )
    assert (conflict.value.current.value_number, conflict.value.attempted_value) == (2, 3)
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).value_number == 2


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("১.১", "অনেক", "সংখ্যাটি বোঝা যায়নি"),
        ("১.১", "-1", "ঋণাত্মক"),
        ("৩.১", "120", "১০০-এর বেশি"),
        ("২.১", "31/02/2025", "তারিখটি বোঝা যায়নি"),
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
    with pytest.raises(QuarterLocked, match="শুরু হবে"):
        services.plan_item_achievement_record(item=meeting, quarter=2, value="1", remarks="", actor=alice)
    active.status = AgreementStatus.DRAFT
    active.save()
    with pytest.raises(QuarterLocked, match="কার্যকর নয়"):
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


# ------------------------------------------------------------------------------------------------
# Alternatives: rows the template leaves for the office


def test_an_office_that_takes_up_an_alternative_earns_the_marks_of_the_row_it_replaces(draft, alice, on):
    charter = draft.governance_plans.get(kind="citizen_charter")
    report = charter.items.get(
        indicator_code="১.৩.১"
    )  # instead of [১.২.১] (weight 8): no subordinate offices
    services.plan_item_update(item=report, actor=alice, targets=["4", "3", "2", "1", None])
    draft.status = AgreementStatus.ACTIVE
    draft.save()
    on(date(2024, 9, 20))
    services.plan_item_achievement_record(item=report, quarter=1, value="4", remarks="", actor=alice)
    rows = {r.item.indicator_code: r for r in selectors.plan_rows(charter)}
    assert (rows["১.৩.১"].weight, rows["১.৩.১"].score) == (Decimal("8"), Decimal("8"))
    assert rows["১.২.১"].basis == selectors.Basis.REPLACED and rows["১.২.১"].score == 0
    assert rows["১.২.১"].explanation == ["অফিস এর বিকল্প [১.৩.১] নিয়েছে: এই সূচক গণ্য নয়।"]
    assert scoring_total(charter) == 8
    assert sum(e.final.weight or 0 for e in selectors.item_inputs(charter, "progress")) == 25


def test_alternatives_without_a_weight_share_the_replaced_rows_marks(draft, alice, on):
    grs = draft.governance_plans.get(kind="grs")
    training, report = grs.items.get(indicator_code="২.২.১"), grs.items.get(indicator_code="২.২.২")
    services.plan_item_update(item=training, actor=alice, targets=["1", None, None, None, None])
    services.plan_item_update(item=report, actor=alice, targets=["1", None, None, None, None])
    draft.status = AgreementStatus.ACTIVE
    draft.save()
    on(date(2024, 9, 20))
    services.plan_item_achievement_record(item=training, quarter=1, value="1", remarks="", actor=alice)
    rows = {r.item.indicator_code: r for r in selectors.plan_rows(grs)}
    assert (rows["২.২.১"].weight, rows["২.২.১"].score) == (Decimal("2.5"), Decimal("2.5"))
    assert (rows["২.২.২"].weight, rows["২.২.২"].score) == (Decimal("2.5"), 0)
    assert "সমান ভাগে" in rows["২.২.১"].explanation[0]
    assert rows["২.১.১"].basis == selectors.Basis.REPLACED


def test_an_alternative_not_taken_up_counts_for_nothing(draft):
    rows = {r.item.indicator_code: r for r in selectors.plan_rows(draft.governance_plans.get(kind="grs"))}
    assert rows["২.১.১"].basis == selectors.Basis.VALUES
    assert rows["২.২.১"].basis == selectors.Basis.NOT_TAKEN and rows["২.২.১"].score == 0


def scoring_total(plan):
    return selectors.plan_score(plan, "progress").score


# ------------------------------------------------------------------------------------------------
# Verification by the supervisor


@pytest.fixture
def ssd_plan(seeded):
    from indicators.models import GovernancePlan

    return GovernancePlan.objects.get(agreement__office__code="ssd", kind="egov")


@pytest.fixture
def ssd_reviewer(ssd_plan):
    from agreements.models import Role

    from .conftest import persona

    return persona("reviewer", ssd_plan.agreement.supervisor_office, Role.SUPERVISOR_REVIEWER)


def test_the_supervisor_verifies_seed_004_and_the_verified_score_reaches_50(ssd_plan, ssd_reviewer):
    """Accepting each item verifies its recorded values; for [২.২.২], text only, it accepts the claim."""
    for item in ssd_plan.items.all():
        services.plan_item_verify(item=item, actor=ssd_reviewer, accept=True)
    ssd_plan.refresh_from_db()
    assert selectors.plan_score(ssd_plan, "verified").score == 50
    text_only = ssd_plan.items.get(indicator_code="২.২.২")
    assert (text_only.verification_status, text_only.verified_score) == ("accepted", 3)
    summary = selectors.plan_summary(ssd_plan, "verified", Decimal("10"))
    assert summary.scaled == 10 and "১৩টির মধ্যে ১৩টি সূচক যাচাই করেছে" in summary.lines[1]
    entries = AuditEntry.objects.filter(action="governance_plan_verify", agreement=ssd_plan.agreement)
    assert entries.count() == 13


def test_a_correction_needs_a_reason_and_counts_instead_of_the_reported_value(ssd_plan, ssd_reviewer):
    spent = ssd_plan.items.get(indicator_code="২.২.২")
    with pytest.raises(ValidationError, match="কারণ লিখুন"):
        services.plan_item_verify(item=spent, actor=ssd_reviewer, corrected_value=Decimal("0"))
    spent.refresh_from_db()
    assert spent.verification_status == "pending"
    services.plan_item_verify(
        item=spent, actor=ssd_reviewer, corrected_value=Decimal("0"), reason="বরাদ্দকৃত অর্থ অব্যয়িত"
    )
    row = next(r for r in selectors.plan_rows(ssd_plan, "verified") if r.item == spent)
    assert row.score == 0 and "সংশোধন করেছে: ০% — বরাদ্দকৃত অর্থ অব্যয়িত" in row.explanation[0]
    services.plan_item_verify(item=spent, actor=ssd_reviewer, corrected_score=Decimal("1.5"), reason="আংশিক")
    assert next(r for r in selectors.plan_rows(ssd_plan, "verified") if r.item == spent).score == Decimal(
        "1.5"
    )
    with pytest.raises(ValidationError, match="০ থেকে সূচকের মান"):
        services.plan_item_verify(item=spent, actor=ssd_reviewer, corrected_score=Decimal("4"), reason="x")


def test_only_the_supervisor_verifies_and_a_new_value_sends_the_item_back(ssd_plan, ssd_reviewer, on):
    from agreements.models import Role

    from .conftest import persona

    focal = persona("ssd-focal", ssd_plan.agreement.office, Role.FOCAL_POINT)
    workshops = ssd_plan.items.get(indicator_code="১.৬.১")
    with pytest.raises(PermissionDenied):
        services.plan_item_verify(item=workshops, actor=focal, accept=True)
    services.plan_item_verify(item=workshops, actor=ssd_reviewer, accept=True)
    assert selectors.plan_score(ssd_plan, "verified").score == 4
    on(date(2022, 6, 20))
    services.plan_item_achievement_record(item=workshops, quarter=4, value="2", remarks="", actor=focal)
    workshops.refresh_from_db()
    assert workshops.verification_status == "pending" and workshops.verified_by is None
    assert selectors.plan_score(ssd_plan, "verified").score == 0
    entry = AuditEntry.objects.filter(action="governance_achievement_record").latest("at")
    assert entry.after["verification"] == "pending"


# ------------------------------------------------------------------------------------------------
# A new fiscal year


def new_year_arguments(year, **overrides):
    start = year.start_year + 1
    arguments = {
        "start_year": start,
        "levels": year.levels,
        "office_area_marks": Decimal("70"),
        "governance_area_marks": Decimal("30"),
        "scoring_policy": "interpolate",
        "calendar": {"revision_deadline": date(start, 9, 30), "signing_deadline": date(start, 6, 25)},
        "quarters": [
            services.QuarterDates(date(start, 7, 1), date(start, 9, 30), date(start, 10, 15)),
            services.QuarterDates(date(start, 10, 1), date(start, 12, 31), date(start + 1, 1, 15)),
            services.QuarterDates(date(start + 1, 1, 1), date(start + 1, 3, 31), date(start + 1, 4, 15)),
            services.QuarterDates(date(start + 1, 4, 1), date(start + 1, 6, 30), date(start + 1, 7, 15)),
        ],
        "allocations": {
            "integrity": Decimal("10"),
            "egov": Decimal("10"),
            "grs": Decimal("4"),
            "citizen_charter": Decimal("3"),
            "rti": Decimal("3"),
        },
        "copy_templates_from": year,
    }
    return {**arguments, **overrides}


def test_a_new_year_takes_the_previous_years_templates_and_marks(year, ada):
    new = services.fiscal_year_create(**new_year_arguments(year), actor=ada)
    assert new.start_year == 2025 and new.quarters.count() == 4
    assert {a.kind: a.marks for a in new.governance_allocations.all()} == {
        "integrity": 10,
        "egov": 10,
        "grs": 4,
        "citizen_charter": 3,
        "rti": 3,
    }
    copied = selectors.templates_of_year(new)
    assert len(copied) == len(selectors.templates_of_year(year)) == 8
    egov = next(t for t in copied if t.kind == "egov")
    assert egov.title_bn == "ই-গভর্নেন্স ও উদ্ভাবন কর্মপরিকল্পনা ২০২৫-২৬\nমাঠ (জেলা) পর্যায়ের অফিসের জন্য"
    assert egov.items.get(position=1).targets[0] == "2026-03-09"  # date targets move with the year
    integrity = next(t for t in copied if t.kind == "integrity").items.get(activity_code="১.৩")
    assert integrity.quarterly_targets_text == ["--", "০১ (২৫ জন)", "--", "০১ (২৫ জন)"]
    purchase = next(t for t in copied if t.kind == "integrity").items.get(activity_code="২.১")
    assert purchase.annual_target == "2025-07-31" and purchase.annual_target_text == ""  # "৩১/০৭/২৪" moved
    assert purchase.activity == "২০২৫-২৬ অর্থ বছরের ক্রয়-পরিকল্পনা ওয়েবসাইটে প্রকাশ"
    assert purchase.quarterly_targets_text == [None, "--", "--", "--"]
    assert AuditEntry.objects.filter(action="governance_template_copy").count() == 8
    assert AuditEntry.objects.get(action="fiscal_year_create").after["templates_from"] == 2024


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_year": 2024}, "আগেই আছে"),
        ({"office_area_marks": Decimal("60")}, "১০০ হতে হবে"),
        (
            {"allocations": {"integrity": 10, "egov": 10, "grs": 4, "citizen_charter": 3, "rti": 4}},
            "৩০ হতে হবে",
        ),
        ({"calendar": {"revision_deadline": date(2025, 5, 1)}}, "ক্রমে মেলে না"),
    ],
)
def test_a_refused_new_year_leaves_nothing_behind(year, ada, overrides, message):
    arguments = new_year_arguments(year, **overrides)
    with pytest.raises(ValidationError, match=message):
        services.fiscal_year_create(**arguments, actor=ada)
    assert not FiscalYear.objects.filter(start_year=2025).exists()
    assert not GovernancePlanTemplate.objects.filter(fiscal_year__start_year=2025).exists()
    assert not AuditEntry.objects.filter(action="fiscal_year_create").exists()


def test_quarter_windows_must_run_in_order_inside_the_year(year, ada):
    arguments = new_year_arguments(year)
    arguments["quarters"][1] = services.QuarterDates(date(2025, 9, 1), date(2025, 12, 31), date(2025, 12, 1))
    with pytest.raises(ValidationError) as refused:
        services.fiscal_year_create(**arguments, actor=ada)
    assert refused.value.message_dict["quarters"] == [
        "২য় ত্রৈমাসিক: আগের ত্রৈমাসিক শেষ হওয়ার পর শুরু হতে হবে।",
        "২য় ত্রৈমাসিক: প্রতিবেদন দাখিলের শেষ তারিখ ত্রৈমাসিক শেষ হওয়ার আগে হতে পারে না।",
    ]
    assert not QuarterWindow.objects.filter(fiscal_year__start_year=2025).exists()


def test_only_an_administrator_creates_a_year(year, alice):
    with pytest.raises(PermissionDenied):
        services.fiscal_year_create(**new_year_arguments(year), actor=alice)


def test_plans_decide_a_quarter_as_section_3_does(active, alice, rita, on):
    """One locking rule (indicators.selectors.quarters): a signed agreement not yet in force takes no plan
    achievement, a year without the quarter's window keeps it closed, a returned report opens it until the
    reviewer's date even after the deadline."""
    meeting = active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")

    def save(quarter=1):
        return services.plan_item_achievement_record(
            item=meeting, quarter=quarter, value="1", remarks="", actor=alice
        )

    on(date(2024, 9, 20))
    active.status = AgreementStatus.SIGNED
    active.save()
    with pytest.raises(QuarterLocked, match="কার্যকর নয়"):
        save()
    active.status = AgreementStatus.ACTIVE
    active.save()
    on(date(2024, 10, 20))  # after Q1's deadline, the report returned until 31 October
    QuarterlyReport.objects.create(
        agreement=active, quarter=1, status=QuarterlyReportStatus.RETURNED, reopened_until=date(2024, 10, 31)
    )
    assert quarter_state(active, 1).is_open
    assert save().value_number == 1
    active.fiscal_year.quarters.filter(quarter=2).delete()
    on(date(2024, 12, 1))
    with pytest.raises(QuarterLocked, match="সময়সূচি নির্ধারিত হয়নি"):
        save(quarter=2)
