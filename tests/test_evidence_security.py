"""Evidence uploads a security review would block: viruses (through a ClamAV daemon, fail closed), archives
that expand out of proportion, floods of uploads, and links into private networks (issue 17, findings 8 and
10). Section 3 evidence and Annex 4-8 evidence go through the same services."""

from __future__ import annotations

import io
import os
import shutil
import socket
import struct
import subprocess
import threading
import time
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, AuditEntry, FiscalYear
from evidence import validation
from evidence.models import EvidenceItem
from indicators.governance import services as governance_services

from .conftest import add_quarter_windows
from .factories import agreement_with_plans

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# The EICAR test file: every antivirus reports it, it does nothing. Kept split so no scanner flags this file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC" + b")7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!H+H*"


@pytest.fixture
def indicator(agreement_a, fiscal_year, today_in_q3):
    add_quarter_windows(fiscal_year)
    return agreement_a.indicators.get(code="1.1.1")


def add_url(indicator, quarter=3):
    return reverse("evidence:indicator", args=[indicator.agreement_id, quarter, indicator.pk])


def upload(client, indicator, name, content):
    return client.post(
        add_url(indicator), {"kind": "file", "file": SimpleUploadedFile(name, content)}, **JSON
    )


def add_link(client, indicator, url):
    return client.post(add_url(indicator), {"kind": "link", "url": url}, **JSON)


def errors(response) -> str:
    return " ".join(" ".join(messages) for messages in response.json()["errors"].values())


# ------------------------------------------------------------------------------------------------
# Virus scanning through clamd


class FakeClamd:
    """A daemon that speaks clamd's INSTREAM protocol (what clamav-client sends): a command line, then
    chunks each prefixed by its 4-byte big-endian length, ended by a zero length; one answer line. It finds
    the EICAR string anywhere in the stream, as a real daemon with a body signature does."""

    def __init__(self, listener: socket.socket, answer: str | None = None):
        self.listener = listener
        self.answer = answer
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection, connection.makefile("rb") as stream:
                command = stream.readline()
                assert command == b"nINSTREAM\n", command
                data = b""
                while size := struct.unpack("!L", stream.read(4))[0]:
                    data += stream.read(size)
                self.received.append(data)
                verdict = self.answer or (
                    "stream: Eicar-Test-Signature FOUND" if EICAR in data else "stream: OK"
                )
                connection.sendall(verdict.encode() + b"\n")

    def close(self):
        self.listener.close()


@pytest.fixture
def clamd_tcp(settings):
    listener = socket.create_server(("127.0.0.1", 0))
    settings.CLAMAV_HOST, settings.CLAMAV_PORT = listener.getsockname()
    daemon = FakeClamd(listener)
    yield daemon
    daemon.close()


@pytest.fixture
def clamd_unix(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen()
    settings.CLAMAV_SOCKET = path
    daemon = FakeClamd(listener)
    yield daemon
    daemon.close()


@pytest.mark.parametrize("daemon", ["clamd_tcp", "clamd_unix"])
def test_a_file_with_a_virus_is_refused_with_a_bangla_message(client, alice, indicator, request, daemon):
    clamd = request.getfixturevalue(daemon)
    client.force_login(alice)

    response = upload(client, indicator, "report.pdf", b"%PDF-1.4\n" + EICAR + b"\n")

    assert response.status_code == 400
    assert "ভাইরাস" in errors(response) and "Eicar-Test-Signature" in errors(response)
    assert clamd.received == [b"%PDF-1.4\n" + EICAR + b"\n"]
    assert (
        not EvidenceItem.objects.exists()
        and not AuditEntry.objects.exclude(action__startswith="account.").exists()
    )


def test_a_clean_file_is_scanned_whole_and_stored(client, alice, indicator, clamd_tcp):
    client.force_login(alice)
    big = PDF + b"%" + b"x" * 5000  # several of the client's 1 KiB chunks
    assert upload(client, indicator, "report.pdf", big).status_code == 200
    assert clamd_tcp.received == [big]
    assert EvidenceItem.objects.get().size == len(big)


def test_scanning_is_off_by_default(client, alice, indicator, settings):
    assert not settings.CLAMAV_SOCKET and not settings.CLAMAV_HOST
    client.force_login(alice)
    assert upload(client, indicator, "report.pdf", PDF).status_code == 200


def test_a_configured_daemon_that_cannot_be_reached_refuses_every_upload(
    client, alice, indicator, settings, tmp_path
):
    settings.CLAMAV_SOCKET = str(tmp_path / "no-daemon-here.sock")
    client.force_login(alice)
    response = upload(client, indicator, "report.pdf", PDF)
    assert response.status_code == 400
    assert "ভাইরাসমুক্ত কিনা এখন পরীক্ষা করা যাচ্ছে না" in errors(response)
    assert not EvidenceItem.objects.exists()

    closed = socket.create_server(("127.0.0.1", 0))
    settings.CLAMAV_SOCKET, (settings.CLAMAV_HOST, settings.CLAMAV_PORT) = "", closed.getsockname()
    closed.close()  # nothing listens on that port any more
    assert upload(client, indicator, "report.pdf", PDF).status_code == 400
    assert not EvidenceItem.objects.exists()


def test_a_daemon_answering_with_an_error_refuses_the_upload(client, alice, indicator, clamd_tcp):
    clamd_tcp.answer = "INSTREAM size limit exceeded. ERROR"
    client.force_login(alice)
    response = upload(client, indicator, "report.pdf", PDF)
    assert response.status_code == 400 and "ভাইরাসমুক্ত" in errors(response)
    assert not EvidenceItem.objects.exists()


def test_annex_evidence_is_scanned_too(annex, alice, clamd_unix):
    plan_item, quarter = annex
    with pytest.raises(ValidationError) as refused:
        governance_services.plan_item_evidence_add(
            item=plan_item,
            quarter=quarter,
            actor=alice,
            file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + EICAR),
        )
    assert "ভাইরাস" in " ".join(refused.value.messages)
    assert not plan_item.evidence.exists()


@pytest.fixture
def real_clamd(tmp_path, settings):
    """A real ClamAV daemon on a Unix socket in tmp_path, with one local signature for the EICAR string
    (the official databases cannot be downloaded here, and the daemon will not start without one)."""
    if shutil.which("clamd") is None:
        pytest.skip(
            "clamd is not installed (Debian: apt-get install clamav-daemon); the fake daemon tests run"
        )
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "eicar.ndb").write_text(f"Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
    sock = tmp_path / "clamd.sock"
    (tmp_path / "clamd.conf").write_text(
        f"Foreground yes\nLocalSocket {sock}\nDatabaseDirectory {tmp_path / 'db'}\n"
        f"LogFile {tmp_path / 'clamd.log'}\nPidFile {tmp_path / 'clamd.pid'}\n"
        + ("User root\n" if os.geteuid() == 0 else "")
    )
    process = subprocess.Popen(
        ["clamd", "-c", str(tmp_path / "clamd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not sock.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"clamd did not start: {(tmp_path / 'clamd.log').read_text()[-500:]}")
            time.sleep(0.1)
        settings.CLAMAV_SOCKET = str(sock)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_real_clamd_refuses_the_eicar_file_after_a_pdf_header(client, alice, indicator, real_clamd):
    client.force_login(alice)
    response = upload(client, indicator, "report.pdf", b"%PDF-1.4\n" + EICAR + b"\n")
    assert response.status_code == 400 and "Eicar-Test-Signature" in errors(response)
    assert upload(client, indicator, "report.pdf", PDF).status_code == 200
    assert EvidenceItem.objects.count() == 1


# ------------------------------------------------------------------------------------------------
# Archives out of proportion


def bomb_docx(expanded_mb: int) -> bytes:
    """A Word document whose body declares `expanded_mb` megabytes of repetitive XML in a small file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"<w:t>" + b"A" * 1_048_570 + b"</w:t>"[:1]
            for _ in range(expanded_mb):
                member.write(block[:1_048_576])
    return buffer.getvalue()


def test_a_docx_that_expands_out_of_proportion_is_refused(client, alice, indicator):
    bomb = bomb_docx(200)
    assert len(bomb) < 1024 * 1024  # 200 MB of text in a file well under a megabyte
    client.force_login(alice)

    response = upload(client, indicator, "report.docx", bomb)

    assert response.status_code == 400
    assert "অস্বাভাবিক বড়" in errors(response) and "২০০" in errors(response)
    assert not EvidenceItem.objects.exists()


def test_the_ratio_alone_refuses_a_bomb_below_the_total(client, alice, indicator, settings):
    settings.EVIDENCE_ARCHIVE_MAX_RATIO = 100
    bomb = bomb_docx(20)  # 20 MB, under the 100 MB total, but thousands of times its own size
    client.force_login(alice)
    assert upload(client, indicator, "report.docx", bomb).status_code == 400
    settings.EVIDENCE_ARCHIVE_MAX_RATIO = 100_000
    assert upload(client, indicator, "report.docx", bomb).status_code == 200


def test_an_ordinary_office_file_is_accepted(client, alice, indicator):
    import openpyxl

    book = openpyxl.Workbook()
    for row in range(1, 2000):
        book.active.append([row, f"অফিস {row}", row * 3.5])
    content = io.BytesIO()
    book.save(content)
    client.force_login(alice)
    assert upload(client, indicator, "sheet.xlsx", content.getvalue()).status_code == 200


def test_the_archive_check_reads_only_the_directory(monkeypatch):
    def no_extraction(*args, **kwargs):
        raise AssertionError("a member was opened")

    bomb = SimpleUploadedFile("x.docx", bomb_docx(150))
    monkeypatch.setattr(zipfile.ZipFile, "open", no_extraction)
    with pytest.raises(ValidationError, match="অস্বাভাবিক"):
        validation.check_archive(bomb)


# ------------------------------------------------------------------------------------------------
# Quotas


def test_one_indicator_quarter_lists_at_most_the_configured_number(client, alice, indicator, settings):
    settings.EVIDENCE_LIMIT_PER_QUARTER = 3
    client.force_login(alice)
    for n in range(3):
        assert add_link(client, indicator, f"https://drive.example/{n}").status_code == 200
    refused = upload(client, indicator, "report.pdf", PDF)
    assert refused.status_code == 400 and "সর্বোচ্চ ৩টি প্রমাণক" in errors(refused)
    assert add_link(client, indicator, "https://drive.example/x").status_code == 400
    assert EvidenceItem.objects.count() == 3
    # Removing one makes room; other quarters have their own.
    item = EvidenceItem.objects.first()
    client.post(reverse("evidence:remove", args=[item.pk]), **JSON)
    assert add_link(client, indicator, "https://drive.example/y").status_code == 200
    assert add_link(client, indicator, "https://drive.example/z").status_code == 400


def test_one_person_adds_at_most_the_daily_number(client, alice, indicator, agreement_a, settings):
    settings.EVIDENCE_DAILY_LIMIT_PER_USER = 4
    other = agreement_a.indicators.exclude(pk=indicator.pk).first()
    client.force_login(alice)
    for n in range(2):
        assert add_link(client, indicator, f"https://drive.example/{n}").status_code == 200
        assert add_link(client, other, f"https://drive.example/o{n}").status_code == 200
    # A removed item still counts: its file stays stored.
    client.post(reverse("evidence:remove", args=[EvidenceItem.objects.first().pk]), **JSON)
    refused = upload(client, other, "report.pdf", PDF)
    assert refused.status_code == 400 and "২৪ ঘণ্টায়" in errors(refused) and "৪টি" in errors(refused)
    assert EvidenceItem.objects.count() == 4


@pytest.fixture
def annex(seeded, office_a, supervisor_office, monkeypatch):
    """The first item of the integrity plan of an active 2024-25 agreement, on a day its first quarter is
    open."""
    year = FiscalYear.objects.get(start_year=2024)
    agreement = agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.ACTIVE)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    plan = agreement.governance_plans.get(kind="integrity")
    return plan.items.get(activity_code="১.১"), 1


def test_annex_evidence_has_the_same_quotas(annex, alice, settings):
    settings.EVIDENCE_LIMIT_PER_QUARTER = 2
    plan_item, quarter = annex
    for n in range(2):
        governance_services.plan_item_evidence_add(
            item=plan_item, quarter=quarter, actor=alice, url=f"https://drive.example/{n}"
        )
    with pytest.raises(ValidationError) as refused:
        governance_services.plan_item_evidence_add(
            item=plan_item, quarter=quarter, actor=alice, url="https://drive.example/x"
        )
    assert "সর্বোচ্চ ২টি প্রমাণক" in " ".join(refused.value.messages)
    settings.EVIDENCE_LIMIT_PER_QUARTER, settings.EVIDENCE_DAILY_LIMIT_PER_USER = 20, 2
    with pytest.raises(ValidationError, match="২৪ ঘণ্টায়"):
        governance_services.plan_item_evidence_add(
            item=plan_item, quarter=quarter, actor=alice, url="https://drive.example/y"
        )


# ------------------------------------------------------------------------------------------------
# Links into private networks


@pytest.fixture
def dns(monkeypatch):
    """A resolver answering from a table (no network here); a name not in it does not resolve."""
    table: dict[str, list[str]] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0))
            for a in table[host]
        ]

    monkeypatch.setattr(validation.socket, "getaddrinfo", getaddrinfo)
    return table


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://10.1.2.3/share",
        "http://192.168.0.1/",
        "http://172.16.5.4:8080/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8000/",
        "http://printer.local/",
        "http://router.lan/",
        "http://intranet.example.gov.bd/files",
        "http://mixed.example/",
    ],
)
def test_links_into_private_networks_are_refused(client, alice, indicator, dns, url):
    dns["intranet.example.gov.bd"] = ["10.20.30.40"]
    dns["mixed.example"] = ["93.184.215.14", "192.168.1.10"]
    client.force_login(alice)
    response = add_link(client, indicator, url)
    assert response.status_code == 400
    assert "প্রাইভেট" in errors(response)
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://drive.google.com/drive/folders/abc",
        "http://8.8.8.8/",
        "http://[2001:4860:4860::8888]/",
        # Does not resolve from the server: accepted (see points_inward).
        "https://no-such-name.example/folder",
    ],
)
def test_links_to_public_addresses_are_accepted(client, alice, indicator, dns, url):
    dns["drive.google.com"] = ["142.250.182.14", "2404:6800:4002:82d::200e"]
    client.force_login(alice)
    assert add_link(client, indicator, url).status_code == 200


def test_a_slow_resolver_costs_at_most_the_timeout_and_the_link_is_accepted(monkeypatch, settings):
    settings.EVIDENCE_LINK_LOOKUP_TIMEOUT = 0.2
    monkeypatch.setattr(validation.socket, "getaddrinfo", lambda *a, **k: time.sleep(2) or [])
    started = time.monotonic()
    assert validation.points_inward("slow.example") is False
    assert time.monotonic() - started < 1.5


def test_annex_links_are_checked_too(annex, alice, dns):
    plan_item, quarter = annex
    with pytest.raises(ValidationError, match="প্রাইভেট"):
        governance_services.plan_item_evidence_add(
            item=plan_item, quarter=quarter, actor=alice, url="http://192.168.1.1/minutes"
        )
