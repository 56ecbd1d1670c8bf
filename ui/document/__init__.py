"""The document pane: the text with its highlights and suggestion marks, the documents list, importing
and pasting documents, orphaned highlights and the assistant's suggestions.

May import: ui.session, ui.widgets, ui.dialogs and workbench.
"""
