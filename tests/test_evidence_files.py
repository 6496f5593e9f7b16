"""Evidence: files checked by content and size, stored under unguessable names with their SHA-256, links
http(s) only, downloads behind the scope check, removal recorded; every view for every persona."""

import hashlib
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AuditEntry
from evidence.models import EvidenceItem, EvidenceKind
from evidence.validation import sniff, validate_link
from indicators.models import QuarterlyReport, QuarterlyReportStatus

from .conftest import add_quarter_windows

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = 42
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def setup(agreement_a, fiscal_year, today_in_q3):
    add_quarter_windows(fiscal_year)
    return agreement_a


@pytest.fixture
def indicator(setup):
    return setup.indicators.get(code="1.1.1")


def add_url(indicator, quarter=3):
    return reverse("evidence:indicator", args=[indicator.agreement_id, quarter, indicator.pk])


def upload(client, indicator, name, content, **extra):
    return client.post(
        add_url(indicator), {"kind": "file", "file": SimpleUploadedFile(name, content)}, **extra
    )


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [("report.pdf", PDF, "pdf"), ("photo.PNG", PNG, "png"), ("sheet.xlsx", xlsx_bytes(), "xlsx")],
)
def test_it_accepts_evidence_files_by_content(client, alice, indicator, name, content, extension):
    client.force_login(alice)
    response = upload(client, indicator, name, content, **JSON)

    assert response.status_code == 200, response.content
    item = EvidenceItem.objects.get()
    assert item.kind == EvidenceKind.FILE and item.quarter == 3 and item.uploaded_by == alice
    assert item.original_name == name and item.size == len(content)
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    # Stored under a random name with the suffix of the detected type, never the user's file name.
    assert name.split(".")[0] not in item.file.name and item.file.name.endswith("." + extension)
    assert item.file.storage.open(item.file.name).read() == content
    assert AuditEntry.objects.get(action="evidence.add").after["sha256"] == item.sha256


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        ("notes.pdf", b"just some text, not a PDF"),
        ("a.pdf", b""),
    ],
)
def test_it_refuses_files_whose_content_is_not_evidence_whatever_their_name(
    client, alice, indicator, name, content
):
    client.force_login(alice)
    response = upload(client, indicator, name, content, **JSON)

    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["file"])
    assert "ফাইল" in message
    assert (
        not EvidenceItem.objects.exists()
        and not AuditEntry.objects.exclude(action__startswith="account.").exists()
    )


def test_it_refuses_files_above_the_configured_size(client, alice, indicator, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 0.001
    client.force_login(alice)
    response = upload(client, indicator, "big.pdf", PDF + b"0" * 2000, **JSON)

    assert response.status_code == 400
    assert "মেগাবাইট" in response.json()["errors"]["file"][0]
    assert not EvidenceItem.objects.exists()


def test_sniffing_tells_office_formats_apart():
    assert sniff(SimpleUploadedFile("x.bin", xlsx_bytes())).extension == "xlsx"
    assert sniff(SimpleUploadedFile("x.bin", PDF)).mime == "application/pdf"
    assert sniff(SimpleUploadedFile("x.zip", b"PK\x03\x04" + b"\x00" * 100)) is None


@pytest.mark.parametrize("url", ["https://drive.google.com/drive/folders/abc", "http://example.gov.bd/a?b=1"])
def test_it_accepts_http_and_https_links(client, alice, indicator, url):
    client.force_login(alice)
    response = client.post(add_url(indicator), {"kind": "link", "url": url}, **JSON)
    assert response.status_code == 200
    assert EvidenceItem.objects.get().url == url


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.com/x", "file:///etc/passwd", "drive folder"]
)
def test_it_refuses_other_links_with_a_bangla_message(client, alice, indicator, url):
    client.force_login(alice)
    response = client.post(add_url(indicator), {"kind": "link", "url": url}, **JSON)
    assert response.status_code == 400
    assert "http" in response.json()["errors"]["url"][0]
    assert not EvidenceItem.objects.exists()


def test_validate_link_strips_spaces():
    assert validate_link("  https://a.example/x  ") == "https://a.example/x"


def test_the_evidence_page_lists_items_and_an_upload_returns_to_it(client, alice, indicator):
    client.force_login(alice)
    response = upload(client, indicator, "report.pdf", PDF)
    assert response.status_code == 302 and response.url == add_url(indicator)
    page = client.get(add_url(indicator))
    assert page.status_code == 200
    assert "report.pdf" in page.content.decode() and 'id="add-file"' in page.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("rita", 200), ("oscar", 200), ("bob", 404)])
def test_readers_see_the_evidence_page_without_forms_and_outsiders_get_404(
    client, request, indicator, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(add_url(indicator))
    assert response.status_code == status
    if status == 200:
        assert 'id="add-file"' not in response.content.decode()


def test_a_locked_quarter_takes_no_evidence(client, alice, indicator, setup):
    QuarterlyReport.objects.create(agreement=setup, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
    client.force_login(alice)
    response = upload(client, indicator, "report.pdf", PDF, **JSON)
    assert response.status_code == 403
    assert not EvidenceItem.objects.exists()


# ------------------------------------------------------------------------------------------------
# Scope: add, download, remove for every persona


@pytest.fixture
def stored(client, alice, indicator):
    client.force_login(alice)
    upload(client, indicator, "মাসিক প্রতিবেদন.pdf", PDF, **JSON)
    client.logout()
    return EvidenceItem.objects.get()


@pytest.mark.parametrize(
    ("persona", "adds", "downloads", "removes"),
    [
        ("alice", 200, 200, 200),
        ("henry", 200, 200, 200),
        ("bob", 404, 404, 404),
        ("rita", 403, 200, 403),
        ("oscar", 403, 200, 403),
    ],
)
def test_each_persona_gets_its_scope(client, request, indicator, stored, persona, adds, downloads, removes):
    client.force_login(request.getfixturevalue(persona))

    added = client.post(add_url(indicator), {"kind": "link", "url": "https://a.example/"}, **JSON)
    assert added.status_code == adds
    download = client.get(reverse("evidence:download", args=[stored.pk]))
    assert download.status_code == downloads
    if downloads == 200:
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")
        assert download["Content-Type"] == "application/pdf"
    removed = client.post(reverse("evidence:remove", args=[stored.pk]), **JSON)
    assert removed.status_code == removes
    stored.refresh_from_db()
    assert (stored.removed_at is not None) == (removes == 200)


def test_removal_is_recorded_and_keeps_the_file(client, alice, stored):
    client.force_login(alice)
    client.post(reverse("evidence:remove", args=[stored.pk]), {"reason": "ভুল ফাইল"}, **JSON)

    stored.refresh_from_db()
    assert stored.removed_by == alice
    entry = AuditEntry.objects.get(action="evidence.remove")
    assert entry.before["sha256"] == stored.sha256 and entry.reason == "ভুল ফাইল"
    assert stored.file.storage.exists(stored.file.name)
    # A removed file is no longer listed nor downloadable.
    assert client.get(reverse("evidence:download", args=[stored.pk])).status_code == 404
    page = client.get(reverse("indicators:entry", args=[stored.indicator.agreement_id, 3])).content.decode()
    assert reverse("evidence:download", args=[stored.pk]) not in page


def test_downloads_need_a_login(client, stored):
    response = client.get(reverse("evidence:download", args=[stored.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# ------------------------------------------------------------------------------------------------
# Without a script: a refused item keeps what was typed; an ended session leads back to this page


def test_a_refused_link_shows_the_page_again_with_what_was_typed(client, alice, indicator):
    client.force_login(alice)
    response = client.post(
        add_url(indicator), {"kind": "link", "url": "drive folder", "description": "সভার কার্যবিবরণী"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="drive folder"' in html and 'value="সভার কার্যবিবরণী"' in html
    assert "http:// অথবা https:// দিয়ে শুরু হতে হবে" in html
    assert (
        not EvidenceItem.objects.exists()
        and not AuditEntry.objects.exclude(action__startswith="account.").exists()
    )


def test_a_refused_file_keeps_its_description_and_asks_for_the_file_again(client, alice, indicator):
    client.force_login(alice)
    response = client.post(
        add_url(indicator),
        {"kind": "file", "file": SimpleUploadedFile("x.pdf", b"not a pdf"), "description": "হাজিরা খাতা"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_file_description" name="description" maxlength="500" value="হাজিরা খাতা"' in html
    assert "এই ধরনের ফাইল প্রমাণক হিসেবে গ্রহণ করা হয় না" in html and "ফাইলটি আবার বেছে নিন" in html
    assert not EvidenceItem.objects.exists()


def test_a_closed_quarter_shows_the_page_with_the_reason_and_403(client, alice, indicator, setup):
    QuarterlyReport.objects.create(agreement=setup, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
    client.force_login(alice)
    response = client.post(add_url(indicator), {"kind": "link", "url": "https://a.example/"})
    assert response.status_code == 403
    assert "দাখিল করা হয়েছে" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_a_link_sent_from_a_page_left_open_after_submission_says_it_was_not_added_and_why(
    client, alice, indicator, setup
):
    client.force_login(alice)
    client.get(add_url(indicator))  # the tab is opened while the quarter is open ...
    QuarterlyReport.objects.create(agreement=setup, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
    link = {"kind": "link", "url": "https://drive.example/q3", "description": "সভার কার্যবিবরণী"}

    # ... and the link is sent after the report was submitted: by the script,
    answer = client.post(add_url(indicator), link, **JSON)
    assert answer.status_code == 403
    body = answer.json()
    assert body["ok"] is False and body["locked"] is True
    assert body["message"] == "লিংকটি যুক্ত হয়নি: প্রতিবেদন দাখিল করা হয়েছে; ত্রৈমাসিকটি বন্ধ।"

    # and without it: the page says so beside the link that was typed, so that it is not lost.
    page = client.post(add_url(indicator), link)
    assert page.status_code == 403
    html = page.content.decode()
    refused = html[html.index('data-testid="evidence-refused"') :]
    refused = refused[: refused.index("</div>")]
    assert "লিংকটি যুক্ত হয়নি: প্রতিবেদন দাখিল করা হয়েছে; ত্রৈমাসিকটি বন্ধ।" in refused
    assert "https://drive.example/q3" in refused and 'role="alert"' in refused
    assert not EvidenceItem.objects.exists()


def test_a_file_refused_for_a_closed_quarter_says_it_was_not_added(client, alice, indicator, setup):
    QuarterlyReport.objects.create(agreement=setup, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
    client.force_login(alice)
    body = upload(client, indicator, "report.pdf", PDF, **JSON).json()
    assert body["message"] == "ফাইলটি যুক্ত হয়নি: প্রতিবেদন দাখিল করা হয়েছে; ত্রৈমাসিকটি বন্ধ।"
    html = upload(client, indicator, "report.pdf", PDF).content.decode()
    assert "ফাইলটি যুক্ত হয়নি: প্রতিবেদন দাখিল করা হয়েছে; ত্রৈমাসিকটি বন্ধ।" in html


def test_after_the_session_ends_logging_in_again_returns_to_the_evidence_page_with_the_link(
    client, alice, indicator
):
    data = {"kind": "link", "url": "https://drive.example/q3", "description": "ছবি"}
    response = client.post(add_url(indicator), data)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    back = parse_qs(urlsplit(response.url).query)["next"][0]
    assert back.startswith(add_url(indicator) + "?")
    client.force_login(alice)
    html = client.get(back).content.decode()
    assert 'value="https://drive.example/q3"' in html and 'id="id_link_description"' in html
    assert 'maxlength="500" value="ছবি"' in html
    assert not EvidenceItem.objects.exists()


def test_an_evidence_page_asked_for_without_a_session_comes_back_after_login(client, indicator):
    response = client.get(add_url(indicator))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={add_url(indicator)}"


def test_the_head_of_office_sees_the_evidence_page_with_its_forms(client, henry, indicator):
    client.force_login(henry)
    response = client.get(add_url(indicator))
    assert response.status_code == 200
    assert 'id="add-file"' in response.content.decode() and 'id="add-link"' in response.content.decode()
