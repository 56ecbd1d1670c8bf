#!/usr/bin/env bash
# Set up a development environment on a fresh Linux machine: the system
# libraries Qt needs and Debian's PostgreSQL server (the team-project tests start a
# throwaway one with scripts/pg_throwaway.py), a Secret Service keyring (gnome-keyring; the
# keyring tests start their own D-Bus session and unlocked keyring daemon), installed with apt-get when missing and we may, a
# virtual environment in .venv, and the package with its test extra.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
libxcb-shape0 libxcb-xinerama0 poppler-utils desktop-file-utils appstream shared-mime-info
libglib2.0-bin xdg-utils graphviz
tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-rus tesseract-ocr-ukr tesseract-ocr-kor postgresql
libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 default-jre-headless fonts-dejavu-core util-linux
dbus-daemon gnome-keyring"

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "bootstrap: installing system packages: ${missing[*]}" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: please install these system packages: ${missing[*]}" >&2
  fi
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
if ! .venv/bin/python -c "import workbench, ui, pytestqt, hypothesis" >/dev/null 2>&1 \
   || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch .venv/.installed
fi
