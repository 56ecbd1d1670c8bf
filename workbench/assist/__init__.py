"""The offline assistant: check-worthy claims, "X said Y" attributions and the sources they name, found
by rules over the text.

May import: workbench.errors, workbench.documents (canonical text); never the store, the service or ui.
"""
