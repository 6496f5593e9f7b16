"""`python manage.py import_offices FILE [--dry-run]`: the office tree from a UTF-8 CSV or an .xlsx
(agreements.org_import.offices)."""

from agreements.org_import import OFFICE_COLUMNS, import_offices

from ._org_import import OrgImportCommand


class Command(OrgImportCommand):
    help = f"Create and update offices from a CSV or .xlsx file with the columns {','.join(OFFICE_COLUMNS)}."
    importer = staticmethod(import_offices)
