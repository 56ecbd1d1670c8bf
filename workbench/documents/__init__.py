"""Documents entering a project: importers for each file type, canonical text, anchoring quotes to text
and re-anchoring them when a new version arrives.

May import: workbench.analysis, workbench.errors and the standard modules beside them; never the store,
the service, memo, assist, cli or ui (the store imports documents, not the other way round).
"""
