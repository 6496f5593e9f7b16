"""The Django admin covers every model in Bangla, and its edits leave an audit row and fresh scores."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from agreements.models import Agreement, AuditEntry
from indicators.models import Achievement, AgreementScore, AreaKind, ScoreKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, seeded):
    from agreements.models import User

    client.force_login(User.objects.get(username="admin"))
    return client


def test_every_model_has_a_changelist_and_an_add_page(admin_client):
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        # The audit trail is read-only by design: its add page is forbidden.
        expected = 403 if model is AuditEntry else 200
        assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == expected, info


def test_the_agreement_change_page_shows_its_inlines_in_bangla(admin_client):
    agreement = Agreement.objects.get(office__code="ict-dc-mymensingh")
    response = admin_client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "কর্মসম্পাদনের সার্বিক চিত্র" in content and "শব্দসংক্ষেপসমূহ" in content


def test_an_admin_edit_of_an_achievement_is_audited_and_rescored(admin_client):
    khulna = Agreement.objects.get(office__code="ict-dc-khulna")
    achievement = Achievement.objects.get(indicator__agreement=khulna, indicator__code="১.২.১", quarter=2)
    before = AgreementScore.objects.get(agreement=khulna, kind=ScoreKind.PROGRESS).total
    url = reverse("admin:indicators_achievement_change", args=[achievement.pk])
    response = admin_client.post(
        url,
        {
            "indicator": achievement.indicator_id,
            "quarter": 2,
            "value_number": "400",
            "value_date": "",
            "remarks": "",
            "revision": 1,
            "verification_status": "pending",
            "verified_number": "",
            "verified_date": "",
            "verification_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin_change", object_id=str(achievement.pk))
    assert Decimal(entry.before["value_number"]) == 386 and Decimal(entry.after["value_number"]) == 400
    after = AgreementScore.objects.get(agreement=khulna, kind=ScoreKind.PROGRESS).total
    assert after - before == Decimal("0.14")  # [১.২.১] weight 5: 97.2% -> 100%


def test_governance_rows_are_kept_apart_in_the_indicator_filter(admin_client):
    response = admin_client.get(
        reverse("admin:indicators_indicator_changelist"), {"area_kind": AreaKind.GOVERNANCE}
    )
    assert response.status_code == 200
