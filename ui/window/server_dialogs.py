"""Dialogs for team projects on a server: open one (address, password, project list) and publish.

File ▸ Open Server Project… shows one dialog: the server address (recent
server projects offered in its list), Connect, then the projects this login
may open (name, title, claims, last change) — double-click or Open.

The password comes, in this order, from the address itself, the system
keyring (ui.session.keychain), libpq's own sources (``PGPASSWORD``,
``~/.pgpass``, a service file), and only then from the password dialog,
which offers "Remember in system keyring" when a real keyring is there.
The app never writes a password anywhere else; without that box ticked it
lives in memory for this session only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.session import keychain, messages
from ui.window.project_io import describe_address, recent_files
from workbench.service import ProjectFileError, ProjectService, is_server_address, server_projects, with_project

LAST_KEY = "server/lastAddress"
HINT = "postgresql://user@host:5432/database?project=NAME"
T = TypeVar("T")


def _needs_password(exc: BaseException) -> bool:
    return "authentication failed" in str(exc) or "no password" in str(exc)


def _has_password(address: str) -> bool:
    return keychain.has_password(address)


def recent_servers() -> list[str]:
    """Server addresses opened before (File ▸ Open Recent's server entries, the last one first)."""
    out = [a for a in recent_files() if is_server_address(a)]
    last = str(QSettings().value(LAST_KEY, "") or "")
    if last and last not in out:
        out.append(last)
    return out


def _when(stamp: str) -> str:
    """A stored UTC stamp as a short date and time ("2026-12-03 16:05")."""
    return stamp.replace("T", " ")[:16]


class PasswordDialog(QDialog):
    """The password for one server login, and whether to remember it in the system keyring."""

    def __init__(self, parent: QWidget | None, display: str, note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Server Password")
        self.setAccessibleName("Server Password")
        lay = QVBoxLayout(self)
        if note:
            warn = QLabel(note)
            warn.setWordWrap(True)
            lay.addWidget(warn)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form.addRow(QLabel(f"Password for {display}:"))
        form.addRow("&Password:", self.password)
        lay.addLayout(form)
        self.remember = QCheckBox("&Remember in system keyring")
        if keychain.available():
            self.remember.setToolTip(f"Stored encrypted by the system keyring ({keychain.backend_name()}); "
                                     "never written anywhere by the app")
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip("No system keyring is available: the password is kept in memory "
                                     "until the project is closed")
        lay.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> tuple[str, bool]:
        return self.password.text(), self.remember.isEnabled() and self.remember.isChecked()


class Credentials:
    """Where the password for one server login comes from while the user connects (see module docstring)."""

    def __init__(self, parent: QWidget | None, address: str) -> None:
        self.parent = parent
        self.address = address
        self.display = describe_address(with_project(address, None))
        self.from_keyring = False
        self.remember = False
        self.password: str | None = None
        if not _has_password(address):
            self.password = keychain.read(address)
            self.from_keyring = self.password is not None

    def ask_again(self, exc: BaseException) -> bool | None:
        """After a refused connection: ask for the password when that is why.

        True: try again with it; None: the user cancelled; False: not a password matter.
        """
        if not _needs_password(exc):
            return False
        if self.from_keyring:
            note = "The server refused the password remembered in the system keyring."
        elif self.password is not None:
            note = "The server refused that password."
        else:
            note = ""
        dialog = PasswordDialog(self.parent, self.display, note)
        dialog.remember.setChecked(self.from_keyring)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.password, self.remember = dialog.values()
        self.from_keyring = False
        return True

    def connected(self) -> None:
        """The server took the password: remember it when the user asked to."""
        if self.remember and self.password is not None:
            self.remember = False
            try:
                keychain.store(self.address, self.password)
            except keychain.KeychainError as exc:
                messages.show_error(self.parent, "Password not remembered", str(exc))

    def attempt(self, what: str, call: Callable[[str | None], T]) -> T | None:
        """``call(password)`` until it succeeds, the user cancels, or it fails for another reason."""
        while True:
            try:
                result = call(self.password)
            except ProjectFileError as exc:
                again = self.ask_again(exc)
                if again:
                    continue
                if again is False:
                    messages.show_error(self.parent, what, exc)
                return None
            self.connected()
            return result


class OpenServerDialog(QDialog):
    """Address (with the recent ones), Connect, and the projects this login may open."""

    def __init__(self, parent: QWidget | None, address: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Server Project")
        self.setAccessibleName("Open Server Project")
        self.resize(640, 420)
        self.credentials: Credentials | None = None
        self.connected_to = ""
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.address = QComboBox()
        self.address.setEditable(True)
        self.address.setAccessibleName("Server address")
        self.address.setToolTip(HINT)
        for recent in recent_servers():
            self.address.addItem(describe_address(recent), recent)
        edit = self.address.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(HINT)
        self.address.setCurrentIndex(-1 if address else 0)
        if address:
            self.address.setEditText(address)
        elif self.address.count():
            self.address.setEditText(str(self.address.itemData(0)))
        self.address.activated.connect(self._recent_chosen)
        self.address.editTextChanged.connect(self._address_edited)
        if edit is not None:
            edit.returnPressed.connect(self.connect_to_server)  # Enter in the address connects
        label = QLabel("&Server:")
        label.setBuddy(self.address)
        row.addWidget(label)
        row.addWidget(self.address, 1)
        self.connect_button = QPushButton("&Connect")
        self.connect_button.clicked.connect(self.connect_to_server)
        row.addWidget(self.connect_button)
        lay.addLayout(row)
        self.projects = QTreeWidget()
        self.projects.setAccessibleName("Projects")
        self.projects.setHeaderLabels(["Project", "Title", "Claims", "Last change"])
        self.projects.setRootIsDecorated(False)
        self.projects.itemDoubleClicked.connect(lambda *_: self.accept())
        self.projects.currentItemChanged.connect(lambda *_: self._update())
        lay.addWidget(self.projects, 1)
        self.status = QLabel("Connect to see the projects this login may open.")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update()

    def _recent_chosen(self, index: int) -> None:
        data = self.address.itemData(index)
        if data:
            self.address.setEditText(str(data))
            self.connect_to_server()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter in the address connects (see __init__); it must not also open a project."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.address.isAncestorOf(self.focusWidget()):
            return
        super().keyPressEvent(event)

    def _address_edited(self, text: str) -> None:
        """Another address: the projects listed were those of the last one (and Enter must not open one)."""
        if self.connected_to and with_project(text.strip(), None) != self.connected_to:
            self.projects.clear()
            self.connected_to, self.credentials = "", None
            self.status.setText("Connect to see the projects this login may open.")
            self._update()

    def text(self) -> str:
        return self.address.currentText().strip()

    def connect_to_server(self) -> bool:
        """List the projects on the server this login may open (asking for a password if needed)."""
        address = self.text()
        self.projects.clear()
        if not is_server_address(address):
            self.status.setText(f"{address or 'Nothing'}: not a postgresql:// address ({HINT})")
            self._update()
            return False
        server = with_project(address, None)
        creds = Credentials(self, server)
        found = creds.attempt("Cannot connect", lambda pw: server_projects(server, password=pw))
        if found is None:
            self.status.setText("Not connected.")
            self._update()
            return False
        self.credentials, self.connected_to = creds, server
        wanted = dict(parse_qsl(urlsplit(address).query)).get("project")
        for p in found:
            item = QTreeWidgetItem([p["name"], p.get("title") or "", str(p.get("claims", "")),
                                    _when(str(p.get("changed_at") or ""))])
            item.setData(0, Qt.ItemDataRole.UserRole, p["name"])
            self.projects.addTopLevelItem(item)
            if p["name"] == wanted or self.projects.currentItem() is None:
                self.projects.setCurrentItem(item)
        for col in range(4):
            self.projects.resizeColumnToContents(col)
        self.status.setText(f"{len(found)} project{'s' if len(found) != 1 else ''} this login may open"
                            if found else "This login may open no project on this server.")
        self._update()
        return True

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(self.projects.currentItem() is not None)

    def chosen(self) -> str | None:
        item = self.projects.currentItem()
        if item is None or not self.connected_to:
            return None
        return with_project(self.connected_to, str(item.data(0, Qt.ItemDataRole.UserRole)))


def _open(parent: QWidget | None, address: str, creds: Credentials) -> ProjectService | None:
    service = creds.attempt("Cannot open project", lambda pw: ProjectService.open(address, password=pw))
    if service is not None:
        QSettings().setValue(LAST_KEY, service.name)
    return service


def ask_server_project(parent: QWidget | None, address: str = "") -> ProjectService | None:
    """The opened server project, or None (cancelled, or refused with a message).

    An address naming a project (a recent entry, the command line) opens
    directly; otherwise the Open Server Project dialog lists the projects.
    """
    if address and not is_server_address(address):
        messages.show_error(parent, "Cannot open project", f"{address}: not a postgresql:// address")
        return None
    if address and "project" in dict(parse_qsl(urlsplit(address).query)):
        return _open(parent, address, Credentials(parent, address))
    dialog = OpenServerDialog(parent, address)
    if address:
        dialog.connect_to_server()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = dialog.chosen()
    if chosen is None or dialog.credentials is None:
        return None
    creds = dialog.credentials
    creds.address = chosen
    return _open(parent, chosen, creds)


def publish(parent: QWidget, service: ProjectService) -> bool:
    """Copy the open project to a new server project."""
    address, ok = QInputDialog.getText(parent, "Publish to Server", f"New project's address ({HINT}):",
                                       QLineEdit.EchoMode.Normal, str(QSettings().value(LAST_KEY, "") or ""))
    if not ok or not address.strip():
        return False
    address = address.strip()
    creds = Credentials(parent, address)

    def copy(password: str | None) -> bool:
        service.copy_to(address, password=password)
        return True
    done = creds.attempt("Cannot publish the project", copy)
    if not done:
        return False
    messages.inform(parent, "Published", f"Published as {address.split('?')[0]} "
                                         "(open it with File ▸ Open Server Project…)")
    return True
