"""Governance pages: allowed / 403 / 404 for every view with the personas, what a page shows, bad input
(a Bangla message next to the field, nothing changed, nothing typed lost) and pinned query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus, FiscalYear, GovernanceAllocation
from agreements.services import add_governance_area
from indicators.governance import services
from indicators.models import GovernancePlanTemplate, PlanItemAchievement

from .conftest import PASSWORD
from .factories import AgreementFactory
from .page_forms import form_data


@pytest.fixture
def year(seeded):
    return FiscalYear.objects.get(start_year=2024)


@pytest.fixture
def agreement(year, office_a, supervisor_office):
    agreement = AgreementFactory(
        office=office_a, supervisor_office=supervisor_office, fiscal_year=year, status=AgreementStatus.DRAFT
    )
    # As drafting makes it: Section 3's governance area, whose indicators the plans are scaled into.
    add_governance_area(agreement)
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


def editor_data(client, template) -> dict:
    """The template page's form as the browser sends it back unchanged: every row, the blank extra row
    with its drop-downs at their first choice, the positions."""
    page = client.get(reverse("governance:template", args=[template.pk]))
    assert page.status_code == 200
    return form_data(page.content.decode(), "items-TOTAL_FORMS")


def test_an_administrator_creates_a_template_and_adds_its_first_row(client, ada, year):
    login(client, ada)
    response = client.post(
        reverse("governance:template_new", args=[2024]),
        {
            "kind": "egov",
            "variant": "upazila",
            "title_bn": "উপজেলার ই-গভর্ন্যান্স",
            "level_count": "5",
            "total_marks": "২৫",
        },
    )
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov", variant="upazila")
    assert response.url == reverse("governance:template", args=[template.pk])
    data = editor_data(client, template)
    assert data["items-TOTAL_FORMS"] == "1" and data["items-0-target_type"] == "number"
    data.update(
        {
            "items-0-activity_code": "২.১",
            "items-0-activity": "প্রশিক্ষণ আয়োজন",
            "items-0-indicator_code": "২.১.১",
            "items-0-indicator": "প্রশিক্ষণ আয়োজিত",
            "items-0-unit": "সংখ্যা",
            "items-0-weight": "২৫",
            "items-0-t1": "৪",
            "items-0-t2": "৩",
            "items-0-t3": "২",
            "items-0-t4": "১",
            "items-0-t5": "-",
        }
    )
    assert client.post(reverse("governance:template", args=[template.pk]), data).status_code == 302
    row = template.items.get()
    assert (row.weight, row.targets) == (Decimal("25"), ["4", "3", "2", "1", None])
    bad = {**editor_data(client, template), "items-0-t2": "৫"}
    page = client.post(reverse("governance:template", args=[template.pk]), bad)
    assert "ক্রমানুসারে নেই" in page.content.decode() and 'value="৫"' in page.content.decode()
    assert template.items.get().targets == ["4", "3", "2", "1", None]


def test_the_page_saved_as_the_browser_sends_it_changes_what_was_edited_and_nothing_else(client, ada, year):
    """The blank row at the end is sent with its drop-downs at their defaults: it is no row; serials and the
    target texts transcribed from the document survive the save."""
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="integrity")
    before = {i.activity_code: i for i in template.items.all()}
    login(client, ada)
    data = editor_data(client, template)
    data["title_bn"] = "শুদ্ধাচার কর্মপরিকল্পনা (সংশোধিত)"
    data["items-0-responsible"] = "সহকারী পরিচালক"
    response = client.post(reverse("governance:template", args=[template.pk]), data)
    assert response.status_code == 302
    template.refresh_from_db()
    after = {i.activity_code: i for i in template.items.all()}
    assert template.title_bn == "শুদ্ধাচার কর্মপরিকল্পনা (সংশোধিত)" and len(after) == len(before) == 6
    assert after["১.১"].responsible == "সহকারী পরিচালক"
    for code, item in before.items():
        assert (after[code].quarterly_targets_text, after[code].annual_target_text) == (
            item.quarterly_targets_text,
            item.annual_target_text,
        ), code
    egov = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov")
    serials = list(egov.items.values_list("serial", flat=True))
    assert (
        client.post(reverse("governance:template", args=[egov.pk]), editor_data(client, egov)).status_code
        == 302
    )
    assert list(egov.items.values_list("serial", flat=True)) == serials == [
        "০১", "০২", "০৩", "০৪", "০৪", "০৫", "০৫", "০৬", "০৭", "০৮"
    ]  # fmt: skip


def test_a_row_is_added_in_the_blank_row_and_placed_by_its_position(client, ada, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="upazila")
    login(client, ada)
    data = editor_data(client, template)
    data.update(
        {
            "items-2-ORDER": "2",  # between the two rows
            "items-1-ORDER": "3",
            "items-2-activity_code": "১.২",
            "items-2-activity": "স্বপ্রণোদিত তথ্য প্রকাশ",
            "items-2-indicator_code": "১.২.১",
            "items-2-indicator": "তথ্য বাতায়নে প্রকাশিত",
            "items-2-unit": "সংখ্যা",
            "items-2-t1": "২",
        }
    )
    assert client.post(reverse("governance:template", args=[template.pk]), data).status_code == 302
    assert list(template.items.order_by("position").values_list("indicator_code", flat=True)) == [
        "১.১.১",
        "১.২.১",
        "২.১.১",
    ]


def test_a_refused_save_lists_every_problem_at_the_top_with_links_and_changes_nothing(client, ada, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="upazila")
    login(client, ada)
    data = editor_data(client, template)
    data.update({"total_marks": "তিন", "items-1-t1": "৩১/১৩/২০২৪", "items-0-indicator": ""})
    page = client.post(reverse("governance:template", args=[template.pk]), data)
    assert page.status_code == 400
    problems = [(p.href, p.text) for p in page.context["problems"]]
    assert problems[0] == ("#id_total_marks", "কর্মপরিকল্পনার মোট মান: সংখ্যা লিখুন, যেমন ১০ বা ২.৫।")
    assert ("#row-0", "সারি ১ ([১.১.১]) — কর্মসম্পাদন সূচক: এটি আবশ্যক।") in problems
    assert ("#row-1", "সারি ২ ([২.১.১]) — অসাধারণ ১০০%: সঠিক তারিখ লিখুন, যেমন ১৫/০৩/২০২৫।") in problems
    html = page.content.decode()
    assert html.index('id="problems"') < html.index('id="items"') and 'href="#row-1"' in html
    assert template.items.get(position=2).targets[0] == "2024-10-15"


def test_a_weights_problem_found_on_saving_is_shown_at_the_top(client, ada, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="upazila")
    login(client, ada)
    page = client.post(
        reverse("governance:template", args=[template.pk]),
        {**editor_data(client, template), "items-0-weight": "৫"},
    )
    assert page.status_code == 400
    assert [p.text for p in page.context["problems"]] == [
        "সূচকের মানের যোগফল ৬, কর্মপরিকল্পনার মোট মান ৩-এর চেয়ে বেশি।"
    ]


def test_saving_a_template_signed_agreements_use_names_the_new_version_in_bangla_digits(
    client, ada, year, agreement
):
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    template = plan(agreement, "egov").template
    login(client, ada)
    response = client.post(
        reverse("governance:template", args=[template.pk]), editor_data(client, template), follow=True
    )
    assert "পরিবর্তনগুলো নতুন সংস্করণ ২-এ সংরক্ষিত হয়েছে" in response.content.decode()


def test_the_template_editor_is_a_table_of_rows(client, ada, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="egov")
    html = login(client, ada).get(reverse("governance:template", args=[template.pk])).content.decode()
    assert (
        html.count('class="item-row"') == template.items.count() + 1 + 1
    )  # rows, the blank row, the <template>
    assert 'data-row-action="insert"' in html and "governance-template.js" in html


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
    assert "১ (২৫ জন)" in html and "১ ০১/০৭/২৪" in html  # the notes printed in seed 003's target cells
    assert "মহিলাদের জন্য পৃথক ওয়াশরুমের ব্যবস্থা [০১/০৭/২০২৪ থেকে]" in html


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


def test_a_partial_save_names_the_rows_saved_and_those_not_saved(client, agreement, alice):
    integrity = plan(agreement, "integrity")
    meeting = integrity.items.get(activity_code="১.১")
    stakeholders = integrity.items.get(activity_code="১.২")
    url = reverse("governance:draft", args=[agreement.pk, integrity.pk])
    login(client, alice)
    data = draft_data(
        integrity, **{f"item-{meeting.pk}-responsible": "উপপরিচালক", f"item-{stakeholders.pk}-q1": "দুই"}
    )
    page = client.post(url, data)
    assert page.status_code == 400
    assert [str(m) for m in page.context["messages"]] == [
        "১টি সূচক সংরক্ষিত হয়েছে ([১.১]); ১টি সূচক সংরক্ষিত হয়নি ([১.২]): নিচে চিহ্নিত সারি ঠিক করে আবার সংরক্ষণ করুন।"
    ]
    meeting.refresh_from_db()
    assert meeting.responsible == "উপপরিচালক"
    data[f"item-{stakeholders.pk}-q1"] = "১"
    response = client.post(url, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["১টি সূচক সংরক্ষিত হয়েছে: [১.২]।"]


def test_the_annual_target_is_shown_from_the_quarters_and_cannot_be_typed_over(client, agreement, alice):
    integrity = plan(agreement, "integrity")
    meeting = integrity.items.get(activity_code="১.১")
    url = reverse("governance:draft", args=[agreement.pk, integrity.pk])
    login(client, alice)
    html = client.get(url).content.decode()
    field = f'name="item-{meeting.pk}-annual_target"'
    assert field in html and "disabled" in html[html.index(field) : html.index(field) + 200]
    client.post(url, draft_data(integrity, **{f"item-{meeting.pk}-annual_target": "৯"}))
    meeting.refresh_from_db()
    assert meeting.annual_target == "4"  # the total of its quarters, as before


def test_the_targets_a_template_prescribes_are_listed_without_a_dangling_separator(client, agreement, alice):
    grs = plan(agreement, "grs")
    html = login(client, alice).get(reverse("governance:draft", args=[agreement.pk, grs.pk])).content.decode()
    assert "৯০% / ৮০% / ৭০% / ৬০% (ছক অনুযায়ী)" in html
    assert "/ (ছক অনুযায়ী)" not in html


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


def test_seed_004_self_assessment_page_shows_the_claim_and_that_section_3_has_no_place_for_it(
    client, ada, seeded
):
    from agreements.models import Agreement

    ssd = Agreement.objects.get(office__code="ssd", fiscal_year__start_year=2021)
    html = (
        login(client, ada).get(reverse("governance:plans", args=[ssd.pk]) + "?kind=claimed").content.decode()
    )
    assert "চুক্তির ধারা ৩-এ এই কর্মপরিকল্পনার কোনো সুশাসন সূচক নেই: এর স্কোর চুক্তির মোট স্কোরে গণ্য হয় না।" in html
    assert "দাবিকৃত স্কোর ৫০.০০; লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর ৪৭.০০।" in html
    assert "অর্জনে সমর্থিত নয়" not in html
    assert html.count('title="অর্জন কেবল বিবরণে; তত্ত্বাবধায়ক অফিসের যাচাই সাপেক্ষ"') == 1  # [২.২.২]
    assert '<th scope="col">ক্রম</th>' in html  # the serial column of seeds 002/004
