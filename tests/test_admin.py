"""The Django admin covers every model in Bangla, and its edits leave an audit row per changed row and
fresh scores."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.forms import CheckboxInput
from django.urls import reverse

from agreements.admin_audit import ViewOnlyAdmin
from agreements.models import Agreement, AuditEntry, FiscalYear
from indicators.models import Achievement, AgreementScore, AreaKind, ScoreKind
from indicators.scores import refresh_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, seeded):
    from agreements.models import User

    client.force_login(User.objects.get(username="admin"))
    return client


def test_every_model_of_the_project_is_in_the_admin(db):
    project_models = {
        model
        for app in ("agreements", "indicators", "evidence", "reports")
        for model in apps.get_app_config(app).get_models()
    }
    # A model edited only inside its parent's page (a quarter window, a signature) counts as covered.
    inline_models = {
        inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines
    }
    assert project_models - set(admin.site._registry) - inline_models == set()


def test_every_model_has_a_changelist_and_an_add_page(admin_client):
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        # Rows the application writes (audit trail, scores, notifications, exports, django-axes' login
        # attempts) are never added by hand.
        written = isinstance(model_admin, ViewOnlyAdmin) or model._meta.app_label == "axes"
        expected = 403 if written else 200
        assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == expected, info


@pytest.mark.parametrize(
    "model_name",
    [
        "indicators_outcomeindicator",
        "indicators_governanceplan",
        "indicators_planitem",
        "evidence_evidenceitem",
        "indicators_indicatorscore",
        "indicators_agreementscore",
        "agreements_auditentry",
    ],
)
def test_list_pages_read_their_rows_in_a_fixed_number_of_queries(
    admin_client, model_name, django_assert_max_num_queries
):
    # 19 to 132 rows each: a query per row would blow well past this.
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse(f"admin:{model_name}_changelist")).status_code == 200


def test_stored_scores_are_read_only(admin_client):
    score = AgreementScore.objects.first()
    url = reverse("admin:indicators_agreementscore_change", args=[score.pk])
    assert admin_client.post(url, {"total": "100"}).status_code == 403
    assert AgreementScore.objects.get(pk=score.pk).total == score.total


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


def test_admin_numbers_accept_bangla_digits(admin_client):
    khulna = Agreement.objects.get(office__code="ict-dc-khulna")
    achievement = Achievement.objects.get(indicator__agreement=khulna, indicator__code="১.২.১", quarter=2)
    data = form_data(admin_client.get(reverse("admin:indicators_achievement_change", args=[achievement.pk])))
    data["value_number"] = "৪০০.৫"
    url = reverse("admin:indicators_achievement_change", args=[achievement.pk])
    assert admin_client.post(url, data).status_code == 302
    assert Achievement.objects.get(pk=achievement.pk).value_number == Decimal("400.5")

    data["value_number"] = "চারশো"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "সংখ্যা লিখুন, যেমন ১০ বা ২.৫।" in response.content.decode()
    assert Achievement.objects.get(pk=achievement.pk).value_number == Decimal("400.5")


def form_data(response) -> dict:
    """What the browser would post back for an admin change page as it was served: the main form and every
    inline formset, with each field's current value."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form[name].html_name] = "on"
            elif value is not None:
                data[form[name].html_name] = value
    return data


def inline_prefix(data: dict, formset: str, pk: int) -> str:
    """ "acronyms-6": the prefix of the inline form that holds row `pk`."""
    return next(k for k, v in data.items() if k.startswith(f"{formset}-") and k.endswith("-id") and v == pk)[
        :-3
    ]


def test_an_inline_change_is_audited_row_by_row_without_a_row_for_the_unchanged_parent(admin_client):
    agreement = Agreement.objects.get(office__code="ict-dc-mymensingh")
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = form_data(admin_client.get(url))
    function = agreement.functions.get(position=1)
    data[f"{inline_prefix(data, 'functions', function.pk)}-text"] = "নতুন কার্যাবলি"
    acronym = agreement.acronyms.get(position=7)
    data[f"{inline_prefix(data, 'acronyms', acronym.pk)}-DELETE"] = "on"
    audit_rows = AuditEntry.objects.count()

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = AuditEntry.objects.get(action="admin_change", object_type="agreements.agreementfunction")
    assert (changed.object_id, changed.agreement_id) == (str(function.pk), agreement.pk)
    assert changed.before["text"] == function.text and changed.after["text"] == "নতুন কার্যাবলি"
    deleted = AuditEntry.objects.get(action="admin_delete", object_type="agreements.acronym")
    assert deleted.object_id == str(acronym.pk) and deleted.before["acronym"] == acronym.acronym
    assert not agreement.acronyms.filter(pk=acronym.pk).exists()
    assert not AuditEntry.objects.filter(object_type="agreements.agreement", action="admin_change").exists()
    assert AuditEntry.objects.count() == audit_rows + 2


def test_a_bulk_delete_audits_each_row_and_refreshes_the_scores_in_the_same_transaction(admin_client):
    khulna = Agreement.objects.get(office__code="ict-dc-khulna")
    rows = list(Achievement.objects.filter(indicator__agreement=khulna, value_number__isnull=False)[:3])
    before = AgreementScore.objects.get(agreement=khulna, kind=ScoreKind.PROGRESS).total

    response = admin_client.post(
        reverse("admin:indicators_achievement_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Achievement.objects.filter(pk__in=[r.pk for r in rows]).exists()
    entries = AuditEntry.objects.filter(action="admin_delete", object_type="indicators.achievement")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(r.pk) for r in rows)
    assert {e.agreement_id for e in entries} == {khulna.pk}
    stored = AgreementScore.objects.get(agreement=khulna, kind=ScoreKind.PROGRESS).total
    assert stored < before
    refresh_scores(agreement=khulna)  # a full recomputation finds nothing left to change
    assert AgreementScore.objects.get(agreement=khulna, kind=ScoreKind.PROGRESS).total == stored


def test_the_framework_of_a_year_with_agreements_cannot_change(admin_client):
    year = FiscalYear.objects.get(start_year=2022)
    url = reverse("admin:agreements_fiscalyear_change", args=[year.pk])
    data = form_data(admin_client.get(url))
    data["scoring_policy"] = "step"
    data["levels"] = '[{"percent": 100, "name_bn": "অসাধারণ"}, {"percent": 80, "name_bn": "উত্তম"}]'

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"scoring_policy", "levels"}
    assert "এই অর্থবছরে ইতিমধ্যে ১টি চুক্তি আছে" in errors["scoring_policy"][0]
    year.refresh_from_db()
    assert year.scoring_policy == "interpolate" and len(year.levels) == 5
    assert not AuditEntry.objects.filter(object_type="agreements.fiscalyear").exists()


def test_a_year_without_agreements_may_change_its_framework_and_the_change_is_audited(admin_client):
    year = FiscalYear.objects.get(start_year=2024)
    url = reverse("admin:agreements_fiscalyear_change", args=[year.pk])
    data = form_data(admin_client.get(url))
    data["scoring_policy"] = "step"

    assert admin_client.post(url, data).status_code == 302
    assert FiscalYear.objects.get(pk=year.pk).scoring_policy == "step"
    entry = AuditEntry.objects.get(object_type="agreements.fiscalyear", action="admin_change")
    assert (entry.before["scoring_policy"], entry.after["scoring_policy"]) == ("interpolate", "step")


def test_governance_rows_are_kept_apart_in_the_indicator_filter(admin_client):
    response = admin_client.get(
        reverse("admin:indicators_indicator_changelist"), {"area_kind": AreaKind.GOVERNANCE}
    )
    assert response.status_code == 200
