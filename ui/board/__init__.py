"""The selected claim's side of the screen: the evidence board with its cards, the confidence panel and
its breakdown, claim actions and the claim's history.

May import: ui.session, ui.widgets, ui.dialogs and workbench.
"""
