from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("agreements/<int:pk>/quarters/<int:quarter>/", views.entry, name="entry"),
    path(
        "agreements/<int:pk>/quarters/<int:quarter>/indicators/<int:indicator_id>/save/",
        views.achievement_save,
        name="save",
    ),
    path(
        "agreements/<int:pk>/quarters/<int:quarter>/indicators/<int:indicator_id>/preview/",
        views.achievement_preview,
        name="preview",
    ),
    path("agreements/<int:pk>/quarters/<int:quarter>/submit/", views.report_submit, name="submit"),
    path("agreements/<int:pk>/quarters/<int:quarter>/reopen/", views.report_reopen, name="reopen"),
    path(
        "agreements/<int:pk>/indicators/<int:indicator_id>/history/", views.indicator_history, name="history"
    ),
    path("agreements/<int:pk>/methods/", views.methods, name="methods"),
    path("agreements/<int:pk>/methods/request/", views.methods_request, name="methods_request"),
]
