"""Check that the snapshot tests leave ``snapshots/`` byte for byte unchanged.

Runs the snapshot tests in collection order, then in reverse order, then with
``--snapshot-update``, then (when pytest-xdist is installed) with ``-n 2``, and
fails if any run fails, if any file under ``snapshots/`` changed, or if
``git status --porcelain snapshots/`` is not empty at the end.

Usage (from the repository root, in the project's environment)::

    python scripts/check_snapshots_stable.py                 # every module with snapshots
    python scripts/check_snapshots_stable.py tests/test_traces_snapshots.py
    python scripts/check_snapshots_stable.py --no-git        # snapshots not committed yet

The snapshot modules default to ``tests/<name>.py`` for each ``snapshots/<name>.ambr``
(the layout of ``fakes.traces.EventsSnapshotExtension``). ``--snapshot-update`` runs
on whole modules only: a partial update run deletes the snapshots it did not see.
From nox: ``session.run("python", "scripts/check_snapshots_stable.py")``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "snapshots"


def _digests() -> dict[str, str]:
    if not SNAPSHOTS.is_dir():
        return {}
    return {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(SNAPSHOTS.rglob("*"))
        if path.is_file()
    }


def _default_modules() -> list[str]:
    modules = []
    for ambr in sorted(SNAPSHOTS.rglob("*.ambr")):
        relative = ambr.relative_to(SNAPSHOTS).with_suffix(".py")
        module = ROOT / "tests" / relative
        if module.is_file():
            modules.append(str(module.relative_to(ROOT)))
    return modules


def _pytest(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly"]
    command += list(args)
    print("+", " ".join(command[1:]) if len(command) < 12 else " ".join(command[1:10]) + " ...")
    return subprocess.run(command, cwd=ROOT, text=True, capture_output=True, check=False)


def _run(label: str, *args: str) -> bool:
    result = _pytest("-q", *args)
    tail = result.stdout.strip().splitlines()[-1:] or ["(no output)"]
    print(f"  {label}: exit {result.returncode}: {tail[0]}")
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
    return result.returncode == 0


def _node_ids(modules: list[str]) -> list[str]:
    result = _pytest("--collect-only", "-q", *modules)
    if result.returncode != 0:
        print(result.stdout, result.stderr, sep="\n")
        raise SystemExit("collecting the snapshot tests failed")
    return [line for line in result.stdout.splitlines() if "::" in line]


def main() -> int:
    """Run the checks; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="snapshot test modules (default: all)")
    parser.add_argument("--no-git", action="store_true", help="skip the final `git status` check")
    options = parser.parse_args()

    modules = options.modules or _default_modules()
    if not modules:
        print("no snapshot test modules found")
        return 1
    before = _digests()
    node_ids = _node_ids(modules)
    print(f"{len(node_ids)} snapshot tests in {len(modules)} module(s)")

    ok = _run("in order", *node_ids)
    ok &= _run("reversed", *reversed(node_ids))
    ok &= _run("--snapshot-update", "--snapshot-update", *modules)
    if importlib.util.find_spec("xdist") is not None:
        ok &= _run("-n 2", "-n", "2", *modules)

    after = _digests()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    if changed:
        print("snapshot files changed:", *changed, sep="\n  ")
        ok = False
    if not options.no_git:
        status = subprocess.run(
            ["git", "status", "--porcelain", "snapshots/"],
            cwd=ROOT,
            text=True,
            capture_output=True,
            check=True,
        ).stdout
        if status.strip():
            print("git status --porcelain snapshots/ is not empty:", status, sep="\n")
            ok = False
    print("snapshots stable" if ok else "snapshots NOT stable")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
