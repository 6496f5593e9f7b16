"""Revisions: a new version with changed targets, proposed before the deadline, approved by the supervisor;
the signed version stays frozen, a diff shows every change, and scores follow the active version."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.diff import compare, compare_with_returned, returned_states
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
    # Each column by its name, the values in the interface's digits.
    assert target_changes[0].left.startswith("অসাধারণ ১০০%: ৫০০; অতি উত্তম ৯০%: ৪৫০")
    assert target_changes[0].right.startswith("অসাধারণ ১০০%: ৪৫০; অতি উত্তম ৯০%: ৪০০")
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


def test_the_diff_covers_every_part_and_field_of_the_document(before_deadline, active_a, alice):
    from agreements.models import Acronym, AgreementFunction
    from indicators.models import OutcomeIndicator, RelatedOffice

    first = Indicator.objects.filter(agreement=active_a, area_kind="office").order_by("code").first()
    RelatedOffice.objects.create(indicator=first, position=1, offices="জেলা প্রশাসন", coordination_strategy="সভা")
    AgreementFunction.objects.create(agreement=active_a, position=1, text="ই-সেবা")
    Acronym.objects.create(agreement=active_a, position=1, acronym="আইসিটি", description="তথ্য প্রযুক্তি")
    OutcomeIndicator.objects.create(
        agreement=active_a, position=1, outcome="ফল", title="সেবা গ্রহীতা", target="800"
    )
    revision = propose(active_a, alice)
    changed = Indicator.objects.get(agreement=revision, code=first.code, area_kind="office")
    changed.value_type, changed.method, changed.unit = "date", "date", "তারিখ"
    changed.targets = ["2024-03-31", "2024-04-30"]
    changed.actual_prev1, changed.actual_prev1_provisional = "2023-05-15", False
    changed.save()
    RelatedOffice.objects.filter(indicator=changed).update(coordination_strategy="ই-মেইল")
    AgreementFunction.objects.filter(agreement=revision).update(text="ই-সেবা ও প্রশিক্ষণ")
    Acronym.objects.filter(agreement=revision).update(description="তথ্য ও যোগাযোগ প্রযুক্তি")
    OutcomeIndicator.objects.filter(agreement=revision).update(target="850", actual_prev1_provisional=False)
    changes = {(c.section, c.field): c for c in compare(active_a, revision)}

    assert changes["সংযোজনী ৩", "সংশ্লিষ্ট অফিসের সাথে কার্যক্রম সমন্বয়ের কৌশল"].right == "ই-মেইল"
    assert changes["সেকশন ৩", "মানের ধরন"].right == "তারিখ"
    assert changes["সেকশন ৩", "আগের বছরের অর্জন সাময়িক"].left == "হ্যাঁ"
    assert changes["সেকশন ৩", "আগের বছরের অর্জন সাময়িক"].right == "না"
    # Dates in the pages' one style, in Bangla digits, the columns by name.
    assert changes["সেকশন ৩", "প্রকৃত অর্জন (আগের বছর)"].right == "১৫ মে ২০২৩"
    assert changes["সেকশন ৩", "লক্ষ্যমাত্রা (কলাম অনুযায়ী)"].right.startswith(
        "অসাধারণ ১০০%: ৩১ মার্চ ২০২৪; অতি উত্তম ৯০%: ৩০ এপ্রিল ২০২৪; উত্তম ৮০%: —"
    )
    assert changes["সেকশন ১: কার্যাবলি", "কার্যাবলি"].right == "ই-সেবা ও প্রশিক্ষণ"
    assert changes["সংযোজনী ১", "বিবরণ"].right == "তথ্য ও যোগাযোগ প্রযুক্তি"
    assert (changes["সেকশন ২", "লক্ষ্যমাত্রা"].left, changes["সেকশন ২", "লক্ষ্যমাত্রা"].right) == ("৮০০", "৮৫০")
    assert changes["সেকশন ২", "আগের বছরের অর্জন সাময়িক"].right == "না"
    # A removed Annex 3 row is listed as removed.
    RelatedOffice.objects.filter(indicator=changed).delete()
    removed = [c for c in compare(active_a, revision) if c.section == "সংযোজনী ৩"]
    assert [c.kind for c in removed] == ["removed"] and "জেলা প্রশাসন" in removed[0].left


def test_the_superseded_version_stays_readable_and_the_diff_page_shows_a_changed_annex_3_row(
    client, before_deadline, active_a, alice, rita
):
    from indicators.models import RelatedOffice

    first = Indicator.objects.filter(agreement=active_a, area_kind="office").order_by("code").first()
    RelatedOffice.objects.create(indicator=first, position=1, offices="জেলা প্রশাসন", coordination_strategy="সভা")
    revision = propose(active_a, alice)
    changed = Indicator.objects.get(agreement=revision, code=first.code, area_kind="office")
    changed.targets = ["450", "400", "350", "300", "250"]
    services.content_item_save(item=changed, actor=alice)
    row = RelatedOffice.objects.get(indicator=changed)
    row.coordination_strategy = "ই-মেইলে সমন্বয়"
    services.content_item_save(item=row, actor=alice)
    services.agreement_submit(agreement=revision, actor=alice)
    services.agreement_approve(agreement=revision, actor=rita)

    client.force_login(alice)
    frozen = client.get(reverse("agreements:detail", args=[active_a.pk]))
    page = frozen.content.decode()
    assert frozen.status_code == 200
    assert "সংশোধিত সংস্করণ দ্বারা প্রতিস্থাপিত" in page and 'id="locked-badge"' in page
    row_html = page.split(f'id="indicator-{first.pk}"')[1].split("</tr>")[0]
    assert "৫০০" in row_html and "৪৫০" in row_html  # the signed targets, unchanged
    assert "সভা" in page.split('id="annex3"')[1]
    assert reverse("agreements:item_edit", args=[active_a.pk, "indicator", first.pk]) not in page

    diff = client.get(reverse("agreements:diff", args=[revision.pk]), {"a": 1, "b": 2}).content.decode()
    table = diff.split('id="diff"')[1]
    assert "সংযোজনী ৩" in table and "সভা" in table and "ই-মেইলে সমন্বয়" in table
    assert "500 |" not in table and "অসাধারণ ১০০%: ৫০০" in table


def test_submitting_a_revision_after_the_deadline_is_refused(monkeypatch, before_deadline, active_a, alice):
    from django.utils import timezone

    revision = propose(active_a, alice)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2023, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.agreement_submit(agreement=revision, actor=alice)
    assert "শেষ তারিখ" in str(error.value)
    revision.refresh_from_db()
    assert revision.status == AgreementStatus.DRAFT


@pytest.fixture
def returned_a(agreement_a, alice, rita):
    """Office A's draft, submitted and returned by the supervisor's reviewer."""
    from tests.test_workflow_transitions import make_valid, set_status

    make_valid(set_status(agreement_a, AgreementStatus.DRAFT))
    services.agreement_submit(agreement=agreement_a, actor=alice)
    # Submitted days ago: the resubmission's new date is the workflow's doing, not the office's.
    Agreement.objects.filter(pk=agreement_a.pk).update(final_submission_at=date(2023, 5, 2))
    services.agreement_return(agreement=agreement_a, reason="লক্ষ্যমাত্রা কম", actor=rita)
    agreement_a.refresh_from_db()
    return agreement_a


def test_after_a_return_and_a_resubmission_the_reviewer_sees_what_the_office_changed(
    client, returned_a, alice, rita
):
    office_indicators = Indicator.objects.filter(agreement=returned_a, area_kind="office").order_by("code")
    changed, untouched = office_indicators[:2]
    changed.targets = ["550", "450", "400", "350", "300"]
    services.content_item_save(item=changed, actor=alice)
    services.agreement_update(agreement=returned_a, changes={"vision": "সবার জন্য ডিজিটাল সেবা"}, actor=alice)
    services.agreement_submit(agreement=returned_a, actor=alice)

    client.force_login(rita)
    page = client.get(reverse("agreements:diff", args=[returned_a.pk])).content.decode()
    assert "এই দুই সংস্করণে কোনো পার্থক্য নেই" not in page
    table = page.split('id="diff"')[1]
    rows = table.split("<tr")[2:]
    target_rows = [r for r in rows if f"[{to_bangla_digits(changed.code)}]" in r]
    assert len(target_rows) == 1
    assert "অসাধারণ ১০০%: ৫০০" in target_rows[0] and "অসাধারণ ১০০%: ৫৫০" in target_rows[0]
    assert any("রূপকল্প" in r and "সবার জন্য ডিজিটাল সেবা" in r for r in rows)
    # Exactly what changed: nothing about the untouched indicator, nothing else.
    assert not any(f"[{to_bangla_digits(untouched.code)}]" in r for r in rows)
    assert len(rows) == 2
    # The left column is named as the state the agreement was returned in.
    assert "ফেরতের সময়" in page.split('id="diff"')[1].split("</thead>")[0]
    # The agreement's page links to the comparison although there is only one version.
    detail = client.get(reverse("agreements:detail", args=[returned_a.pk])).content.decode()
    assert reverse("agreements:diff", args=[returned_a.pk]) in detail


def test_a_reopened_agreement_is_compared_with_what_was_approved(returned_a, alice, rita):
    services.agreement_submit(agreement=returned_a, actor=alice)
    services.agreement_approve(agreement=returned_a, actor=rita)
    services.agreement_reopen(agreement=returned_a, reason="ভুল পাওয়া গেছে", actor=rita)
    indicator = Indicator.objects.filter(agreement=returned_a, area_kind="office").order_by("code").first()
    indicator.weight = Decimal("19")
    services.content_item_save(item=indicator, actor=alice)

    returned_a.refresh_from_db()
    states = list(returned_states(returned_a))
    assert [s.action for s in states] == ["agreement_reopen", "agreement_return"]
    changes = compare_with_returned(states[0], returned_a)
    assert [(c.field, c.left, c.right) for c in changes] == [("সূচকের মান", "২০", "১৯")]
