"""The main window and what frames it: menus, the navigator, the view stack, find bar, help, opening
and closing projects, and the extension hooks that plug the other areas in.

May import: every other ui package and workbench.service.
"""
