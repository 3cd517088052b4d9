"""Shared test setup."""

from __future__ import annotations

import os

# Before any test module imports litellm (ruff's isort puts `import litellm` above
# `import fakes.litellm`): without this, importing litellm fetches a price file
# from GitHub during collection, before pytest-socket is active.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
