"""Every workflow transition: allowed only to the right role of the right office (the same role at another
office is refused like any outsider), audited, notified; review comments on any part of the document."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import (
    AgreementStatus,
    AuditEntry,
    Notification,
    ReviewComment,
    SelfAssessment,
    SelfAssessmentStatus,
    SignatureParty,
)

pytestmark = pytest.mark.django_db

# rex and saul hold the supervisor roles at another supervisor office, hank the head's role at office B.
PERSONAS = ("alice", "henry", "bob", "rita", "sam", "oscar", "ada", "rex", "saul", "hank")


def make_valid(agreement):
    """The fixture agreement has only office areas: give it the governance area its fiscal year prescribes."""
    from agreements.models import GovernanceAllocation

    for position, (kind, marks) in enumerate(
        (("integrity", 10), ("egov", 10), ("grs", 4), ("citizen_charter", 3), ("rti", 3)), start=1
    ):
        GovernanceAllocation.objects.get_or_create(
            fiscal_year=agreement.fiscal_year,
            kind=kind,
            defaults={"name_bn": kind, "marks": marks, "position": position},
        )
    if not agreement.areas.filter(kind="governance").exists():
        services.add_governance_area(agreement)
    return agreement


def set_status(agreement, status):
    agreement.status = status
    agreement.save()
    return agreement


TRANSITIONS = [
    # service, starting status, allowed personas, resulting status, extra kwargs
    (services.agreement_submit, AgreementStatus.DRAFT, {"alice", "henry"}, AgreementStatus.SUBMITTED, {}),
    (services.agreement_submit, AgreementStatus.RETURNED, {"alice", "henry"}, AgreementStatus.SUBMITTED, {}),
    (
        services.agreement_return,
        AgreementStatus.SUBMITTED,
        {"rita"},
        AgreementStatus.RETURNED,
        {"reason": "লক্ষ্যমাত্রা কম"},
    ),
    (services.agreement_approve, AgreementStatus.SUBMITTED, {"rita"}, AgreementStatus.APPROVED, {}),
    (services.agreement_sign, AgreementStatus.APPROVED, {"henry"}, AgreementStatus.SIGNED, {}),
    (services.agreement_countersign, AgreementStatus.SIGNED, {"sam"}, AgreementStatus.ACTIVE, {}),
    (
        services.agreement_reopen,
        AgreementStatus.APPROVED,
        {"rita", "sam"},
        AgreementStatus.RETURNED,
        {"reason": "ভুল পাওয়া গেছে"},
    ),
    (
        services.agreement_reopen,
        AgreementStatus.SIGNED,
        {"rita", "sam"},
        AgreementStatus.RETURNED,
        {"reason": "স্বাক্ষরের পরে ভুল পাওয়া গেছে"},
    ),
]


@pytest.mark.parametrize(("service", "start", "allowed", "result", "kwargs"), TRANSITIONS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_transition_is_allowed_only_to_its_role_at_its_office(
    request, agreement_a, alice, henry, rita, sam, persona, service, start, allowed, result, kwargs
):
    set_status(make_valid(agreement_a), start)
    actor = request.getfixturevalue(persona)
    if persona in allowed:
        service(agreement=agreement_a, actor=actor, **kwargs)
        agreement_a.refresh_from_db()
        assert agreement_a.status == result
        assert AuditEntry.objects.filter(agreement=agreement_a, actor=actor).exists()
    else:
        with pytest.raises(PermissionDenied):
            service(agreement=agreement_a, actor=actor, **kwargs)
        agreement_a.refresh_from_db()
        assert agreement_a.status == start
        assert not AuditEntry.objects.filter(agreement=agreement_a).exists()


@pytest.mark.parametrize(
    ("service", "actor_name", "wrong_status", "kwargs"),
    [
        (services.agreement_submit, "alice", AgreementStatus.ACTIVE, {}),
        (services.agreement_approve, "rita", AgreementStatus.DRAFT, {}),
        (services.agreement_return, "rita", AgreementStatus.APPROVED, {"reason": "x"}),
        (services.agreement_sign, "henry", AgreementStatus.SUBMITTED, {}),
        (services.agreement_countersign, "sam", AgreementStatus.APPROVED, {}),
    ],
)
def test_it_refuses_a_transition_from_the_wrong_status_in_bangla(
    request, agreement_a, alice, henry, rita, sam, service, actor_name, wrong_status, kwargs
):
    set_status(agreement_a, wrong_status)
    with pytest.raises(ValidationError) as error:
        service(agreement=agreement_a, actor=request.getfixturevalue(actor_name), **kwargs)
    assert "অবস্থায়" in str(error.value)
    agreement_a.refresh_from_db()
    assert agreement_a.status == wrong_status


def test_it_requires_a_reason_to_return(agreement_a, rita):
    set_status(agreement_a, AgreementStatus.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.agreement_return(agreement=agreement_a, reason="  ", actor=rita)
    assert "কারণ" in str(error.value)
    agreement_a.refresh_from_db()
    assert agreement_a.status == AgreementStatus.SUBMITTED


def test_it_refuses_to_submit_a_draft_with_validation_problems(agreement_a, alice):
    set_status(agreement_a, AgreementStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.agreement_submit(agreement=agreement_a, actor=alice)
    assert "সমস্যা" in str(error.value)
    agreement_a.refresh_from_db()
    assert agreement_a.status == AgreementStatus.DRAFT


@pytest.fixture
def mymensingh(seeded):
    from agreements.models import Agreement

    return Agreement.objects.get(office__code="ict-dc-mymensingh", fiscal_year__start_year=2022)


def user(name):
    from agreements.models import User

    return User.objects.get(username=name)


def test_the_seeded_draft_goes_all_the_way_to_active_with_every_step_on_record(mymensingh):
    from indicators.models import Indicator

    indicator = Indicator.objects.get(agreement=mymensingh, area_kind="office", code="২.১.১")
    services.agreement_return(
        agreement=mymensingh,
        reason="লক্ষ্যমাত্রা পুনর্বিবেচনা করুন",
        comments=[services.CommentInput(text="লক্ষ্যমাত্রা গত বছরের অর্জনের চেয়ে কম", indicator_id=indicator.pk)],
        actor=user("dg.reviewer"),
    )
    comment = ReviewComment.objects.get(agreement=mymensingh)
    assert comment.indicator == indicator and comment.resolved_at is None
    services.agreement_submit(agreement=mymensingh, actor=user("mymensingh.focal"))
    comment.refresh_from_db()
    assert comment.resolved_at is not None
    services.agreement_approve(agreement=mymensingh, actor=user("dg.reviewer"))
    services.agreement_sign(agreement=mymensingh, actor=user("mymensingh.head"))
    services.agreement_countersign(agreement=mymensingh, actor=user("dg.head"))
    mymensingh.refresh_from_db()
    assert mymensingh.status == AgreementStatus.ACTIVE
    assert set(mymensingh.signatures.values_list("party", flat=True)) == {
        SignatureParty.FIRST,
        SignatureParty.SECOND,
    }
    actions = list(
        AuditEntry.objects.filter(agreement=mymensingh).order_by("at", "id").values_list("action", flat=True)
    )
    assert actions[-5:] == [
        "agreement_return",
        "agreement_resubmit",
        "agreement_approve",
        "agreement_sign",
        "agreement_countersign",
    ]
    with pytest.raises(ValidationError):
        services.content_item_save(item=indicator, actor=user("mymensingh.focal"))


def test_each_step_notifies_the_next_person_in_app_and_by_email(mymensingh):
    services.agreement_return(agreement=mymensingh, reason="কারণ", actor=user("dg.reviewer"))
    assert set(
        Notification.objects.filter(event="returned").values_list("recipient__username", flat=True)
    ) == {
        "mymensingh.focal",
        "mymensingh.head",
    }
    mail.outbox.clear()
    services.agreement_submit(agreement=mymensingh, actor=user("mymensingh.focal"))
    assert list(
        Notification.objects.filter(event="submitted").values_list("recipient__username", flat=True)
    ) == ["dg.reviewer"]


def test_the_return_view_attaches_comments_to_the_indicator_and_the_office_sees_them(client, mymensingh):
    from indicators.models import Indicator

    indicator = Indicator.objects.get(agreement=mymensingh, area_kind="office", code="২.১.১")
    client.force_login(user("dg.reviewer"))
    response = client.post(
        reverse("agreements:return", args=[mymensingh.pk]),
        {"reason": "ঠিক করুন", f"comment-indicator-{indicator.pk}": "এই লক্ষ্যমাত্রা বাড়ান", "comment-general": ""},
    )
    assert response.status_code == 302
    client.force_login(user("mymensingh.focal"))
    page = client.get(reverse("agreements:detail", args=[mymensingh.pk])).content.decode()
    notes = page.split(f'id="notes-indicator-{indicator.pk}"')[1].split("</tr>")[0]
    assert "এই লক্ষ্যমাত্রা বাড়ান" in notes
    assert "ঠিক করুন" in page


def test_a_return_without_reason_keeps_every_comment_the_reviewer_typed(client, mymensingh):
    from indicators.models import Indicator

    indicator = Indicator.objects.get(agreement=mymensingh, area_kind="office", code="২.১.১")
    client.force_login(user("dg.reviewer"))
    response = client.post(
        reverse("agreements:return", args=[mymensingh.pk]),
        {"reason": "", f"comment-indicator-{indicator.pk}": "লক্ষ্যমাত্রা বাড়ান", "comment-general": "সাধারণ কথা"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ফেরত পাঠানোর কারণ লিখুন" in page
    assert "লক্ষ্যমাত্রা বাড়ান</textarea>" in page and "সাধারণ কথা</textarea>" in page
    mymensingh.refresh_from_db()
    assert mymensingh.status == AgreementStatus.SUBMITTED
    assert not ReviewComment.objects.exists()


def test_reopening_a_signed_agreement_voids_the_heads_signature(agreement_a, henry, rita):
    set_status(make_valid(agreement_a), AgreementStatus.APPROVED)
    services.agreement_sign(agreement=agreement_a, actor=henry)
    services.agreement_reopen(agreement=agreement_a, reason="ভুল লক্ষ্যমাত্রা", actor=rita)
    agreement_a.refresh_from_db()
    assert agreement_a.status == AgreementStatus.RETURNED and not agreement_a.signatures.exists()
    entry = AuditEntry.objects.get(agreement=agreement_a, action="agreement_reopen")
    assert entry.before == {"status": AgreementStatus.SIGNED} and entry.after["voided_signatures"] == [
        str(henry)
    ]


@pytest.mark.parametrize("status", [AgreementStatus.ACTIVE, AgreementStatus.SUBMITTED, AgreementStatus.DRAFT])
def test_reopening_is_refused_outside_approved_and_signed(agreement_a, rita, status):
    set_status(agreement_a, status)
    with pytest.raises(ValidationError):
        services.agreement_reopen(agreement=agreement_a, reason="কারণ", actor=rita)
    agreement_a.refresh_from_db()
    assert agreement_a.status == status


# ------------------------------------------------------------------------------------------------
# Self-assessment and revision approval: allowed and forbidden personas


SELF_ASSESSMENT_STEPS = [
    # name, allowed personas, what to prepare (None, "submitted", "verified"), status after
    ("submit", {"alice", "henry"}, None, SelfAssessmentStatus.SUBMITTED),
    ("verify", {"rita", "sam"}, "submitted", SelfAssessmentStatus.VERIFIED),
    ("publish", {"sam"}, "verified", SelfAssessmentStatus.PUBLISHED),
]


@pytest.mark.parametrize(("step", "allowed", "prepared", "result"), SELF_ASSESSMENT_STEPS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_self_assessment_step_is_allowed_only_to_its_role_at_its_office(
    request, agreement_a, alice, rita, persona, step, allowed, prepared, result
):
    assessment = None
    if prepared:
        assessment = services.self_assessment_submit(agreement=agreement_a, actor=alice)
    if prepared == "verified":
        assessment = services.self_assessment_verify(assessment=assessment, actor=rita)
    actor = request.getfixturevalue(persona)
    entries = AuditEntry.objects.count()
    run = {
        "submit": lambda: services.self_assessment_submit(agreement=agreement_a, actor=actor),
        "verify": lambda: services.self_assessment_verify(assessment=assessment, actor=actor),
        "publish": lambda: services.self_assessment_publish(assessment=assessment, actor=actor),
    }[step]
    if persona in allowed:
        assert run().status == result
        assert AuditEntry.objects.filter(action=f"self_assessment_{step}", actor=actor).exists()
    else:
        with pytest.raises(PermissionDenied):
            run()
        assert AuditEntry.objects.count() == entries
        if assessment is None:
            assert not SelfAssessment.objects.exists()
        else:
            assert SelfAssessment.objects.get().status == assessment.status


@pytest.fixture
def submitted_revision(agreement_a, alice, monkeypatch):
    from datetime import date

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2023, 9, 1))
    revision = services.revision_propose(
        agreement=make_valid(agreement_a), justification="বাজেট কমেছে", actor=alice
    )
    services.agreement_submit(agreement=revision, actor=alice)
    return revision


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_supervisors_reviewer_approves_a_revision(request, submitted_revision, agreement_a, persona):
    actor = request.getfixturevalue(persona)
    if persona == "rita":
        services.revision_approve(revision=submitted_revision, actor=actor)
        submitted_revision.refresh_from_db()
        agreement_a.refresh_from_db()
        assert (submitted_revision.status, submitted_revision.is_current) == (AgreementStatus.ACTIVE, True)
        assert agreement_a.status == AgreementStatus.SUPERSEDED
    else:
        with pytest.raises(PermissionDenied):
            services.revision_approve(revision=submitted_revision, actor=actor)
        submitted_revision.refresh_from_db()
        assert (submitted_revision.status, submitted_revision.is_current) == (
            AgreementStatus.SUBMITTED,
            False,
        )
        assert not AuditEntry.objects.filter(action="revision_approve").exists()


# ------------------------------------------------------------------------------------------------
# Comments on any part of the document


def test_a_reviewer_comments_on_a_function_an_acronym_an_annex_3_row_and_an_overview_field(
    client, agreement_a, alice, rita
):
    from agreements.models import Acronym, AgreementFunction
    from indicators.models import Indicator, RelatedOffice

    set_status(agreement_a, AgreementStatus.SUBMITTED)
    function = AgreementFunction.objects.create(agreement=agreement_a, position=1, text="ই-সেবা প্রদান")
    acronym = Acronym.objects.create(agreement=agreement_a, position=1, acronym="আইসিটি", description="বিবরণ")
    indicator = Indicator.objects.filter(agreement=agreement_a).order_by("code").first()
    related = RelatedOffice.objects.create(indicator=indicator, offices="জেলা প্রশাসন")
    client.force_login(rita)
    page = client.get(reverse("agreements:detail", args=[agreement_a.pk])).content.decode()
    for box in (
        f"comment-agreementfunction-{function.pk}",
        f"comment-acronym-{acronym.pk}",
        f"comment-relatedoffice-{related.pk}",
        "comment-overview-vision",
    ):
        assert f'name="{box}"' in page
    client.post(
        reverse("agreements:return", args=[agreement_a.pk]),
        {
            "reason": "কয়েকটি অংশ ঠিক করুন",
            f"comment-agreementfunction-{function.pk}": "কার্যাবলি স্পষ্ট করুন",
            f"comment-acronym-{acronym.pk}": "পূর্ণরূপ লিখুন",
            f"comment-relatedoffice-{related.pk}": "সমন্বয়ের কৌশল লিখুন",
            "comment-overview-vision": "রূপকল্প সংক্ষেপ করুন",
            "comment-overview-unknown": "এটি কোথাও যাবে না",
            "comment-acronym-999999": "অন্য চুক্তির নয়",
        },
    )
    comments = dict(ReviewComment.objects.filter(agreement=agreement_a).values_list("item_key", "text"))
    assert comments == {
        f"agreementfunction-{function.pk}": "কার্যাবলি স্পষ্ট করুন",
        f"acronym-{acronym.pk}": "পূর্ণরূপ লিখুন",
        f"relatedoffice-{related.pk}": "সমন্বয়ের কৌশল লিখুন",
        "overview-vision": "রূপকল্প সংক্ষেপ করুন",
    }
    assert ReviewComment.objects.get(item_key="overview-vision").item_label == "রূপকল্প"
    client.force_login(alice)
    page = client.get(reverse("agreements:detail", args=[agreement_a.pk])).content.decode()
    shown = {
        "কার্যাবলি স্পষ্ট করুন": page.split(f'id="agreementfunction-{function.pk}"')[1].split("</li>")[0],
        "পূর্ণরূপ লিখুন": page.split(f'id="notes-acronym-{acronym.pk}"')[1].split("</tr>")[0],
        "সমন্বয়ের কৌশল লিখুন": page.split(f'id="notes-relatedoffice-{related.pk}"')[1].split("</tr>")[0],
        "রূপকল্প সংক্ষেপ করুন": page.split('id="overview-vision"')[1].split("</dd>")[0],
    }
    for text, where in shown.items():
        assert text in where
    # ... and on the edit form of the item it concerns.
    edit = client.get(reverse("agreements:item_edit", args=[agreement_a.pk, "acronym", acronym.pk]))
    assert "পূর্ণরূপ লিখুন" in edit.content.decode().split('id="item-notes"')[1]
