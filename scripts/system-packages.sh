#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the project needs, when it can (root, or sudo without a password);
# otherwise names the missing ones and fails, so that nothing half-works later.
set -euo pipefail

packages=(
  python3-venv           # the project's virtualenv
  libpango-1.0-0         # WeasyPrint's text layout (Pango >= 1.44)
  libpangoft2-1.0-0
  libharfbuzz-subset0    # WeasyPrint's font subsetting; not pulled in by Pango on Debian bookworm
  libpq5                 # libpq for psycopg 3, kept patched by the system
  gettext                # compilemessages (the English catalogue)
  poppler-utils          # pdftoppm: tests look at rendered PDFs as images
  fonts-noto-core        # fallback fonts for the browser; PDFs use the font shipped in static/fonts
  chromium               # headless browser tests (Playwright's Python package drives Debian's chromium)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Install these system packages, then run make again: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "Missing system packages (run as root, or install them): sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
