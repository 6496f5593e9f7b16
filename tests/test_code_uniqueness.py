"""A code used twice is refused with a Bangla message that names the code, next to the code field: in model
validation, in the drafting editor and in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry, User
from indicators.models import Activity, Area, Indicator

from .test_drafting_editor import indicator_post
from .test_unscorable_rows import admin_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_a(agreement_a):
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    return agreement_a


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (Area, "কোড [১]-এর একটি ক্ষেত্র এই চুক্তির এই অংশে আগেই আছে; অন্য কোড দিন।"),
        (Activity, "কোড [১.১]-এর একটি কার্যক্রম এই ক্ষেত্রে আগেই আছে; অন্য কোড দিন।"),
        (Indicator, "কোড [১.১.১]-এর একটি সূচক এই চুক্তির এই অংশে আগেই আছে; অন্য কোড দিন।"),
    ],
)
def test_model_validation_names_the_repeated_code_on_the_code_field(agreement_a, model, message):
    existing = model.objects.filter(pk__in=_first_of(model, agreement_a)).get()
    twin = model.objects.get(pk=existing.pk)
    twin.pk, twin.position = None, 99
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert caught.value.message_dict == {"code": [message]}


def _first_of(model, agreement):
    if model is Activity:
        return Activity.objects.filter(area__agreement=agreement, code="1.1").values("pk")
    return model.objects.filter(agreement=agreement, code__in=["1", "1.1.1"]).values("pk")[:1]


def test_the_editor_refuses_a_repeated_indicator_code_next_to_the_field(client, draft_a, alice):
    first, second = Indicator.objects.filter(agreement=draft_a, activity__code="1.1").order_by("position")[:2]
    client.force_login(alice)
    url = reverse("agreements:item_edit", args=[draft_a.pk, "indicator", second.pk])
    response = client.post(url, indicator_post(second, code=first.code))
    page = response.content.decode()
    assert response.status_code == 200
    assert "কোড [১.১.১]-এর একটি সূচক এই চুক্তির এই অংশে আগেই আছে; অন্য কোড দিন।" in page
    assert "already exists" not in page
    second.refresh_from_db()
    assert second.code == "1.1.2"
    assert not AuditEntry.objects.filter(agreement=draft_a, action="content_change").exists()


def test_the_editor_refuses_a_repeated_area_code(client, draft_a, alice):
    client.force_login(alice)
    response = client.post(
        reverse("agreements:item_add", args=[draft_a.pk, "area"]),
        {"code": "২", "title": "নতুন", "weight": "৫"},
    )
    # "২" and the stored "2" differ as text; the database cannot see they are the same code, validation can.
    assert response.status_code == 302
    response = client.post(
        reverse("agreements:item_add", args=[draft_a.pk, "area"]),
        {"code": "২", "title": "আরেকটি", "weight": "৫"},
    )
    assert response.status_code == 200
    assert "কোড [২]-এর একটি ক্ষেত্র এই চুক্তির এই অংশে আগেই আছে; অন্য কোড দিন।" in response.content.decode()
    assert Area.objects.filter(agreement=draft_a, code="২").count() == 1


def test_the_admin_refuses_a_repeated_indicator_code(client, draft_a):
    first, second = Indicator.objects.filter(agreement=draft_a, activity__code="1.1").order_by("position")[:2]
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post(
        reverse("admin:indicators_indicator_change", args=[second.pk]), admin_post(second, code=first.code)
    )
    assert response.status_code == 200
    assert "কোড [১.১.১]-এর একটি সূচক এই চুক্তির এই অংশে আগেই আছে" in response.content.decode()
    second.refresh_from_db()
    assert second.code == "1.1.2"
