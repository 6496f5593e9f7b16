"""`load_seeds` puts the five seed documents into the database faithfully; a second run changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementStatus, AuditEntry, OfficeMembership, Role, User
from agreements.supervisor_views import ReportState
from evidence.models import EvidenceItem
from indicators.models import (
    Achievement,
    Area,
    AreaKind,
    GovernancePlan,
    GovernancePlanTemplate,
    Indicator,
    QuarterlyReport,
    QuarterlyReportStatus,
)

pytestmark = pytest.mark.django_db


def agreement(office_code: str, start_year: int) -> Agreement:
    return Agreement.objects.get(
        office__code=office_code, fiscal_year__start_year=start_year, is_current=True
    )


def test_the_mymensingh_areas_weigh_25_20_15_10_and_governance_30(seeded):
    areas = Area.objects.filter(agreement=agreement("ict-dc-mymensingh", 2022)).order_by("position")
    assert [(a.kind, a.weight) for a in areas] == [
        (AreaKind.OFFICE, Decimal("25")),
        (AreaKind.OFFICE, Decimal("20")),
        (AreaKind.OFFICE, Decimal("15")),
        (AreaKind.OFFICE, Decimal("10")),
        (AreaKind.GOVERNANCE, Decimal("30")),
    ]


def test_every_mymensingh_area_is_the_sum_of_its_indicator_weights(seeded):
    for area in Area.objects.filter(agreement=agreement("ict-dc-mymensingh", 2022)):
        weights = Indicator.objects.filter(activity__area=area).values_list("weight", flat=True)
        assert sum(weights) == area.weight, area.code


def test_parties_a_seed_does_not_name_stay_blank_and_pages_show_the_office_name(seeded):
    khulna = agreement("ict-dc-khulna", 2023)
    assert (khulna.first_party_bn, khulna.second_party_bn) == ("", "")
    assert khulna.office.head_title_bn == ""
    assert khulna.first_party_display == "জেলা কার্যালয়, খুলনা, আইসিটি অধিদপ্তর"
    assert khulna.second_party_display == "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর"
    from reports.builders import build_agreement

    cover = build_agreement(khulna).sections[0].blocks[0]
    assert cover.lines[1:3] == ["জেলা কার্যালয়, খুলনা, আইসিটি অধিদপ্তর", "এবং"]


def test_the_integrity_template_keeps_the_signature_of_its_example(seeded):
    template = GovernancePlanTemplate.objects.get(fiscal_year__start_year=2024, kind="integrity")
    assert template.example_office_bn == "জেলা সমবায় কার্যালয়, নারায়ণগঞ্জ"
    assert template.example_signatory_bn == "জেলা সমবায় কর্মকর্তা\nনারায়ণগঞ্জ।"
    assert template.example_signed_on == date(2024, 7, 6)


def test_the_mymensingh_agreement_keeps_its_rows_targets_and_annexes(seeded):
    mymensingh = agreement("ict-dc-mymensingh", 2022)
    assert mymensingh.status == AgreementStatus.SUBMITTED
    assert mymensingh.supervisor_office.code == "ict-dg"
    assert mymensingh.first_party_bn == "প্রোগ্রামার, জেলা কার্যালয়, ময়মনসিংহ, আইসিটি অধিদপ্তর"
    assert mymensingh.indicators.filter(area_kind=AreaKind.OFFICE).count() == 19
    assert mymensingh.outcome_indicators.count() == 19
    assert mymensingh.acronyms.count() == 7
    assert mymensingh.functions.count() == 7

    services = mymensingh.indicators.get(area_kind=AreaKind.OFFICE, code="১.১.১")
    assert (services.method, services.weight, services.actual_prev2, services.actual_prev1) == (
        "sum",
        Decimal("5"),
        "",
        "1470",
    )
    assert services.targets == ["800", "750", "700", "650", "600"]
    assert (services.projection_next1, services.projection_next2) == ("700", "600")
    assert services.related_offices.get().offices == "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর"

    digital_day = mymensingh.indicators.get(area_kind=AreaKind.OFFICE, code="৩.১.১")
    assert digital_day.value_type == "date"
    assert digital_day.targets[0] == "2022-12-12"
    assert digital_day.target_values()[0] == date(2022, 12, 12)

    governance = mymensingh.indicators.filter(area_kind=AreaKind.GOVERNANCE).order_by("activity__position")
    assert [(g.governance_kind, g.weight, g.unit) for g in governance] == [
        ("integrity", Decimal("10"), "প্রাপ্ত নম্বর"),
        ("egov", Decimal("10"), "প্রাপ্ত নম্বর"),
        ("grs", Decimal("4"), "প্রাপ্ত নম্বর"),
        ("citizen_charter", Decimal("3"), "প্রাপ্ত নম্বর"),
        ("rti", Decimal("3"), "প্রাপ্ত নম্বর"),
    ]


def test_the_khulna_q2_achievement_of_1_2_1_is_386_with_its_evidence_link(seeded):
    khulna = agreement("ict-dc-khulna", 2023)
    indicator = khulna.indicators.get(area_kind=AreaKind.OFFICE, code="১.২.১")
    achievement = Achievement.objects.get(indicator=indicator, quarter=2)
    assert achievement.value_number == Decimal("386")
    link = EvidenceItem.objects.get(indicator=indicator, quarter=2)
    assert link.url == "https://drive.google.com/drive/folders/1k6ni5-rHGT1D4zo3vNla37cfOceqX2Ot"


def test_the_khulna_q2_report_is_listed_as_submitted_to_the_supervisor(seeded, client):
    """Seed 001 is Khulna's submitted second-quarter report: the supervisor sees it waiting for review."""
    khulna = agreement("ict-dc-khulna", 2023)
    report = QuarterlyReport.objects.get(agreement=khulna, quarter=2)
    assert report.status == QuarterlyReportStatus.SUBMITTED
    # The seed prints no date of submission, so none is invented.
    assert report.submitted_at is None

    client.force_login(User.objects.get(username="dg.reviewer"))
    response = client.get(reverse("agreements:workspace_reports"), {"year": "2023", "quarter": "2"})
    [row] = [r for r in response.context["page"].object_list if r.agreement == khulna]
    assert row.state == ReportState.SUBMITTED
    page = response.content.decode()
    assert '<tr data-state="submitted">' in page and 'data-state="overdue"' not in page
    assert reverse("agreements:report_review", args=[khulna.pk, 2]) in page


def test_a_rerun_leaves_the_seeded_report_as_it_was_and_reports_a_changed_one(seeded, capsys):
    khulna = agreement("ict-dc-khulna", 2023)
    before = snapshot()
    call_command("load_seeds")
    assert snapshot() == before
    capsys.readouterr()

    QuarterlyReport.objects.filter(agreement=khulna, quarter=2).update(status=QuarterlyReportStatus.ACCEPTED)
    before = snapshot()
    call_command("load_seeds")
    assert snapshot() == before
    assert QuarterlyReport.objects.get(agreement=khulna, quarter=2).status == QuarterlyReportStatus.ACCEPTED
    out = capsys.readouterr().out
    assert "ict-dc-khulna 2023-24" in out and "Q2»: status" in out


def test_the_khulna_governance_rows_have_no_achievement(seeded):
    khulna = agreement("ict-dc-khulna", 2023)
    assert not Achievement.objects.filter(
        indicator__agreement=khulna, indicator__area_kind=AreaKind.GOVERNANCE
    ).exists()
    smart_day = khulna.indicators.get(area_kind=AreaKind.OFFICE, code="৪.২.১")
    entry = Achievement.objects.get(indicator=smart_day, quarter=2)
    assert entry.value is None and "স্মার্ট বাংলাদেশ দিবস" in entry.remarks


def test_the_2024_25_templates_include_both_right_to_information_variants(seeded):
    templates = GovernancePlanTemplate.objects.filter(fiscal_year__start_year=2024)
    assert set(templates.values_list("kind", flat=True)) == {
        "egov",
        "grs",
        "citizen_charter",
        "rti",
        "integrity",
    }
    assert set(templates.filter(kind="rti").values_list("variant", flat=True)) == {"district", "upazila"}
    assert templates.get(kind="egov").levels[0] == {"percent": 100, "name_bn": "অসাধারণ"}


def test_the_2021_22_egovernance_plans_have_three_levels_and_the_claimed_score(seeded):
    plans = GovernancePlan.objects.filter(agreement__fiscal_year__start_year=2021, kind="egov")
    assert set(plans.values_list("agreement__office__code", flat=True)) == {"divcom-rajshahi", "ssd"}
    for plan in plans:
        assert [level["percent"] for level in plan.levels] == [100, 80, 60]
    ssd = plans.get(agreement__office__code="ssd")
    assert ssd.claimed_total == Decimal("50")
    assert sum(item.claimed_score for item in ssd.items.all()) == Decimal("50")
    rajshahi = plans.get(agreement__office__code="divcom-rajshahi")
    assert all(item.progress_text for item in rajshahi.items.all())


def test_demo_users_exist_for_every_role(seeded):
    roles = set(OfficeMembership.objects.values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    assert OfficeMembership.objects.get(user__username="dg.reviewer").office.code == "ict-dg"


def snapshot() -> str:
    rows = []
    for model in apps.get_models():
        if model._meta.app_label in {"agreements", "indicators", "evidence"}:
            rows.append(serializers.serialize("json", model.objects.order_by("pk")))
    return "\n".join(rows)


def test_loading_twice_changes_nothing(seeded, capsys):
    before = snapshot()
    audit_rows = AuditEntry.objects.count()
    call_command("load_seeds")
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot() == before
    assert AuditEntry.objects.count() == audit_rows


def test_a_rerun_after_a_revision_leaves_the_new_version_current(seeded, capsys, monkeypatch):
    from django.utils import timezone

    from indicators.models import AreaKind as Kind

    khulna = agreement("ict-dc-khulna", 2023)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2023, 9, 1))
    focal, reviewer = User.objects.get(username="khulna.focal"), User.objects.get(username="dg.reviewer")
    revision = services.revision_propose(agreement=khulna, justification="বাজেট কমেছে", actor=focal)
    Indicator.objects.filter(agreement=revision, area_kind=Kind.OFFICE, code="১.২.১").update(targets=["450"])
    # The seed has no calculation methods, so validation would hold the submission: the state is what counts.
    Agreement.objects.filter(pk=revision.pk).update(status=AgreementStatus.SUBMITTED)
    services.revision_approve(revision=revision, actor=reviewer)
    before, audit_rows = snapshot(), AuditEntry.objects.count()

    call_command("load_seeds")

    assert agreement("ict-dc-khulna", 2023).pk == revision.pk
    assert snapshot() == before and AuditEntry.objects.count() == audit_rows
    out = capsys.readouterr().out
    assert "ict-dc-khulna 2023-24" in out and "is_current" in out and "status" in out


def test_a_rerun_keeps_what_users_changed_and_reports_it(seeded, capsys):
    mymensingh = agreement("ict-dc-mymensingh", 2022)
    Agreement.objects.filter(pk=mymensingh.pk).update(status=AgreementStatus.APPROVED)
    services_row = mymensingh.indicators.get(area_kind=AreaKind.OFFICE, code="১.১.১")
    services_row.targets = ["900", "750", "700", "650", "600"]
    services_row.save()
    mymensingh.acronyms.filter(position=7).delete()
    before, audit_rows = snapshot(), AuditEntry.objects.count()

    call_command("load_seeds")

    mymensingh.refresh_from_db()
    services_row.refresh_from_db()
    assert mymensingh.status == AgreementStatus.APPROVED
    assert services_row.targets[0] == "900"
    assert not mymensingh.acronyms.filter(position=7).exists()
    assert snapshot() == before and AuditEntry.objects.count() == audit_rows
    out = capsys.readouterr().out
    assert "differs from the seeds, not overwritten" in out
    assert "ict-dc-mymensingh 2022-23" in out
    assert "«[১.১.১] সেবা গ্রহীতার সংখ্যা»: targets" in out
    assert "(position=7): নেই / missing" in out
    assert "Seeds already loaded" not in out


def test_a_rerun_creates_what_is_missing(seeded, capsys):
    Agreement.objects.filter(office__code="ssd").delete()

    call_command("load_seeds")

    ssd = agreement("ssd", 2021)
    assert ssd.governance_plans.get().claimed_total == Decimal("50")
    assert AuditEntry.objects.filter(action="seed_import", agreement=ssd).exists()
    out = capsys.readouterr().out
    assert "created:" in out and "(indicators.GovernancePlan)" in out
    assert "left as it was" in out


def test_production_settings_create_no_demo_users(db, settings):
    settings.DEMO_USERS = False
    from agreements.seeding import load_seeds

    load_seeds()
    assert not OfficeMembership.objects.exists()


def test_make_run_prints_every_demo_login_with_the_password_and_how_to_try_entry(settings):
    from io import StringIO

    from django.core.management import call_command

    from agreements.seeding import DEMO_USERS

    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert settings.DEMO_PASSWORD in text
    assert all(username in text for username, *_rest in DEMO_USERS)
    assert "reopen it with a reason" in text
    assert "admin" in text and "+ authenticator code" in text and "scan the QR code" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    assert "authenticator" in lines["dg.reviewer"] and "authenticator" not in lines["khulna.focal"]
