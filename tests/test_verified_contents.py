"""Bytes already checked are not checked again; any other bytes are, in full.

Opening a project reads the whole file twice (``quick_check`` and the value
checks): 1.8 s of CPU for a 110 MB project. A file this program checked or
wrote itself is remembered by the SHA-256 of its bytes in the user's cache
folder; these tests make sure that memory can only ever skip work on exactly
those bytes, never let a changed file through, and that ``vwb check`` always
checks everything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_sql, run_vwb
from workbench.service import ProjectService
from workbench.store import projectfile as pf
from workbench.store.projectfile import ProjectFileError, checks, hardening


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("VWB_CACHE_DIR", str(cache))
    return cache


def _count_value_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []
    real = pf.check_values

    def counting(conn, path):  # noqa: ANN001, ANN202
        seen.append(Path(path))
        return real(conn, path)

    monkeypatch.setattr(checks, "check_values", counting)  # what verify calls
    return seen


def test_a_file_the_app_wrote_opens_without_a_second_full_check(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    svc = ProjectService.create(path, "Mine", analyst="tester")
    svc.add_source("Agency", reliability="B")
    svc.close()  # the writer remembers the bytes its validated writes left
    checks = _count_value_checks(monkeypatch)
    ProjectService.open(path, read_only=True).close()
    assert checks == []
    copy = tmp_path / "copy.db"  # the same bytes under another name need no check either
    shutil.copy(path, copy)
    ProjectService.open(copy, read_only=True).close()
    assert checks == []


def test_a_file_changed_behind_the_apps_back_is_checked_and_refused(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    svc = ProjectService.create(path, "Mine", analyst="tester")
    sid = svc.add_source("Agency", reliability="B").new_id
    svc.close()
    run_sql(path, "UPDATE source SET reliability = 'Z' WHERE id = ?", params=(sid,))
    checks = _count_value_checks(monkeypatch)
    with pytest.raises(ProjectFileError, match="unknown reliability grade"):
        ProjectService.open(path, read_only=True)
    assert checks == [path]
    with pytest.raises(ProjectFileError):  # refusing it once does not make it trusted
        ProjectService.open(path, read_only=True)


def test_a_file_from_elsewhere_is_checked_once_then_remembered(tmp_path: Path, demo_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    received = tmp_path / "received.db"
    shutil.copy(demo_path, received)
    run_sql(received, "UPDATE claim SET note = 'edited elsewhere'")  # bytes this cache never saw
    checks = _count_value_checks(monkeypatch)
    ProjectService.open(received, read_only=True).close()
    ProjectService.open(received, read_only=True).close()
    assert checks == [received]


def test_vwb_check_ignores_what_was_remembered(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    svc = ProjectService.create(path, "Mine", analyst="tester")
    sid = svc.add_source("Agency", reliability="B").new_id
    svc.close()
    run_sql(path, "UPDATE source SET reliability = 'Z' WHERE id = ?", params=(sid,))
    pf.remember_trusted(pf.file_digest(path))  # a wrong memory (say, of an older, laxer build)
    ProjectService.open(path, read_only=True).close()  # opening trusts it …
    res = run_vwb("check", path)  # … `vwb check` does not
    assert res.returncode == 2
    assert "unknown reliability grade" in res.stderr and "Traceback" not in res.stderr


def test_a_new_rule_set_forgets_what_the_old_one_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    ProjectService.create(path, "Mine", analyst="tester").close()
    assert pf.is_trusted(pf.file_digest(path))
    monkeypatch.setattr(hardening, "MAX_SMALL_CELL", pf.MAX_SMALL_CELL - 1)  # another checker
    assert not pf.is_trusted(pf.file_digest(path))


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("VWB_CACHE_DIR", str(blocker / "cache"))
    path = tmp_path / "p.db"
    ProjectService.create(path, "Mine", analyst="tester").close()
    checks = _count_value_checks(monkeypatch)
    ProjectService.open(path, read_only=True).close()
    assert checks == [path]
