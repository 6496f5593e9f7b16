"""Allowed / 403 / 404 for every agreement page and action, persona by persona (STYLE.md §6): the office's own
people act on its agreement, the supervisor office's people review it, an observer reads it; someone outside
the agreement's scope (office B, another supervisor office) learns nothing of it (404), someone who may read
but not act is told so (403)."""

from datetime import date

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import AgreementStatus, Notification, SelfAssessment, SelfAssessmentStatus
from indicators.models import Activity, Area, Indicator, RelatedOffice

from .test_workflow_transitions import make_valid

pytestmark = pytest.mark.django_db

# The persona table: focal point A, head A, focal point B, supervisor reviewer, supervisor head, the reviewer
# of another supervisor office, observer.
PERSONAS = ("alice", "henry", "bob", "rita", "sam", "rex", "oscar")
READERS = {"alice", "henry", "rita", "sam", "oscar"}  # who can see agreement A at all
OUTSIDERS = {"bob", "rex"}
OFFICE_A = {"alice", "henry"}


def expected(persona: str, allowed: set[str], allowed_status: int = 200) -> int:
    if persona in OUTSIDERS:
        return 404
    return allowed_status if persona in allowed else 403


def set_status(agreement, status):
    agreement.status = status
    agreement.save()
    return agreement


@pytest.fixture
def user(request):
    """The persona of the test, logged in."""

    def login(client, persona):
        actor = request.getfixturevalue(persona)
        client.force_login(actor)
        return actor

    return login


@pytest.fixture
def draft(agreement_a):
    """Agreement A as a draft with every kind of part, the governance area included."""
    from agreements.models import Acronym, AgreementFunction
    from indicators.models import OutcomeIndicator

    set_status(make_valid(agreement_a), AgreementStatus.DRAFT)
    AgreementFunction.objects.create(agreement=agreement_a, position=1, text="কার্যাবলি")
    Acronym.objects.create(agreement=agreement_a, position=1, acronym="এপিএ", description="চুক্তি")
    OutcomeIndicator.objects.create(agreement=agreement_a, position=1, outcome="ফল", title="সূচক")
    RelatedOffice.objects.create(indicator=first_indicator(agreement_a), position=1, offices="জেলা প্রশাসন")
    return agreement_a


def first_indicator(agreement):
    return Indicator.objects.filter(agreement=agreement, area_kind="office").order_by("code").first()


# ------------------------------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["detail", "history"])
def test_the_agreement_and_its_history_are_read_within_scope(client, user, agreement_a, persona, name):
    user(client, persona)
    response = client.get(reverse(f"agreements:{name}", args=[agreement_a.pk]))
    assert response.status_code == expected(persona, READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_score_explanation_is_read_within_scope(client, user, agreement_a, persona):
    user(client, persona)
    assert client.get(reverse("agreements:score", args=[agreement_a.pk, "progress"])).status_code == expected(
        persona, READERS
    )
    if persona in READERS:
        assert client.get(reverse("agreements:score", args=[agreement_a.pk, "imagined"])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_verification_page_is_the_supervisors(client, user, agreement_a, persona):
    user(client, persona)
    response = client.get(reverse("agreements:verify", args=[agreement_a.pk]), {"quarter": 1})
    assert response.status_code == expected(persona, {"rita", "sam"})


# ------------------------------------------------------------------------------------------------
# Creating a draft


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_create_page_is_for_an_offices_own_people(client, user, office_a, office_b, persona):
    user(client, persona)
    response = client.get(reverse("agreements:create"))
    # bob drafts for his own office B; supervisors and observers draft for no office.
    assert response.status_code == (200 if persona in OFFICE_A | {"bob"} else 403)


@pytest.mark.parametrize("persona", ["alice", "henry"])
def test_naming_an_office_outside_ones_own_is_a_404(client, user, office_a, office_b, persona):
    user(client, persona)
    assert client.get(reverse("agreements:create"), {"office": office_b.code}).status_code == 404
    assert client.get(reverse("agreements:create"), {"office": office_a.code}).status_code == 200


# ------------------------------------------------------------------------------------------------
# The editor: add, edit, remove, move, for every kind of part


def part(agreement, kind):
    return {
        "function": lambda: agreement.functions.get(),
        "acronym": lambda: agreement.acronyms.get(),
        "outcome": lambda: agreement.outcome_indicators.get(),
        "area": lambda: Area.objects.get(agreement=agreement, code="1"),
        "activity": lambda: Activity.objects.get(area__agreement=agreement, code="1.1"),
        "indicator": lambda: first_indicator(agreement),
        "related": lambda: RelatedOffice.objects.get(indicator__agreement=agreement),
    }[kind]()


PARENTS = {"activity": "area", "indicator": "activity", "related": "indicator"}
KINDS = ("function", "acronym", "outcome", "area", "activity", "indicator", "related")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_add_page_of_every_part_is_the_offices(client, user, draft, persona, kind):
    user(client, persona)
    url = reverse("agreements:item_add", args=[draft.pk, kind])
    if kind in PARENTS:
        url += f"?parent={part(draft, PARENTS[kind]).pk}"
    assert client.get(url).status_code == expected(persona, OFFICE_A)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_edit_and_remove_pages_of_every_part_are_the_offices(client, user, draft, persona, kind):
    user(client, persona)
    item = part(draft, kind)
    for name in ("item_edit", "item_delete"):
        assert client.get(
            reverse(f"agreements:{name}", args=[draft.pk, kind, item.pk])
        ).status_code == expected(persona, OFFICE_A)
    response = client.post(reverse("agreements:item_delete", args=[draft.pk, kind, item.pk]))
    assert response.status_code == expected(persona, OFFICE_A, 302)
    assert type(item).objects.filter(pk=item.pk).exists() == (persona not in OFFICE_A)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["area", "activity", "indicator"])
def test_moving_a_part_is_the_offices(client, user, draft, persona, kind):
    user(client, persona)
    item = part(draft, kind)
    response = client.post(
        reverse("agreements:item_move", args=[draft.pk, kind, item.pk]), {"direction": "down"}
    )
    assert response.status_code == expected(persona, OFFICE_A, 302)
    moved = type(item).objects.get(pk=item.pk).position != item.position
    assert moved == (persona in OFFICE_A and kind != "activity")  # the only activity of its area stays put


def test_an_unknown_kind_of_part_is_a_404(client, draft, alice):
    client.force_login(alice)
    assert client.get(reverse("agreements:item_add", args=[draft.pk, "chapter"])).status_code == 404


# ------------------------------------------------------------------------------------------------
# The workflow's buttons


@pytest.mark.parametrize("persona", PERSONAS)
def test_submitting_is_the_offices(client, user, draft, persona):
    user(client, persona)
    response = client.post(reverse("agreements:submit", args=[draft.pk]))
    assert response.status_code == expected(persona, OFFICE_A, 302)
    draft.refresh_from_db()
    assert draft.status == (AgreementStatus.SUBMITTED if persona in OFFICE_A else AgreementStatus.DRAFT)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["return", "approve"])
def test_returning_and_approving_are_the_reviewers(client, user, agreement_a, persona, name):
    set_status(make_valid(agreement_a), AgreementStatus.SUBMITTED)
    user(client, persona)
    response = client.post(reverse(f"agreements:{name}", args=[agreement_a.pk]), {"reason": "ঠিক করুন"})
    assert response.status_code == expected(persona, {"rita"}, 302)
    agreement_a.refresh_from_db()
    done = AgreementStatus.RETURNED if name == "return" else AgreementStatus.APPROVED
    assert agreement_a.status == (done if persona == "rita" else AgreementStatus.SUBMITTED)


@pytest.mark.parametrize("persona", [*PERSONAS, "hank"])
def test_signing_is_the_office_heads(client, user, agreement_a, persona):
    set_status(agreement_a, AgreementStatus.APPROVED)
    user(client, persona)
    response = client.post(reverse("agreements:sign", args=[agreement_a.pk]))
    assert response.status_code == (404 if persona == "hank" else expected(persona, {"henry"}, 302))
    agreement_a.refresh_from_db()
    assert agreement_a.status == (AgreementStatus.SIGNED if persona == "henry" else AgreementStatus.APPROVED)


@pytest.mark.parametrize("persona", [*PERSONAS, "saul"])
def test_counter_signing_is_the_supervisor_heads(client, user, agreement_a, persona):
    set_status(agreement_a, AgreementStatus.SIGNED)
    user(client, persona)
    response = client.post(reverse("agreements:countersign", args=[agreement_a.pk]))
    assert response.status_code == (404 if persona == "saul" else expected(persona, {"sam"}, 302))
    agreement_a.refresh_from_db()
    assert agreement_a.status == (AgreementStatus.ACTIVE if persona == "sam" else AgreementStatus.SIGNED)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("start", [AgreementStatus.APPROVED, AgreementStatus.SIGNED])
def test_reopening_is_the_supervisors(client, user, agreement_a, persona, start):
    set_status(agreement_a, start)
    user(client, persona)
    response = client.post(reverse("agreements:reopen", args=[agreement_a.pk]), {"reason": "ভুল"})
    assert response.status_code == expected(persona, {"rita", "sam"}, 302)
    agreement_a.refresh_from_db()
    assert agreement_a.status == (AgreementStatus.RETURNED if persona in {"rita", "sam"} else start)


def test_reopening_without_a_reason_changes_nothing(client, agreement_a, rita):
    set_status(agreement_a, AgreementStatus.APPROVED)
    client.force_login(rita)
    response = client.post(reverse("agreements:reopen", args=[agreement_a.pk]), {"reason": " "}, follow=True)
    assert "পুনরায় খোলার কারণ লিখুন" in response.content.decode()
    agreement_a.refresh_from_db()
    assert agreement_a.status == AgreementStatus.APPROVED


@pytest.mark.parametrize("name", ["submit", "return", "approve", "sign", "countersign", "reopen"])
def test_the_workflow_buttons_refuse_get(client, agreement_a, rita, name):
    client.force_login(rita)
    assert client.get(reverse(f"agreements:{name}", args=[agreement_a.pk])).status_code == 405


# ------------------------------------------------------------------------------------------------
# Revisions and the self-assessment


@pytest.fixture
def revisable(agreement_a, fiscal_year, monkeypatch):
    from django.utils import timezone

    fiscal_year.revision_deadline = date(2023, 9, 30)
    fiscal_year.save()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2023, 9, 1))
    return make_valid(agreement_a)


@pytest.mark.parametrize("persona", PERSONAS)
def test_proposing_a_revision_is_the_offices(client, user, revisable, persona):
    user(client, persona)
    url = reverse("agreements:revise", args=[revisable.pk])
    assert client.get(url).status_code == expected(persona, OFFICE_A)
    response = client.post(url, {"justification": "বাজেট কমেছে"})
    assert response.status_code == expected(persona, OFFICE_A, 302)
    assert (services.pending_revision(revisable) is not None) == (persona in OFFICE_A)


def test_a_revision_without_justification_is_refused_on_the_page(client, revisable, alice):
    client.force_login(alice)
    response = client.post(reverse("agreements:revise", args=[revisable.pk]), {"justification": ""})
    assert response.status_code == 200 and "সংশোধনের যৌক্তিকতা লিখুন" in response.content.decode()
    assert services.pending_revision(revisable) is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_self_assessment_page_is_read_within_scope(client, user, agreement_a, persona):
    user(client, persona)
    response = client.get(reverse("agreements:self_assessment", args=[agreement_a.pk]))
    assert response.status_code == expected(persona, READERS)


SELF_ASSESSMENT_ACTIONS = {"submit": OFFICE_A, "verify": {"rita", "sam"}, "publish": {"sam"}}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(SELF_ASSESSMENT_ACTIONS))
def test_each_self_assessment_action_is_its_roles(client, user, agreement_a, alice, rita, persona, action):
    if action != "submit":
        assessment = services.self_assessment_submit(agreement=agreement_a, actor=alice)
        if action == "publish":
            services.self_assessment_verify(assessment=assessment, actor=rita)
    user(client, persona)
    response = client.post(
        reverse("agreements:self_assessment", args=[agreement_a.pk]), {"action": action, "note": "মন্তব্য"}
    )
    allowed = SELF_ASSESSMENT_ACTIONS[action]
    assert response.status_code == expected(persona, allowed, 302)
    before, after = {
        "submit": (None, SelfAssessmentStatus.SUBMITTED),
        "verify": (SelfAssessmentStatus.SUBMITTED, SelfAssessmentStatus.VERIFIED),
        "publish": (SelfAssessmentStatus.VERIFIED, SelfAssessmentStatus.PUBLISHED),
    }[action]
    status = SelfAssessment.objects.filter(agreement=agreement_a).values_list("status", flat=True).first()
    assert status == (after if persona in allowed else before)


def test_an_unknown_self_assessment_action_is_a_404(client, agreement_a, alice):
    client.force_login(alice)
    response = client.post(reverse("agreements:self_assessment", args=[agreement_a.pk]), {"action": "erase"})
    assert response.status_code == 404


def test_verifying_a_self_assessment_not_yet_submitted_is_refused_in_bangla(client, agreement_a, rita):
    client.force_login(rita)
    response = client.post(
        reverse("agreements:self_assessment", args=[agreement_a.pk]), {"action": "verify"}, follow=True
    )
    assert "এখনো দাখিল হয়নি" in response.content.decode()
    assert not SelfAssessment.objects.exists()


# ------------------------------------------------------------------------------------------------
# Notifications


def test_marking_all_read_touches_only_ones_own_notifications(client, agreement_a, alice, bob):
    mine = Notification.objects.create(recipient=alice, agreement=agreement_a, event="approved", message="১")
    theirs = Notification.objects.create(recipient=bob, event="approved", message="২")
    client.force_login(alice)
    response = client.post(reverse("agreements:notifications_read_all"))
    assert response.status_code == 302 and response.url == reverse("agreements:notifications")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
    assert client.get(reverse("agreements:notifications_read_all")).status_code == 405


def test_notifications_need_a_login(client):
    for url, method in (
        (reverse("agreements:notifications"), "get"),
        (reverse("agreements:notifications_read_all"), "post"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
