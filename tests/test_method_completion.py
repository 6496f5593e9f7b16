"""The supervisor completes the blank calculation methods of an active agreement's indicators on one page in
one save: only blank ones, only the supervisor's reviewer or an administrator, in one transaction with an
audit row per indicator, the scores refreshed and the office told once; after it the office can enter the
quarters it could not. The office asks for them from its blocked rows, once a day."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, AuditEntry, Notification
from indicators.method_completion import methods_complete
from indicators.models import Achievement, Indicator, IndicatorScore, Method, ScoreKind, ValueType
from indicators.scores import refresh_scores

from .conftest import build_agreement

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def blocked(agreement_a, windows, today_in_q3):
    """Indicator 1.1.1 without a method, reported 200 in Q1 and 100 in Q2: its Q3 value cannot be entered."""
    indicator = agreement_a.indicators.get(code="1.1.1")
    indicator.method = ""
    indicator.save()
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("200"))
    refresh_scores(agreement=agreement_a)
    return indicator


def indicator_method_complete(*, indicator, method, actor):
    return methods_complete(agreement=indicator.agreement, methods={indicator.pk: method}, actor=actor)


def methods_url(agreement_id, quarter=None):
    url = reverse("indicators:methods", args=[agreement_id])
    return f"{url}?quarter={quarter}" if quarter else url


def test_it_fills_in_a_blank_method_with_an_audit_row_scores_and_a_notice_to_the_office(
    blocked, rita, alice, henry
):
    # A second quarter recorded around the services (as an import might): no method combines the two yet.
    Achievement.objects.create(indicator=blocked, quarter=2, value_number=Decimal("100"))
    score = IndicatorScore.objects.get(indicator=blocked, kind=ScoreKind.PROGRESS)
    assert score.annual_value == "200"

    indicator_method_complete(indicator=blocked, method=Method.SUM, actor=rita)

    blocked.refresh_from_db()
    assert blocked.method == Method.SUM
    entry = AuditEntry.objects.get(action="indicator.method_complete")
    assert (entry.actor, entry.before, entry.after) == (rita, {"method": ""}, {"method": "sum"})
    assert entry.agreement == blocked.agreement and entry.object_id == str(blocked.pk)
    score.refresh_from_db()
    assert score.annual_value == "300" and score.weighted == Decimal("12.00")  # 300: the 60% column
    assert set(Notification.objects.filter(event="method_completed").values_list("recipient", flat=True)) == {
        alice.pk,
        henry.pk,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"method": Method.AVERAGE}, "কিছুই সংরক্ষণ হয়নি"),
        ({"status": AgreementStatus.DRAFT}, "কেবল কার্যকর চুক্তির"),
        ({"governance_kind": "rti"}, "সুশাসন সূচকের"),
    ],
)
def test_it_refuses_what_it_may_not_complete_and_changes_nothing(blocked, rita, change, message):
    if "status" in change:
        blocked.agreement.status = change["status"]
        blocked.agreement.save()
    else:
        for field, value in change.items():
            setattr(blocked, field, value)
        blocked.save()
    with pytest.raises(ValidationError) as error:
        indicator_method_complete(indicator=blocked, method=Method.SUM, actor=rita)
    assert message in str(error.value)
    blocked.refresh_from_db()
    assert blocked.method == change.get("method", "")
    assert not AuditEntry.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize(
    ("value_type", "method"), [(ValueType.DATE, Method.SUM), (ValueType.PERCENT, Method.SUM)]
)
def test_it_refuses_a_method_that_does_not_fit_the_values(blocked, rita, value_type, method):
    blocked.value_type = value_type
    blocked.save(update_fields=["value_type"])
    with pytest.raises(ValidationError) as error:
        indicator_method_complete(indicator=blocked, method=method, actor=rita)
    assert "পদ্ধতি চলে না" in str(error.value)
    blocked.refresh_from_db()
    assert blocked.method == ""


def test_only_the_supervisors_reviewer_or_an_administrator_may(blocked, alice, sam, oscar):
    for actor in (alice, sam, oscar):
        with pytest.raises(PermissionDenied):
            indicator_method_complete(indicator=blocked, method=Method.SUM, actor=actor)
    blocked.refresh_from_db()
    assert blocked.method == ""


# ------------------------------------------------------------------------------------------------
# The methods page: every blank method of the agreement, one save


@pytest.fixture
def twelve(office_a, supervisor_office, fiscal_year, windows, today_in_q3):
    """Agreement A with twelve indicators, none with a method, each reported in Q1 and Q2: none can take
    its Q3 value."""
    agreement = build_agreement(office_a, supervisor_office, fiscal_year, indicators_per_area=6)
    indicators = list(agreement.indicators.order_by("activity__area__position", "position"))
    Indicator.objects.filter(pk__in=[i.pk for i in indicators]).update(method="")
    for indicator in indicators:
        for quarter in (1, 2):
            Achievement.objects.create(indicator=indicator, quarter=quarter, value_number=Decimal("100"))
    refresh_scores(agreement=agreement)
    return agreement, indicators


def all_sum(indicators) -> dict:
    return {f"method-{i.pk}": "sum" for i in indicators}


def test_one_save_fills_twelve_rows_with_an_audit_row_each_and_one_notification(
    client, twelve, rita, alice, henry
):
    agreement, indicators = twelve
    client.force_login(rita)
    page = client.get(methods_url(agreement.pk, 3))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="method-row"') == 12

    response = client.post(methods_url(agreement.pk, 3), all_sum(indicators))

    assert response.status_code == 302 and response.url == methods_url(agreement.pk, 3)
    assert set(Indicator.objects.filter(agreement=agreement).values_list("method", flat=True)) == {"sum"}
    assert AuditEntry.objects.filter(action="indicator.method_complete").count() == 12
    notices = Notification.objects.filter(event="method_completed")
    assert sorted(notices.values_list("recipient", flat=True)) == sorted([alice.pk, henry.pk])
    message = notices.get(recipient=alice).message
    assert "১২টি সূচকে" in message and "[১.১.১] সমষ্টি" in message and "[২.১.৬] সমষ্টি" in message
    assert IndicatorScore.objects.get(indicator=indicators[0], kind=ScoreKind.PROGRESS).annual_value == "200"
    after = client.get(response.url).content.decode()
    assert 'data-testid="methods-none"' in after and "১২টি সূচকের গণনা পদ্ধতি যোগ হয়েছে" in after


def test_rows_left_blank_stay_blank_for_later(client, twelve, rita):
    agreement, indicators = twelve
    client.force_login(rita)
    client.post(methods_url(agreement.pk), {**all_sum(indicators[:3]), f"method-{indicators[3].pk}": ""})
    assert Indicator.objects.filter(agreement=agreement, method="").count() == 9
    assert client.get(methods_url(agreement.pk)).content.decode().count('data-testid="method-row"') == 9


def test_a_stale_form_saves_nothing_and_says_which_row_was_filled_meanwhile(
    client, twelve, rita, ada, alice, henry
):
    agreement, indicators = twelve
    client.force_login(rita)
    client.get(methods_url(agreement.pk, 3))
    # Meanwhile the administrator fills in one of the rows.
    methods_complete(agreement=agreement, methods={indicators[4].pk: "average"}, actor=ada)

    response = client.post(methods_url(agreement.pk, 3), all_sum(indicators))

    assert response.status_code == 409
    page = response.content.decode()
    assert "অন্য কেউ এই সূচকগুলোর গণনা পদ্ধতি যোগ করেছেন: [১.১.৫]" in page and "কিছুই সংরক্ষণ হয়নি" in page
    assert Indicator.objects.filter(agreement=agreement, method="").count() == 11
    assert Indicator.objects.get(pk=indicators[4].pk).method == "average"
    assert AuditEntry.objects.filter(action="indicator.method_complete", actor=rita).count() == 0
    assert Notification.objects.filter(event="method_completed").count() == 2  # the administrator's only
    # The choices of the rows still blank are kept for the second try.
    assert page.count('<option value="sum" selected>') == 11


def test_one_unfit_choice_saves_none_and_is_shown_at_its_row(client, twelve, rita):
    agreement, indicators = twelve
    Indicator.objects.filter(pk=indicators[2].pk).update(value_type=ValueType.PERCENT)
    client.force_login(rita)
    response = client.post(methods_url(agreement.pk), all_sum(indicators))
    assert response.status_code == 400 and "পদ্ধতি চলে না" in response.content.decode()
    assert Indicator.objects.filter(agreement=agreement, method="").count() == 12
    assert not AuditEntry.objects.filter(action="indicator.method_complete").exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("field", ["method-999999", "method-x1"])
def test_an_unknown_indicator_id_is_404_and_saves_nothing(client, twelve, rita, field):
    agreement, indicators = twelve
    client.force_login(rita)
    response = client.post(methods_url(agreement.pk), {**all_sum(indicators[:2]), field: "sum"})
    assert response.status_code == 404
    assert Indicator.objects.filter(agreement=agreement, method="").count() == 12


def test_another_agreements_indicator_is_404(client, twelve, agreement_b, rita):
    agreement, _ = twelve
    other = agreement_b.indicators.first()
    Indicator.objects.filter(pk=other.pk).update(method="")
    client.force_login(rita)
    response = client.post(methods_url(agreement.pk), {f"method-{other.pk}": "sum"})
    assert response.status_code == 404
    assert Indicator.objects.get(pk=other.pk).method == ""


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("rita", 302),
        ("ada", 302),
        ("alice", 403),
        ("henry", 403),
        ("sam", 403),
        ("oscar", 403),
        ("bob", 404),
    ],
)
def test_each_persona_gets_its_scope(client, request, blocked, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(methods_url(blocked.agreement_id)).status_code == (200 if status == 302 else status)
    response = client.post(methods_url(blocked.agreement_id), {f"method-{blocked.pk}": "cumulative"})
    assert response.status_code == status
    blocked.refresh_from_db()
    assert blocked.method == ("cumulative" if status == 302 else "")


def test_the_reviewer_is_led_to_the_page_from_the_entry_page_the_review_page_and_the_agreement(
    client, blocked, rita
):
    agreement = blocked.agreement
    client.force_login(rita)
    entry = client.get(reverse("indicators:entry", args=[agreement.pk, 3])).content.decode()
    assert 'data-testid="method-form"' not in entry  # one way to fill a method: the methods page
    assert entry.count('data-testid="method-link"') == 1 and 'data-testid="methods-link"' in entry
    assert f'href="{methods_url(agreement.pk, 3)}#method-row-{blocked.pk}"' in entry
    review = client.get(reverse("agreements:report_review", args=[agreement.pk, 3])).content.decode()
    assert 'data-testid="methods-needed"' in review and methods_url(agreement.pk, 3) in review
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'data-testid="methods-needed"' in detail and methods_url(agreement.pk) in detail

    client.post(methods_url(agreement.pk), {f"method-{blocked.pk}": "sum"})
    detail = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'data-testid="methods-needed"' not in detail


def test_the_office_sees_no_link_and_after_completion_enters_the_quarter(client, blocked, rita, alice):
    save = reverse("indicators:save", args=[blocked.agreement_id, 3, blocked.pk])
    client.force_login(alice)
    page = client.get(reverse("indicators:entry", args=[blocked.agreement_id, 3])).content.decode()
    assert 'data-testid="method-link"' not in page and "গণনা পদ্ধতি নেই: লেখা যাবে না" in page
    detail = client.get(reverse("agreements:detail", args=[blocked.agreement_id])).content.decode()
    assert 'data-testid="methods-needed"' not in detail
    Achievement.objects.create(indicator=blocked, quarter=2, value_number=Decimal("100"))
    assert client.post(save, {"value": "150", "revision": "0"}, **JSON).status_code == 400

    client.force_login(rita)
    client.post(methods_url(blocked.agreement_id), {f"method-{blocked.pk}": "sum"})
    client.force_login(alice)
    response = client.post(save, {"value": "150", "revision": "0"}, **JSON)
    assert response.status_code == 200 and response.json()["annual_display"] == "৪৫০"
    history = client.get(
        reverse("indicators:history", args=[blocked.agreement_id, blocked.pk])
    ).content.decode()
    assert "গণনা পদ্ধতি যোগ" in history and "সমষ্টি" in history


# ------------------------------------------------------------------------------------------------
# The office asks for the methods from its blocked rows


def request_url(agreement_id):
    return reverse("indicators:methods_request", args=[agreement_id])


def test_the_focal_point_asks_from_a_blocked_row_and_the_reviewers_are_told_once(
    client, twelve, alice, rita, sam
):
    agreement, indicators = twelve
    client.force_login(alice)
    page = client.get(reverse("indicators:entry", args=[agreement.pk, 3])).content.decode()
    assert page.count('data-testid="method-request"') == 12 and 'data-testid="method-request-all"' in page
    assert "গণনা পদ্ধতি চেয়ে অনুরোধ" in page

    response = client.post(request_url(agreement.pk), {"indicator": indicators[0].pk, "quarter": "3"})

    assert response.url == reverse("indicators:entry", args=[agreement.pk, 3]) + f"#row-{indicators[0].pk}"
    notices = Notification.objects.filter(event="method_requested")
    assert list(notices.values_list("recipient", flat=True)) == [rita.pk]  # the reviewers, not the head
    assert "[১.১.১]" in notices.get().message
    assert notices.get().url == methods_url(agreement.pk)
    entry = AuditEntry.objects.get(action="indicator.method_request")
    assert entry.actor == alice and entry.after["indicators"] == [indicators[0].pk]

    # Asked again the same day: told it was already asked, nobody is notified again.
    again = client.post(
        request_url(agreement.pk), {"indicator": indicators[0].pk, "quarter": "3"}, follow=True
    )
    assert "চাওয়া হয়েছে" in again.content.decode()
    assert notices.count() == 1 and AuditEntry.objects.filter(action="indicator.method_request").count() == 1

    # "All blocked rows": one notice naming the eleven not yet asked for.
    client.post(request_url(agreement.pk), {"indicator": [i.pk for i in indicators], "quarter": "3"})
    assert notices.count() == 2
    latest = notices.order_by("-pk").first().message
    assert "১১টি সূচকের" in latest and "[১.১.২, ১.১.৩," in latest and "২.১.৬]" in latest
    assert "১.১.১" not in latest
    client.post(request_url(agreement.pk), {"indicator": [i.pk for i in indicators], "quarter": "3"})
    assert notices.count() == 2


def test_a_request_a_day_later_is_sent_again(client, twelve, alice, rita):
    agreement, indicators = twelve
    client.force_login(alice)
    client.post(request_url(agreement.pk), {"indicator": indicators[0].pk, "quarter": "3"})
    AuditEntry.objects.filter(action="indicator.method_request").update(
        at=timezone.now() - timedelta(days=1, minutes=1)
    )
    client.post(request_url(agreement.pk), {"indicator": indicators[0].pk, "quarter": "3"})
    assert Notification.objects.filter(event="method_requested").count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 302), ("henry", 302), ("rita", 403), ("sam", 403), ("oscar", 403), ("ada", 403), ("bob", 404)],
)
def test_only_the_office_may_ask(client, request, twelve, rita, persona, status):
    agreement, indicators = twelve
    client.force_login(request.getfixturevalue(persona))
    response = client.post(request_url(agreement.pk), {"indicator": indicators[0].pk})
    assert response.status_code == status
    assert Notification.objects.filter(event="method_requested").exists() == (status == 302)


def test_a_request_for_an_unknown_indicator_is_404(client, twelve, agreement_b, alice):
    agreement, _ = twelve
    client.force_login(alice)
    other = agreement_b.indicators.first()
    assert client.post(request_url(agreement.pk), {"indicator": other.pk}).status_code == 404
    assert client.post(request_url(agreement.pk), {"indicator": "x"}).status_code == 404
    assert not Notification.objects.exists()
