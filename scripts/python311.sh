#!/usr/bin/env bash
# Prints the path of a Python 3.11 interpreter, which the project needs exactly (pyproject.toml:
# requires-python ">=3.11,<3.12"): $PYTHON when given, else python3.11, else python3 when it is 3.11 (as on
# Debian 12). Otherwise it names what to install and fails.
set -euo pipefail

is_311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

for candidate in ${PYTHON:-} python3.11 python3; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if is_311 "$path"; then
    echo "$path"
    exit 0
  fi
done

cat >&2 <<'MESSAGE'
APA Portal needs Python 3.11 (3.12 and later are not supported yet), and none was found.
Install it, then run make again:
  Debian 12 (bookworm):  sudo apt-get install python3 python3-venv
  Ubuntu 22.04:          sudo apt-get install python3.11 python3.11-venv
  Ubuntu 24.04 or later: sudo add-apt-repository ppa:deadsnakes/ppa && sudo apt-get install python3.11 python3.11-venv
or name an interpreter you have: make PYTHON=/path/to/python3.11 run
MESSAGE
exit 1
