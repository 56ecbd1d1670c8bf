"""Project-wide views: the claims overview, the evidence matrix, the sources manager, the provenance graph.

The window shows one view at a time next to the document view; it finds
them here by name (``--view overview|matrix|sources|provenance``), so adding a view
needs no change to the window.  Each factory takes the open project's
:class:`~ui.session.context.ProjectContext` and a parent and returns the view.  The
modules are imported on first use: a window opened on a document never pays
for the matrix.

Every view offers ``jumpRequested = Signal(str)`` (a claim id): the user
wants that claim shown in its document.  The view has already selected the
claim (and so its document) in the context; the window only has to switch to
its document page.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from PySide6.QtWidgets import QWidget

from ui.session.context import ProjectContext

Factory = Callable[[ProjectContext, QWidget | None], QWidget]


def _lazy(module: str) -> Factory:
    def factory(context: ProjectContext, parent: QWidget | None = None) -> QWidget:
        view: QWidget = import_module(f"ui.views.{module}").create(context, parent)
        return view
    factory.__name__ = f"create_{module}"
    factory.__doc__ = f"Create the {module} view (imported on first use)."
    return factory


VIEWS: dict[str, Factory] = {
    "overview": _lazy("overview"),
    "matrix": _lazy("matrix"),
    "sources": _lazy("sources_view"),
    "provenance": _lazy("provenance"),
}

#: Menu and tab titles for the registered views, in menu order.
TITLES: dict[str, str] = {"overview": "Claims Overview", "matrix": "Evidence Matrix", "sources": "Sources",
                          "provenance": "Provenance"}

__all__ = ["TITLES", "VIEWS", "Factory"]
