"""The ``fakes`` command line."""

from __future__ import annotations

import subprocess
import sys

from fakes.cli import main


def test_demo_prints_each_fake(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "'This '" in out
    assert "['woof ', 'meow ']" in out
    assert "h|e|l|l|o|" in out
    assert "'Meo' usage={'input_tokens': 26, 'output_tokens': 3, 'total_tokens': 29}" in out
    assert out.count("c|a|t||") == 2
    assert "['first', 'second']" in out


def test_unknown_command_is_a_clear_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "fakes", "fly"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "invalid choice: 'fly'" in result.stderr
