"""The analyst's name: set once, remembered, written into every change's history.

When two copies of a project are merged, the history is how colleagues see
who graded what; a login name like ``jsmith`` or ``user`` says little, so
the app asks once for the name to record and keeps it in QSettings
(organisation "VerificationWorkbench", the app's own settings). Until then,
and whenever the stored name is blank, the system user name is used, the
same default the command line uses.

:func:`analyst_name` is what the app passes to ``ProjectService.open(...,
analyst=...)``; :func:`ask_analyst_name_once` shows the dialog the first
time only (at start-up), :func:`edit_analyst_name` whenever the user asks
(a Preferences menu item).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.session.identity import APPLICATION, ORGANISATION
from workbench.reader import default_analyst

ANALYST_KEY = "analyst/name"
ASKED_KEY = "analyst/asked"  # asked once: a cancelled dialog is not shown at every start
MAX_NAME = 120  # a name, not a note: keeps the history readable


def _settings(settings: QSettings | None) -> QSettings:
    if settings is not None:
        return settings
    if QCoreApplication.organizationName():
        return QSettings()  # the running app's settings (tests point these at a temporary folder)
    return QSettings(ORGANISATION, APPLICATION)


def stored_analyst_name(settings: QSettings | None = None) -> str:
    """The name the user set, or "" when they never did."""
    value = _settings(settings).value(ANALYST_KEY, "")
    return " ".join(str(value or "").split())[:MAX_NAME]


def analyst_name(settings: QSettings | None = None) -> str:
    """The name to record with each change: the one set in Preferences, else the system user name."""
    return stored_analyst_name(settings) or default_analyst()


def set_analyst_name(name: str, settings: QSettings | None = None) -> str:
    """Remember ``name`` (spaces tidied); a blank name goes back to the system user name."""
    name = " ".join(name.split())[:MAX_NAME]
    s = _settings(settings)
    if name:
        s.setValue(ANALYST_KEY, name)
    else:
        s.remove(ANALYST_KEY)
    s.sync()
    return analyst_name(s)


class PreferencesDialog(QDialog):
    """Asks for the name to record in project histories."""

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        intro = QLabel("Your name is recorded with every change you make, so colleagues who merge "
                       "your copy of a project can see who graded what, and when.")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(stored_analyst_name(settings))
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(default_analyst())
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setAccessibleDescription("Left blank, your system user name is recorded")
        form = QFormLayout()
        form.addRow("&Your name:", self.name_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def name(self) -> str:
        return self.name_edit.text()


def edit_analyst_name(parent: QWidget | None = None, settings: QSettings | None = None) -> str:
    """Show the dialog (Preferences menu); store the name if accepted; return the name to record."""
    s = _settings(settings)
    dialog = PreferencesDialog(parent, s)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        set_analyst_name(dialog.name(), s)
    return analyst_name(s)


def ask_analyst_name_once(parent: QWidget | None = None, settings: QSettings | None = None) -> str:
    """Ask the first time only (unless a name is already set); return the name to record."""
    s = _settings(settings)
    if not stored_analyst_name(s) and not s.value(ASKED_KEY, False, type=bool):
        s.setValue(ASKED_KEY, True)
        return edit_analyst_name(parent, s)
    return analyst_name(s)
