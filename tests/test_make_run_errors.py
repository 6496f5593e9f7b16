"""`make run` serves the product's own Bangla error pages, not Django's English debug 404, and still serves
the static files: the development server is started exactly as the Makefile's `run` target starts it."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_variable(text: str, name: str) -> str:
    return re.search(rf"^{name} \??= ?(.*)$", text, re.MULTILINE).group(1).strip()


def runserver_command(port: int) -> tuple[list[str], dict[str, str]]:
    """The `run` target's server command from the Makefile, with its environment assignment."""
    makefile = (ROOT / "Makefile").read_text()
    command = make_variable(makefile, "RUNSERVER").replace("$(DEBUG)", make_variable(makefile, "DEBUG"))
    command = command.replace("$(PY)", sys.executable)
    words = command.split()
    env = {}
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return [*words, f"127.0.0.1:{port}", "--noreload"], env


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_development_server_answers_an_unknown_address_with_the_bangla_404_and_serves_static(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command, assigned = runserver_command(port)
    assert assigned == {"DEBUG": "false"} and "--insecure" in command
    env = {
        **os.environ,
        **assigned,
        "DJANGO_SETTINGS_MODULE": "apa_portal.settings.development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "the development server did not start"
                time.sleep(0.3)
        status, page = get(f"http://127.0.0.1:{port}/no-such-page/")
        assert status == 404
        assert 'id="error-404"' in page and "পাতাটি পাওয়া যায়নি" in page
        assert "Page not found" not in page and "URLconf" not in page
        css = sorted((ROOT / "static" / "css").glob("*.css"))[0].name
        status, _ = get(f"http://127.0.0.1:{port}/static/css/{css}")
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
