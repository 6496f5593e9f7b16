"""Governance templates in the Django admin: read-only once a signed agreement uses them, audited with their
rows when changed; the check that the fiscal year's plan marks add up, for the fiscal year's admin."""

from decimal import Decimal

import pytest
from django.forms import inlineformset_factory
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry, FiscalYear, GovernanceAllocation, User
from indicators.governance import services
from indicators.governance.year_forms import GovernanceAllocationInlineFormSet
from indicators.models import GovernancePlanTemplate

from .factories import AgreementFactory, OfficeFactory


@pytest.fixture
def admin_client(client, seeded):
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def year(seeded):
    return FiscalYear.objects.get(start_year=2024)


def signed_use(template):
    supervisor = OfficeFactory()
    agreement = AgreementFactory(
        office=OfficeFactory(supervisor=supervisor, level=template.variant),
        supervisor_office=supervisor,
        fiscal_year=template.fiscal_year,
        status=AgreementStatus.DRAFT,
    )
    services.plans_instantiate(agreement=agreement, actor=None)
    agreement.status = AgreementStatus.SIGNED
    agreement.save()


def change_data(admin_client, template) -> dict:
    from .page_forms import form_data

    page = admin_client.get(reverse("admin:indicators_governanceplantemplate_change", args=[template.pk]))
    return form_data(page.content.decode(), "title_bn")


def test_a_template_a_signed_agreement_uses_is_read_only_in_the_admin(admin_client, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="upazila")
    signed_use(template)
    url = reverse("admin:indicators_governanceplantemplate_change", args=[template.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'name="title_bn"' not in html and "কেবল দেখা যায়" in html
    assert reverse("governance:template", args=[template.pk]) in html
    response = admin_client.post(url, {"title_bn": "বদল", "total_marks": "3"})
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.title_bn != "বদল"


def test_an_admin_change_of_a_template_is_audited_with_its_rows(admin_client, year):
    template = GovernancePlanTemplate.objects.get(fiscal_year=year, kind="rti", variant="upazila")
    data = change_data(admin_client, template)
    data["items-0-weight"] = "1.5"
    data["total_marks"] = "3"
    response = admin_client.post(
        reverse("admin:indicators_governanceplantemplate_change", args=[template.pk]), data
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin_change", object_type="indicators.governanceplantemplate")
    assert entry.before["items"][0]["weight"] == "2.00" and entry.after["items"][0]["weight"] == "1.50"


def allocation_formset(year, marks: dict):
    FormSet = inlineformset_factory(
        FiscalYear,
        GovernanceAllocation,
        fields=["kind", "name_bn", "marks", "position"],
        formset=GovernanceAllocationInlineFormSet,
        extra=0,
    )
    existing = list(GovernanceAllocation.objects.filter(fiscal_year=year).order_by("position"))
    data = {"alloc-TOTAL_FORMS": str(len(existing)), "alloc-INITIAL_FORMS": str(len(existing))}
    for n, allocation in enumerate(existing):
        data.update(
            {
                f"alloc-{n}-id": str(allocation.pk),
                f"alloc-{n}-fiscal_year": str(year.pk),
                f"alloc-{n}-kind": allocation.kind,
                f"alloc-{n}-name_bn": allocation.name_bn,
                f"alloc-{n}-marks": str(marks.get(allocation.kind, allocation.marks)),
                f"alloc-{n}-position": str(allocation.position),
            }
        )
    return FormSet(data, instance=year, prefix="alloc")


def test_the_fiscal_years_plan_marks_must_add_up_to_the_governance_area(year):
    refused = allocation_formset(year, {"rti": Decimal("5")})
    assert not refused.is_valid()
    assert refused.non_form_errors() == ["পাঁচটি কর্মপরিকল্পনার মানের যোগফল ৩২; সুশাসন ক্ষেত্রের মোট মান ৩০ হতে হবে।"]
    assert allocation_formset(year, {"rti": Decimal("4"), "grs": Decimal("3")}).is_valid()
