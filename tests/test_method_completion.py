"""The supervisor completes a blank calculation method of an active agreement's indicator: only a blank
one, only the supervisor's reviewer or an administrator, in one transaction with an audit row, the scores
refreshed and the office told; after it the office can enter the quarters it could not."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry, Notification
from indicators.method_completion import indicator_method_complete
from indicators.models import Achievement, IndicatorScore, Method, ScoreKind, ValueType
from indicators.scores import refresh_scores

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


def method_url(indicator):
    return reverse("indicators:method", args=[indicator.agreement_id, indicator.pk])


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
        ({"method": Method.AVERAGE}, "চুক্তিতে দেওয়া আছে"),
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
# From the entry page


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
    response = client.post(method_url(blocked), {"method": "cumulative", "quarter": "3"})
    assert response.status_code == status
    blocked.refresh_from_db()
    assert blocked.method == ("cumulative" if status == 302 else "")
    if status == 302:
        assert (
            response.url == reverse("indicators:entry", args=[blocked.agreement_id, 3]) + f"#row-{blocked.pk}"
        )


def test_an_indicator_of_another_agreement_is_404(client, blocked, agreement_b, rita):
    other = agreement_b.indicators.first()
    url = reverse("indicators:method", args=[blocked.agreement_id, other.pk])
    assert (
        client.post(url, {"method": "sum"}).status_code == 404 if client.force_login(rita) is None else False
    )


def test_the_reviewer_sees_the_form_on_blank_rows_only_and_a_bad_choice_is_explained(client, blocked, rita):
    client.force_login(rita)
    page = client.get(reverse("indicators:entry", args=[blocked.agreement_id, 3])).content.decode()
    assert page.count('data-testid="method-form"') == 1
    assert 'data-testid="method-complete-hint"' in page and f'action="{method_url(blocked)}"' in page

    response = client.post(method_url(blocked), {"method": "weekly", "quarter": "3"}, follow=True)
    assert "একটি গণনা পদ্ধতি বেছে নিন" in response.content.decode()
    blocked.refresh_from_db()
    assert blocked.method == "" and not AuditEntry.objects.exists()


def test_the_office_sees_no_form_and_after_completion_enters_the_quarter(client, blocked, rita, alice):
    save = reverse("indicators:save", args=[blocked.agreement_id, 3, blocked.pk])
    client.force_login(alice)
    page = client.get(reverse("indicators:entry", args=[blocked.agreement_id, 3])).content.decode()
    assert 'data-testid="method-form"' not in page and "গণনা পদ্ধতি নেই: লেখা যাবে না" in page
    assert client.post(save, {"value": "150", "revision": "0"}, **JSON).status_code == 400

    client.force_login(rita)
    client.post(method_url(blocked), {"method": "sum", "quarter": "3"})
    client.force_login(alice)
    response = client.post(save, {"value": "150", "revision": "0"}, **JSON)
    assert response.status_code == 200 and response.json()["annual_display"] == "৩৫০"
    history = client.get(
        reverse("indicators:history", args=[blocked.agreement_id, blocked.pk])
    ).content.decode()
    assert "গণনা পদ্ধতি যোগ" in history and "সমষ্টি" in history
