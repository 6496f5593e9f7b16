"""The administrator's import page (agreements/views/org_import.py): upload → preview with the counts and
the first changes, or every problem → confirm saves; the file waits server-side between the two and is not
imported if it changed; nobody but an administrator reaches it."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AuditEntry, Office
from agreements.views.org_import import SESSION_KEY

from .test_org_import_offices import csv_file, generated_tree, office_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(rows, name="tree.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_file(rows).getvalue(), content_type="text/csv")


def test_preview_then_confirm_imports_the_tree(client, ada):
    client.force_login(ada)
    rows = generated_tree(ministries=1, departments=2, districts=2, upazilas=1)
    response = client.post(reverse("agreements:org_import"), {"kind": "offices", "file": upload(rows)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "নতুন অফিস: ১১" in page and "নতুন: m0-d0-z0-u0" in page
    assert not Office.objects.exists()
    pending = client.session[SESSION_KEY]
    assert default_storage.exists(pending["name"])
    response = client.post(reverse("agreements:org_import_confirm"), {"sha256": pending["sha256"]})
    assert response.status_code == 302
    assert Office.objects.count() == 11
    assert AuditEntry.objects.filter(action="office.create", actor=ada).count() == 11
    assert not default_storage.exists(pending["name"]) and SESSION_KEY not in client.session
    # A second upload of the same file: nothing to confirm.
    response = client.post(reverse("agreements:org_import"), {"kind": "offices", "file": upload(rows)})
    assert "কোনো পরিবর্তন নেই" in response.content.decode() and SESSION_KEY not in client.session


def test_the_preview_lists_every_problem_and_offers_no_confirmation(client, ada):
    client.force_login(ada)
    rows = [office_row("a", parent="nowhere"), office_row("b", level="village")]
    response = client.post(reverse("agreements:org_import"), {"kind": "offices", "file": upload(rows)})
    page = response.content.decode()
    assert response.status_code == 422
    assert "সারি ২, কলাম parent" in page and "সারি ৩, কলাম level" in page
    assert reverse("agreements:org_import_confirm") not in page and SESSION_KEY not in client.session


def test_a_file_changed_after_the_preview_is_not_imported(client, ada):
    client.force_login(ada)
    client.post(reverse("agreements:org_import"), {"kind": "offices", "file": upload([office_row("a")])})
    pending = client.session[SESSION_KEY]
    with default_storage.open(pending["name"], "wb") as stored:
        stored.write(csv_file([office_row("evil")]).getvalue())
    response = client.post(reverse("agreements:org_import_confirm"), {"sha256": pending["sha256"]})
    assert response.status_code == 302 and not Office.objects.exists()
    # A confirmation naming another file than the session's is refused too.
    client.post(reverse("agreements:org_import"), {"kind": "offices", "file": upload([office_row("a")])})
    client.post(reverse("agreements:org_import_confirm"), {"sha256": "0" * 64})
    assert not Office.objects.exists()


def test_users_come_in_from_the_page(client, ada, office_a):
    client.force_login(ada)
    content = "username,name_bn,email,office,role\nnadia,নাদিয়া,nadia@example.gov.bd,office-a,focal_point\n"
    file = SimpleUploadedFile("users.csv", content.encode(), content_type="text/csv")
    response = client.post(reverse("agreements:org_import"), {"kind": "users", "file": file})
    assert "নতুন ব্যবহারকারী: ১" in response.content.decode()
    client.post(reverse("agreements:org_import_confirm"), {"sha256": client.session[SESSION_KEY]["sha256"]})
    assert office_a.memberships.get().user.username == "nadia"


def test_only_csv_or_xlsx_and_only_administrators(client, ada, henry):
    client.force_login(ada)
    file = SimpleUploadedFile("tree.pdf", b"%PDF", content_type="application/pdf")
    response = client.post(reverse("agreements:org_import"), {"kind": "offices", "file": file})
    assert response.status_code == 422 and response.context["form"].errors["file"]
    client.force_login(henry)
    response = client.post(
        reverse("agreements:org_import"), {"kind": "offices", "file": upload([office_row("a")])}
    )
    assert response.status_code == 403 and not Office.objects.filter(code="a").exists()
