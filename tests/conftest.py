"""Shared test setup."""

from __future__ import annotations

import logging
import os

# Before any test module imports litellm (ruff's isort puts `import litellm` above
# `import fakes.litellm`): without this, importing litellm fetches a price file
# from GitHub during collection, before pytest-socket is active.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

# LiteLLM logs each call from a background worker. For calls made under freezegun
# that worker may run after the frozen block has ended, and freezegun's datetime then
# raises IndexError inside LiteLLM's logging (caught and logged by LiteLLM, at exit,
# after pytest's summary). The calls themselves are unaffected; keep the noise out.
logging.getLogger("LiteLLM").setLevel(logging.CRITICAL)
