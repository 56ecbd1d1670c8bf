"""The project's data and where it lives: the typed model, the hardened project file (identity, limits, migrations), the exchange JSON, merging a colleague's copy and the demo project.

May import: workbench.errors, workbench.jsonsafe, workbench.resources, workbench.analysis (settings defaults), workbench.documents (text canonicalisation); never the service, cli, memo, assist or ui.
"""
