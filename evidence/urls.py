from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path(
        "agreements/<int:pk>/quarters/<int:quarter>/indicators/<int:indicator_id>/evidence/",
        views.indicator_evidence,
        name="indicator",
    ),
    path("evidence/<int:item_id>/download/", views.evidence_download, name="download"),
    path("evidence/<int:item_id>/thumbnail/", views.evidence_thumbnail, name="thumbnail"),
    path("evidence/<int:item_id>/remove/", views.evidence_remove, name="remove"),
]
