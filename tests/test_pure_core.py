"""The scoring core and the Bangla formats core are plain Python: importable without Django settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_scoring_core_imports_nothing_from_django():
    result = run_python(
        "import sys, indicators.scoring as s; "
        "assert s.raw_score([500, 450, 400, 350, 300], 475) == 95; "
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'"
    )
    assert result.returncode == 0, result.stderr


def test_the_bangla_core_works_without_django_settings():
    result = run_python(
        "import datetime, apa_portal.bangla as b; "
        "assert b.bangla_calendar_date(datetime.date(2022, 7, 12))[0] == 28; "
        "assert b.format_number(140000) == '১,৪০,০০০'"
    )
    assert result.returncode == 0, result.stderr


def test_importing_the_pure_cores_loads_neither_django_nor_celery_nor_sets_settings():
    result = run_python(
        "import os, sys, apa_portal.bangla, indicators.scoring; "
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'django', 'celery', 'kombu'}); "
        "assert not loaded, loaded; "
        "assert 'DJANGO_SETTINGS_MODULE' not in os.environ, os.environ['DJANGO_SETTINGS_MODULE']"
    )
    assert result.returncode == 0, result.stderr
