"""`make prod-check`'s data, on its throwaway database after `load_seeds` (demo users are off in production):
a focal point of the ICT district office Khulna and a reviewer of its supervisor office, with the password in
PROD_CHECK_PASSWORD. The reviewer, a supervisor, must log in with a second factor: they get a confirmed TOTP
device, whose key (hex, as django-otp keeps it) the smoke client turns into codes. Prints what the smoke
client needs as JSON."""

import json
import os

import django

django.setup()

from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from agreements.models import Agreement, Office, OfficeMembership, Role, User  # noqa: E402
from agreements.second_factor import second_factor_required  # noqa: E402
from indicators.models import Indicator  # noqa: E402

password = os.environ["PROD_CHECK_PASSWORD"]
totp_key = ""
for username, office_code, role in (
    ("prodcheck.focal", "ict-dc-khulna", Role.FOCAL_POINT),
    ("prodcheck.reviewer", "ict-dg", Role.SUPERVISOR_REVIEWER),
):
    user = User.objects.create(username=username, name_bn=username, email=f"{username}@example.gov.bd")
    user.set_password(password)
    user.save()
    OfficeMembership.objects.create(user=user, office=Office.objects.get(code=office_code), role=role)
    if second_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="prod-check", confirmed=True)
        # smoke.py computes codes as RFC 6238's defaults, which are django-otp's: 30 s steps, 6 digits.
        assert (device.step, device.t0, device.digits) == (30, 0, 6), "a TOTP device smoke.py cannot answer"
        totp_key = device.key
assert totp_key, "the reviewer, a supervisor, must need a second factor"

agreement = Agreement.objects.get(office__code="ict-dc-khulna", is_current=True)
indicator = Indicator.objects.get(agreement=agreement, code="২.৩.১")
print(
    json.dumps(
        {
            "agreement": agreement.pk,
            "indicator": indicator.pk,
            "quarter": 3,
            "fiscal_year": agreement.fiscal_year_id,
            "office": agreement.office.code,
            "focal": "prodcheck.focal",
            "reviewer": "prodcheck.reviewer",
            "password": password,
            "reviewer_totp_key": totp_key,
        }
    )
)
