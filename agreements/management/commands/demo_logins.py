from django.conf import settings
from django.core.management.base import BaseCommand

from agreements.second_factor import SECOND_FACTOR_ROLES
from agreements.seeding import DEMO_USERS

# What waits for each persona in the fiscal year of today that load_seeds sets up (agreements.seeding.demo).
TODAY = (
    "What waits today (this fiscal year's demo):",
    "  khulna.focal, khulna.head  Khulna's agreement is in force: today's quarter is open for entry,"
    " with governance plans and every calculation method set",
    "  mymensingh.head            Mymensingh's agreement is approved and waits for your signature",
    "  mymensingh.focal           that agreement; its quarters open once it is signed and counter-signed",
    "  dg.head                    a demo district office's signed agreement waits for your counter-signature",
    "  dg.reviewer                Khulna's previous-quarter report waits for your review",
    "  ict.observer, admin        all of the above (read-only / the new fiscal year and its templates)",
)


class Command(BaseCommand):
    help = "Print the demo logins that load_seeds creates in development."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where the server will listen")

    def handle(self, *args, url: str, **options) -> None:
        if not settings.DEMO_USERS:
            self.stdout.write("Demo users are disabled in these settings.")
            return
        self.stdout.write(
            "\nDemo logins (development only), all with the password: " + settings.DEMO_PASSWORD
        )
        for username, _name, office_code, role in DEMO_USERS:
            code = "  + authenticator code" if role in SECOND_FACTOR_ROLES else ""
            self.stdout.write(f"  {username:18s} {role.label} — {office_code or 'সকল অফিস'}{code}")
        self.stdout.write(f"Open {url} and log in.")
        self.stdout.write(
            "Logins marked '+ authenticator code' (administrators, supervisors) add an authenticator app at\n"
            "their first login: scan the QR code the page shows with Google Authenticator, Microsoft\n"
            "Authenticator or FreeOTP (or type the secret shown under it), then enter the 6-digit code.\n"
            "Later logins ask for the code after the password. Other users may add one under 'নিরাপত্তা'.\n"
            "A lost app: delete the user's TOTP device in the admin (Django OTP → TOTP devices)."
        )
        if settings.DEMO_TODAY:
            for line in TODAY:
                self.stdout.write("  " + line)
        else:
            # Without today's demo the seeds are of past fiscal years, whose quarters closed long ago.
            self.stdout.write(
                "To try quarterly entry: log in as dg.reviewer, open Khulna's 2023-24 agreement, a quarter,"
                " and reopen it with a reason; then khulna.focal can enter that quarter."
            )
        self.stdout.write("")
