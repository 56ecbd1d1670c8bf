#!/usr/bin/env bash
# Build Verification Workbench as a one-folder app with PyInstaller, then
# smoke-test what was built.
#
#   packaging/build.sh [--no-build] [--no-gui] [--tar]
#
# Output: dist/verification-workbench/ (both executables, the bundled
# resources, and linux/ with the desktop integration files and install.sh);
# PyInstaller's work files go to build/pyinstaller. Both folders are
# git-ignored.
#
# --no-build  only smoke-test an existing dist/verification-workbench
# --no-gui    skip the GUI smoke test (e.g. while ui/ is unfinished)
# --tar       also pack dist/verification-workbench-VERSION-linux-ARCH.tar.gz
#
# The smoke test runs the BUILT executables from an empty folder, with
# QT_QPA_PLATFORM=offscreen, so nothing from the source tree can stand in
# for a missing file:
#   vwb demo, vwb check, vwb assess --json (and vwb memo -o memo.pdf when the
#   memo command exists: that needs the bundled fonts);
#   verification-workbench --demo --screenshot shot.png, then the PNG is
#   checked (a real image, window-sized, not blank).
# PYTHON selects the interpreter that has PyInstaller (default .venv/bin/python).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
PY=${PYTHON:-}
if [ -z "$PY" ]; then
    if [ -x "$root/.venv/bin/python" ]; then PY="$root/.venv/bin/python"; else PY=python3; fi
fi

do_build=1 do_gui=1 do_tar=0
for arg in "$@"; do
    case "$arg" in
        --no-build) do_build=0 ;;
        --no-gui) do_gui=0 ;;
        --tar) do_tar=1 ;;
        -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

app="$root/dist/verification-workbench"
version=$("$PY" -c 'import sys; sys.path.insert(0, "."); from workbench import __version__; print(__version__)')

if [ "$do_build" = 1 ]; then
    if ! "$PY" -m PyInstaller --version >/dev/null 2>&1; then
        echo "build.sh: PyInstaller is not installed for $PY (pip install pyinstaller)" >&2
        exit 2
    fi
    if [ ! -f ui/app.py ]; then
        echo "build.sh: warning: ui/app.py does not exist yet; the GUI executable will not start" >&2
    fi
    echo "== PyInstaller $("$PY" -m PyInstaller --version), version $version"
    start=$(date +%s)
    "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath "$root/dist" --workpath "$root/build/pyinstaller" \
        packaging/verification-workbench.spec
    # Desktop integration beside the executables: dist/.../linux/install.sh
    # installs the bundle into ~/.local (see packaging/linux/install.sh).
    rm -rf "$app/linux"
    mkdir -p "$app/linux/icons"
    cp packaging/linux/install.sh packaging/linux/*.desktop packaging/linux/*.xml "$app/linux/"
    cp workbench/data/icons/app/verification-workbench*.png workbench/data/icons/app/verification-workbench.svg \
        "$app/linux/icons/"
    chmod +x "$app/linux/install.sh"
    echo "== built $app in $(( $(date +%s) - start )) s, $(du -sh "$app" | cut -f1)"
fi

[ -x "$app/vwb" ] || { echo "build.sh: $app/vwb not found (build first)" >&2; exit 2; }

# ------------------------------------------------------------------ smoke test
work=$(mktemp -d "${TMPDIR:-/tmp}/vwb-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }

echo "== smoke test (in $work)"
cd "$work"
export QT_QPA_PLATFORM=offscreen
unset PYTHONPATH PYTHONHOME VWB_FONTS_DIR

if "$app/vwb" demo demo.db >out.txt 2>&1 && [ -s demo.db ]; then
    pass "vwb demo demo.db"
else
    fail "vwb demo: $(tail -n 3 out.txt)"
fi
if "$app/vwb" check demo.db >out.txt 2>&1 && grep -q ": ok" out.txt; then
    pass "vwb check demo.db: $(tail -n 1 out.txt)"
else
    fail "vwb check: $(tail -n 3 out.txt)"
fi
if "$app/vwb" assess demo.db --json >assess.json 2>out.txt \
    && "$PY" -c 'import json,sys; d=json.load(open("assess.json")); sys.exit(0 if d["claims"] else 1)'; then
    pass "vwb assess --json: $("$PY" -c 'import json; print(len(json.load(open("assess.json"))["claims"]))') claims"
else
    fail "vwb assess --json: $(tail -n 3 out.txt)"
fi
if "$app/vwb" --help 2>/dev/null | grep -q "memo"; then
    if "$app/vwb" memo demo.db -o memo.pdf --format pdf >out.txt 2>&1 && head -c 5 memo.pdf | grep -q "%PDF-"; then
        pass "vwb memo -o memo.pdf ($(wc -c <memo.pdf) bytes)"
    else
        fail "vwb memo: $(tail -n 3 out.txt)"
    fi
else
    echo "  skip  vwb memo (no memo command in this build)"
fi
if "$app/vwb" check /nonexistent.db >out.txt 2>&1; then
    fail "vwb check of a missing file exited 0"
elif grep -q "Traceback" out.txt; then
    fail "vwb check of a missing file printed a traceback"
else
    pass "vwb check of a missing file: one-line error"
fi

if [ "$do_gui" = 1 ]; then
    start=$(date +%s%N)
    if timeout 180 "$app/verification-workbench" --demo --screenshot shot.png >out.txt 2>&1; then
        ms=$(( ($(date +%s%N) - start) / 1000000 ))
        if "$PY" - shot.png <<'EOF' >png.txt 2>&1
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
w, h = struct.unpack(">II", data[16:24])
if w < 400 or h < 300:
    sys.exit(f"only {w}x{h}")
try:  # count colours if Qt is at hand: a blank window has one or two
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage
    img = QImage(sys.argv[1])
    colours = {img.pixel(x, y) for x in range(0, w, max(1, w // 97)) for y in range(0, h, max(1, h // 61))}
    if len(colours) < 8:
        sys.exit(f"{w}x{h} but nearly blank ({len(colours)} colours)")
    print(f"{w}x{h}, {len(colours)} colours sampled")
except ImportError:
    print(f"{w}x{h}")
EOF
        then
            pass "verification-workbench --demo --screenshot: $(cat png.txt), ${ms} ms"
            cp shot.png "$root/dist/smoke-screenshot.png"
        else
            fail "screenshot check: $(cat png.txt)"
        fi
    else
        fail "verification-workbench --demo --screenshot (exit $?): $(tail -n 5 out.txt)"
    fi
else
    echo "  skip  GUI (--no-gui)"
fi
cd "$root"

if [ "$do_tar" = 1 ] && [ "$failures" = 0 ]; then
    tarball="dist/verification-workbench-$version-linux-$(uname -m).tar.gz"
    tar -C dist -czf "$tarball" verification-workbench
    echo "== packed $tarball ($(du -h "$tarball" | cut -f1))"
fi

if [ "$failures" -gt 0 ]; then
    echo "== smoke test: $failures FAILED"
    exit 1
fi
echo "== smoke test passed"
