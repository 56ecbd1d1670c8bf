"""Two app windows on one server project, as two logins: each sees the other's changes within a
second without losing its selection; a stale write is a conflict; a lost server shows a banner."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import open_window


def _window(qtbot: Any, team_server: Any, login: str, project: str) -> Any:
    return open_window(qtbot, team_server.url(login, project), extensions=False)


def test_two_windows_see_each_others_changes_keeping_their_selection(qtbot: Any, team_server: Any,
                                                                    team_project: str, dialogs: Any,
                                                                    monkeypatch: Any) -> None:
    a = _window(qtbot, team_server, "bob", team_project)
    b = _window(qtbot, team_server, "carol", team_project)
    try:
        assert team_project in a.windowTitle() and "127.0.0.1" in a.windowTitle()
        claims = list(a.ctx.store.claims)
        a.ctx.select_claim(claims[1])
        target = claims[0]
        b.ctx.run("Edit claim", lambda: b.ctx.service.update_claim(target, note="Carol: second source found"))
        qtbot.waitUntil(lambda: a.ctx.store.claims[target].get("note") == "Carol: second source found",
                        timeout=3000)
        assert a.ctx.current_claim == claims[1]  # the selection stayed
        assert "carol" in a.status_label.text() and "also here: carol" in a.status_label.text()
        a.ctx.run("Edit claim", lambda: a.ctx.service.update_claim(claims[1], status="in_review"))
        qtbot.waitUntil(lambda: b.ctx.store.claims[claims[1]].get("status") == "in_review", timeout=3000)
        assert "bob" in b.status_label.text()
        # A write that has not seen the colleague's change is refused with both values, who and when;
        # the user takes theirs (the view shows it) or keeps theirs own (written again, knowingly).
        shown: list[str] = []
        answers = [False, True]

        def resolve(_parent: Any, _what: str, exc: Any) -> bool:
            shown.append(str(exc))
            return answers.pop(0)

        from ui.session import messages
        monkeypatch.setattr(messages, "resolve_conflict", resolve)
        b.ctx.run("Edit claim", lambda: b.ctx.service.update_claim(target, status="verified"))
        assert a.ctx.run("Edit claim", lambda: a.ctx.service.update_claim(target, status="disputed")) is None
        assert "carol" in shown[0] and "'verified'" in shown[0] and "'disputed'" in shown[0]
        assert a.ctx.store.claims[target]["status"] == "verified"  # took theirs
        b.ctx.run("Edit claim", lambda: b.ctx.service.update_claim(target, status="closed"))
        a.ctx.run("Edit claim", lambda: a.ctx.service.update_claim(target, status="disputed"))
        assert a.ctx.store.claims[target]["status"] == "disputed"  # kept mine, written again
        qtbot.waitUntil(lambda: b.ctx.store.claims[target].get("status") == "disputed", timeout=3000)
        assert not dialogs.errors
    finally:
        a.set_context(None)
        b.set_context(None)


def test_a_reader_window_is_read_only(qtbot: Any, team_server: Any, team_project: str) -> None:
    w = _window(qtbot, team_server, "rita", team_project)
    try:
        assert w.ctx.read_only and "read-only" in w.windowTitle()
    finally:
        w.set_context(None)


def test_a_lost_server_shows_a_banner_and_writes_are_refused_until_it_is_back(
        qtbot: Any, team_server: Any, team_project: str, dialogs: Any) -> None:
    w = _window(qtbot, team_server, "bob", team_project)
    try:
        claim = next(iter(w.ctx.store.claims))
        qtbot.wait(500)
        team_server.server.stop()
        try:
            qtbot.waitUntil(lambda: "Connection to the server lost" in w.status_label.text(), timeout=5000)
            assert w.ctx.run("Edit claim", lambda: w.ctx.service.update_claim(claim, note="offline?")) is None
            assert "unreachable" in dialogs.errors[-1][1]
        finally:
            team_server.server.start()
        qtbot.waitUntil(lambda: "Connected to the server" in w.status_label.text(), timeout=8000)
        assert w.ctx.run("Edit claim", lambda: w.ctx.service.update_claim(claim, note="back")) is not None
    finally:
        w.set_context(None)


def _answer_modals(steps: list[Any]) -> None:
    """Hand each modal dialog that comes up to the next step (a function of the dialog)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    handled: set[int] = set()

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if box is not None and id(box) not in handled and box.isVisible():
            handled.add(id(box))
            steps.pop(0)(box)
        if steps:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def test_open_server_project_lists_the_projects_after_connecting_and_keeps_recent_entries(
        qtbot: Any, team_server: Any, team_project: str, tmp_path: Any, dialogs: Any) -> None:
    from ui.window import server_dialogs

    team_server.publish_demo(tmp_path, team_project + "_b")
    hidden = team_project + "_leads"
    team_server.publish_demo(tmp_path, hidden)
    schema = team_server.sql(f"SELECT schema_name FROM vwb.projects WHERE name = '{hidden}'", login="admin")[0][0]
    team_server.sql(f'REVOKE USAGE ON SCHEMA "{schema}" FROM vwb_editor, vwb_reader', login="admin")
    w = open_window(qtbot, None, extensions=False)
    server = team_server.url("bob", password=None)  # no project, no password
    seen: dict[str, Any] = {}

    def password(box: Any) -> None:
        assert isinstance(box, server_dialogs.PasswordDialog), box
        seen["asked"] = box.windowTitle()
        box.password.setText("bob-pw")
        box.accept()

    def choose(box: Any) -> None:
        assert isinstance(box, server_dialogs.OpenServerDialog), box
        box.address.setEditText(server)
        _answer_modals([password])
        box.connect_button.click()
        rows = [box.projects.topLevelItem(i) for i in range(box.projects.topLevelItemCount())]
        seen["listed"] = [(r.text(0), r.text(1), r.text(2)) for r in rows]
        seen["status"] = box.status.text()
        box.projects.setCurrentItem(next(r for r in rows if r.text(0) == team_project))
        box.buttons.button(box.buttons.StandardButton.Open).click()

    try:
        _answer_modals([choose])
        w.menu_actions.open_server.trigger()
        names = [n for n, _t, _c in seen["listed"]]
        assert team_project in names and team_project + "_b" in names
        assert hidden not in names  # the login may not open it: not offered
        title, claims = next((t, c) for n, t, c in seen["listed"] if n == team_project)
        assert title and int(claims) == 6
        assert seen["asked"] == "Server Password" and "may open" in seen["status"]
        assert w.ctx is not None and w.ctx.service.analyst == "bob"
        assert team_project in w.windowTitle() and "127.0.0.1" in w.windowTitle()
        assert "bob-pw" not in w.ctx.service.name

        # File > Open Recent names the server project; the dialog offers it again.
        recent = [a for a in w.menu_actions.recent_menu.actions() if team_project in a.text()]
        assert recent and "127.0.0.1" in recent[0].text() and "bob-pw" not in recent[0].toolTip()
        dialog = server_dialogs.OpenServerDialog(None)
        offered = [str(dialog.address.itemData(i)) for i in range(dialog.address.count())]
        assert any(o.endswith(f"project={team_project}") for o in offered), offered
        assert all("bob-pw" not in o for o in offered)
        dialog.deleteLater()
        w.set_context(None)

        # Choosing the recent entry opens the project (the password asked again: no keyring here).
        _answer_modals([password])
        recent[0].trigger()
        assert w.ctx is not None and team_project in w.windowTitle()
        assert not dialogs.errors, dialogs.errors
    finally:
        w.set_context(None)


def test_take_an_offline_copy_from_the_file_menu(qtbot: Any, team_server: Any, team_project: str,
                                                 dialogs: Any, tmp_path: Any) -> None:
    from workbench.service import ProjectService

    w = open_window(qtbot, team_server.url("bob", team_project), extensions=True)
    try:
        assert w.menu_actions.save_copy.text() == "Take &Offline Copy…"
        assert w.extensions["sharing"].merge_action.text() == "Bring &Back an Offline Copy…"
        out = tmp_path / "offline.db"
        dialogs.save_path = str(out)
        w.save_copy()
        qtbot.waitUntil(out.exists, timeout=10000)
        copy = ProjectService.open(out, read_only=True)
        try:
            assert copy.dump() == w.ctx.service.dump()
        finally:
            copy.close()
    finally:
        w.set_context(None)
