"""Every workflow transition: allowed only to the right role of the right office, audited, notified."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import AgreementStatus, AuditEntry, Notification, ReviewComment, SignatureParty

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "henry", "bob", "rita", "sam", "oscar", "ada")


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
]


@pytest.mark.parametrize(("service", "start", "allowed", "result", "kwargs"), TRANSITIONS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_transition_is_allowed_only_to_its_role(
    request,
    agreement_a,
    alice,
    henry,
    bob,
    rita,
    sam,
    oscar,
    ada,
    persona,
    service,
    start,
    allowed,
    result,
    kwargs,
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


@pytest.mark.parametrize(
    ("url_name", "persona", "expected"),
    [
        ("approve", "rita", 302),
        ("approve", "alice", 403),
        ("approve", "oscar", 403),
        ("approve", "bob", 404),
        ("submit", "rita", 403),
        ("submit", "bob", 404),
        ("sign", "alice", 403),
        ("countersign", "rita", 403),
        ("return", "sam", 403),
    ],
)
def test_transition_views_answer_allowed_403_and_404(
    request, client, agreement_a, alice, bob, rita, sam, oscar, url_name, persona, expected
):
    set_status(make_valid(agreement_a), AgreementStatus.SUBMITTED)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse(f"agreements:{url_name}", args=[agreement_a.pk]), {"reason": "x"})
    assert response.status_code == expected


def test_transition_views_refuse_get(client, agreement_a, rita):
    client.force_login(rita)
    assert client.get(reverse("agreements:approve", args=[agreement_a.pk])).status_code == 405


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
