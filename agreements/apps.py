from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("চুক্তি, অফিস ও অর্থবছর")

    def ready(self) -> None:
        # The receivers' module reads the models, which exist only once the app registry is ready: Django's
        # documented place to connect signals is here, by name.
        import_module(f"{self.name}.account_audit").connect()
