"""Regenerates the README's screenshots in docs/screenshots/ (dashboard, ranking, phone entry page)
by running the browser test that takes them (tests/browser/test_charts_browser.py) with APA_SCREENSHOTS set.

    .venv/bin/python scripts/screenshots.py        (or: make screenshots)
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/browser/test_charts_browser.py"

if __name__ == "__main__":
    env = {**os.environ, "APA_SCREENSHOTS": str(ROOT / "docs" / "screenshots")}
    command = [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider"]
    sys.exit(subprocess.call(command, cwd=ROOT, env=env))
