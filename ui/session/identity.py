"""The app's names as Qt's settings and the desktop know them, and its file type.

One place for both the window (``ui.app`` sets them on the QApplication) and
the preferences (``QSettings`` under the same names), so neither imports
the other.
"""

ORGANISATION = "VerificationWorkbench"
APPLICATION = "Verification Workbench"
PROJECT_FILTER = "Verification Workbench projects (*.db *.vwb);;All files (*)"
