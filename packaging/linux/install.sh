#!/usr/bin/env bash
# Install Verification Workbench into a user's desktop (no root needed):
# icons into the hicolor theme, the .desktop launcher, the AppStream
# metainfo and the project-file MIME type, so file managers show project
# files with our icon and open them with the app.
#
#   packaging/linux/install.sh [--prefix DIR] [--exec PATH] [--set-default] [--dry-run]
#   packaging/linux/install.sh --uninstall [--prefix DIR]
#
# --prefix DIR   where to install (default ~/.local): DIR/share/{applications,
#                icons,metainfo,mime} and, for a built bundle, DIR/lib and DIR/bin.
# --exec PATH    the program the launcher runs (default: the bundle this script
#                sits in, else `verification-workbench` found on PATH).
# --set-default  also make the app the default for project files
#                (xdg-mime default; writes $XDG_CONFIG_HOME/mimeapps.list).
#
# Two layouts are understood:
#   * the source tree: packaging/linux/install.sh, icons in workbench/data/icons/app;
#     the app itself is whatever `pip install` put on PATH;
#   * a built bundle (packaging/build.sh): dist/verification-workbench/linux/
#     install.sh beside linux/icons/; the whole one-folder bundle is copied to
#     DIR/lib/verification-workbench and linked from DIR/bin.
# Running it again upgrades in place. Nothing outside DIR (and, with
# --set-default, mimeapps.list) is touched.
set -euo pipefail

APP_ID=org.verificationworkbench.VerificationWorkbench
MIME_TYPE=application/x-verification-workbench-project
SIZES="16 32 48 64 128 256 512"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix="${HOME}/.local"
exec_path=""
uninstall=0
set_default=0
dry_run=0

usage() { sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --exec) exec_path="${2:?--exec needs a program}"; shift 2 ;;
        --exec=*) exec_path="${1#--exec=}"; shift ;;
        --uninstall) uninstall=1; shift ;;
        --set-default) set_default=1; shift ;;
        --dry-run) dry_run=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

mkdir -p "$prefix" 2>/dev/null || { echo "install.sh: cannot create $prefix" >&2; exit 2; }
prefix=$(cd "$prefix" && pwd)
share="$prefix/share"
bundle_dest="$prefix/lib/verification-workbench"

run() { if [ "$dry_run" = 1 ]; then echo "+ $*"; else "$@"; fi; }

# Where our files are: a built bundle or the source tree.
bundle=""
if [ -x "$here/../verification-workbench" ] && [ -d "$here/icons" ]; then
    bundle=$(cd "$here/.." && pwd)
    icons="$here/icons"
else
    icons=$(cd "$here/../../workbench/data/icons/app" 2>/dev/null && pwd) || {
        echo "install.sh: icons not found beside $here" >&2; exit 2; }
fi

refresh() {
    # Caches are optional: desktops rescan without them, just more slowly.
    if command -v update-mime-database >/dev/null 2>&1; then
        run env XDG_DATA_HOME="$share" update-mime-database "$share/mime" >/dev/null
    else
        echo "install.sh: update-mime-database not found (install shared-mime-info); project files will not be recognised until it runs" >&2
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        run update-desktop-database -q "$share/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
        run gtk-update-icon-cache -q -t -f "$share/icons/hicolor" || true
    fi
}

if [ "$uninstall" = 1 ]; then
    for size in $SIZES; do
        run rm -f "$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    run rm -f "$share/icons/hicolor/scalable/apps/$APP_ID.svg" \
        "$share/applications/$APP_ID.desktop" \
        "$share/metainfo/$APP_ID.metainfo.xml" \
        "$share/mime/packages/$APP_ID.xml"
    if [ -d "$bundle_dest" ]; then
        for name in verification-workbench vwb; do
            if [ -L "$prefix/bin/$name" ] && [ "$(readlink "$prefix/bin/$name")" = "$bundle_dest/$name" ]; then
                run rm -f "$prefix/bin/$name"
            fi
        done
        run rm -rf "$bundle_dest"
    fi
    [ -d "$share/mime" ] && refresh
    echo "Removed Verification Workbench from $prefix"
    exit 0
fi

# The program the launcher runs.
if [ -z "$exec_path" ]; then
    if [ -n "$bundle" ]; then
        exec_path="$bundle_dest/verification-workbench"
    elif command -v verification-workbench >/dev/null 2>&1; then
        exec_path=$(command -v verification-workbench)
    else
        exec_path=verification-workbench
        echo "install.sh: verification-workbench is not on PATH; the launcher will work once it is (pip install ., or pass --exec)" >&2
    fi
fi

if [ -n "$bundle" ] && [ "$bundle" != "$bundle_dest" ]; then
    run mkdir -p "$prefix/lib" "$prefix/bin"
    run rm -rf "$bundle_dest.new"
    run cp -a "$bundle" "$bundle_dest.new"
    run rm -rf "$bundle_dest"
    run mv "$bundle_dest.new" "$bundle_dest"
    run ln -sfn "$bundle_dest/verification-workbench" "$prefix/bin/verification-workbench"
    run ln -sfn "$bundle_dest/vwb" "$prefix/bin/vwb"
fi

for size in $SIZES; do
    run install -D -m 644 "$icons/verification-workbench-$size.png" \
        "$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
run install -D -m 644 "$icons/verification-workbench.svg" "$share/icons/hicolor/scalable/apps/$APP_ID.svg"

# The launcher, pointing at the program (quoted if its path has spaces).
case "$exec_path" in
    *" "*) exec_field="\"$exec_path\"" ;;
    *) exec_field="$exec_path" ;;
esac
run mkdir -p "$share/applications"
if [ "$dry_run" = 1 ]; then
    echo "+ write $share/applications/$APP_ID.desktop (Exec=$exec_field %f)"
else
    sed -e "s|^Exec=verification-workbench |Exec=$exec_field |" \
        -e "s|^TryExec=verification-workbench\$|TryExec=$exec_path|" \
        "$here/$APP_ID.desktop" > "$share/applications/$APP_ID.desktop.tmp"
    chmod 644 "$share/applications/$APP_ID.desktop.tmp"
    mv "$share/applications/$APP_ID.desktop.tmp" "$share/applications/$APP_ID.desktop"
fi
run install -D -m 644 "$here/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
run install -D -m 644 "$here/$APP_ID.mime.xml" "$share/mime/packages/$APP_ID.xml"

refresh

if [ "$set_default" = 1 ]; then
    if command -v xdg-mime >/dev/null 2>&1; then
        run xdg-mime default "$APP_ID.desktop" "$MIME_TYPE"
    else
        echo "install.sh: xdg-mime not found (install xdg-utils) to set the default application" >&2
    fi
fi

echo "Installed Verification Workbench into $prefix (launcher runs: $exec_path)"
case ":${XDG_DATA_DIRS:-/usr/local/share:/usr/share}:${XDG_DATA_HOME:-$HOME/.local/share}:" in
    *":$share:"*) ;;
    *) echo "Note: $share is not among your XDG data folders; desktops will not see it there." ;;
esac
