"""`vwb`: the command line over the service API, one module per family of commands.

May import: workbench.service and every core package; never ui.
"""
