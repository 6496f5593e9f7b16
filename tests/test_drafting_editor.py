"""Drafting: the year's draft from last year's agreement, and the editor for every part of the document."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementStatus, AuditEntry, FiscalYear, GovernanceAllocation
from indicators.models import Achievement, Area, AreaKind, Indicator, IndicatorScore, VerificationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(fiscal_year):
    year = FiscalYear.objects.create(start_year=2024)
    for position, (kind, marks) in enumerate(
        (("integrity", 10), ("egov", 10), ("grs", 4), ("citizen_charter", 3), ("rti", 3)), start=1
    ):
        GovernanceAllocation.objects.create(
            fiscal_year=year, kind=kind, name_bn=f"পরিকল্পনা {kind}", marks=marks, position=position
        )
    return year


def test_it_copies_last_years_agreement_with_verified_and_provisional_actuals(
    agreement_a, next_year, alice, rita
):
    verified, reported, _ = Indicator.objects.filter(agreement=agreement_a).order_by("code")[:3]
    Achievement.objects.create(
        indicator=verified,
        quarter=1,
        value_number=Decimal("480"),
        verification_status=VerificationStatus.ACCEPTED,
    )
    Achievement.objects.create(indicator=reported, quarter=1, value_number=Decimal("300"))
    draft = services.agreement_create_draft(
        office=agreement_a.office, fiscal_year=next_year, from_agreement=agreement_a, actor=alice
    )
    assert draft.status == AgreementStatus.DRAFT and draft.supervisor_office == agreement_a.supervisor_office
    copied = {i.code: i for i in Indicator.objects.filter(agreement=draft, area_kind=AreaKind.OFFICE)}
    assert set(copied) == set(Indicator.objects.filter(agreement=agreement_a).values_list("code", flat=True))
    assert (copied[verified.code].actual_prev1, copied[verified.code].actual_prev1_provisional) == (
        "480",
        False,
    )
    assert (copied[reported.code].actual_prev1, copied[reported.code].actual_prev1_provisional) == (
        "300",
        True,
    )
    assert copied[verified.code].targets == verified.targets
    governance = Indicator.objects.filter(agreement=draft, area_kind=AreaKind.GOVERNANCE)
    assert sorted(governance.values_list("weight", flat=True)) == [3, 3, 4, 10, 10]
    assert Area.objects.get(agreement=draft, kind=AreaKind.GOVERNANCE).weight == Decimal("30")
    assert AuditEntry.objects.filter(agreement=draft, action="agreement_create_draft").exists()
    assert IndicatorScore.objects.filter(agreement=draft).exists()
    from indicators.validation import validate_agreement

    assert validate_agreement(draft) == []


def test_only_the_offices_own_people_create_its_draft_and_only_once(agreement_a, next_year, bob, rita, alice):
    for outsider in (bob, rita):
        with pytest.raises(PermissionDenied):
            services.agreement_create_draft(office=agreement_a.office, fiscal_year=next_year, actor=outsider)
    services.agreement_create_draft(office=agreement_a.office, fiscal_year=next_year, actor=alice)
    with pytest.raises(ValidationError):
        services.agreement_create_draft(office=agreement_a.office, fiscal_year=next_year, actor=alice)
    assert Agreement.objects.filter(office=agreement_a.office, fiscal_year=next_year).count() == 1


@pytest.fixture
def draft_a(agreement_a):
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    return agreement_a


def indicator_post(indicator, **changes):
    data = {
        "code": indicator.code,
        "title": indicator.title,
        "method": indicator.method,
        "unit": indicator.unit,
        "value_type": indicator.value_type,
        "weight": str(indicator.weight),
        "target_0": "৫০০",
        "target_1": "৪৫০",
        "target_2": "৪০০",
        "target_3": "৩৫০",
        "target_4": "৩০০",
    }
    data.update(changes)
    return data


def test_the_editor_saves_an_indicator_typed_in_bangla_digits_and_refreshes_scores(client, draft_a, alice):
    indicator = Indicator.objects.filter(agreement=draft_a).first()
    client.force_login(alice)
    url = reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk])
    response = client.post(url, indicator_post(indicator, target_0="৫২০", actual_prev1="১,৪৭০"))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.targets == ["520", "450", "400", "350", "300"]
    assert indicator.actual_prev1 == "1470"
    assert AuditEntry.objects.filter(agreement=draft_a, action="content_change").exists()


def test_bad_input_gets_a_bangla_message_next_to_the_field_and_nothing_changes(client, draft_a, alice):
    indicator = Indicator.objects.filter(agreement=draft_a).first()
    client.force_login(alice)
    url = reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk])
    response = client.post(url, indicator_post(indicator, target_0="পাঁচশো", title="নতুন শিরোনাম"))
    assert response.status_code == 200
    assert "একটি সংখ্যা দিন" in response.content.decode()
    assert "নতুন শিরোনাম" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.targets[0] == "500" and indicator.title != "নতুন শিরোনাম"
    assert not AuditEntry.objects.filter(action="content_change").exists()


def test_validation_problems_are_shown_next_to_the_indicator_they_concern(client, draft_a, alice):
    indicator = Indicator.objects.filter(agreement=draft_a).first()
    indicator.targets = ["300", "450", "400", "350", "500"]
    indicator.save()
    client.force_login(alice)
    page = client.get(reverse("agreements:detail", args=[draft_a.pk])).content.decode()
    notes = page.split(f'id="notes-indicator-{indicator.pk}"')[1].split("</tr>")[0]
    assert "ক্রমানুসারে নয়" in notes


def test_it_adds_moves_and_removes_areas_activities_and_indicators(client, draft_a, alice):
    client.force_login(alice)
    response = client.post(
        reverse("agreements:item_add", args=[draft_a.pk, "area"]),
        {"code": "৩", "title": "নতুন ক্ষেত্র", "weight": "০"},
    )
    assert response.status_code == 302
    area = Area.objects.get(agreement=draft_a, title="নতুন ক্ষেত্র")
    assert area.position == 3
    client.post(reverse("agreements:item_move", args=[draft_a.pk, "area", area.pk]), {"direction": "up"})
    area.refresh_from_db()
    assert area.position == 2
    assert list(Area.objects.filter(agreement=draft_a).values_list("code", flat=True)) == ["1", "৩", "2"]
    response = client.post(
        reverse("agreements:item_add", args=[draft_a.pk, "activity"]) + f"?parent={area.pk}",
        {"code": "৩.১", "title": "কার্যক্রম"},
    )
    activity = area.activities.get()
    assert activity.code == "৩.১"
    response = client.post(
        reverse("agreements:item_add", args=[draft_a.pk, "indicator"]) + f"?parent={activity.pk}",
        {
            "code": "৩.১.১",
            "title": "সূচক",
            "method": "sum",
            "unit": "সংখ্যা",
            "value_type": "number",
            "weight": "0",
            "target_0": "১০",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get(activity=activity).targets == ["10"]
    client.post(reverse("agreements:item_delete", args=[draft_a.pk, "area", area.pk]))
    assert not Area.objects.filter(pk=area.pk).exists()
    assert not Indicator.objects.filter(code="৩.১.১").exists()


@pytest.mark.parametrize(
    ("persona", "expected"), [("alice", 200), ("henry", 200), ("rita", 403), ("oscar", 403), ("bob", 404)]
)
def test_editor_pages_answer_allowed_403_and_404(
    request, client, draft_a, alice, henry, rita, oscar, bob, persona, expected
):
    indicator = Indicator.objects.filter(agreement=draft_a).first()
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk]),
        reverse("agreements:overview_edit", args=[draft_a.pk]),
        reverse("agreements:item_add", args=[draft_a.pk, "outcome"]),
    ):
        assert client.get(url).status_code == expected


def test_an_item_of_another_agreement_is_404(client, draft_a, agreement_b, alice):
    other = Indicator.objects.filter(agreement=agreement_b).first()
    client.force_login(alice)
    assert (
        client.get(reverse("agreements:item_edit", args=[draft_a.pk, "indicator", other.pk])).status_code
        == 404
    )


def test_a_submitted_agreement_cannot_be_edited(client, agreement_a, alice):
    agreement_a.status = AgreementStatus.SUBMITTED
    agreement_a.save()
    indicator = Indicator.objects.filter(agreement=agreement_a).first()
    client.force_login(alice)
    url = reverse("agreements:item_edit", args=[agreement_a.pk, "indicator", indicator.pk])
    response = client.post(url, indicator_post(indicator, target_0="১"))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.targets[0] == "500"
    with pytest.raises(ValidationError):
        services.content_item_delete(item=indicator, actor=alice)


def test_overview_and_section_one_are_edited_and_audited(client, draft_a, alice):
    client.force_login(alice)
    client.post(
        reverse("agreements:overview_edit", args=[draft_a.pk]), {"vision": "স্মার্ট বাংলাদেশ", "mission": "সেবা"}
    )
    draft_a.refresh_from_db()
    assert draft_a.vision == "স্মার্ট বাংলাদেশ"
    assert AuditEntry.objects.filter(agreement=draft_a, action="agreement_update").exists()


def test_the_document_page_has_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    from agreements.models import User

    agreement = Agreement.objects.get(office__code="ict-dc-mymensingh")
    client.force_login(User.objects.get(username="dg.reviewer"))
    with django_assert_max_num_queries(30):
        response = client.get(reverse("agreements:detail", args=[agreement.pk]))
    assert response.status_code == 200


def test_the_create_page_makes_a_draft(client, agreement_a, next_year, alice):
    client.force_login(alice)
    response = client.post(
        reverse("agreements:create"), {"fiscal_year": next_year.pk, "from_agreement": agreement_a.pk}
    )
    draft = Agreement.objects.get(office=agreement_a.office, fiscal_year=next_year)
    assert response.status_code == 302 and response.url == reverse("agreements:detail", args=[draft.pk])


def test_the_history_shows_what_a_content_change_was_and_became(client, draft_a, alice):
    indicator = Indicator.objects.filter(agreement=draft_a).first()
    client.force_login(alice)
    client.post(
        reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk]),
        indicator_post(indicator, target_0="৫২০"),
    )
    page = client.get(reverse("agreements:history", args=[draft_a.pk])).content.decode()
    assert "লক্ষ্যমাত্রা (কলাম অনুযায়ী)" in page and "৫২০" in page


@pytest.mark.parametrize(("level", "rti_variant"), [("district", "district"), ("upazila", "upazila")])
def test_a_new_draft_receives_the_years_five_plans_in_the_variant_for_its_level(
    seeded, ada, level, rti_variant
):
    from agreements.models import Office
    from indicators.models import GovernancePlan

    dg = Office.objects.get(code="ict-dg")
    office = Office.objects.create(
        code=f"ict-new-{level}", name_bn="নতুন অফিস", level=level, parent=dg, supervisor=dg
    )
    draft = services.agreement_create_draft(
        office=office, fiscal_year=FiscalYear.objects.get(start_year=2024), actor=ada
    )
    plans = GovernancePlan.objects.filter(agreement=draft).select_related("template")
    assert sorted(plan.kind for plan in plans) == ["citizen_charter", "egov", "grs", "integrity", "rti"]
    assert plans.get(kind="rti").template.variant == rti_variant
    assert all(plan.items.count() == plan.template.items.count() > 0 for plan in plans)
    assert AuditEntry.objects.filter(agreement=draft, action="governance_plan_create").count() == 5
