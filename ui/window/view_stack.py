"""The centre of the window: a stack of views, switched by name.

The document view is built in.  The project-wide views (overview, matrix,
sources) come from the ``ui.views`` package registry (``VIEWS``: name ->
factory(context, parent), ``TITLES``); a name with no factory yet shows a
placeholder page saying what the view will hold, so ``--view`` always works.
Pages are built on first show and rebuilt for each opened project (their
factories take the project context), so an unused view costs nothing at
start-up.  A page's ``jumpRequested(claim_id)`` signal, when it has one,
brings the document view back with that claim selected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ui.widgets.colors import set_tone

Factory = Callable[[Any, QWidget | None], QWidget]   # (ProjectContext, parent) -> page


@dataclass(frozen=True)
class ViewSpec:
    """One central view: its command-line name, menu title, shortcut and purpose."""

    name: str
    title: str
    shortcut: str
    description: str


VIEW_SPECS: dict[str, ViewSpec] = {
    "document": ViewSpec("document", "&Document", "Ctrl+1", "The document with its claims highlighted"),
    "overview": ViewSpec("overview", "Claims &Overview", "Ctrl+2",
                         "Every claim's likelihood and confidence at a glance"),
    "matrix": ViewSpec("matrix", "Evidence &Matrix", "Ctrl+3",
                       "Claims against sources: who says what about which claim"),
    "sources": ViewSpec("sources", "&Sources", "Ctrl+4", "Every source with its grade and the evidence it gave"),
    "provenance": ViewSpec("provenance", "&Provenance", "Ctrl+5",
                           "Who relays whom: each claim's sources traced back to their origins"),
}
_EXTRA: dict[str, Factory] = {}


def register_view(name: str, title: str, factory: Factory, shortcut: str = "", description: str = "") -> None:
    """Add or replace a central view without touching the ``ui.views`` package."""
    old = VIEW_SPECS.get(name)
    VIEW_SPECS[name] = ViewSpec(name, title, shortcut or (old.shortcut if old else ""),
                                description or (old.description if old else title))
    _EXTRA[name] = factory


def factories() -> dict[str, Factory]:
    """Registered factories: ``ui.views.VIEWS`` (if present) plus :func:`register_view`."""
    found: dict[str, Factory] = {}
    try:
        from ui import views as package
        found.update(getattr(package, "VIEWS", {}))
    except Exception:  # noqa: BLE001 - a broken view must not stop the window
        pass
    found.update(_EXTRA)
    return found


class PlaceholderView(QWidget):
    """A page naming a view that is not built yet, and what it will show."""

    def __init__(self, spec: ViewSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(f"{spec.title.replace('&', '')} view")
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        title = QLabel(f"{spec.title.replace('&', '')} view")
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(f"{spec.description}.\nThis view is not available yet; the Document view "
                      f"({VIEW_SPECS['document'].shortcut}) has everything needed to check a claim.")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        set_tone(text, "muted")
        lay.addWidget(title)
        lay.addWidget(text)
        lay.addStretch(2)


class ViewStack(QStackedWidget):
    """Pages for the views, built on first show (see module docstring)."""

    viewChanged = Signal(str)
    jumpRequested = Signal(str)   # a page asked to show a claim in its document

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, QWidget] = {}
        self.builtin: set[str] = set()
        self.current_name = ""
        self._ctx: Any = None

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Small, whatever the pages ask: one wide view must not make the
        window wider than the screen or squeeze the side panels away."""
        return QSize(360, 240)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 600)

    def add_page(self, name: str, page: QWidget) -> None:
        """A page that lives as long as the window (the document view)."""
        self.builtin.add(name)
        self.pages[name] = page
        self.addWidget(page)

    def page(self, name: str) -> QWidget:
        if name not in self.pages:
            spec = VIEW_SPECS.get(name) or ViewSpec(name, name.title(), "", name.title())
            factory = factories().get(name) if self._ctx is not None else None
            page: QWidget | None = None
            if factory is not None:
                try:
                    page = factory(self._ctx, self)
                except Exception as exc:  # noqa: BLE001 - show the view as unavailable, keep working
                    page = PlaceholderView(ViewSpec(spec.name, spec.title, spec.shortcut,
                                                    f"{spec.description} (could not open: {exc})"))
            if page is None:
                page = PlaceholderView(spec)
            jump = getattr(page, "jumpRequested", None)
            if jump is not None:
                jump.connect(self.jumpRequested.emit)
            self.pages[name] = page
            self.addWidget(page)
        return self.pages[name]

    def show_view(self, name: str) -> None:
        if name not in VIEW_SPECS and name not in factories():
            raise KeyError(f"unknown view {name!r}; choose one of {', '.join(VIEW_SPECS)}")
        self.setCurrentWidget(self.page(name))
        if name != self.current_name:
            self.current_name = name
            self.viewChanged.emit(name)

    def set_context(self, ctx: Any) -> None:
        """A new project: drop the project-bound pages; they are rebuilt on next show."""
        self._ctx = ctx
        for name in [n for n in self.pages if n not in self.builtin]:
            page = self.pages.pop(name)
            self.removeWidget(page)
            page.deleteLater()
        if self.current_name and self.current_name not in self.builtin:
            self.setCurrentWidget(self.page(self.current_name))
