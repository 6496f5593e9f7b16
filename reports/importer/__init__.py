"""Import an agreement from its Excel twin (the workbook `reports.excel` writes) as a new draft.

Every cell is read and checked (`reading`), then the rows are saved and checked against the agreement's rules
(`saving`), whatever the cells' problems, so that every problem comes in one report, row by row, in document
order (in the user's language; the workbook itself is Bangla, like every document). On any problem nothing is
saved (one transaction, rolled back). A successful import writes the agreement, its scores and one audit row.
"""

from .reading import ImportProblem, ImportRejected
from .saving import import_agreement, imported_as

__all__ = ["ImportProblem", "ImportRejected", "import_agreement", "imported_as"]
