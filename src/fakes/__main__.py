"""``python -m fakes``: the same as the ``fakes`` command."""

from __future__ import annotations

import sys

from fakes.cli import main

sys.exit(main())
