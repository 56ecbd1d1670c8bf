"""Scoring settings: the preview shows every claim's new likelihood before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ui.dialogs.settings_dialog import COL_DELTA, COL_NEW, COL_NOW, Previewer, SettingsDialog
from ui.session.context import ProjectContext
from ui.views.overview_model import COL_LIKELIHOOD, COL_PROBABILITY
from workbench.analysis.confidence import DEFAULT_SETTINGS


@pytest.fixture
def dialog(qtbot, ctx) -> SettingsDialog:
    d = SettingsDialog(ctx)
    qtbot.addWidget(d)
    return d  # never exec()'d: nothing is left modal


def preview_rows(d: SettingsDialog) -> dict[str, tuple[str, str, str]]:
    m = d.preview_model
    out = {}
    for r in range(m.rowCount()):
        cid = m.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
        out[cid] = (m.index(r, COL_NOW).data(), m.index(r, COL_NEW).data(), m.index(r, COL_DELTA).data())
    return out


def test_models_pass_the_model_tester(qtmodeltester, dialog):
    qtmodeltester.check(dialog.preview_model)
    qtmodeltester.check(dialog.preview_proxy)


def test_the_form_shows_the_project_settings(dialog, ctx):
    s = ctx.service.settings()
    assert dialog.reliability["C"].value() == pytest.approx(s.reliability["C"])
    assert dialog.credibility[4].value() == pytest.approx(s.credibility[4])
    assert dialog.diagnosticity["low"].value() == pytest.approx(s.diagnosticity["low"])
    assert dialog.fixed_date.isChecked() and dialog.as_of.date().toString("yyyy-MM-dd") == "2024-10-15"
    assert not dialog.ageing.isChecked() and not dialog.half_life.isEnabled()
    assert dialog.settings_from_form() == s
    assert dialog.summary.text() == "These are the project's current settings."
    assert all(delta == "—" for _now, _new, delta in preview_rows(dialog).values())


def test_preview_shows_changed_likelihoods_without_writing(dialog, ctx):
    stored = ctx.service.settings_json()
    dialog.reliability["F"].setValue(0.10)   # distrust the sources nobody can judge
    rows = preview_rows(dialog)
    # c4 and c5 rest only on the unnamed outlet (graded F): they fall; c3 does not move.
    for cid in ("c4", "c5"):
        now, new, delta = rows[cid]
        assert now != new and delta.startswith("−"), rows[cid]
    assert rows["c3"][2] == "—"
    assert "change their likelihood word" in dialog.summary.text()
    assert ctx.undo_stack.count() == 0 and ctx.service.settings_json() == stored  # nothing written
    dialog.changed_only.setChecked(True)
    shown = {dialog.preview_proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
             for r in range(dialog.preview_proxy.rowCount())}
    assert {"c4", "c5"} <= shown and "c3" not in shown


def test_preview_agrees_with_the_model_after_applying(dialog, ctx):
    dialog.ageing.setChecked(True)
    dialog.half_life.setValue(3)
    dialog.credibility[3].setValue(0.3)
    previewed = dict(dialog.preview_model._new)
    assert dialog.apply()
    for cid, a in ctx.store.assessments.items():
        assert a.probability == pytest.approx(previewed[cid].probability)
        assert a.likelihood == previewed[cid].likelihood


def test_apply_is_one_undo_step_and_every_view_follows(qtbot, dialog, ctx):
    from ui.views import VIEWS

    overview = VIEWS["overview"](ctx, None)
    qtbot.addWidget(overview)
    row = overview.model.row_of("c4")
    before = overview.model.index(row, COL_PROBABILITY).data()
    dialog.reliability["F"].setValue(0.10)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert ctx.undo_stack.count() == 1 and ctx.undo_stack.undoText() == "Change scoring settings"
    assert ctx.service.settings().reliability["F"] == pytest.approx(0.10)
    assert overview.model.index(row, COL_PROBABILITY).data() != before
    ctx.undo_stack.undo()
    assert ctx.service.settings().reliability["F"] == pytest.approx(DEFAULT_SETTINGS.reliability["F"])
    assert overview.model.index(row, COL_PROBABILITY).data() == before
    assert overview.model.index(row, COL_LIKELIHOOD).data() == ctx.store.assessments["c4"].likelihood


def test_applying_unchanged_settings_writes_nothing(dialog, ctx):
    assert dialog.apply()
    assert ctx.undo_stack.count() == 0


def test_restore_defaults_keeps_the_as_of_date(dialog, ctx):
    dialog.reliability["A"].setValue(0.5)
    dialog.interested.setValue(0.9)
    dialog.ageing.setChecked(True)
    dialog.reset_defaults()
    s = dialog.settings_from_form()
    assert s.reliability == DEFAULT_SETTINGS.reliability and s.interested == DEFAULT_SETTINGS.interested
    assert s.half_life_days is None
    assert s.as_of == dt.date(2024, 10, 15)
    assert dialog.summary.text() == "These are the project's current settings."


def test_previewer_matches_the_service_under_the_current_settings(ctx):
    got = Previewer(ctx).assess_all(ctx.service.settings())
    for cid, a in ctx.store.assessments.items():
        assert got[cid].probability == pytest.approx(a.probability)
        assert got[cid].confidence == a.confidence


def test_read_only_project_cannot_apply(qtbot, demo_path):
    from workbench.service import ProjectService

    svc = ProjectService.open(demo_path, read_only=True, analyst="tester")
    try:
        d = SettingsDialog(ProjectContext(svc))
        qtbot.addWidget(d)
        d.reliability["A"].setValue(0.5)
        assert not d.apply_button.isEnabled() and not d.apply()
    finally:
        svc.close()


def test_the_breakdown_shows_the_age_column_only_while_evidence_ages(qtbot, dialog, ctx):
    """The confidence panel sets the column's visibility only when the setting changes it (a claim
    switch no longer lays the header out again); turning ageing on and undoing it still shows it and hides it."""
    from ui.board.breakdown_model import COL_AGE
    from ui.board.confidence_panel import ConfidencePanel

    panel = ConfidencePanel()
    qtbot.addWidget(panel)
    panel.set_context(ctx)
    ctx.select_claim("c4")
    assert panel.table.isColumnHidden(COL_AGE)
    ctx.select_claim("c5")
    assert panel.table.isColumnHidden(COL_AGE)
    dialog.ageing.setChecked(True)
    dialog.half_life.setValue(3)
    assert dialog.apply()
    assert not panel.table.isColumnHidden(COL_AGE)
    ctx.select_claim("c4")
    assert not panel.table.isColumnHidden(COL_AGE)
    ctx.undo_stack.undo()
    assert panel.table.isColumnHidden(COL_AGE)
    panel.set_context(None)
