"""`make prod-check`'s smoke client: people's way through the production stack, over HTTP, standard library
only.

Usage: python smoke.py BASE_URL DATA_JSON MAILBOX [--cafile PEM] [--http-url URL] [--direct]

BASE_URL is nginx's HTTPS address (its certificate checked against --cafile), or with --direct gunicorn's own
address: the client then adds the two headers nginx would (X-Forwarded-Proto, X-Forwarded-For), since
production settings only answer what came over HTTPS. Each step prints one line; the first failure stops the
run with exit code 1. The reviewer, a supervisor, logs in with the second factor: the client computes the
authenticator code from the TOTP key setup_data.py enrolled."""

import argparse
import hashlib
import hmac
import io
import json
import re
import ssl
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path


class SmokeFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> dict:
        return json.loads(self.body)


class Client:
    """One browser: its own cookies (kept by hand: with --direct the Secure cookies travel over plain HTTP, as
    they do between nginx and gunicorn), the CSRF token sent back on every POST, no redirect followed."""

    def __init__(self, base: str, *, cafile: str | None, direct: bool):
        self.base = base.rstrip("/")
        self.origin = "https://" + urllib.parse.urlsplit(self.base).netloc
        self.cookies: dict[str, str] = {}
        self.direct = direct
        context = ssl.create_default_context(cafile=cafile) if cafile else None
        self.opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        url = path if path.startswith("http") else self.base + path
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.direct:
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        body = None
        if method == "POST":
            token = self.cookies.get("csrftoken", "")
            data = {"csrfmiddlewaretoken": token, **(data or {})}
            body = urllib.parse.urlencode(data).encode()
            headers |= {"X-CSRFToken": token, "Origin": self.origin, "Referer": self.origin + "/"}
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=60) as answer:
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as answer:
            response = Response(answer.code, answer.headers, answer.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request("POST", path, data, **kwargs)


def totp_code(hex_key: str, at: float | None = None) -> str:
    """The code an authenticator app shows for the key (RFC 6238 with its defaults, which are django-otp's:
    HMAC-SHA1, 30 s steps from the Unix epoch, 6 digits; RFC 4226's dynamic truncation)."""
    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**6:06d}"


def second_factor(client: Client, username: str, key: str) -> None:
    """After the password a supervisor is held on the code page (SecondFactorMiddleware); the code computed
    from the device key setup_data.py enrolled verifies the session and opens the reviewer's pages."""
    held = client.get("/supervisor/")
    location = urllib.parse.urlsplit(held.headers.get("Location") or "")
    check(
        held.status == 302 and location.path == "/accounts/code/",
        f"{username} before the code: /supervisor/ gave {held.status} {location.path!r}, not the code page",
    )
    step(f"{username} after the password only: /supervisor/ redirects to the code page")
    page = client.get("/accounts/code/?next=/supervisor/")
    check(page.status == 200 and 'name="code"' in page.text, f"code page: {page.status}, no code field")
    answer = client.post("/accounts/code/", {"code": totp_code(key), "next": "/supervisor/"})
    check(
        answer.status == 302 and urllib.parse.urlsplit(answer.headers["Location"]).path == "/supervisor/",
        f"{username}'s code: expected a redirect to /supervisor/, got {answer.status} {answer.text[:300]}",
    )
    workspace = client.get("/supervisor/")
    check(workspace.status == 200, f"{username} after the code: /supervisor/ answered {workspace.status}")
    step(f"{username} entered the authenticator code (RFC 6238 from the enrolled key): /supervisor/ opens")


def log_in(client: Client, username: str, password: str, *, totp_key: str | None = None) -> None:
    page = client.get("/accounts/login/")
    check(page.status == 200 and "csrftoken" in client.cookies, f"login page: {page.status}")
    answer = client.post("/accounts/login/", {"username": username, "password": password})
    check(answer.status == 302, f"login of {username}: expected a redirect, got {answer.status}")
    check("sessionid" in client.cookies, f"login of {username}: no session cookie")
    step(f"logged in as {username} (password)")
    if totp_key:
        second_factor(client, username, totp_key)


def step(message: str) -> None:
    print(f"  ok  {message}", flush=True)


def headers_once(response: Response, *names: str) -> None:
    for name in names:
        count = len(response.headers.get_all(name) or [])
        check(count == 1, f"{name}: sent {count} times, expected once")


def run(args) -> None:
    data = json.loads(Path(args.data).read_text())
    password = data["password"]
    agreement, quarter, indicator = data["agreement"], data["quarter"], data["indicator"]
    entry = f"/agreements/{agreement}/quarters/{quarter}/"

    anonymous = Client(args.base, cafile=args.cafile, direct=args.direct)
    home = anonymous.get("/")
    check(home.status == 302 and "/accounts/login/" in home.headers["Location"], f"home page: {home.status}")
    headers_once(home, "Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options")
    step("signed-out home page sends to the login page, security headers once each")
    if args.http_url:
        plain = anonymous.get(args.http_url + "/accounts/login/")
        check(
            plain.status == 301 and plain.headers["Location"].startswith("https://"),
            f"plain HTTP: expected a redirect to HTTPS, got {plain.status} {plain.headers['Location']}",
        )
        step("plain HTTP redirects to HTTPS")
    login_page = anonymous.get("/accounts/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', login_page.text)
    check(stylesheet is not None, "login page links no stylesheet")
    static = anonymous.get(stylesheet.group(1))
    check(static.status == 200 and static.body, f"static file {stylesheet.group(1)}: {static.status}")
    cache = ", ".join(static.headers.get_all("Cache-Control") or [])
    check(
        cache.count("max-age") == 1 and ("max-age=31536000" in cache or "max-age=315360000" in cache),
        f"static file with a hashed name: Cache-Control {cache!r}, expected one long max-age",
    )
    step(f"static file {stylesheet.group(1)} served, Cache-Control: {cache}")

    reviewer = Client(args.base, cafile=args.cafile, direct=args.direct)
    log_in(reviewer, data["reviewer"], password, totp_key=data["reviewer_totp_key"])
    reopen = f"{entry}reopen/"
    check(reviewer.get(reopen).status == 200, "reopen page")
    until = (date.today() + timedelta(days=7)).isoformat()
    answer = reviewer.post(reopen, {"reason": "prod-check: ৩য় ত্রৈমাসিক খোলা হলো", "until": until})
    check(answer.status == 302, f"reopening Q{quarter}: {answer.status}")
    step(f"reviewer reopened Q{quarter} until {until}")

    focal = Client(args.base, cafile=args.cafile, direct=args.direct)
    log_in(focal, data["focal"], password)
    page = focal.get(entry)
    check(page.status == 200 and 'data-open="1"' in page.text, f"entry page: {page.status}, not open")
    saved = focal.post(
        f"{entry}indicators/{indicator}/save/",
        {"value": "৩৫", "remarks": "prod-check", "revision": "0"},
        headers={"Accept": "application/json"},
    )
    check(saved.status == 200, f"saving an achievement: {saved.status} {saved.text[:300]}")
    step(f"achievement saved through the JSON endpoint: {saved.text[:120]}")

    mailbox = Path(args.mailbox)
    reset = anonymous.post("/accounts/password_reset/", {"email": f"{data['focal']}@example.gov.bd"})
    check(reset.status == 302, f"password reset request: {reset.status}")
    for _ in range(20):
        if mailbox.exists() and "/accounts/reset/" in mailbox.read_text(errors="replace"):
            break
        time.sleep(0.5)
    else:
        raise SmokeFailure("the password reset mail did not reach the SMTP sink")
    step("password reset mail sent over SMTP (reached the local sink)")

    form = {
        "kind": "quarterly",
        "format": "pdf",
        "fiscal_year": data["fiscal_year"],
        "quarter": quarter,
        "office": f"office:{data['office']}",
        "level": "",
    }
    created = reviewer.post("/reports/bulk/", form)
    check(created.status == 302, f"bulk export: {created.status} {created.text[:300]}")
    job = re.search(r"/reports/bulk/(\d+)/", created.headers["Location"]).group(1)
    deadline = time.monotonic() + 90
    while True:
        status = reviewer.get(f"/reports/bulk/{job}/status/").json()
        if status["finished"]:
            break
        check(time.monotonic() < deadline, f"bulk export {job} not finished after 90 s: {status}")
        time.sleep(1)
    check(status["status"] == "done" and status["download_url"], f"bulk export {job} ended as {status}")
    step(f"bulk export {job} rendered by the worker: {status['done']}/{status['total']}")
    archive = reviewer.get(status["download_url"])
    check(archive.status == 200 and archive.body[:2] == b"PK", f"ZIP download: {archive.status}")
    with zipfile.ZipFile(io.BytesIO(archive.body)) as bundle:
        pdfs = [name for name in bundle.namelist() if bundle.read(name)[:5] == b"%PDF-"]
    check(bool(pdfs), "the ZIP holds no PDF")
    step(f"ZIP downloaded ({len(archive.body)} bytes): {', '.join(pdfs)}")

    single = focal.get(f"/reports/agreements/{agreement}/quarterly.pdf?quarter={quarter}")
    check(single.status == 200 and single.body[:5] == b"%PDF-", f"PDF download: {single.status}")
    check("no-store" in single.headers.get("Cache-Control", ""), "the PDF download may be cached")
    step(f"quarterly PDF downloaded by the focal point ({len(single.body)} bytes, no-store)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("data")
    parser.add_argument("mailbox")
    parser.add_argument("--cafile")
    parser.add_argument("--http-url")
    parser.add_argument("--direct", action="store_true")
    args = parser.parse_args()
    try:
        run(args)
    except (SmokeFailure, OSError, ValueError, KeyError) as failure:
        print(f"  FAILED  {type(failure).__name__}: {failure}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
