"""Governance pages: allowed / 403 / 404 for every view with the personas, what a page shows, bad input
(a Bangla message next to the field, nothing changed, nothing typed lost) and pinned query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus, FiscalYear, GovernanceAllocation
from indicators import governance_services as services
from indicators.models import GovernancePlanTemplate, PlanItemAchievement

from .conftest import PASSWORD
from .factories import AgreementFactory


@pytest.fixture
def year(seeded):
    return FiscalYear.objects.get(start_year=2024)


@pytest.fixture
def agreement(year, office_a, supervisor_office):
    agreement = AgreementFactory(
        office=office_a, supervisor_office=supervisor_office, fiscal_year=year, status=AgreementStatus.DRAFT
    )
    services.plans_instantiate(agreement=agreement, actor=None)
    return agreement


@pytest.fixture
def active(agreement):
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    return agreement


@pytest.fixture
def in_q1(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def plan(agreement, kind):
    return agreement.governance_plans.get(kind=kind)


# ------------------------------------------------------------------------------------------------
# Administrators


def test_an_administrator_sees_the_years_templates_and_marks(
    client, ada, year, django_assert_max_num_queries
):
    login(client, ada)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("governance:year", args=[2024]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "তথ্য অধিকার" in html and "উপজেলা পর্যায়" in html and "জাতীয় শুদ্ধাচার কৌশল" in html
    assert 'value="১০"' in html  # integrity 10 marks, shown in Bangla digits


@pytest.mark.parametrize("name", ["years", "year", "template_new"])
def test_template_pages_are_forbidden_to_everyone_but_administrators(client, alice, rita, year, name):
    args = [] if name == "years" else [2024]
    for user in (alice, rita):
        assert login(client, user).get(reverse(f"governance:{name}", args=args)).status_code == 403
    client.logout()
    assert client.get(reverse(f"governance:{name}", args=args)).status_code == 302


def test_wrong_marks_are_refused_with_a_bangla_message_and_kept_in_the_form(client, ada, year):
    data = {"integrity": "১০", "egov": "১০", "grs": "৪", "citizen_charter": "৩", "rti": "৫"}
    page = login(client, ada).post(reverse("governance:year", args=[2024]), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "সুশাসন ক্ষেত্রের মোট মান ৩০ হতে হবে" in html and 'value="৫"' in html
    assert GovernanceAllocation.objects.get(fiscal_year=year, kind="rti").marks == 3
    data.update(rti="৩", egov="abc")
    assert "সংখ্যা লিখুন" in client.post(reverse("governance:year", args=[2024]), data).content.decode()


def test_an_administrator_creates_a_template_and_adds_its_first_row(client, ada, year):
    login(client, ada)
    response = client.post(
        reverse("governance:template_new", args=[2024]),
        {
            "kind": "grs",
            "variant": "upazila",
            "title_bn": "উপজেলার জিআরএস",
            "level_count": "5",
            "total_marks": "২৫",
        },
    )
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="grs", variant="upazila")
    assert response.url == reverse("governance:template", args=[template.pk])
    data = {
        "title_bn": "উপজেলার জিআরএস",
        "level_count": "5",
        "total_marks": "25",
        "notes_bn": "",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "200",
        "items-0-activity_code": "২.১",
        "items-0-activity": "প্রশিক্ষণ আয়োজন",
        "items-0-indicator_code": "২.১.১",
        "items-0-indicator": "প্রশিক্ষণ আয়োজিত",
        "items-0-unit": "সংখ্যা",
        "items-0-target_type": "number",
        "items-0-scoring": "levels",
        "items-0-weight": "২৫",
        "items-0-t1": "৪",
        "items-0-t2": "৩",
        "items-0-t3": "২",
        "items-0-t4": "১",
        "items-0-t5": "-",
    }
    assert client.post(reverse("governance:template", args=[template.pk]), data).status_code == 302
    row = template.items.get()
    assert (row.weight, row.targets) == (Decimal("25"), ["4", "3", "2", "1", None])
    # A new upazila office now receives it.
    bad = {**data, "items-0-t2": "৫"}
    page = client.post(reverse("governance:template", args=[template.pk]), bad)
    assert "ক্রমানুসারে নেই" in page.content.decode() and 'value="৫"' in page.content.decode()
    assert template.items.get().targets == ["4", "3", "2", "1", None]


def test_a_typing_error_in_a_template_row_is_shown_next_to_the_field(client, ada, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="upazila")
    page = login(client, ada).get(reverse("governance:template", args=[template.pk]))
    assert page.status_code == 200
    form = page.context["formset"]
    data = {
        "title_bn": template.title_bn,
        "level_count": "5",
        "total_marks": "3",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "2",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "200",
    }
    for n in range(template.items.count()):
        for key, value in form.forms[n].initial.items():
            data[f"items-{n}-{key}"] = "" if value is None else value
    data["items-1-t1"] = "৩১/১৩/২০২৪"
    page = client.post(reverse("governance:template", args=[template.pk]), data)
    assert "সঠিক তারিখ লিখুন" in page.content.decode()
    assert template.items.get(position=2).targets[0] == "2024-10-15"


def test_an_older_template_version_is_read_only(client, ada, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov")
    services.template_create_version(template=template, actor=ada)
    login(client, ada)
    page = client.get(reverse("governance:template", args=[template.pk]))
    assert "পুরোনো সংস্করণ" in page.content.decode()
    assert client.post(reverse("governance:template", args=[template.pk]), {}).status_code == 403


# ------------------------------------------------------------------------------------------------
# An agreement's plans


def test_the_plans_page_is_visible_within_scope_and_hidden_outside(
    client, agreement, alice, rita, oscar, bob
):
    url = reverse("governance:plans", args=[agreement.pk])
    for user in (alice, rita, oscar):
        assert login(client, user).get(url).status_code == 200
    assert login(client, bob).get(url).status_code == 404


def test_the_plans_page_shows_the_integrity_table_and_the_scaling(
    client, agreement, alice, django_assert_max_num_queries
):
    login(client, alice)
    url = reverse("governance:plans", args=[agreement.pk])
    with django_assert_max_num_queries(20):
        page = client.get(url)
    html = page.content.decode()
    assert "জাতীয় শুদ্ধাচার কৌশল কর্মপরিকল্পনা" in html and "ফোকাল পয়েন্ট" in html
    assert "চুক্তিতে এই কর্মপরিকল্পনার মান ১০: ০.০০ × ১০ ÷ ১০ = ০.০০" in html
    assert "লক্ষ্যমাত্রা ও দায়িত্ব পূরণ করুন" in html  # alice drafts


def test_the_plans_page_query_count_does_not_grow_with_entries(
    client, active, alice, in_q1, django_assert_max_num_queries
):
    for item in plan(active, "integrity").items.all():
        PlanItemAchievement.objects.create(item=item, quarter=1, value_number=None, value_date=None)
    login(client, alice)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("governance:plans", args=[active.pk]) + "?kind=claimed").status_code == 200


def test_drafting_page_roles(client, agreement, alice, henry, rita, bob):
    integrity = plan(agreement, "integrity")
    url = reverse("governance:draft", args=[agreement.pk, integrity.pk])
    assert login(client, alice).get(url).status_code == 200
    assert login(client, henry).get(url).status_code == 200
    assert login(client, rita).get(url).status_code == 403
    assert login(client, bob).get(url).status_code == 404


def draft_data(integrity, **overrides):
    data = {}
    for item in integrity.items.all():
        prefix = f"item-{item.pk}"
        data[f"{prefix}-responsible"] = item.responsible
        for n, target in enumerate((list(item.quarterly_targets) + [None] * 4)[:4], start=1):
            data[f"{prefix}-q{n}"] = target or ""
        data[f"{prefix}-annual_target"] = item.annual_target
    data.update(overrides)
    return data


def test_the_office_fills_in_quarterly_targets_while_drafting(client, agreement, alice):
    integrity = plan(agreement, "integrity")
    meeting = integrity.items.get(activity_code="১.২")
    url = reverse("governance:draft", args=[agreement.pk, integrity.pk])
    login(client, alice)
    data = draft_data(
        integrity, **{f"item-{meeting.pk}-q1": "১", f"item-{meeting.pk}-responsible": "সহকারী পরিচালক"}
    )
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.quarterly_targets == ["1", "1", None, "1"] and meeting.annual_target == "3"
    assert meeting.responsible == "সহকারী পরিচালক"


def test_a_bad_quarterly_target_keeps_what_was_typed_and_changes_nothing(client, agreement, alice):
    integrity = plan(agreement, "integrity")
    meeting = integrity.items.get(activity_code="১.২")
    url = reverse("governance:draft", args=[agreement.pk, integrity.pk])
    login(client, alice)
    page = client.post(url, draft_data(integrity, **{f"item-{meeting.pk}-q1": "দুই"}))
    assert page.status_code == 400
    html = page.content.decode()
    assert "শূন্য বা ধনাত্মক সংখ্যা লিখুন" in html and 'value="দুই"' in html
    meeting.refresh_from_db()
    assert meeting.quarterly_targets == [None, "1", None, "1"]


def test_the_entry_page_roles(client, active, alice, rita, oscar, bob, in_q1):
    integrity = plan(active, "integrity")
    url = reverse("governance:entry", args=[active.pk, integrity.pk]) + "?quarter=1"
    assert login(client, alice).get(url).status_code == 200
    assert login(client, rita).get(url).status_code == 200  # the supervisor reads
    assert login(client, rita).post(url, {"quarter": "1"}).status_code == 403
    assert login(client, oscar).post(url, {"quarter": "1"}).status_code == 403
    assert login(client, bob).get(url).status_code == 404


def entry_data(integrity, quarter=1, **overrides):
    data = {"quarter": str(quarter)}
    for item in integrity.items.all():
        data[f"item-{item.pk}-value"] = ""
        data[f"item-{item.pk}-remarks"] = ""
        data[f"item-{item.pk}-revision"] = "0"
    data.update(overrides)
    return data


def test_the_office_enters_quarterly_achievements_and_the_score_follows(
    client, active, alice, in_q1, django_assert_max_num_queries
):
    integrity = plan(active, "integrity")
    meeting = integrity.items.get(activity_code="১.১")
    purchase = integrity.items.get(activity_code="২.১")
    url = reverse("governance:entry", args=[active.pk, integrity.pk])
    login(client, alice)
    with django_assert_max_num_queries(25):
        assert client.get(url + "?quarter=1").status_code == 200
    data = entry_data(
        integrity,
        **{
            f"item-{meeting.pk}-value": "১",
            f"item-{meeting.pk}-remarks": "সভা হয়েছে",
            f"item-{purchase.pk}-value": "২৮/০৭/২০২৪",
        },
    )
    assert client.post(url, data).status_code == 302
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).value_number == 1
    assert PlanItemAchievement.objects.get(item=purchase, quarter=1).value_date == date(2024, 7, 28)
    assert (
        PlanItemAchievement.objects.filter(item__plan=integrity).count() == 2
    )  # unchanged rows stay unsaved
    page = client.get(reverse("governance:plans", args=[active.pk]))
    assert "কর্মপরিকল্পনার স্কোর ২.৫০, মোট ১০-এর মধ্যে।" in page.content.decode()  # 2 × 1/4 + 2


def test_a_bad_achievement_is_shown_next_to_its_field_and_the_other_rows_are_kept(
    client, active, alice, in_q1
):
    integrity = plan(active, "integrity")
    meeting = integrity.items.get(activity_code="১.১")
    register = integrity.items.get(activity_code="৩.১")
    url = reverse("governance:entry", args=[active.pk, integrity.pk])
    login(client, alice)
    data = entry_data(integrity, **{f"item-{register.pk}-value": "১৫০", f"item-{meeting.pk}-value": "১"})
    page = client.post(url, data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "শতাংশ ১০০-এর বেশি হতে পারে না" in html and 'value="১৫০"' in html
    assert not PlanItemAchievement.objects.filter(item=register).exists()
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).value_number == 1


def test_a_closed_quarter_shows_why_and_refuses_entries(client, active, alice, in_q1):
    integrity = plan(active, "integrity")
    url = reverse("governance:entry", args=[active.pk, integrity.pk])
    login(client, alice)
    page = client.get(url + "?quarter=2")
    assert "এই ত্রৈমাসিক এখনো শুরু হয়নি" in page.content.decode()
    meeting = integrity.items.get(activity_code="১.১")
    client.post(url, entry_data(integrity, quarter=2, **{f"item-{meeting.pk}-value": "1"}))
    assert not PlanItemAchievement.objects.filter(item=meeting).exists()


def test_evidence_is_added_and_removed_from_the_entry_page(client, active, alice, bob, rita, in_q1):
    integrity = plan(active, "integrity")
    meeting = integrity.items.get(activity_code="১.১")
    add = reverse("governance:evidence_add", args=[active.pk, meeting.pk])
    assert login(client, bob).post(add, {"quarter": "1", "url": "https://example.org/x"}).status_code == 404
    assert login(client, rita).post(add, {"quarter": "1", "url": "https://example.org/x"}).status_code == 403
    login(client, alice)
    response = client.post(
        add, {"quarter": "1", "url": "https://example.org/minutes", "description": "কার্যবিবরণী"}
    )
    assert response.status_code == 302
    evidence = meeting.evidence.get()
    page = client.get(reverse("governance:entry", args=[active.pk, integrity.pk]) + "?quarter=1")
    assert "কার্যবিবরণী" in page.content.decode()
    client.post(reverse("governance:evidence_remove", args=[active.pk, meeting.pk, evidence.pk]))
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert (
        "কার্যবিবরণী"
        not in client.get(reverse("governance:entry", args=[active.pk, integrity.pk])).content.decode()
    )


def test_the_self_assessment_claim_is_saved_and_shown_against_the_computed_score(
    client, active, alice, in_q1
):
    integrity = plan(active, "integrity")
    meeting = integrity.items.get(activity_code="১.১")
    login(client, alice)
    url = reverse("governance:self_assessment", args=[active.pk, meeting.pk])
    client.post(url, {f"sa-{meeting.pk}-claimed_score": "২", f"sa-{meeting.pk}-achievement_text": "চারটি সভা"})
    meeting.refresh_from_db()
    assert meeting.claimed_score == 2
    page = client.get(reverse("governance:plans", args=[active.pk]) + "?kind=claimed").content.decode()
    assert "অর্জনে সমর্থিত নয়" in page
    assert "দাবিকৃত স্কোর ২.০০; লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর ০.০০।" in page


def test_instantiating_from_the_page_needs_a_draft_and_the_office(
    client, year, office_a, supervisor_office, alice, rita
):
    agreement = AgreementFactory(
        office=office_a, supervisor_office=supervisor_office, fiscal_year=year, status=AgreementStatus.DRAFT
    )
    url = reverse("governance:instantiate", args=[agreement.pk])
    assert login(client, rita).post(url).status_code == 403
    assert login(client, alice).post(url).status_code == 302
    assert agreement.governance_plans.count() == 5


def test_an_evidence_file_is_downloaded_within_scope_only(
    client, active, alice, rita, bob, in_q1, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    meeting = plan(active, "integrity").items.get(activity_code="১.১")
    evidence = services.plan_item_evidence_add(
        item=meeting,
        quarter=1,
        actor=alice,
        file=SimpleUploadedFile("সভা.pdf", b"%PDF minutes", "application/pdf"),
    )
    url = reverse("governance:evidence_download", args=[active.pk, meeting.pk, evidence.pk])
    for user in (alice, rita):
        response = login(client, user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF minutes"
        assert response["Content-Disposition"].startswith("attachment")
    assert login(client, bob).get(url).status_code == 404
    services.plan_item_evidence_remove(evidence=evidence, actor=alice)
    assert login(client, alice).get(url).status_code == 404


def test_seed_004_self_assessment_page_shows_the_claim_and_the_scaling(client, ada, seeded):
    from agreements.models import Agreement

    ssd = Agreement.objects.get(office__code="ssd", fiscal_year__start_year=2021)
    html = (
        login(client, ada).get(reverse("governance:plans", args=[ssd.pk]) + "?kind=claimed").content.decode()
    )
    assert "চুক্তিতে এই কর্মপরিকল্পনার মান ১০: ৫০.০০ × ১০ ÷ ৫০ = ১০.০০" in html
    assert "দাবিকৃত স্কোর ৫০.০০; লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর ৪১.০০।" in html
    assert html.count("অর্জনে সমর্থিত নয়") == 3  # ২.১.১, ২.১.২, ২.২.২: text only, no value
