"""Working with colleagues: save a copy, open read-only, merge a colleague's copy with its conflict dialog.

May import: ui.session, ui.widgets, ui.dialogs and workbench.
"""
