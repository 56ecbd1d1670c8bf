"""The open project as the widgets see it: the context (service, undo stack, change dispatch), the
store of cached rows, workers off the GUI thread, undo commands, messages and the analyst's
preferences.

May import: ui.widgets and workbench; never window, document, board, dialogs, views or sharing.
"""
