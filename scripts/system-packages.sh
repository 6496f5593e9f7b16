#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the project needs, when it can (root, or sudo without a password).
# What the application needs and cannot be installed stops make with the packages named. The browser is only
# for the browser tests: without it `make run` goes on, says what to install, and those tests fail loudly.
set -euo pipefail

required=(
  libpango-1.0-0         # WeasyPrint's text layout (Pango >= 1.44)
  libpangoft2-1.0-0
  libharfbuzz-subset0    # WeasyPrint's font subsetting; not pulled in by Pango on Debian bookworm
  libpq5                 # libpq for psycopg 3, kept patched by the system
  gettext                # compilemessages (the English catalogue)
  poppler-utils          # pdftoppm, pdftotext: tests look at rendered PDFs as images and read their text
  fonts-noto-core        # fallback fonts for the browser; PDFs use the font shipped in static/fonts
)
# The virtualenv module of the Python 3.11 that make uses: python3-venv where python3 is 3.11 (Debian 12),
# python3.11-venv where 3.11 is installed beside another python3 (Ubuntu).
if python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  required+=(python3-venv)
else
  required+=(python3.11-venv)
fi
# Debian's chromium, which Playwright's Python package drives headless. Ubuntu has no such package (its
# chromium is a snap), so there the browser is named, not installed.
optional=(chromium)

# The commands' output is read whole before matching: with pipefail, `grep -q` leaving early would kill the
# writer with SIGPIPE and fail the pipeline even on a match.
is_installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == *"install ok installed"* ]]; }
# apt knows the package and has a version to install.
is_available() { [[ "$(apt-cache policy "$1" 2>/dev/null)" =~ Candidate:\ [^\(] ]]; }

missing_required=()
missing_optional=()
for package in "${required[@]}"; do is_installed "$package" || missing_required+=("$package"); done
for package in "${optional[@]}"; do is_installed "$package" || missing_optional+=("$package"); done
[ ${#missing_required[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ] && exit 0

browser_note() {
  echo "Browser tests need Chromium at /usr/bin/chromium (or set CHROMIUM=/path/to/chromium): on Debian" \
    "'apt-get install chromium'; on Ubuntu install Chromium or Google Chrome and set CHROMIUM." \
    "Until then 'make run' works and the browser tests fail with this message." >&2
}

# Without apt or without the right to use it: name what is missing; only the application's needs stop make.
sudo=()
if ! command -v apt-get >/dev/null 2>&1; then
  can_install=false
elif [ "$(id -u)" -eq 0 ]; then
  can_install=true
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  can_install=true
  sudo=(sudo)
else
  can_install=false
fi
if [ "$can_install" = false ]; then
  [ ${#missing_optional[@]} -gt 0 ] && browser_note
  if [ ${#missing_required[@]} -gt 0 ]; then
    echo "Missing system packages (run make as root, or install them): ${missing_required[*]}" >&2
    exit 1
  fi
  exit 0
fi

"${sudo[@]}" apt-get update -qq
unavailable=()
installable=()
for package in "${missing_required[@]}"; do
  if is_available "$package"; then
    installable+=("$package")
  elif [ "$package" = python3.11-venv ]; then
    # No Python 3.11 in these sources (Ubuntu 24.04): make's next step names where to get it.
    echo "This system's package sources have no Python 3.11." >&2
  else
    unavailable+=("$package")
  fi
done
if [ ${#installable[@]} -gt 0 ]; then
  echo "Installing system packages: ${installable[*]}"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${installable[@]}"
fi
for package in "${missing_optional[@]}"; do
  if is_available "$package" &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$package"; then
    continue
  fi
  echo "Could not install $package." >&2
  browser_note
done
if [ ${#unavailable[@]} -gt 0 ]; then
  echo "This system's package sources have no ${unavailable[*]}: install them another way, then run make again." >&2
  exit 1
fi
