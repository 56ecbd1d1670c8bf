"""The window's actions and menus, with standard shortcuts.

Actions are created once and enabled or disabled as the project, the
selection and read-only mode change (:meth:`Actions.update`).  Standard
platform shortcuts (``QKeySequence.StandardKey``) are used wherever one
exists, so Open, Undo and Find are where each platform's users expect them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ui.widgets.actions import make_action
from ui.window.view_stack import VIEW_SPECS

SK = QKeySequence.StandardKey
#: File ▸ Delete Document's tip while it may be used (else it says why not: read-only, not a lead).
DELETE_DOCUMENT_TIP = ("Delete the document shown; its claims and the evidence quoting it stay, no longer "
                       "highlighted (Delete in the documents list)")


@dataclass
class Actions:
    """Every window action, by name."""

    new_project: QAction
    open_project: QAction
    open_server: QAction
    publish: QAction
    open_demo: QAction
    import_document: QAction
    paste_document: QAction
    delete_document: QAction
    save_copy: QAction
    close_project: QAction
    quit: QAction
    find: QAction
    find_next: QAction
    mark_claim: QAction
    edit_claim: QAction
    add_evidence: QAction
    quote_evidence: QAction
    delete: QAction
    next_claim: QAction
    previous_claim: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    next_pane: QAction
    previous_pane: QAction
    reset_layout: QAction
    explain: QAction
    about: QAction
    views: dict[str, QAction] = field(default_factory=dict)
    recent_menu: QMenu | None = None

    def writes(self) -> list[QAction]:
        """Actions that change the project (disabled when read-only)."""
        return [self.import_document, self.paste_document, self.delete_document, self.mark_claim,
                self.edit_claim, self.add_evidence, self.quote_evidence, self.delete]


def build_actions(w: QMainWindow) -> Actions:
    return Actions(
        new_project=make_action(w, "&New Project…", SK.New, "Create an empty project file"),
        open_project=make_action(w, "&Open Project…", SK.Open, "Open a project file"),
        open_server=make_action(w, "Open &Server Project…", "Ctrl+Shift+O",
                                "Open a team project on a PostgreSQL server"),
        publish=make_action(w, "&Publish to Server…", None,
                            "Copy this project, with its history, to a PostgreSQL server as a new team project"),
        open_demo=make_action(w, "Open &Demo Project", None,
                          "Open a fresh copy of the demo: a news article with six claims, graded sources "
                          "and evidence"),
        import_document=make_action(w, "&Import Document…", "Ctrl+I",
                                "Import a text, Markdown, web page, PDF or Word file"),
        paste_document=make_action(w, "&Paste as New Document…", "Ctrl+Shift+V",
                               "Start a document from text on the clipboard"),
        delete_document=make_action(w, "Dele&te Document…", None, DELETE_DOCUMENT_TIP),
        save_copy=make_action(w, "Save a &Copy…", SK.SaveAs,
                          "Write a clean, compact copy of the project to share"),
        close_project=make_action(w, "&Close Project", SK.Close, "Close the project (the undo history ends)"),
        quit=make_action(w, "&Quit", "Ctrl+Q", "Quit Verification Workbench"),
        find=make_action(w, "&Find in Document…", SK.Find, "Find words in the document"),
        find_next=make_action(w, "Find &Next", SK.FindNext, "Find the next match"),
        mark_claim=make_action(w, "&Mark Selection as Claim…", "Ctrl+M",
                           "Mark the selected words of the document as a claim to check"),
        edit_claim=make_action(w, "&Edit Claim…", "F2", "Rephrase the claim or change its base rate"),
        add_evidence=make_action(w, "&Add Evidence…", "Ctrl+Shift+E",
                             "Record evidence for the selected claim"),
        quote_evidence=make_action(w, "&Use Selection as Evidence Quote…", "Ctrl+E",
                               "Record the selected words as evidence for the selected claim"),
        delete=make_action(w, "&Delete", SK.Delete,
                       "Delete the focused evidence card, source or document, or else the selected claim"),
        next_claim=make_action(w, "Ne&xt Claim", "Alt+Down", "Select the next claim"),
        previous_claim=make_action(w, "Pre&vious Claim", "Alt+Up", "Select the previous claim"),
        zoom_in=make_action(w, "Zoom &In", ["Ctrl+=", "Ctrl++"], "Larger document text"),
        zoom_out=make_action(w, "Zoom &Out", "Ctrl+-", "Smaller document text"),
        zoom_reset=make_action(w, "&Actual Size", "Ctrl+0", "Default document text size"),
        next_pane=make_action(w, "Next &Pane", "F6", "Move the focus to the next pane"),
        previous_pane=make_action(w, "Previous Pa&ne", "Shift+F6", "Move the focus to the previous pane"),
        reset_layout=make_action(w, "&Reset Layout", None, "Put the panels back where they started"),
        explain=make_action(w, "&How Confidence Is Computed", SK.HelpContents,
                        "The confidence model in plain words"),
        about=make_action(w, "&About Verification Workbench", None),
    )


def build_menus(w: QMainWindow, a: Actions, undo: QAction, redo: QAction,
                dock_toggles: list[QAction]) -> dict[str, QMenu]:
    """The menu bar; returns the menus by name for extensions to add to."""
    bar = w.menuBar()
    file = bar.addMenu("&File")
    file.addActions([a.new_project, a.open_project, a.open_server])
    a.recent_menu = file.addMenu("Open &Recent")
    file.addAction(a.open_demo)
    file.addSeparator()
    file.addActions([a.import_document, a.paste_document, a.delete_document])
    file.addSeparator()
    file.addActions([a.save_copy, a.publish, a.close_project])
    file.addSeparator()
    file.addAction(a.quit)

    edit = bar.addMenu("&Edit")
    edit.addActions([undo, redo])
    edit.addSeparator()
    edit.addActions([a.find, a.find_next])

    claim = bar.addMenu("&Claim")
    claim.addActions([a.mark_claim, a.edit_claim])
    claim.addSeparator()
    claim.addActions([a.add_evidence, a.quote_evidence])
    claim.addSeparator()
    claim.addActions([a.next_claim, a.previous_claim])
    claim.addSeparator()
    claim.addAction(a.delete)

    view = bar.addMenu("&View")
    for name, spec in VIEW_SPECS.items():
        act = make_action(w, spec.title, spec.shortcut or None, spec.description)
        act.setCheckable(True)
        act.setData(name)
        a.views[name] = act
        view.addAction(act)
    view.addSeparator()
    view.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
    view.addSeparator()
    view.addActions(dock_toggles)
    view.addActions([a.next_pane, a.previous_pane, a.reset_layout])

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.explain, a.about])
    return {"file": file, "edit": edit, "claim": claim, "view": view, "help": help_menu}
