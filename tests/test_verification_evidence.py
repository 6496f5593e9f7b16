"""The supervisor's verification page: every evidence file opens through the scope-checked download, images
show as thumbnails served behind the same check (outsiders 404), a value far outside its targets is flagged,
and accepting the remaining achievements unchanged is a secondary button."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import services as evidence_services
from indicators import services as entry_services
from indicators.scoring import far_outside_targets

from .conftest import add_quarter_windows

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
D = Decimal


@pytest.mark.parametrize(
    ("value", "targets", "flagged"),
    [
        (D("1250"), [D(20), D(18), D(16), D(14), D(12)], True),  # the slip
        (D("60"), [D(20), D(18), D(16), D(14), D(12)], False),  # three times the best: still possible
        (D("60.01"), [D(20), D(18), D(16), D(14), D(12)], True),
        (D("-1"), [D(20), D(18)], True),
        (D("0"), [D(20), D(18)], False),
        (D("45"), [D(10), D(12), D(15)], False),  # lower is better: judged by the largest column
        (D("46"), [D(10), D(12), D(15)], True),
        (D("500"), [None, D(100), None], True),  # blank columns are skipped
        (D("500"), [], False),  # nothing to judge by
        (D("500"), [D(0), D(0)], False),
        (D("-5"), [], True),  # below zero whatever the targets
        (None, [D(20)], False),  # not reported
        (date(2025, 1, 1), [date(2024, 12, 31)], False),  # dates are judged by their score
        (7, [2], True),
    ],
)
def test_far_outside_targets(value, targets, flagged):
    assert far_outside_targets(value, targets) is flagged


@pytest.fixture
def quarter(agreement_a, fiscal_year, today_in_q3):
    add_quarter_windows(fiscal_year)
    return 3


@pytest.fixture
def indicator(agreement_a):
    return agreement_a.indicators.get(code="1.1.1")


def add_file(indicator, name, content):
    return evidence_services.evidence_add_file(
        indicator=indicator, quarter=3, upload=SimpleUploadedFile(name, content), actor=None
    )


def verify_page(client, user, agreement):
    client.force_login(user)
    response = client.get(reverse("agreements:verify", args=[agreement.pk]) + "?quarter=3")
    assert response.status_code == 200
    return response.content.decode()


def test_files_open_through_the_download_and_images_show_as_thumbnails(client, rita, indicator, quarter):
    report = add_file(indicator, "প্রতিবেদন.pdf", PDF)
    photo = add_file(indicator, "ছবি.png", PNG)
    html = verify_page(client, rita, indicator.agreement)

    assert f'<a href="{reverse("evidence:download", args=[report.pk])}">প্রতিবেদন.pdf</a>' in html
    assert f'<a href="{reverse("evidence:download", args=[photo.pk])}"><img' in html
    assert f'src="{reverse("evidence:thumbnail", args=[photo.pk])}"' in html
    assert reverse("evidence:thumbnail", args=[report.pk]) not in html  # a PDF is no image


@pytest.mark.parametrize(("persona", "status"), [("rita", 200), ("alice", 200), ("oscar", 200), ("bob", 404)])
def test_a_thumbnail_is_served_within_the_agreements_scope_only(
    client, request, indicator, quarter, persona, status
):
    photo = add_file(indicator, "ছবি.png", PNG)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("evidence:thumbnail", args=[photo.pk]))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PNG
        assert response["Content-Type"] == "image/png" and "attachment" not in response.get(
            "Content-Disposition", ""
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]


def test_a_thumbnail_is_only_ever_a_stored_image(client, alice, rita, indicator, quarter):
    report = add_file(indicator, "প্রতিবেদন.pdf", PDF)
    photo = add_file(indicator, "ছবি.png", PNG)
    client.force_login(rita)
    assert client.get(reverse("evidence:thumbnail", args=[report.pk])).status_code == 404
    evidence_services.evidence_remove(item=photo, actor=alice)
    assert client.get(reverse("evidence:thumbnail", args=[photo.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("evidence:thumbnail", args=[photo.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def record(indicator, value):
    entry_services.achievement_record(
        indicator=indicator, quarter=3, value=value, remarks="", expected_revision=0, actor=None
    )


def test_a_value_far_outside_the_targets_is_flagged_and_a_near_one_is_not(client, rita, agreement_a, quarter):
    far, near = agreement_a.indicators.filter(governance_kind="").order_by("pk")[:2]
    best = max(t for t in far.target_values() if t is not None)
    record(far, best * 10)
    record(near, max(t for t in near.target_values() if t is not None))
    html = verify_page(client, rita, agreement_a)

    assert html.count('data-testid="far-outside"') == 1
    row = html[html.index(f'id="indicator-{far.pk}"') :]
    assert row.startswith(f'id="indicator-{far.pk}" class="table-warning"')
    assert "সবচেয়ে বড় লক্ষ্যমাত্রার ৩ গুণের বেশি" in html


def test_accepting_the_remaining_unchanged_is_a_secondary_button(client, rita, indicator, quarter):
    record(indicator, Decimal("1"))
    html = verify_page(client, rita, indicator.agreement)
    form = html[html.index('id="accept-remaining"') :]
    button = form[form.index("<button") : form.index("</button>")]
    assert "btn-outline-secondary" in button and "btn-success" not in button and "বাকি ১টি অর্জন" in button
