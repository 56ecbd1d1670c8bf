"""Verification Workbench core: project files, claims, evidence and confidence, with no Qt."""

__version__ = "0.1.0"
