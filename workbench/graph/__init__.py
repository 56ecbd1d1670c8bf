"""The provenance graph: who relays whom, which origin each item traces back to, drawn.

``model`` turns the exchange dict and the confidence engine's assessments into
plain nodes, edges, clusters and loops (no layout, no drawing); ``render``
writes them as Graphviz DOT, lays them out and renders SVG or PNG.

May import: the standard library, ``graphviz`` (the Python binding of the
Graphviz programs) and ``workbench.analysis``. No database, no Qt, no service:
the memo (above) and the UI (through plain data) both use it.
"""
