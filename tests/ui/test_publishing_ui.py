"""File ▸ Publishing… and File ▸ Export, driven as a user would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests import claimreview_rules
from tests.ui.conftest import Dialogs
from tests.ui.test_import_ui import Host, host, unnamed_controls  # noqa: F401 - host: the shared fixture
from ui.dialogs.publishing import PublishingActions, PublishingDialog, install_publishing


@pytest.fixture
def actions(host: Host) -> PublishingActions:  # noqa: F811
    return install_publishing(host.window, host.ctx)


def _fill(dialog: PublishingDialog, qtbot: Any, name: str, url: str) -> None:
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, url)


def test_publishing_dialog_sets_publisher_and_scale_in_one_undo_step(actions: PublishingActions, host: Host,  # noqa: F811
                                                                      qtbot: Any) -> None:
    dialog = actions.open_dialog()
    assert dialog is not None and unnamed_controls(dialog) == []
    assert dialog.label_names() == ["True", "Mostly true", "Unproven", "Mostly false", "False"]
    _fill(dialog, qtbot, "Example Fact Desk", "https://factdesk.example.org")
    cell = dialog.combos[("likely", "moderate")]
    cell.setCurrentIndex(cell.findText("True"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = host.service.publishing()
    assert stored["publisher"] == {"name": "Example Fact Desk", "url": "https://factdesk.example.org", "logo": None}
    assert stored["verdicts"]["map"]["likely"]["moderate"] == "True"
    assert host.ctx.undo_stack.undoText() == "Change publishing settings"
    host.ctx.undo_stack.undo()
    stored = host.service.publishing()
    assert stored["publisher"]["name"] == "" and stored["verdicts"]["map"]["likely"]["moderate"] == "Mostly true"


def test_a_bad_address_or_label_is_said_in_the_dialog_and_nothing_is_written(actions: PublishingActions,
                                                                              host: Host, qtbot: Any) -> None:  # noqa: F811
    dialog = actions.open_dialog()
    assert dialog is not None
    _fill(dialog, qtbot, "Desk", "factdesk.example.org")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "must start with http:// or https://" in dialog.problem.text()
    dialog.url.setText("https://factdesk.example.org")
    dialog.labels.item(0, 1).setText("0")  # "True" numbered 0: out of range
    assert not dialog.apply()
    assert "verdicts.scale[0].rating" in dialog.problem.text()
    assert host.service.publishing()["publisher"]["name"] == ""
    dialog.reject()


def test_renaming_a_label_keeps_the_cells_that_used_it_choosing_again(actions: PublishingActions,
                                                                      host: Host) -> None:  # noqa: F811
    dialog = actions.open_dialog()
    assert dialog is not None
    dialog.labels.item(2, 0).setText("Unsupported")  # "Unproven" renamed
    cell = dialog.combos[("roughly even chance", "high")]
    assert cell.currentIndex() == -1 and cell.findText("Unsupported") >= 0
    assert not dialog.apply()  # an empty cell is named
    assert "verdicts.map" in dialog.problem.text() and "missing" in dialog.problem.text()
    for combo in dialog.combos.values():
        if combo.currentIndex() == -1:
            combo.setCurrentIndex(combo.findText("Unsupported"))
    assert dialog.apply()
    assert host.service.publishing()["verdicts"]["scale"][2] == {"label": "Unsupported", "rating": None}


def test_claimreview_export_refuses_without_a_publisher_then_writes(actions: PublishingActions, host: Host,  # noqa: F811
                                                                    dialogs: Dialogs, tmp_path: Path) -> None:
    out = tmp_path / "reviews.jsonld"
    dialogs.save_path = str(out)
    assert actions.export("claimreview") is None
    assert dialogs.errors == [("ClaimReview for Search Engines (JSON-LD)",
                               "ClaimReview needs the publisher's name and web address; set them in File > Publishing")]
    assert not out.exists()
    host.service.set_publisher("Example Fact Desk", "https://factdesk.example.org")
    host.service.set_claim_review("c1", url="https://factdesk.example.org/c1", published="2024-10-16",
                                  claimant="s-article")
    host.service.update_claim("c1", status="verified")
    host.service.load_exchange({"documents": [{"id": "d1", "url": "https://news.example.org/troops"}]})
    assert actions.export("claimreview") == out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["identifier"] for r in data["@graph"]] == ["c1"]
    assert claimreview_rules.problems(data, {"True", "Mostly true", "Mostly false", "False"}) == []
    assert actions.last_message.startswith("reviews.jsonld: 1 fact-check written; left out: 5 not yet verified")
    assert host.window.statusBar().currentMessage() == actions.last_message


def test_annotations_and_csv_from_the_export_menu(actions: PublishingActions, dialogs: Dialogs,
                                                  tmp_path: Path) -> None:
    labels = [a.text() for a in actions.menu.actions()]
    assert labels == ["&ClaimReview for Search Engines (JSON-LD)…", "W3C &Annotations (JSON-LD)…",
                      "Claims and Evidence as &CSV, Internal Edition…",
                      "Claims and Evidence as CSV, &External Edition…"]
    dialogs.save_path = str(tmp_path / "notes")  # no suffix: the format's is added
    actions.export_actions["annotations"].trigger()
    data = json.loads((tmp_path / "notes.jsonld").read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] > 0
    assert data["first"]["items"][0]["creator"]["type"] == "Person"
    dialogs.save_path = str(tmp_path / "claims.csv")
    actions.export_actions["csv-external"].trigger()
    text = (tmp_path / "claims.csv").read_text(encoding="utf-8-sig")
    assert "Ukrainian military intelligence source" not in text and "graded C" in text
    assert dialogs.errors == []
