from django.urls import path

from indicators.governance import views

app_name = "governance"

urlpatterns = [
    path("templates/", views.years, name="years"),
    path("templates/new-year/", views.year_new, name="year_new"),
    path("templates/<int:start_year>/", views.year, name="year"),
    path("templates/<int:start_year>/policy/", views.year_policy, name="year_policy"),
    path("templates/<int:start_year>/new/", views.template_new, name="template_new"),
    path("template/<int:pk>/", views.template_edit, name="template"),
    path("template/<int:pk>/version/", views.template_version, name="template_version"),
    path("agreements/<int:pk>/", views.agreement_plans, name="plans"),
    path("agreements/<int:pk>/instantiate/", views.plans_instantiate, name="instantiate"),
    path("agreements/<int:pk>/plans/<int:plan_pk>/targets/", views.plan_draft, name="draft"),
    path("agreements/<int:pk>/plans/<int:plan_pk>/verify/", views.plan_verify, name="verify"),
    path("agreements/<int:pk>/plans/<int:plan_pk>/entry/", views.plan_entry, name="entry"),
    path(
        "agreements/<int:pk>/plans/<int:plan_pk>/entry/q<int:quarter>/items/<int:item_pk>/save/",
        views.achievement_save,
        name="entry_save",
    ),
    path(
        "agreements/<int:pk>/plans/<int:plan_pk>/entry/q<int:quarter>/items/<int:item_pk>/preview/",
        views.achievement_preview,
        name="entry_preview",
    ),
    path("agreements/<int:pk>/items/<int:item_pk>/verify/", views.item_verify, name="item_verify"),
    path("agreements/<int:pk>/items/<int:item_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "agreements/<int:pk>/items/<int:item_pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "agreements/<int:pk>/items/<int:item_pk>/evidence/<int:evidence_pk>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "agreements/<int:pk>/items/<int:item_pk>/self-assessment/",
        views.self_assessment,
        name="self_assessment",
    ),
]
