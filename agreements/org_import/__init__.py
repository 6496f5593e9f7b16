"""The office tree and the people who log in, from a file at national scale (`import_offices`,
`import_users`): every problem of every row is reported in one pass, in Bangla, with its row and column, and
nothing is saved while there is one; a second run of the same file changes nothing. The management commands
and the administrator's import page both call these."""

from .common import Change, ImportOutcome
from .offices import OFFICE_COLUMNS, import_offices
from .table import ImportRefused, RowProblem
from .users import USER_COLUMNS, import_users

__all__ = [
    "OFFICE_COLUMNS",
    "USER_COLUMNS",
    "Change",
    "ImportOutcome",
    "ImportRefused",
    "RowProblem",
    "import_offices",
    "import_users",
]
