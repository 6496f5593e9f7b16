from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("agreements/<int:pk>/<slug:kind>.<slug:fmt>", views.download, name="download"),
    path("bulk/", views.bulk_export, name="bulk_export"),
    path("bulk/offices/", views.office_picker, name="office_picker"),
    path("bulk/<int:pk>/", views.export_job, name="export_job"),
    path("bulk/<int:pk>/status/", views.export_job_status, name="export_job_status"),
    path("bulk/<int:pk>/retry/", views.export_job_retry, name="export_job_retry"),
    path("bulk/<int:pk>/download/", views.export_job_download, name="export_job_download"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("import/<int:pk>/retry/", views.import_job_retry, name="import_job_retry"),
]
