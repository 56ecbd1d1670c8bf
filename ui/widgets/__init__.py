"""Small reusable widgets and helpers: theme and palette, likelihood colours, layouts, delegates, the
table model base, date and text-position helpers.

May import: PySide6 and workbench's core; no other ui package.
"""
