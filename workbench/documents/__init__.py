"""Documents entering a project: importers for each file type, canonical text, anchoring quotes to text and re-anchoring them when a new version arrives.

May import: workbench.store, workbench.errors; never the service, memo, assist, cli or ui.
"""
