"""A claim's publishing fields in the claim dialog: claimant, review address and date, verdict.

Driven as a user would: Edit Claim (F2) opens the dialog, the fields are
typed or picked, Save writes them with the claim as one undo step, the
confidence panel says what a published review will carry, and the
ClaimReview export from File > Export contains exactly those values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests import claimreview_rules
from tests.ui.conftest import Dialogs, accept_with
from ui.dialogs.claim_dialog import ClaimDialog
from ui.dialogs.publishing import install_publishing
from ui.views.overview_model import COL_STATUS, OverviewModel

PUBLISHER = ("Example Fact Desk", "https://factdesk.example.org")
REVIEW_URL = "https://factdesk.example.org/checks/3000-soldiers"


def _ok(dialog: ClaimDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _pick(combo: Any, data: Any) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_claim_dialog_saves_claimant_review_and_verdict_as_one_undo_step(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, dialogs: Dialogs, tmp_path: Path) -> None:
    w = window
    svc = w.ctx.service
    svc.set_publisher(*PUBLISHER)
    svc.load_exchange({"documents": [{"id": "d1", "url": "https://news.example.org/troops"}]})
    w.ctx.select_claim("c1")
    depth = w.ctx.undo_stack.count()
    automatic = w.ctx.store.verdict("c1")
    assert automatic is not None and automatic[1] is False  # mapped by the scale, not chosen

    def fill(d: ClaimDialog) -> None:
        assert d.publishing is not None
        assert d.verdict.currentIndex() == 0 and d.verdict.currentText() == f"Automatic ({automatic[0]})"
        assert [d.verdict.itemText(i) for i in range(1, d.verdict.count())] == [
            "True", "Mostly true", "Unproven", "Mostly false", "False"]
        _pick(d.status, "verified")
        _pick(d.claimant, "s-peskov")
        qtbot.keyClicks(d.review_url, REVIEW_URL)
        qtbot.keyClicks(d.review_date, "2024-10-16")
        _pick(d.verdict, "Mostly false")
        assert d.problem_text() == "" and _ok(d).isEnabled()
    seen = accept_with(monkeypatch, ClaimDialog, fill)
    with qtbot.waitSignal(w.ctx.changed, timeout=3000):
        w.menu_actions.edit_claim.trigger()
    assert len(seen) == 1

    claim = w.ctx.store.claims["c1"]
    assert claim["status"] == "verified" and claim["claimant"] == "s-peskov"
    assert claim["review"] == {"url": REVIEW_URL, "published": "2024-10-16", "verdict": "Mostly false"}
    assert w.ctx.undo_stack.count() == depth + 1 and w.undo_action.text() == "&Undo Edit claim"
    shown = w.panel.publishing_label
    assert shown.isVisibleTo(w.panel)
    assert "<b>Mostly false</b> (chosen by the analyst)" in shown.text()
    assert "Claimant: Kremlin spokesman Dmitry Peskov" in shown.text()
    assert f"Review: {REVIEW_URL}, published 2024-10-16" in shown.text()
    overview = OverviewModel(w.ctx.store)  # the claims overview: the status cell's tooltip says it too
    tip = overview.index(overview.row_of("c1"), COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == [f"Review: {REVIEW_URL}, published 2024-10-16",
                                "Verdict: Mostly false (chosen by the analyst)",
                                "Claimant: Kremlin spokesman Dmitry Peskov"]

    # The same values leave through File > Export > ClaimReview.
    actions = install_publishing(w, w.ctx)
    out = tmp_path / "reviews.jsonld"
    dialogs.save_path = str(out)
    assert actions.export("claimreview") == out
    graph = json.loads(out.read_text(encoding="utf-8"))["@graph"]
    assert [r["identifier"] for r in graph] == ["c1"]
    review = graph[0]
    assert review["url"] == REVIEW_URL and review["datePublished"] == "2024-10-16"
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["reviewRating"]["ratingValue"] == 2
    assert review["itemReviewed"]["author"]["name"] == "Kremlin spokesman Dmitry Peskov"
    assert claimreview_rules.problems({"@context": "https://schema.org", "@graph": graph},
                                      {"True", "Mostly true", "Mostly false", "False"}) == []

    # One undo takes back the status and every publishing field together.
    w.ctx.undo_stack.undo()
    claim = w.ctx.store.claims["c1"]
    assert claim["status"] == "open" and claim["claimant"] is None and claim["review"] is None
    assert svc.claim("c1")["review"] is None
    assert "No review address" in w.panel.publishing_label.text()
    assert f"<b>{automatic[0]}</b> (from the verdict scale)" in w.panel.publishing_label.text()
    assert actions.export("claimreview") == out
    assert json.loads(out.read_text(encoding="utf-8"))["@graph"] == []
    assert dialogs.errors == []


def test_a_bad_review_address_or_date_is_named_and_cannot_be_saved(window: Any, qtbot: Any) -> None:
    w = window
    claim = w.ctx.store.claims["c1"]
    d = ClaimDialog(w, claim["text"], claim=claim, sources=list(w.ctx.store.sources.values()),
                    verdicts=["True", "False"], automatic="Unproven")
    qtbot.addWidget(d)
    qtbot.keyClicks(d.review_url, "factdesk.example.org/checks/1")
    assert not _ok(d).isEnabled()
    assert d.problem.text().startswith("Review address: “factdesk.example.org/checks/1” is not a web address")
    assert "http:// or https://" in d.problem.text()
    d.accept()  # Enter in a field: refused, the dialog stays
    assert d.result() == 0  # not accepted
    d.review_url.setText("ftp://factdesk.example.org/x")
    assert "is not a web address" in d.problem.text()
    d.review_url.setText(REVIEW_URL)
    assert _ok(d).isEnabled() and d.problem.isHidden()
    for bad in ("2024-02-30", "16/10/2024", "20241016", "yesterday"):
        d.review_date.setText(bad)
        assert d.problem.text().startswith(f"Review date: “{bad}” is not a date"), bad
        assert not _ok(d).isEnabled()
    d.review_date.setText("2024-02-29")
    assert _ok(d).isEnabled() and d.problem_text() == ""
    # The status decides whether ClaimReview will carry it: said, not refused.
    assert "once the claim is verified, disputed or closed" in d.publish_hint.text()
    _pick(d.status, "disputed")
    assert d.publish_hint.isHidden()
    d.review_url.clear()
    assert "left out of the ClaimReview export" in d.publish_hint.text()
    assert d.values()["review"] == {"url": None, "published": "2024-02-29", "verdict": None}
    d.review_date.clear()
    assert d.values()["review"] is None and d.values()["claimant"] is None


def test_every_publishing_field_has_a_label_with_its_shortcut(window: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    d = ClaimDialog(window, "A claim", sources=[], verdicts=["True"])
    qtbot.addWidget(d)
    buddies = {label.text(): label.buddy() for label in d.findChildren(QLabel) if label.buddy() is not None}
    assert buddies["Clai&mant:"] is d.claimant and buddies["Review &address:"] is d.review_url
    assert buddies["Review &date:"] is d.review_date and buddies["&Verdict:"] is d.verdict


def test_a_verdict_no_longer_on_the_scale_is_kept_and_marked(window: Any, qtbot: Any) -> None:
    w = window
    claim = dict(w.ctx.store.claims["c1"], review={"url": REVIEW_URL, "published": None, "verdict": "Pants on fire"})
    d = ClaimDialog(w, claim["text"], claim=claim, sources=[], verdicts=["True", "False"])
    qtbot.addWidget(d)
    assert d.verdict.currentText() == "Pants on fire (not on the verdict scale)"
    assert d.values()["review"]["verdict"] == "Pants on fire"
    qtbot.keyClick(d.verdict, Qt.Key.Key_Home)
    assert d.verdict.currentText() == "Automatic (from the verdict scale)" and d.values()["review"]["verdict"] is None


def test_marking_a_claim_can_name_its_claimant(window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    w = window
    view = w.document_pane.view
    words = "Analysts question the feasibility"
    start = view.toPlainText().index(words)
    view.setFocus()
    view.select_span(start, start + len(words))

    def fill(d: ClaimDialog) -> None:
        assert d.verdict.currentText() == "Automatic (from the verdict scale)"
        _pick(d.claimant, "s-article")
    accept_with(monkeypatch, ClaimDialog, fill)
    with qtbot.waitSignal(w.ctx.changed, timeout=3000):
        w.menu_actions.mark_claim.trigger()
    claim = w.ctx.store.claims[w.ctx.current_claim]
    assert claim["claimant"] == "s-article" and claim["review"] is None
    assert w.undo_action.text() == "&Undo Mark claim"
