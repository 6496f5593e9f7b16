"""A wrong imported draft is withdrawn (deleted, audited) before it is submitted; an imported draft without
the governance area gets one; outsiders learn nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus, AuditEntry, GovernanceAllocation
from indicators.models import Area, AreaKind
from reports.importer import import_agreement

from .test_reports_import import twin_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(agreement_a, office_c, carol):
    """Agreement A's twin imported as office C's draft (it has no governance area)."""
    return import_agreement(file=twin_for(agreement_a, "office-c"), actor=carol, filename="a.xlsx")


def test_it_withdraws_an_imported_draft_and_audits_it(client, imported, carol):
    client.force_login(carol)
    response = client.post(reverse("agreements:withdraw", args=[imported.pk]))
    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=imported.pk).exists()
    entry = AuditEntry.objects.get(action="agreement_import_withdraw")
    assert entry.actor == carol and entry.before["office"] == "office-c"
    assert entry.object_id == str(imported.pk)


def test_an_administrator_withdraws_one_too(client, imported, ada):
    client.force_login(ada)
    client.post(reverse("agreements:withdraw", args=[imported.pk]))
    assert not Agreement.objects.filter(pk=imported.pk).exists()


def test_it_refuses_once_the_draft_was_submitted(client, imported, carol):
    imported.status = AgreementStatus.SUBMITTED
    imported.save()
    client.force_login(carol)
    response = client.post(reverse("agreements:withdraw", args=[imported.pk]), follow=True)
    assert Agreement.objects.filter(pk=imported.pk).exists()
    assert "কখনো দাখিল না করা" in response.content.decode()
    assert not AuditEntry.objects.filter(action="agreement_import_withdraw").exists()


def test_it_refuses_a_draft_that_was_not_imported(client, agreement_a, alice):
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    client.force_login(alice)
    client.post(reverse("agreements:withdraw", args=[agreement_a.pk]))
    assert Agreement.objects.filter(pk=agreement_a.pk).exists()


def test_an_outsider_gets_404_and_a_reader_403(client, imported, alice, rita):
    client.force_login(alice)  # office A's focal point: office C's draft is not in her scope
    assert client.post(reverse("agreements:withdraw", args=[imported.pk])).status_code == 404
    client.force_login(rita)  # the supervisor office reads it but may not withdraw it
    assert client.post(reverse("agreements:withdraw", args=[imported.pk])).status_code == 403
    assert Agreement.objects.filter(pk=imported.pk).exists()


def test_the_document_page_offers_withdrawal_only_for_an_imported_draft(client, imported, carol):
    client.force_login(carol)
    page = client.get(reverse("agreements:detail", args=[imported.pk])).content.decode()
    assert reverse("agreements:withdraw", args=[imported.pk]) in page
    assert reverse("agreements:governance_area_add", args=[imported.pk]) in page


def test_an_imported_draft_without_a_governance_area_gets_one(client, imported, carol, fiscal_year):
    GovernanceAllocation.objects.create(fiscal_year=fiscal_year, kind="integrity", name_bn="শুদ্ধাচার", marks=30)
    client.force_login(carol)
    url = reverse("agreements:governance_area_add", args=[imported.pk])
    assert client.post(url).status_code == 302
    area = Area.objects.get(agreement=imported, kind=AreaKind.GOVERNANCE)
    assert area.weight == fiscal_year.governance_area_marks
    assert [i.governance_kind for a in area.activities.all() for i in a.indicators.all()] == ["integrity"]
    assert AuditEntry.objects.filter(action="governance_area_add", agreement=imported).count() == 1
    client.post(url)  # a second one is refused
    assert Area.objects.filter(agreement=imported, kind=AreaKind.GOVERNANCE).count() == 1


def test_only_the_office_adds_the_governance_area(client, imported, rita, alice):
    url = reverse("agreements:governance_area_add", args=[imported.pk])
    client.force_login(rita)
    assert client.post(url).status_code == 403
    client.force_login(alice)
    assert client.post(url).status_code == 404
    assert not Area.objects.filter(agreement=imported, kind=AreaKind.GOVERNANCE).exists()
