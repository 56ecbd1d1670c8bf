"""File ▸ Export Memo…, driven as a user would: choose the external edition,
see the preview change, pick a file, export a PDF, open it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from tests.ui.conftest import Dialogs
from tests.ui.test_import_ui import Host, host, unnamed_controls  # noqa: F401 - host: the shared fixture
from ui.dialogs.export_dialog import ExportMemoDialog, install_memo_export

CONFIDENTIAL = "Ukrainian military intelligence source"


def wait_preview(qtbot: Any, dialog: ExportMemoDialog) -> str:
    qtbot.waitUntil(lambda: dialog.preview_worker is None and "updating" not in dialog.preview_label.text(),
                    timeout=15000)
    return dialog.preview.toPlainText()


@pytest.fixture
def dialog(host: Host, qtbot: Any) -> Any:  # noqa: F811
    export = install_memo_export(host.window, host.ctx)
    assert export.action.isEnabled() and export.action.shortcut().toString() == "Ctrl+Shift+E"
    d = export.open_dialog()
    assert d is not None
    yield d
    d.reject()
    qtbot.waitUntil(lambda: d.preview_worker is None and d.export_worker is None, timeout=15000)


def test_export_the_external_memo_as_pdf_and_open_it(dialog: ExportMemoDialog, qtbot: Any, tmp_path: Path,
                                                     dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch) -> None:
    internal = wait_preview(qtbot, dialog)
    assert unnamed_controls(dialog) == []
    assert dialog.internal.isChecked() and CONFIDENTIAL in internal
    assert dialog.path_edit.text().endswith("demo memo (internal).pdf")

    qtbot.mouseClick(dialog.external, Qt.MouseButton.LeftButton)
    external = wait_preview(qtbot, dialog)
    assert dialog.external.isChecked()
    assert "EXTERNAL EDITION" in external.upper() and CONFIDENTIAL not in external
    assert "confidential sources by number" in dialog.preview_label.text()
    assert dialog.path_edit.text().endswith("demo memo (external).pdf")  # the name follows the edition

    out = tmp_path / "for the editor.pdf"
    dialogs.save_path = str(out)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.path_edit.text() == str(out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.export_worker is None, timeout=180000)

    assert dialogs.errors == []
    assert out.read_bytes()[:5] == b"%PDF-"
    assert dialog.status.text() == f"Exported the external memo to {out}"
    from pypdf import PdfReader

    reader = PdfReader(out)
    assert reader.metadata.author == dialog.ctx.service.analyst == "tester"  # the name from Preferences
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "EXTERNAL EDITION" in text and "Dmitry Peskov" in text and CONFIDENTIAL not in text

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert dialog.open_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(out)]


def test_markdown_with_history(dialog: ExportMemoDialog, qtbot: Any, tmp_path: Path, dialogs: Dialogs) -> None:
    wait_preview(qtbot, dialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    assert dialog.path_edit.text().endswith(".md")
    dialog.history.setChecked(True)
    wait_preview(qtbot, dialog)
    out = tmp_path / "memo"  # no suffix: the format's is added
    dialog.path_edit.setText(str(out))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.export_worker is None, timeout=15000)
    written = out.with_suffix(".md")
    assert dialogs.errors == [] and written.exists()
    body = written.read_text(encoding="utf-8")
    assert body.startswith("#") and CONFIDENTIAL in body  # the internal edition names every source


def test_cancel_an_export_writes_nothing(dialog: ExportMemoDialog, qtbot: Any, tmp_path: Path,
                                         dialogs: Dialogs) -> None:
    out = tmp_path / "memo.pdf"
    dialog.path_edit.setText(str(out))
    worker = dialog.export()
    assert worker is not None
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_worker is None, timeout=180000)
    assert dialog.status.text() == "Export cancelled: no file was written."
    assert not out.exists() and not list(tmp_path.glob(".memo.pdf*"))
    assert dialogs.errors == [] and dialog.export_button.isEnabled()


def test_cancel_during_the_layout_stops_the_render_within_a_second(dialog: ExportMemoDialog, qtbot: Any,
                                                                   tmp_path: Path, dialogs: Dialogs) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "memo.pdf"
    dialog.history.setChecked(True)  # a longer memo: the history of every claim
    wait_preview(qtbot, dialog)
    dialog.path_edit.setText(str(out))
    assert dialog.export() is not None
    # Real progress: the pages as WeasyPrint lays them out (the total is not known yet, so the bar is busy).
    qtbot.waitUntil(lambda: "Laying out page" in dialog.status.text(), timeout=120000)
    assert dialog.progress.maximum() == 0
    asked = time.monotonic()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_worker is None, timeout=10000)
    assert time.monotonic() - asked < 1.0
    assert dialog.status.text() == "Export cancelled: no file was written."
    assert list(out.parent.iterdir()) == []  # no memo, no temporary file
    assert dialogs.errors == [] and dialog.export_button.isEnabled()


def test_refuses_to_overwrite_the_project(dialog: ExportMemoDialog, host: Host,  # noqa: F811
                                          dialogs: Dialogs) -> None:
    dialog.path_edit.setText(str(host.ctx.path))
    assert dialog.export() is None
    assert dialogs.errors and "this is the project file" in dialogs.errors[0][1]


def test_preview_never_loads_resources_or_follows_links(dialog: ExportMemoDialog, qtbot: Any) -> None:
    wait_preview(qtbot, dialog)
    browser = dialog.preview
    assert not browser.openLinks() and not browser.openExternalLinks()
    browser.setHtml("<p>tracking <img src='https://tracker.example/pixel.png'> and "
                    "<img src='file:///etc/hostname'></p><a href='https://example.com/'>out</a>")
    assert "https://tracker.example/pixel.png" in browser.refused
    assert "file:///etc/hostname" in browser.refused
    browser.anchorClicked.emit(QUrl("https://example.com/"))
    assert browser.source().isEmpty()
