"""The confidence engine: pure functions from graded evidence to a likelihood, a confidence level and
the words that explain them.

May import: the standard library only (and workbench.errors); no database, no Qt.
"""
