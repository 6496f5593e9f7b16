"""Production settings for `bench_entry.py`, except static files: the manifest storage refuses to collect
while the vendored bootstrap.bundle.min.js names a source map that is not shipped (reported; not
the benchmark's business). Static files are not part of what is measured."""

from apa_portal.settings.production import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}  # noqa: F405
