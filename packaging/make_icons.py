"""Render the application icon from its SVG into every size desktops use.

    python packaging/make_icons.py [--check]

Reads ``workbench/data/icons/app/verification-workbench.svg`` and writes, beside
it, ``verification-workbench-{16,32,48,64,128,256,512}.png``, a Windows
``verification-workbench.ico`` and a macOS ``verification-workbench.icns``
(both simply hold PNGs, which Windows Vista+ and macOS 10.7+ read), so the
PyInstaller build needs neither Pillow nor Apple's ``iconutil``.

The 16 px image is drawn from ``verification-workbench-small.svg``, a
pixel-aligned simplification: the full drawing is unreadable that small.
Rendering uses Qt's SVG renderer (PySide6-Essentials has it); run it after
changing the SVG and commit the results. ``--check`` renders to memory and
exits 1 if a committed file differs (a stale PNG), without writing.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "workbench" / "data" / "icons" / "app"
SVG = ICON_DIR / "verification-workbench.svg"
# Below this size the full drawing turns to mush: a pixel-aligned simplification.
SMALL_SVG = ICON_DIR / "verification-workbench-small.svg"
SMALL_MAX = 16
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 32, 48, 64, 128, 256)
# icns element types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_pngs(svg: Path = SVG, sizes: tuple[int, ...] = SIZES, small: Path | None = SMALL_SVG) -> dict[int, bytes]:
    """PNG bytes of the SVG at each size, anti-aliased, transparent outside the tile.

    Sizes up to ``SMALL_MAX`` come from ``small`` when it exists.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - keeps Qt alive
    renderers = {}
    for path in (svg, small):
        if path is not None and path.is_file():
            renderers[path] = QSvgRenderer(str(path))
            if not renderers[path].isValid():
                raise SystemExit(f"{path}: not a valid SVG")
    out: dict[int, bytes] = {}
    for size in sizes:
        renderer = renderers.get(small if size <= SMALL_MAX else svg) or renderers[svg]
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")
        buf.close()
        out[size] = bytes(data)
    return out


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A .ico holding PNG images (ICONDIR + ICONDIRENTRY per image)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        data = pngs[s]
        dim = 0 if s >= 256 else s  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .icns holding PNG elements."""
    body = b""
    for size, kind in ICNS_TYPES.items():
        if size in pngs:
            body += kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def outputs(pngs: dict[int, bytes]) -> dict[Path, bytes]:
    files = {ICON_DIR / f"verification-workbench-{s}.png": data for s, data in pngs.items()}
    files[ICON_DIR / "verification-workbench.ico"] = ico_bytes(pngs)
    files[ICON_DIR / "verification-workbench.icns"] = icns_bytes(pngs)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that differ from the SVG")
    args = parser.parse_args(argv)
    files = outputs(render_pngs())
    if args.check:
        stale = [p for p, data in files.items() if not p.is_file() or p.read_bytes() != data]
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for path, data in files.items():
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
