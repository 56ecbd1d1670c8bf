"""Forms and dialogs for one object or one task: claim, evidence, source, scoring settings, memo export.

May import: ui.session, ui.widgets and workbench.
"""
