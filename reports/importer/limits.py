"""An agreement's workbook refused before openpyxl parses it when its package passes a limit
(`apa_portal.workbook_limits`)."""

from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _

from apa_portal.workbook_limits import workbook_problem

from .reading import ImportProblem, ImportRejected


def check_package(file: BinaryIO, filename: str = "") -> None:
    """Refuse (ImportRejected, a message in the user's language) a workbook past an IMPORT_MAX_* limit."""
    message = workbook_problem(file)
    if message:
        raise ImportRejected([ImportProblem(filename or _("ফাইল"), None, message)])
