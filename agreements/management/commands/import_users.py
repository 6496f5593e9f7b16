"""`python manage.py import_users FILE [--dry-run]`: people and their roles from a UTF-8 CSV or an .xlsx
(agreements.org_import.users); new people are e-mailed a set-password link."""

from agreements.org_import import USER_COLUMNS, import_users

from ._org_import import OrgImportCommand


class Command(OrgImportCommand):
    help = f"Create and update users from a CSV or .xlsx file with the columns {','.join(USER_COLUMNS)}."
    importer = staticmethod(import_users)
