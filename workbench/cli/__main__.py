"""``python -m workbench.cli``: the same as the ``vwb`` command."""

import sys

from workbench.cli.main import main

sys.exit(main())
