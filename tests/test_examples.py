"""The downstream example app's own test suite runs green, offline.

``examples/`` is a separate project (its own ``pyproject.toml`` and ini, with the
offline guard on); it is run here in a subprocess exactly as its README says.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_examples_suite_passes():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLES,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    summary = re.search(r"(\d+) passed", output)
    assert summary is not None, output
    assert int(summary.group(1)) >= 9, output
    assert "failed" not in output.splitlines()[-1], output
