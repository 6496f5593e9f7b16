"""`make prod-check`'s data, on its throwaway database after `load_seeds` (demo users are off in production):
a focal point of the ICT district office Khulna and a reviewer of its supervisor office, with the password in
PROD_CHECK_PASSWORD. Prints what the smoke client needs as JSON."""

import json
import os

import django

django.setup()

from agreements.models import Agreement, Office, OfficeMembership, Role, User  # noqa: E402
from indicators.models import Indicator  # noqa: E402

password = os.environ["PROD_CHECK_PASSWORD"]
for username, office_code, role in (
    ("prodcheck.focal", "ict-dc-khulna", Role.FOCAL_POINT),
    ("prodcheck.reviewer", "ict-dg", Role.SUPERVISOR_REVIEWER),
):
    user = User.objects.create(username=username, name_bn=username, email=f"{username}@example.gov.bd")
    user.set_password(password)
    user.save()
    OfficeMembership.objects.create(user=user, office=Office.objects.get(code=office_code), role=role)
    # PROD-CHECK TOTP HOOK (issue 17, second factor): when TOTP lands, enroll a device for `user` here and add
    # its secret to the JSON below; smoke.py's `second_factor` answers the code form with it.

agreement = Agreement.objects.get(office__code="ict-dc-khulna", is_current=True)
indicator = Indicator.objects.get(agreement=agreement, code="২.৩.১")
print(
    json.dumps(
        {
            "agreement": agreement.pk,
            "indicator": indicator.pk,
            "quarter": 3,
            "fiscal_year": agreement.fiscal_year_id,
            "office": agreement.office_id,
            "focal": "prodcheck.focal",
            "reviewer": "prodcheck.reviewer",
            "password": password,
        }
    )
)
