"""The project's data and where it lives: the typed model, the hardened project file (identity, limits,
migrations) and the exchange JSON.  Merging a colleague's copy and the demo project work through the
service, above it (workbench.merge, workbench.demo).

May import: workbench.errors, workbench.jsonsafe, workbench.resources, workbench.analysis (settings
defaults), workbench.documents (text canonicalisation); never the service, cli, memo, assist or ui.
"""
