"""Static files collect as production collects them: hashed names (manifest) and compressed copies."""

import json

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    with override_settings(STORAGES=PRODUCTION_STATIC, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = paths["vendor/bootstrap/bootstrap.bundle.min.js"]
    assert hashed != "vendor/bootstrap/bootstrap.bundle.min.js"
    assert (tmp_path / hashed).is_file() and (tmp_path / f"{hashed}.gz").is_file()
    assert "vendor/bootstrap/bootstrap.min.css" in paths
