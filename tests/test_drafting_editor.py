"""The drafting editor: every part of the document added, changed, moved and removed on the agreement page,
with validation problems and review comments beside the item, and the governance area protected."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementStatus, AuditEntry
from indicators.models import Area, Indicator

pytestmark = pytest.mark.django_db


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
    assert "সংখ্যাটি বোঝা যায়নি" in response.content.decode()
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


def test_the_history_shows_what_a_content_change_was_and_became(client, draft_a, alice):
    indicator = Indicator.objects.filter(agreement=draft_a).first()
    client.force_login(alice)
    client.post(
        reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk]),
        indicator_post(indicator, target_0="৫২০"),
    )
    page = client.get(reverse("agreements:history", args=[draft_a.pk])).content.decode()
    assert "লক্ষ্যমাত্রা (কলাম অনুযায়ী)" in page and "৫২০" in page


# ------------------------------------------------------------------------------------------------
# Every other part of the document: functions, acronyms, outcomes, Annex 3 rows


def edit_url(agreement, kind, item):
    return reverse("agreements:item_edit", args=[agreement.pk, kind, item.pk])


def add_url(agreement, kind, parent=None):
    url = reverse("agreements:item_add", args=[agreement.pk, kind])
    return f"{url}?parent={parent.pk}" if parent is not None else url


def delete_url(agreement, kind, item):
    return reverse("agreements:item_delete", args=[agreement.pk, kind, item.pk])


def actions_on(agreement, model):
    return list(
        AuditEntry.objects.filter(agreement=agreement, object_type=model._meta.label_lower)
        .order_by("id")
        .values_list("action", flat=True)
    )


OUTCOME_POST = {
    "outcome": "ই-গভর্ন্যান্স",
    "title": "সেবা গ্রহীতা",
    "unit": "সংখ্যা",
    "actual_prev2": "৯০০",
    "actual_prev1": "১৫৩৬",
    "target": "৮০০",
    "projection_next1": "৭০০",
    "projection_next2": "৬০০",
}


@pytest.mark.parametrize(
    ("kind", "model_path", "added", "changed", "field"),
    [
        (
            "function",
            "agreements.AgreementFunction",
            {"text": "ই-সেবা প্রদান"},
            {"text": "ই-সেবা ও প্রশিক্ষণ"},
            "text",
        ),
        (
            "acronym",
            "agreements.Acronym",
            {"acronym": "আইসিটি", "description": "তথ্য ও যোগাযোগ প্রযুক্তি"},
            {"acronym": "আইসিটি", "description": "তথ্য ও যোগাযোগ প্রযুক্তি বিভাগ"},
            "description",
        ),
        ("outcome", "indicators.OutcomeIndicator", OUTCOME_POST, {**OUTCOME_POST, "target": "৮৫০"}, "target"),
    ],
)
def test_it_adds_changes_and_removes_functions_acronyms_and_outcomes(
    client, draft_a, alice, kind, model_path, added, changed, field
):
    from django.apps import apps

    model = apps.get_model(model_path)
    client.force_login(alice)
    response = client.post(add_url(draft_a, kind), added)
    assert response.status_code == 302
    item = model.objects.get(agreement=draft_a)
    assert item.position == 1
    response = client.post(edit_url(draft_a, kind, item), changed)
    assert response.status_code == 302
    item.refresh_from_db()
    expected = {"text": "ই-সেবা ও প্রশিক্ষণ", "description": "তথ্য ও যোগাযোগ প্রযুক্তি বিভাগ", "target": "৮৫০"}[field]
    assert getattr(item, field) == expected
    assert client.get(delete_url(draft_a, kind, item)).status_code == 200  # the confirmation page
    response = client.post(delete_url(draft_a, kind, item))
    assert response.status_code == 302
    assert not model.objects.filter(agreement=draft_a).exists()
    assert actions_on(draft_a, model) == ["content_add", "content_change", "content_remove"]


def test_a_second_function_goes_last_and_moves_up(client, draft_a, alice):
    from agreements.models import AgreementFunction

    client.force_login(alice)
    for text in ("প্রথম", "দ্বিতীয়"):
        client.post(add_url(draft_a, "function"), {"text": text})
    second = AgreementFunction.objects.get(agreement=draft_a, text="দ্বিতীয়")
    client.post(
        reverse("agreements:item_move", args=[draft_a.pk, "function", second.pk]), {"direction": "up"}
    )
    assert list(draft_a.functions.order_by("position").values_list("text", flat=True)) == ["দ্বিতীয়", "প্রথম"]


def test_a_blank_required_field_is_refused_in_bangla_and_nothing_is_saved(client, draft_a, alice):
    from agreements.models import Acronym

    client.force_login(alice)
    response = client.post(add_url(draft_a, "acronym"), {"acronym": "", "description": "বিবরণ"})
    assert response.status_code == 200
    assert "কিছু ঘরে ভুল আছে" in response.content.decode()
    assert not Acronym.objects.exists()


def test_an_outcome_without_its_indicator_is_refused_and_unchanged(client, draft_a, alice):
    from indicators.models import OutcomeIndicator

    client.force_login(alice)
    client.post(add_url(draft_a, "outcome"), OUTCOME_POST)
    outcome = OutcomeIndicator.objects.get(agreement=draft_a)
    response = client.post(edit_url(draft_a, "outcome", outcome), {**OUTCOME_POST, "title": ""})
    assert response.status_code == 200
    outcome.refresh_from_db()
    assert outcome.title == "সেবা গ্রহীতা"


def test_it_adds_changes_and_removes_an_annex_3_row(client, draft_a, alice):
    from indicators.models import RelatedOffice

    indicator = Indicator.objects.filter(agreement=draft_a).order_by("code").first()
    client.force_login(alice)
    response = client.post(
        add_url(draft_a, "related", indicator), {"offices": "জেলা প্রশাসন", "coordination_strategy": "সভা"}
    )
    assert response.status_code == 302 and response.url.endswith(f"#indicator-{indicator.pk}")
    row = RelatedOffice.objects.get(indicator=indicator)
    page = client.get(reverse("agreements:detail", args=[draft_a.pk])).content.decode()
    annex3 = page.split('id="annex3"')[1]
    assert "জেলা প্রশাসন" in annex3 and "সভা" in annex3
    client.post(
        edit_url(draft_a, "related", row), {"offices": "জেলা প্রশাসন, ময়মনসিংহ", "coordination_strategy": "সভা"}
    )
    row.refresh_from_db()
    assert row.offices == "জেলা প্রশাসন, ময়মনসিংহ"
    client.post(delete_url(draft_a, "related", row))
    assert not RelatedOffice.objects.filter(indicator=indicator).exists()
    assert actions_on(draft_a, RelatedOffice) == ["content_add", "content_change", "content_remove"]


def test_an_annex_3_row_of_another_agreements_indicator_cannot_be_added(client, draft_a, agreement_b, alice):
    other = Indicator.objects.filter(agreement=agreement_b).first()
    client.force_login(alice)
    assert client.get(add_url(draft_a, "related", other)).status_code == 404


def test_it_moves_activities_and_indicators_within_their_parent(client, draft_a, alice):
    from .factories import ActivityFactory, IndicatorFactory

    area = Area.objects.get(agreement=draft_a, code="1")
    first = area.activities.get()
    second = ActivityFactory(area=area, position=2, code="1.2")
    client.force_login(alice)

    def move(kind, item, direction):
        client.post(
            reverse("agreements:item_move", args=[draft_a.pk, kind, item.pk]), {"direction": direction}
        )

    move("activity", second, "up")
    assert list(area.activities.order_by("position").values_list("code", flat=True)) == ["1.2", "1.1"]
    move("activity", second, "up")  # already first: nothing changes
    assert list(area.activities.order_by("position").values_list("code", flat=True)) == ["1.2", "1.1"]
    third = IndicatorFactory(activity=first, position=3, code="1.1.3", weight=0)
    move("indicator", third, "up")
    assert list(first.indicators.order_by("position").values_list("code", flat=True)) == [
        "1.1.1",
        "1.1.3",
        "1.1.2",
    ]
    move("indicator", third, "down")
    assert list(first.indicators.order_by("position").values_list("code", flat=True)) == [
        "1.1.1",
        "1.1.2",
        "1.1.3",
    ]
    moves = AuditEntry.objects.filter(agreement=draft_a, action="content_move")
    assert moves.count() == 3  # the move at the top changed nothing and recorded nothing


def test_a_move_of_a_locked_agreement_is_refused(client, agreement_a, alice):
    indicator = Indicator.objects.filter(agreement=agreement_a).order_by("code").last()
    client.force_login(alice)
    response = client.post(
        reverse("agreements:item_move", args=[agreement_a.pk, "indicator", indicator.pk]),
        {"direction": "up"},
        follow=True,
    )
    assert "কেবল খসড়া বা ফেরতকৃত চুক্তি সম্পাদনা করা যায়" in response.content.decode()
    assert not AuditEntry.objects.filter(action="content_move").exists()


def test_the_method_dropdown_offers_a_bangla_empty_choice(client, draft_a, alice):
    activity = Area.objects.get(agreement=draft_a, code="1").activities.get()
    client.force_login(alice)
    page = client.get(add_url(draft_a, "indicator", activity)).content.decode()
    assert "— বেছে নিন —" in page and "---------" not in page


# ------------------------------------------------------------------------------------------------
# The item's edit form shows what to fix


def test_the_edit_form_shows_the_items_problems_and_the_reviewers_comment(client, draft_a, alice, rita):
    from agreements.models import ReviewComment

    indicator = Indicator.objects.filter(agreement=draft_a).order_by("code").first()
    indicator.targets = ["300", "450", "400", "350", "500"]
    indicator.save()
    ReviewComment.objects.create(agreement=draft_a, indicator=indicator, text="লক্ষ্যমাত্রা বাড়ান", author=rita)
    client.force_login(alice)
    page = client.get(edit_url(draft_a, "indicator", indicator)).content.decode()
    notes = page.split('id="item-notes"')[1].split("</section>")[0]
    assert "ক্রমানুসারে নয়" in notes and "লক্ষ্যমাত্রা বাড়ান" in notes
    other = Indicator.objects.filter(agreement=draft_a).order_by("code").last()
    assert 'id="item-notes"' not in client.get(edit_url(draft_a, "indicator", other)).content.decode()


def test_the_overview_form_shows_the_comments_on_overview_fields(client, draft_a, alice, rita):
    from agreements.models import ReviewComment

    ReviewComment.objects.create(
        agreement=draft_a,
        item_key="overview-vision",
        item_label="রূপকল্প",
        text="রূপকল্প সংক্ষেপ করুন",
        author=rita,
    )
    client.force_login(alice)
    page = client.get(reverse("agreements:overview_edit", args=[draft_a.pk])).content.decode()
    notes = page.split('id="item-notes"')[1].split("</section>")[0]
    assert "রূপকল্প সংক্ষেপ করুন" in notes and "(রূপকল্প)" in notes


# ------------------------------------------------------------------------------------------------
# The governance area comes from the fiscal year


@pytest.fixture
def governed_draft(draft_a):
    from tests.test_workflow_transitions import make_valid

    return make_valid(draft_a)


def governance_parts(agreement):
    area = Area.objects.get(agreement=agreement, kind="governance")
    activity = area.activities.order_by("position").first()
    return area, activity, activity.indicators.get()


@pytest.mark.parametrize("part", [0, 1, 2])
def test_the_governance_area_its_activities_and_indicators_cannot_be_removed_or_moved(
    client, governed_draft, alice, part
):
    item = governance_parts(governed_draft)[part]
    kind = ("area", "activity", "indicator")[part]
    before = (Area.objects.count(), Indicator.objects.count(), type(item).objects.get(pk=item.pk).position)
    client.force_login(alice)
    response = client.post(delete_url(governed_draft, kind, item), follow=True)
    assert "মুছে ফেলা বা সরানো যায় না" in response.content.decode()
    response = client.post(
        reverse("agreements:item_move", args=[governed_draft.pk, kind, item.pk]),
        {"direction": "up"},
        follow=True,
    )
    assert "মুছে ফেলা বা সরানো যায় না" in response.content.decode()
    assert (
        Area.objects.count(),
        Indicator.objects.count(),
        type(item).objects.get(pk=item.pk).position,
    ) == before
    assert not AuditEntry.objects.filter(action__in=["content_remove", "content_move"]).exists()


def test_the_page_offers_no_remove_move_or_add_controls_in_the_governance_area(client, governed_draft, alice):
    area, activity, indicator = governance_parts(governed_draft)
    client.force_login(alice)
    page = client.get(reverse("agreements:detail", args=[governed_draft.pk])).content.decode()
    assert reverse("agreements:item_edit", args=[governed_draft.pk, "indicator", indicator.pk]) in page
    for kind, item in (("area", area), ("activity", activity), ("indicator", indicator)):
        assert delete_url(governed_draft, kind, item) not in page
        assert reverse("agreements:item_move", args=[governed_draft.pk, kind, item.pk]) not in page
    assert add_url(governed_draft, "activity", area) not in page
    assert add_url(governed_draft, "indicator", activity) not in page


def test_nothing_new_is_added_to_the_governance_area(client, governed_draft, alice):
    area, _activity, _ = governance_parts(governed_draft)
    client.force_login(alice)
    response = client.get(add_url(governed_draft, "activity", area), follow=True)
    assert "নতুন অংশ যোগ করা যায় না" in response.content.decode()
    from indicators.models import Activity

    with pytest.raises(ValidationError):
        services.content_item_save(item=Activity(area=area, code="১.৯", title="নতুন"), actor=alice)
    assert area.activities.count() == 5


def test_a_governance_indicators_form_offers_no_target_weight_or_type_and_keeps_them(
    client, governed_draft, alice
):
    _, _, indicator = governance_parts(governed_draft)
    client.force_login(alice)
    url = edit_url(governed_draft, "indicator", indicator)
    page = client.get(url).content.decode()
    for name in ("weight", "value_type", "method", "unit", "target_0"):
        assert f'name="{name}"' not in page
    assert 'id="governance-note"' in page
    response = client.post(
        url,
        {
            "code": indicator.code,
            "title": "নতুন শিরোনাম",
            "weight": "29",
            "target_0": "১",
            "implementing_unit": "শাখা",
        },
    )
    assert response.status_code == 302
    changed = Indicator.objects.get(pk=indicator.pk)
    assert (changed.title, changed.implementing_unit) == ("নতুন শিরোনাম", "শাখা")
    assert (changed.weight, changed.targets, changed.value_type) == (
        indicator.weight,
        indicator.targets,
        indicator.value_type,
    )


def test_the_service_refuses_a_changed_governance_weight(governed_draft, alice):
    _, _, indicator = governance_parts(governed_draft)
    indicator.weight += 1
    with pytest.raises(ValidationError) as error:
        services.content_item_save(item=indicator, actor=alice)
    assert "পরিবর্তন করা যায় না" in str(error.value)


def test_the_governance_areas_form_offers_no_weight(client, governed_draft, alice):
    area, _, _ = governance_parts(governed_draft)
    client.force_login(alice)
    url = edit_url(governed_draft, "area", area)
    assert 'name="weight"' not in client.get(url).content.decode()
    client.post(url, {"code": area.code, "title": area.title, "weight": "10"})
    area.refresh_from_db()
    assert area.weight == 30


def test_a_new_office_area_goes_before_the_governance_area_and_moves_only_among_office_areas(
    client, governed_draft, alice
):
    client.force_login(alice)
    client.post(add_url(governed_draft, "area"), {"code": "৩", "title": "নতুন ক্ষেত্র", "weight": "০"})

    def order():
        return list(
            Area.objects.filter(agreement=governed_draft).order_by("position").values_list("code", "kind")
        )

    assert order() == [("1", "office"), ("2", "office"), ("৩", "office"), ("১", "governance")]
    new = Area.objects.get(agreement=governed_draft, code="৩")
    client.post(
        reverse("agreements:item_move", args=[governed_draft.pk, "area", new.pk]), {"direction": "down"}
    )
    assert order()[-1] == ("১", "governance")
    client.post(
        reverse("agreements:item_move", args=[governed_draft.pk, "area", new.pk]), {"direction": "up"}
    )
    assert order() == [("1", "office"), ("৩", "office"), ("2", "office"), ("১", "governance")]


def history_lines(page: str) -> list[str]:
    """The field lines of the agreement's history ("label: was → became"), as text."""
    html = page.split('id="history"')[1].split("</ol>")[0]
    lines = (re.sub(r"<[^>]+>", "", line) for line in re.split(r"</div>|\n", html))
    return [" ".join(line.split()) for line in lines if "→" in line and "অবস্থা" not in line]


def test_the_history_shows_only_what_changed_and_targets_as_the_document_shows_them(client, draft_a, alice):
    indicator = Indicator.objects.filter(agreement=draft_a).order_by("code").first()
    assert str(indicator.weight) == "20.00" and indicator.targets == ["500", "450", "400", "350", "300"]
    client.force_login(alice)
    url = reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk])
    # The weight typed as "২০" is the stored 20.00: no change. Two target columns change, one to blank.
    provisional = {"actual_prev1_provisional": "on"} if indicator.actual_prev1_provisional else {}
    client.post(url, indicator_post(indicator, weight="২০", target_0="৫২০", target_2="", **provisional))
    lines = history_lines(client.get(reverse("agreements:history", args=[draft_a.pk])).content.decode())
    assert lines == ["লক্ষ্যমাত্রা (কলাম অনুযায়ী) — অসাধারণ ১০০% / উত্তম ৮০%: ৫০০ / ৪০০ → ৫২০ / —"]

    # Every column changed: the whole row, in the document's order, blanks as "—".
    indicator.refresh_from_db()
    client.post(
        url,
        indicator_post(
            indicator,
            target_0="১২",
            target_1="১১",
            target_2="১০",
            target_3="৯",
            target_4="",
            weight="১৯.৫",
            **provisional,
        ),
    )
    lines = history_lines(client.get(reverse("agreements:history", args=[draft_a.pk])).content.decode())
    assert lines[1:] == [
        "সূচকের মান: ২০ → ১৯.৫",
        "লক্ষ্যমাত্রা (কলাম অনুযায়ী): ৫২০ / ৪৫০ / — / ৩৫০ / ৩০০ → ১২ / ১১ / ১০ / ৯ / —",
    ]


def test_the_indicators_own_history_shows_its_changed_columns_the_same_way(client, draft_a, alice):
    indicator = Indicator.objects.filter(agreement=draft_a).order_by("code").first()
    client.force_login(alice)
    provisional = {"actual_prev1_provisional": "on"} if indicator.actual_prev1_provisional else {}
    client.post(
        reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk]),
        indicator_post(indicator, weight="২০", target_0="৫২০", target_2="", **provisional),
    )
    page = client.get(reverse("indicators:history", args=[draft_a.pk, indicator.pk])).content.decode()
    row = page.split('data-action="content_change"')[1].split("</tr>")[0]
    assert "লক্ষ্যমাত্রা (কলাম অনুযায়ী) — অসাধারণ ১০০% / উত্তম ৮০%" in row
    assert "৫০০ / ৪০০" in row and "৫২০ / —" in row and "সূচকের মান" not in row


@pytest.mark.parametrize(
    "status", [AgreementStatus.SUBMITTED, AgreementStatus.SIGNED, AgreementStatus.ACTIVE]
)
def test_the_overview_form_of_an_agreement_that_cannot_be_edited_is_refused_when_opened(
    client, agreement_a, alice, status
):
    agreement_a.status = status
    agreement_a.save()
    client.force_login(alice)
    url = reverse("agreements:overview_edit", args=[agreement_a.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url == reverse("agreements:detail", args=[agreement_a.pk])
    page = html.unescape(client.get(response.url).content.decode())
    # The reason is the one the save gives, with the status by name.
    assert f"চুক্তিটি এখন '{agreement_a.get_status_display()}' অবস্থায়" in page
    assert "কেবল খসড়া বা ফেরতকৃত চুক্তি সম্পাদনা করা যায়" in page
    assert client.post(url, {"vision": "নতুন"}).status_code == 302
    agreement_a.refresh_from_db()
    assert agreement_a.vision != "নতুন"


def test_the_overview_form_of_a_draft_opens(client, draft_a, alice):
    client.force_login(alice)
    response = client.get(reverse("agreements:overview_edit", args=[draft_a.pk]))
    assert response.status_code == 200 and 'name="vision"' in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "wrong"),
    [
        ({"target_1": "৫২০"}, ["target_1"]),  # 90% above 100% in a falling row: the 90% box is wrong
        ({"target_0": "৩৮০"}, ["target_0"]),  # 100% below 90%: the 100% box is wrong, not the 90% one
        ({"target_0": "৩০০", "target_4": "৫০০"}, ["target_0", "target_4"]),  # the ends swapped
    ],
)
def test_a_target_out_of_order_is_marked_on_the_box_typed_wrong_only(client, draft_a, alice, typed, wrong):
    indicator = Indicator.objects.filter(agreement=draft_a).first()
    before = list(indicator.targets)
    client.force_login(alice)
    url = reverse("agreements:item_edit", args=[draft_a.pk, "indicator", indicator.pk])
    response = client.post(url, indicator_post(indicator, **typed))
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form.errors) == wrong
    assert all("ক্রম" in message for name in wrong for message in form.errors[name])
    assert not form.non_field_errors()
    page = response.content.decode()
    invalid = re.findall(r'<input[^>]*class="[^"]*is-invalid[^"]*"[^>]*id="id_([a-z_0-9]+)"', page)
    invalid += re.findall(r'<input[^>]*id="id_([a-z_0-9]+)"[^>]*class="[^"]*is-invalid[^"]*"', page)
    assert sorted(set(invalid)) == wrong
    indicator.refresh_from_db()
    assert indicator.targets == before
    assert not AuditEntry.objects.filter(action="content_change").exists()
