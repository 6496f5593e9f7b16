"""The S3 switch: evidence goes to S3 storage when EVIDENCE_S3_BUCKET is set, else to local disk."""

import environ
from django.core.files.storage import storages

from apa_portal.settings.base import s3_storage


def test_without_a_bucket_evidence_stays_on_local_disk(monkeypatch):
    monkeypatch.delenv("EVIDENCE_S3_BUCKET", raising=False)
    assert s3_storage(environ.Env()) is None


def test_a_bucket_switches_the_default_storage_to_private_s3(monkeypatch):
    monkeypatch.setenv("EVIDENCE_S3_BUCKET", "apa-evidence")
    monkeypatch.setenv("EVIDENCE_S3_ENDPOINT_URL", "https://s3.example.gov.bd")
    monkeypatch.setenv("EVIDENCE_S3_PREFIX", "evidence-prod")
    config = s3_storage(environ.Env())

    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "apa-evidence"
    assert options["endpoint_url"] == "https://s3.example.gov.bd"
    assert options["location"] == "evidence-prod"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    # The backend accepts these options (no network is touched when it is built).
    backend = storages.create_storage(config)
    assert backend.bucket_name == "apa-evidence" and backend.location == "evidence-prod"
