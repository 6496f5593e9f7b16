from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.home, name="home"),
    path("agreements/<int:pk>/", views.agreement_detail, name="detail"),
]
