"""Import an agreement from its Excel twin (the workbook `reports.excel` writes) as a new draft.

Everything is read and checked first (`reading`); any problem yields a row-by-row report (in the user's
language; the workbook itself is Bangla, like every document) and nothing is saved (one transaction, rolled
back). A successful import (`saving`) writes the agreement, its scores and one audit row.
"""

from .reading import ImportProblem, ImportRejected
from .saving import import_agreement

__all__ = ["ImportProblem", "ImportRejected", "import_agreement"]
