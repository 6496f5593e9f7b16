"""The supervisor's workspace: lists with filters and pagination, verification, self-assessment, ranking."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import AgreementStatus, AuditEntry, SelfAssessmentStatus
from indicators.models import Achievement, AgreementScore, Indicator, ScoreKind, VerificationStatus
from indicators.verification import achievement_verify

from .conftest import build_agreement
from .factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "expected"), [("rita", 200), ("sam", 200), ("alice", 403), ("oscar", 403)]
)
def test_workspace_pages_are_for_supervisor_offices(
    request, client, agreement_a, alice, rita, sam, oscar, persona, expected
):
    client.force_login(request.getfixturevalue(persona))
    for name in ("workspace", "workspace_reports", "ranking"):
        assert client.get(reverse(f"agreements:{name}")).status_code == expected


def test_the_workspace_lists_only_its_offices_and_filters_them(
    client, agreement_a, agreement_b, rita, fiscal_year
):
    stranger = OfficeFactory(code="stranger", name_bn="অচেনা অফিস")
    build_agreement(stranger, OfficeFactory(code="other-sup"), fiscal_year)
    agreement_b.status = AgreementStatus.SUBMITTED
    agreement_b.save()
    client.force_login(rita)
    page = client.get(reverse("agreements:workspace")).content.decode()
    assert "জেলা কার্যালয় ক" in page and "জেলা কার্যালয় খ" in page and "অচেনা অফিস" not in page
    assert "১টি চুক্তি পর্যালোচনার অপেক্ষায়" in page
    page = client.get(reverse("agreements:workspace"), {"status": "submitted"}).content.decode()
    assert "জেলা কার্যালয় খ" in page and "জেলা কার্যালয় ক</a>" not in page
    page = client.get(reverse("agreements:workspace"), {"q": "ক"}).content.decode()
    assert "জেলা কার্যালয় ক</a>" in page


def test_the_workspace_paginates_with_a_bounded_number_of_queries(
    client, supervisor_office, fiscal_year, rita, django_assert_max_num_queries
):
    from .factories import AgreementFactory

    for n in range(30):
        office = OfficeFactory(code=f"district-{n}", supervisor=supervisor_office, parent=supervisor_office)
        AgreementFactory(office=office, supervisor_office=supervisor_office, fiscal_year=fiscal_year)
    client.force_login(rita)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("agreements:workspace"))
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.num_pages == 2


@pytest.fixture
def reported(agreement_a):
    indicator = Indicator.objects.filter(agreement=agreement_a).order_by("code").first()
    return Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("500"))


def verified_total(agreement):
    return AgreementScore.objects.get(agreement=agreement, kind=ScoreKind.VERIFIED).total


def test_accepting_an_achievement_gives_the_verified_score(reported, rita):
    achievement_verify(achievement=reported, accept=True, actor=rita)
    reported.refresh_from_db()
    assert reported.verification_status == VerificationStatus.ACCEPTED and reported.verified_by == rita
    assert verified_total(reported.indicator.agreement) == reported.indicator.weight
    assert AuditEntry.objects.filter(action="achievement_verify", actor=rita).exists()


def test_a_correction_needs_a_reason_and_changes_the_verified_score(reported, rita):
    with pytest.raises(ValidationError):
        achievement_verify(achievement=reported, corrected_value=Decimal("400"), reason="", actor=rita)
    reported.refresh_from_db()
    assert reported.verification_status == VerificationStatus.PENDING
    achievement_verify(
        achievement=reported, corrected_value=Decimal("400"), reason="রেজিস্টারে ৪০০", actor=rita
    )
    # 400 sits exactly at the 80% column.
    assert verified_total(reported.indicator.agreement) == reported.indicator.weight * Decimal("0.8")


@pytest.mark.parametrize("persona", ["alice", "henry", "bob", "oscar"])
def test_only_the_supervisor_verifies(request, reported, alice, henry, bob, oscar, persona):
    with pytest.raises(PermissionDenied):
        achievement_verify(achievement=reported, accept=True, actor=request.getfixturevalue(persona))


def test_the_verification_page_corrects_with_a_bangla_number(client, reported, rita, alice, bob):
    agreement = reported.indicator.agreement
    url = reverse("agreements:verify_achievement", args=[agreement.pk, reported.pk])
    client.force_login(rita)
    page = client.get(reverse("agreements:verify", args=[agreement.pk]), {"quarter": 1})
    assert page.status_code == 200
    client.post(url, {"decision": "correct", "value": "৪০০", "reason": "রেজিস্টার"})
    reported.refresh_from_db()
    assert reported.verified_number == Decimal("400")
    client.force_login(alice)
    assert client.get(reverse("agreements:verify", args=[agreement.pk])).status_code == 403
    assert client.post(url, {"decision": "accept"}).status_code == 403
    client.force_login(bob)
    assert client.post(url, {"decision": "accept"}).status_code == 404


def test_the_self_assessment_is_submitted_verified_and_published(monkeypatch, reported, alice, rita, sam):
    from django.utils import timezone

    agreement = reported.indicator.agreement
    agreement.fiscal_year.self_assessment_deadline = date(2024, 7, 15)
    agreement.fiscal_year.save()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 7, 20))
    assessment = services.self_assessment_submit(agreement=agreement, note="সব প্রমাণক সংযুক্ত", actor=alice)
    assert assessment.claimed_total == reported.indicator.weight and assessment.submitted_late
    with pytest.raises(PermissionDenied):
        services.self_assessment_verify(assessment=assessment, actor=alice)
    achievement_verify(achievement=reported, corrected_value=Decimal("400"), reason="রেজিস্টার", actor=rita)
    with pytest.raises(PermissionDenied):
        services.self_assessment_publish(assessment=assessment, actor=rita)
    services.self_assessment_verify(assessment=assessment, actor=rita)
    assessment.refresh_from_db()
    assert assessment.verified_total == reported.indicator.weight * Decimal("0.8")
    services.self_assessment_publish(assessment=assessment, actor=sam)
    assessment.refresh_from_db()
    assert assessment.status == SelfAssessmentStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.self_assessment_submit(agreement=agreement, actor=alice)


def test_the_ranking_orders_offices_by_verified_score_in_one_query_and_links_explanations(
    client, agreement_a, agreement_b, rita, django_assert_num_queries
):
    from indicators.scores import ranking, refresh_scores

    indicator = Indicator.objects.filter(agreement=agreement_b).order_by("code").first()
    Achievement.objects.create(
        indicator=indicator,
        quarter=1,
        value_number=Decimal("500"),
        verification_status=VerificationStatus.ACCEPTED,
    )
    refresh_scores(agreement=agreement_a)
    refresh_scores(agreement=agreement_b)
    with django_assert_num_queries(1):
        rows = list(
            ranking(
                fiscal_year=agreement_a.fiscal_year,
                kind=ScoreKind.VERIFIED,
                supervisor_office=agreement_a.supervisor_office,
            )
        )
    assert [r.agreement for r in rows] == [agreement_b, agreement_a]
    client.force_login(rita)
    page = client.get(reverse("agreements:ranking"), {"kind": "verified", "year": "2023"}).content.decode()
    assert page.index("জেলা কার্যালয় খ") < page.index("জেলা কার্যালয় ক")
    explanation = reverse("agreements:score", args=[agreement_b.pk, "verified"])
    assert explanation in page
    assert "প্রাপ্ত নম্বর" in client.get(explanation).content.decode()


def test_the_ranking_leaves_out_agreements_not_in_force_unless_asked(
    client, agreement_a, agreement_b, rita, fiscal_year
):
    from indicators.scores import refresh_scores

    from .factories import AgreementFactory

    returned_office = OfficeFactory(
        code="returned", name_bn="ফেরতকৃত অফিস", supervisor=agreement_a.supervisor_office
    )
    returned = AgreementFactory(
        office=returned_office,
        supervisor_office=agreement_a.supervisor_office,
        fiscal_year=fiscal_year,
        status=AgreementStatus.RETURNED,
    )
    for agreement in (agreement_a, agreement_b, returned):
        refresh_scores(agreement=agreement)
    client.force_login(rita)
    response = client.get(reverse("agreements:ranking"), {"year": "2023"})
    ranked = [row.score.agreement for row in response.context["ranked"]]
    assert returned not in ranked and set(ranked) == {agreement_a, agreement_b}
    response = client.get(reverse("agreements:ranking"), {"year": "2023", "status": "all"})
    assert returned in [row.score.agreement for row in response.context["ranked"]]
    assert "ফেরতকৃত" in response.content.decode().split('id="ranking"')[1]


def test_the_ranking_shows_only_the_supervisors_own_offices(
    client, agreement_a, other_supervisor_office, fiscal_year, rita, rex
):
    from indicators.scores import refresh_scores

    stranger = OfficeFactory(code="stranger", name_bn="অচেনা অফিস", supervisor=other_supervisor_office)
    foreign = build_agreement(stranger, other_supervisor_office, fiscal_year)
    refresh_scores(agreement=agreement_a)
    refresh_scores(agreement=foreign)
    client.force_login(rita)
    page = client.get(reverse("agreements:ranking"), {"year": "2023"}).content.decode()
    assert "জেলা কার্যালয় ক" in page and "অচেনা অফিস" not in page
    client.force_login(rex)
    page = client.get(reverse("agreements:ranking"), {"year": "2023"}).content.decode()
    assert "অচেনা অফিস" in page and "জেলা কার্যালয় ক" not in page
    assert client.get(reverse("agreements:score", args=[agreement_a.pk, "verified"])).status_code == 404


def test_the_workspace_of_another_supervisor_office_shows_none_of_ours(client, agreement_a, rex):
    client.force_login(rex)
    page = client.get(reverse("agreements:workspace")).content.decode()
    assert "জেলা কার্যালয় ক" not in page
    assert client.get(reverse("agreements:verify", args=[agreement_a.pk])).status_code == 404


def test_the_verification_page_shows_the_targets_beside_the_reported_value(client, reported, rita):
    agreement = reported.indicator.agreement
    client.force_login(rita)
    page = client.get(reverse("agreements:verify", args=[agreement.pk]), {"quarter": 1}).content.decode()
    row = page.split(f'id="indicator-{reported.indicator_id}"')[1].split("</tr>")[0]
    for target in ("৫০০", "৪৫০", "৪০০", "৩৫০", "৩০০"):
        assert f">{target}<" in row
    assert "অসাধারণ" in page.split("<thead>")[1].split("</thead>")[0]


def test_accepting_all_remaining_is_one_audited_step_that_leaves_decided_rows_alone(
    client, agreement_a, rita
):
    indicators = list(Indicator.objects.filter(agreement=agreement_a).order_by("code"))
    corrected = Achievement.objects.create(indicator=indicators[0], quarter=1, value_number=Decimal("480"))
    achievement_verify(achievement=corrected, corrected_value=Decimal("400"), reason="রেজিস্টার", actor=rita)
    pending = [
        Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("500"))
        for indicator in indicators[1:3]
    ]
    Achievement.objects.create(indicator=indicators[3], quarter=1, remarks="মান পরে দেব")  # nothing reported
    Achievement.objects.create(
        indicator=indicators[3], quarter=2, value_number=Decimal("10")
    )  # another quarter
    client.force_login(rita)
    page = client.get(reverse("agreements:verify", args=[agreement_a.pk]), {"quarter": 1}).content.decode()
    assert "বাকি ২টি অর্জন অপরিবর্তিত গ্রহণ করুন" in page
    response = client.post(
        reverse("agreements:verify_accept_remaining", args=[agreement_a.pk]), {"quarter": "1"}
    )
    assert response.status_code == 302 and response.url.endswith("?quarter=1")
    for achievement in pending:
        achievement.refresh_from_db()
        assert (
            achievement.verification_status == VerificationStatus.ACCEPTED and achievement.verified_by == rita
        )
    corrected.refresh_from_db()
    assert (corrected.verification_status, corrected.verified_number) == (
        VerificationStatus.CORRECTED,
        Decimal("400"),
    )
    assert (
        Achievement.objects.get(indicator=indicators[3], quarter=2).verification_status
        == VerificationStatus.PENDING
    )
    entry = AuditEntry.objects.get(action="achievement_accept_remaining")
    assert entry.after["quarter"] == 1 and [row["achievement"] for row in entry.after["accepted"]] == [
        a.pk for a in pending
    ]
    weights = sum((i.weight for i in indicators[1:3]), Decimal("0")) + indicators[0].weight * Decimal("0.8")
    assert verified_total(agreement_a) == weights
    # Nothing left: a second press says so and changes nothing.
    response = client.post(
        reverse("agreements:verify_accept_remaining", args=[agreement_a.pk]), {"quarter": "1"}, follow=True
    )
    assert "কোনো প্রতিবেদিত অর্জন নেই" in response.content.decode()
    assert AuditEntry.objects.filter(action="achievement_accept_remaining").count() == 1


@pytest.mark.parametrize(
    ("persona", "expected"), [("alice", 403), ("oscar", 403), ("bob", 404), ("rex", 404), ("saul", 404)]
)
def test_accepting_all_remaining_is_the_supervisors_alone(request, client, reported, persona, expected):
    agreement = reported.indicator.agreement
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("agreements:verify_accept_remaining", args=[agreement.pk]), {"quarter": "1"}
    )
    assert response.status_code == expected
    reported.refresh_from_db()
    assert reported.verification_status == VerificationStatus.PENDING


def test_the_verification_page_keeps_blank_target_columns_in_place(client, reported, rita):
    indicator = reported.indicator
    Indicator.objects.filter(pk=indicator.pk).update(targets=[None, None, "400"])
    client.force_login(rita)
    url = reverse("agreements:verify", args=[indicator.agreement_id])
    page = client.get(url, {"quarter": 1}).content.decode()
    row = page.split(f'id="indicator-{indicator.pk}"')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="small target"[^>]*>(.*?)</td>', row)
    # One cell per level column, under its heading: the 400 is the 80% column's, the blanks say so.
    assert cells == ["—", "—", "৪০০", "—", "—"]
    assert 'title="উত্তম ৮০%">৪০০<' in row
