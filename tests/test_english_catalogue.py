"""The English catalogue is complete and current: every Bangla message the code marks for translation has a
reviewed English translation (none missing, none fuzzy), the translations keep their placeholders, and the
catalogue holds no message the code no longer has. A new Bangla string without its translation fails here,
so the English interface never shows Bangla chrome (`make catalogue` regenerates the file to translate)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Path("locale/en/LC_MESSAGES/django.po")
# What `makemessages` reads (its default extensions html, txt and py) and the catalogue it merges into.
COPIED_SUFFIXES = {".py", ".html", ".txt", ".po"}
# Not copied, besides hidden folders (.venv, .git: makemessages skips them anyway): the tests, whose Bangla
# is test data and never part of the interface, and what the app writes.
NOT_COPIED = {"tests", "media", "staticfiles", "__pycache__"}
# The arguments of `make catalogue`, but keeping obsolete messages, to find them.
MAKEMESSAGES = ("makemessages", "-l", "en", "--ignore", ".venv/*", "--ignore", "tests/*")


def gettext_tool(*args: str | Path) -> subprocess.CompletedProcess:
    """Run a GNU gettext program; without gettext installed the test fails saying so, never skips."""
    if shutil.which(str(args[0])) is None:
        pytest.fail(f"{args[0]} is missing: install the gettext package (`make` installs it)")
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)


def test_committed_catalogue_translates_every_message():
    result = gettext_tool("msgfmt", "--check", "--statistics", "-o", os.devnull, ROOT / CATALOGUE)
    # --check: a translation that drops or renames a placeholder, or breaks a plural, is an error.
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", result.stderr), result.stderr


def copy_sources(destination: Path) -> None:
    def ignored(folder: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if name in NOT_COPIED
            or name.startswith(".")
            or (Path(folder, name).is_file() and Path(name).suffix not in COPIED_SUFFIXES)
        }

    shutil.copytree(ROOT, destination, ignore=ignored)


def test_regenerating_the_catalogue_finds_nothing_to_translate(tmp_path):
    """`makemessages` in a copy of the sources merges what the code asks for into the committed catalogue:
    a message it adds is untranslated, one it matches to an old message is fuzzy, and a message the code no
    longer has becomes obsolete. None of these may appear."""
    copy = tmp_path / "project"
    copy_sources(copy)
    committed = (ROOT / CATALOGUE).read_bytes()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "apa_portal.settings.test"}
    run = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES], cwd=copy, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert (ROOT / CATALOGUE).read_bytes() == committed, "makemessages wrote outside its copy"

    regenerated = copy / CATALOGUE
    problems = {
        "untranslated (translate them in locale/en/LC_MESSAGES/django.po)": "--untranslated",
        "fuzzy (check the guessed translation, then remove the fuzzy flag)": "--only-fuzzy",
        "no longer in the code (`make catalogue` drops them)": "--only-obsolete",
    }
    for problem, option in problems.items():
        found = gettext_tool("msgattrib", option, regenerated)
        assert found.returncode == 0, found.stderr
        if found.stdout:
            pytest.fail(f"After `make catalogue`, messages {problem}:\n{found.stdout}", pytrace=False)
