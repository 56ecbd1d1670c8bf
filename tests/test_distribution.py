"""The package as others get it: the sdist and a non-editable install.

The tests run from the development tree with an editable install, which
hides what a source distribution leaves out and where an installed package
looks for its fonts and demo article.  So: build the sdist (offline, with
the setuptools already installed), unpack it and collect the whole test
suite from it; and install the package (not editable) into a folder of its
own, then run ``vwb demo`` and ``vwb memo`` from an unrelated directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
# What a clean checkout does not have: environments, caches and build output.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", "*.pyc", "*.egg-info", "build",
                                     "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("VWB_FONTS_DIR", None)  # the fonts must come from the package itself
    env.update(extra)
    return env


def _run(cmd: list[str], cwd: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree as a clean checkout would have it (no venv, caches or build output)."""
    dest = tmp_path_factory.mktemp("checkout") / "verification-workbench"
    shutil.copytree(ROOT, dest, ignore=_NOT_SOURCE)
    return dest


@pytest.fixture(scope="module")
def unpacked_sdist(source_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist built by setuptools' PEP 517 backend (no network, no isolation), unpacked."""
    out = tmp_path_factory.mktemp("sdist")
    r = _run([sys.executable, "-c",
              "import sys\nfrom setuptools import build_meta\nprint(build_meta.build_sdist(sys.argv[1]))",
              str(out)], cwd=source_copy)
    assert r.returncode == 0, r.stderr[-3000:]
    archive = out / r.stdout.strip().splitlines()[-1]
    assert archive.name == "verification_workbench-0.1.0.tar.gz", archive
    dest = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(dest, filter="data")
        else:  # our own archive, just built
            tar.extractall(dest)
    (root,) = dest.iterdir()
    return root


def _collected(cwd: Path) -> list[str]:
    r = _run([sys.executable, "-m", "pytest", "-o", "addopts=", "--collect-only", "-q", "-p", "no:cacheprovider"],
             cwd=cwd, PYTHONPATH=str(cwd))
    assert r.returncode == 0, (r.stdout[-3000:], r.stderr[-3000:])
    summary = [line for line in r.stdout.splitlines() if line.strip()][-1]
    assert "collected" in summary and "error" not in summary, r.stdout[-2000:]
    return [line for line in r.stdout.splitlines() if "::" in line]


def test_the_sdist_carries_what_the_tests_and_the_packages_need(unpacked_sdist: Path) -> None:
    for needed in ("tests/conftest.py", "tests/ui/conftest.py", "tests/fixtures/format1-demo.db",
                   "tests/assist_eval/README.md", "packaging/build.sh", "workbench/py.typed",
                   "workbench/data/seed-article.txt", "workbench/data/fonts/NotoSans-Regular.ttf",
                   "workbench/data/fonts/OFL-Noto.txt", "scripts/bootstrap.sh", ".ci/run", "benchmarks",
                   "CONTRIBUTING.md", "README.md", "LICENSE"):
        assert (unpacked_sdist / needed).exists(), f"the sdist lacks {needed}"
    assert os.access(unpacked_sdist / "scripts" / "bootstrap.sh", os.X_OK)


def test_an_unpacked_sdist_collects_the_whole_test_suite(unpacked_sdist: Path, source_copy: Path) -> None:
    """Every test the checkout has is collected from the sdist, without errors."""
    from_sdist = _collected(unpacked_sdist)
    assert len(from_sdist) > 500
    assert from_sdist == _collected(source_copy)
    # ...and the modules collected are the sdist's own, not the development tree's.
    r = _run([sys.executable, "-c", "import workbench, ui; print(workbench.__file__); print(ui.__file__)"],
             cwd=unpacked_sdist, PYTHONPATH=str(unpacked_sdist))
    assert r.returncode == 0, r.stderr
    assert all(Path(p).is_relative_to(unpacked_sdist) for p in r.stdout.split()), r.stdout


@pytest.fixture(scope="module")
def installed(source_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pip install --target``: a regular (non-editable) install in a folder of its own."""
    target = tmp_path_factory.mktemp("site")
    r = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
              "--disable-pip-version-check", "--quiet", "--target", str(target), str(source_copy)],
             cwd=source_copy, PIP_NO_INPUT="1")
    assert r.returncode == 0, r.stderr[-3000:]
    return target


def test_installed_vwb_writes_the_demo_and_its_memo_from_another_directory(
        installed: Path, tmp_path: Path) -> None:
    vwb = installed / "bin" / "vwb"
    assert vwb.is_file(), sorted(p.name for p in installed.iterdir())
    where = tmp_path / "elsewhere"
    where.mkdir()
    site = {"PYTHONPATH": str(installed)}

    # The installed copy is the one that runs, with its data beside it.
    r = _run([sys.executable, "-c", "import workbench, workbench.resources as r; "
              "print(workbench.__file__); print(r.resources_dir())"], cwd=where, **site)
    assert r.returncode == 0, r.stderr
    module, data = (Path(p) for p in r.stdout.split())
    assert module.is_relative_to(installed) and data == installed / "workbench" / "data"
    assert (installed / "workbench" / "py.typed").is_file()

    r = _run([sys.executable, str(vwb), "demo", "X.db"], cwd=where, **site)
    assert r.returncode == 0, r.stderr
    assert (where / "X.db").is_file()

    r = _run([sys.executable, str(vwb), "memo", "X.db", "-o", "X.pdf"], cwd=where, **site)
    assert r.returncode == 0, r.stderr
    pdf = PdfReader(where / "X.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "North Korean" in text  # the demo article's claims made it into the memo
    fonts = set()
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # Drawn with the bundled fonts, found in the install (named "NotoSans" or "Noto-Sans" by the renderer).
    assert any("NotoSans" in f.replace("-", "") for f in fonts), fonts
