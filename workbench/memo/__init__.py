"""Everything that leaves the building: the memo as a structured document, its HTML, Markdown and PDF
renderers, the bundled fonts, and the standard exports (ClaimReview, W3C Web Annotation, CSV).

May import: workbench.analysis, workbench.store (exchange names), workbench.resources; the PDF
renderer alone may import Qt. The HTML memo's provenance figures come from workbench.graph (which
runs Graphviz).
"""
