"""Revisions: a new version with changed targets, proposed before the deadline, approved by the supervisor;
the signed version stays frozen, a diff shows every change, and scores follow the active version."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.diff import compare
from agreements.models import Agreement, AgreementStatus
from apa_portal.bangla import to_bangla_digits
from indicators.models import Achievement, AgreementScore, Indicator, ScoreKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_deadline(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2023, 9, 1))


@pytest.fixture
def active_a(agreement_a, fiscal_year):
    fiscal_year.revision_deadline = date(2023, 9, 30)
    fiscal_year.save()
    from tests.test_workflow_transitions import make_valid

    return make_valid(agreement_a)


def propose(agreement, actor):
    return services.revision_propose(agreement=agreement, justification="বাজেট কমেছে", actor=actor)


def test_a_revision_is_a_new_version_that_replaces_the_signed_one_when_approved(
    before_deadline, active_a, alice, rita
):
    indicator = Indicator.objects.filter(agreement=active_a, area_kind="office").order_by("code").first()
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("480"))
    revision = propose(active_a, alice)
    assert (revision.version, revision.is_current, revision.status) == (2, False, AgreementStatus.DRAFT)
    changed = Indicator.objects.get(agreement=revision, code=indicator.code, area_kind="office")
    changed.targets = ["450", "400", "350", "300", "250"]
    services.content_item_save(item=changed, actor=alice)
    services.agreement_submit(agreement=revision, actor=alice)
    services.agreement_approve(agreement=revision, actor=rita)

    active_a.refresh_from_db()
    revision.refresh_from_db()
    assert (active_a.is_current, active_a.status) == (False, AgreementStatus.SUPERSEDED)
    assert (revision.is_current, revision.status) == (True, AgreementStatus.ACTIVE)
    indicator.refresh_from_db()
    assert indicator.targets[0] == "500"  # the signed version is frozen
    carried = Achievement.objects.get(indicator__agreement=revision, indicator__code=indicator.code)
    assert carried.value_number == Decimal("480")
    # 480 against the revised 450: at or beyond the best column, full marks for this indicator.
    progress = AgreementScore.objects.get(agreement=revision, kind=ScoreKind.PROGRESS)
    assert progress.total == Decimal(str(indicator.weight))
    with pytest.raises(ValidationError):
        services.content_item_save(item=indicator, actor=alice)


def test_the_diff_lists_every_changed_target(before_deadline, active_a, alice):
    revision = propose(active_a, alice)
    changed = Indicator.objects.filter(agreement=revision, area_kind="office").order_by("code").first()
    changed.targets = ["450", "400", "350", "300", "250"]
    changed.save()
    changes = compare(active_a, revision)
    # The comparison names the indicator with its code in the interface's digits (Bangla here).
    target_changes = [c for c in changes if c.item.startswith(f"[{to_bangla_digits(changed.code)}]")]
    assert len(target_changes) == 1
    assert target_changes[0].left.startswith("500") and target_changes[0].right.startswith("450")
    assert any(c.field == "সংশোধনের যৌক্তিকতা" for c in changes)


def test_the_diff_page_compares_any_two_versions_side_by_side(client, before_deadline, active_a, alice, bob):
    revision = propose(active_a, alice)
    Indicator.objects.filter(agreement=revision).update(weight=Decimal("1"))
    client.force_login(alice)
    page = client.get(reverse("agreements:diff", args=[revision.pk]), {"a": 1, "b": 2}).content.decode()
    assert 'class="diff-changed"' in page
    client.force_login(bob)
    assert client.get(reverse("agreements:diff", args=[revision.pk])).status_code == 404


def test_no_revision_after_the_deadline(monkeypatch, active_a, alice):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2023, 10, 1))
    with pytest.raises(ValidationError) as error:
        propose(active_a, alice)
    assert "শেষ তারিখ" in str(error.value)
    assert Agreement.objects.filter(office=active_a.office).count() == 1


def test_a_justification_is_required_and_one_revision_at_a_time(before_deadline, active_a, alice):
    with pytest.raises(ValidationError):
        services.revision_propose(agreement=active_a, justification=" ", actor=alice)
    propose(active_a, alice)
    with pytest.raises(ValidationError):
        propose(active_a, alice)


@pytest.mark.parametrize("persona", ["rita", "sam", "bob", "oscar"])
def test_only_the_office_proposes_a_revision(
    request, before_deadline, active_a, alice, rita, sam, bob, oscar, persona
):
    with pytest.raises(PermissionDenied):
        propose(active_a, request.getfixturevalue(persona))


def test_only_the_supervisor_reviewer_approves_a_revision(before_deadline, active_a, alice, henry, sam):
    revision = propose(active_a, alice)
    services.agreement_submit(agreement=revision, actor=alice)
    for actor in (alice, henry, sam):
        with pytest.raises(PermissionDenied):
            services.revision_approve(revision=revision, actor=actor)
    revision.refresh_from_db()
    assert revision.status == AgreementStatus.SUBMITTED and not revision.is_current
