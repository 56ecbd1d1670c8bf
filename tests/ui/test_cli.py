"""The ``verification-workbench`` command line (interfaces.md): screenshots,
no display, bad files.  Run in real subprocesses, as scripts would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def run_app(*args: str, env: dict[str, str] | None = None, tmp: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    base["XDG_CONFIG_HOME"] = str(tmp / "config")   # never the user's settings
    base["XDG_DATA_HOME"] = str(tmp / "data")
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "ui.app", *args], capture_output=True, text=True,
                          env=base, cwd=ROOT, timeout=120)


def assert_real_picture(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1440, 900)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 17)}
    assert len(colours) > 40  # text, highlights, cards: not a blank or one-colour window


def test_demo_screenshot(tmp_path: Path) -> None:
    out = tmp_path / "shots" / "window.png"
    result = run_app("--demo", "--screenshot", str(out), env={"QT_QPA_PLATFORM": "offscreen"}, tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert_real_picture(out)


def test_screenshot_without_display_goes_offscreen_itself(tmp_path: Path, demo_path: Path) -> None:
    out = tmp_path / "matrix.png"
    result = run_app(str(demo_path), "--view", "matrix", "--screenshot", str(out), tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_real_picture(out)


def test_no_display_says_how_in_one_line(tmp_path: Path) -> None:
    result = run_app("--demo", tmp=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "--screenshot" in lines[0]


def test_bad_project_file_with_screenshot_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "report.db"
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a project")
    before = bad.read_bytes()
    result = run_app(str(bad), "--screenshot", str(tmp_path / "x.png"), tmp=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "report.db" in lines[0] and "Traceback" not in result.stderr
    assert bad.read_bytes() == before and not (tmp_path / "x.png").exists()


def test_unknown_view_is_a_usage_error(tmp_path: Path) -> None:
    result = run_app("--demo", "--view", "timeline", "--screenshot", str(tmp_path / "x.png"), tmp=tmp_path)
    assert result.returncode == 2 and "invalid choice" in result.stderr


@pytest.mark.skipif(shutil.which("verification-workbench", path=str(Path(sys.executable).parent)) is None,
                    reason="entry point not installed")
def test_installed_entry_point(tmp_path: Path) -> None:
    exe = shutil.which("verification-workbench", path=str(Path(sys.executable).parent))
    assert exe is not None
    out = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([exe, "--demo", "--screenshot", str(out)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
