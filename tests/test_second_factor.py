"""The second factor (TOTP, django-otp): administrators, supervisors and staff enrol an authenticator app and
enter its code after their password before anything else opens; everyone else may enrol on the security page.
Wrong codes are refused in Bangla, count towards the lockout and are audited, as are enrolment and removal."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agreements.account_audit import (
    SECOND_FACTOR_ENROL,
    SECOND_FACTOR_FAILED,
    SECOND_FACTOR_REMOVE,
    SECOND_FACTOR_VERIFY,
)
from agreements.models import AuditEntry, User
from apa_portal.admin_site import PortalAdminSite

from .conftest import PASSWORD
from .otp import code_for, enrolled_device

pytestmark = pytest.mark.django_db
WRONG_CODE = "কোডটি সঠিক নয়"
ADDRESS = "203.0.113.10"


def log_in(client, username):
    """The password step, as a browser does it (not the test client's login, which tests verify)."""
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302
    return response


def enter_code(client, code, url=None):
    return client.post(url or reverse("second_factor_verify"), {"code": code}, REMOTE_ADDR=ADDRESS)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_supervisor_without_a_device_is_sent_to_enrol_and_reaches_nothing_else(client, rita):
    log_in(client, "rita")
    for path in (reverse("agreements:workspace"), reverse("agreements:home"), reverse("reports:index")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second_factor_enrol"))
    page = client.get(reverse("second_factor_enrol")).content.decode()
    assert "বাধ্যতামূলক" in page
    assert 'src="data:image/svg+xml;base64,' in page


def test_a_script_gets_401_json_naming_the_page(client, rita):
    log_in(client, "rita")
    response = client.get(reverse("agreements:workspace"), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["error"] == "second_factor"
    assert response.json()["login_url"].startswith(reverse("second_factor_enrol"))


def test_an_administrator_without_a_device_is_sent_to_enrol(client, ada):
    log_in(client, "ada")
    response = client.get(reverse("governance:years"))
    assert response["Location"].startswith(reverse("second_factor_enrol"))


def test_enrolment_with_the_right_code_confirms_the_device_and_opens_the_portal(client, rita):
    log_in(client, "rita")
    client.get(reverse("second_factor_enrol"))
    device = TOTPDevice.objects.get(user=rita)
    assert not device.confirmed
    page = client.get(reverse("second_factor_enrol")).content.decode()
    assert TOTPDevice.objects.filter(user=rita).count() == 1, "a reload keeps the secret the app scanned"
    assert (
        " ".join(device.config_url.split("secret=")[1].split("&")[0][i : i + 4] for i in range(0, 32, 4))
        in page
    )

    response = enter_code(client, wrong(code_for(device)), reverse("second_factor_enrol"))
    assert response.status_code == 400 and WRONG_CODE in response.content.decode()
    device.throttle_reset()

    response = enter_code(client, code_for(device), reverse("second_factor_enrol") + "?next=/supervisor/")
    assert response.status_code == 302 and response["Location"] == "/supervisor/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("agreements:workspace")).status_code == 200
    assert AuditEntry.objects.filter(action=SECOND_FACTOR_ENROL, object_id=str(rita.pk)).count() == 1


def test_a_login_asks_for_the_code_and_a_right_code_verifies_the_session(client, rita):
    device = enrolled_device(rita)
    log_in(client, "rita")
    response = client.get(reverse("agreements:workspace"))
    assert response["Location"].startswith(reverse("second_factor_verify"))
    # An unverified session may not enrol another device in place of the one it cannot produce a code for.
    assert client.get(reverse("second_factor_enrol"))["Location"] == reverse("second_factor_verify")

    response = client.post(
        reverse("second_factor_verify"),
        {"code": code_for(device), "next": "/supervisor/"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response["Location"] == "/supervisor/"
    assert client.get(reverse("agreements:workspace")).status_code == 200
    assert AuditEntry.objects.filter(action=SECOND_FACTOR_VERIFY, object_id=str(rita.pk)).count() == 1


def test_a_wrong_code_is_refused_in_bangla_and_nothing_opens(client, rita):
    device = enrolled_device(rita)
    log_in(client, "rita")
    response = enter_code(client, wrong(code_for(device)))
    assert response.status_code == 400
    assert WRONG_CODE in response.content.decode()
    assert client.get(reverse("agreements:workspace"))["Location"].startswith(reverse("second_factor_verify"))
    entry = AuditEntry.objects.get(action=SECOND_FACTOR_FAILED)
    assert entry.object_id == str(rita.pk) and entry.after["address"] == ADDRESS
    # A wrong code is no wrong password in the trail.
    assert not AuditEntry.objects.filter(action="account.login_failed").exists()


def test_the_device_waits_after_a_wrong_code_even_for_the_right_one(client, rita):
    device = enrolled_device(rita)
    log_in(client, "rita")
    enter_code(client, wrong(code_for(device)))
    response = enter_code(client, code_for(device))
    assert response.status_code == 400 and "অপেক্ষা" in response.content.decode()


def test_wrong_codes_count_towards_the_lockout(client, rita):
    device = enrolled_device(rita)
    log_in(client, "rita")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        device.throttle_reset()
        assert enter_code(client, wrong(code_for(device))).status_code == 400
    device.throttle_reset()
    response = enter_code(client, wrong(code_for(device)))
    assert response.status_code == 429
    assert "অনেকবার ভুল পাসওয়ার্ড" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The right password no longer opens the account.
    refused = client.post(reverse("login"), {"username": "rita", "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429


def test_a_focal_point_is_not_forced_but_can_enrol_and_is_then_asked(client, alice):
    log_in(client, "alice")
    assert client.get(reverse("agreements:home")).status_code == 200
    page = client.get(reverse("security")).content.decode()
    assert reverse("second_factor_enrol") in page

    client.get(reverse("second_factor_enrol"))
    device = TOTPDevice.objects.get(user=alice)
    enter_code(client, code_for(device), reverse("second_factor_enrol"))
    assert TOTPDevice.objects.get(user=alice).confirmed

    client.post(reverse("logout"))
    log_in(client, "alice")
    assert client.get(reverse("agreements:home"))["Location"].startswith(reverse("second_factor_verify"))


def test_removing_the_device_asks_for_a_code_and_is_audited(client, alice):
    device = enrolled_device(alice)
    log_in(client, "alice")
    enter_code(client, code_for(device))
    client.post(reverse("second_factor_remove"), {"code": "000000" if code_for(device) != "000000" else "1"})
    assert TOTPDevice.objects.filter(user=alice).exists()
    device.throttle_reset()
    client.post(reverse("second_factor_remove"), {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert AuditEntry.objects.filter(action=SECOND_FACTOR_REMOVE, object_id=str(alice.pk)).count() == 1
    assert client.get(reverse("agreements:home")).status_code == 200


def test_the_admin_requires_a_verified_session(client, password_only_logins):
    staff = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_enrol"))
    # Behind the redirect, the admin's own check: a session without a verified device is not let in.

    request = client.get(reverse("second_factor_enrol")).wsgi_request
    assert not PortalAdminSite().has_permission(request)
    device = enrolled_device(staff)
    client.post(reverse("second_factor_verify"), {"code": code_for(device)}, REMOTE_ADDR=ADDRESS)
    assert client.get(reverse("admin:index")).status_code == 200
