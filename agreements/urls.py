from django.urls import path

from . import ranking_views, supervisor_views, views

app_name = "agreements"

urlpatterns = [
    path("", views.home, name="home"),
    path("agreements/new/", views.agreement_create, name="create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="detail"),
    path("agreements/<int:pk>/history/", views.agreement_history, name="history"),
    path("agreements/<int:pk>/overview/", views.overview_edit, name="overview_edit"),
    path("agreements/<int:pk>/items/<slug:kind>/add/", views.item_add, name="item_add"),
    path("agreements/<int:pk>/items/<slug:kind>/<int:item_id>/", views.item_edit, name="item_edit"),
    path(
        "agreements/<int:pk>/items/<slug:kind>/<int:item_id>/delete/", views.item_delete, name="item_delete"
    ),
    path("agreements/<int:pk>/items/<slug:kind>/<int:item_id>/move/", views.item_move, name="item_move"),
    path("agreements/<int:pk>/submit/", views.agreement_submit, name="submit"),
    path("agreements/<int:pk>/return/", views.agreement_return, name="return"),
    path("agreements/<int:pk>/approve/", views.agreement_approve, name="approve"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="sign"),
    path("agreements/<int:pk>/countersign/", views.agreement_countersign, name="countersign"),
    path("agreements/<int:pk>/reopen/", views.agreement_reopen, name="reopen"),
    path("agreements/<int:pk>/withdraw/", views.imported_draft_withdraw, name="withdraw"),
    path("agreements/<int:pk>/governance-area/", views.governance_area_add, name="governance_area_add"),
    path("agreements/<int:pk>/revise/", views.revision_propose, name="revise"),
    path("agreements/<int:pk>/versions/", views.version_diff_view, name="diff"),
    path("agreements/<int:pk>/scores/<slug:kind>/", views.score_explanation, name="score"),
    path("agreements/<int:pk>/verify/", views.verification, name="verify"),
    path(
        "agreements/<int:pk>/verify/accept-remaining/",
        views.verify_accept_remaining,
        name="verify_accept_remaining",
    ),
    path(
        "agreements/<int:pk>/verify/<int:achievement_id>/",
        views.verify_achievement,
        name="verify_achievement",
    ),
    path("agreements/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("language/", views.set_language, name="set_language"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notification_read_all, name="notifications_read_all"),
    path("notifications/<int:notification_id>/open/", views.notification_open, name="notification_open"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/active/", views.person_active, name="person_active"),
    path("people/<int:pk>/invite/", views.person_invite, name="person_invite"),
    path("people/import/", views.org_import, name="org_import"),
    path("people/import/confirm/", views.org_import_confirm, name="org_import_confirm"),
    path("supervisor/", supervisor_views.workspace, name="workspace"),
    path("supervisor/reports/", supervisor_views.reports, name="workspace_reports"),
    path("supervisor/reports/<int:pk>/<int:quarter>/", supervisor_views.report_review, name="report_review"),
    path("supervisor/ranking/", ranking_views.ranking, name="ranking"),
    path("supervisor/dashboard/", ranking_views.dashboard, name="dashboard"),
]
