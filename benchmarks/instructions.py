"""Instruction counts per call for the rows of bench.py, under valgrind's callgrind.

Run with ``python benchmarks/instructions.py [--quick] [--only NAME]`` (needs valgrind).

Why instruction counts: wall clock on a shared machine drifts by tens of percent, while
the number of instructions a call executes is the same on every run and under any load.
So this is the tool for deciding what to optimise and for judging whether a change made
a call cheaper. It is not the budget: instructions are all weighed alike (a cache miss
or a mispredicted branch costs nothing here, an ``add`` as much as a ``div``), so a
fake whose objects are cold in cache can cost more time than its count says. The
budgets stay the wall-clock ratios of bench.py.

How: for each row and each side (fake, reference), a child process runs
``valgrind --tool=callgrind --instr-atstart=no python instructions.py --child ...``.
The child imports bench.py and replaces its ``compare`` with one that warms both
callables up as ``compare`` does, collects garbage, switches collection on
(``callgrind_control -i on``), calls one side N times and switches it off; then it runs
the row itself, so the rows are measured exactly as bench.py defines them. Each side
runs twice, with N1 and N2 = 3 * N1 calls (N1 is the row's ``inner``, times
``--scale``), and the count per call is (I(N2) - I(N1)) / (N2 - N1): the difference
cancels everything both runs share (the start-up, imports and warm-up, which are not
collected anyway, and the switching itself, which is). ``PYTHONHASHSEED=0`` keeps
hashing, and with it dict and set layouts, the same in every child.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (sets LITELLM_LOCAL_MODEL_COST_MAP before litellm loads)

NOT_MEASURED = {
    "plugin-load": "whole-process time of pytest subprocesses, which callgrind does not follow",
    "normalize": "100,000 events take seconds per call natively, far too long under valgrind",
}
MEASURABLE = [name for name in bench.BENCHES if name not in NOT_MEASURED]
SIDES = ("fake", "reference")
MARK = "instructions.py result: "
"""Prefix of the child's one line of JSON on stdout."""
COLLECTED = re.compile(r"^==\d+== Collected : (\d+)\s*$", re.MULTILINE)


# -- child: runs under valgrind ------------------------------------------------------


def _callgrind(switch: str) -> None:
    done = subprocess.run(
        ["callgrind_control", "-i", switch, str(os.getpid())],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or "OK" not in done.stdout:
        raise SystemExit(
            f"callgrind_control -i {switch} failed (is this process running under "
            f"valgrind --tool=callgrind?): {done.stdout}{done.stderr}"
        )


def child(row: str, side: str, multiple: float, quick: bool) -> int:
    """Measure one side of one row; print name, reference, budget and calls as JSON."""
    if row not in MEASURABLE or side not in SIDES:
        raise SystemExit(f"--child: unknown row {row!r} or side {side!r}")
    counted: list[int] = []

    def measure(
        fake: Callable[[], Any], reference: Callable[[], Any], *, rounds: int, inner: int
    ) -> bench.Measured:
        del rounds
        for _ in range(max(3, inner // 10)):  # the warm-up of bench.compare
            fake()
            reference()
        func = fake if side == "fake" else reference
        calls = max(1, round(multiple * inner))
        gc.collect()
        _callgrind("on")
        for _ in range(calls):
            func()
        _callgrind("off")
        counted.append(calls)
        return bench.Measured(1.0, 0.0, 0.0)  # never printed

    bench.compare = measure
    try:
        result = bench.BENCHES[row](quick)
    except ImportError as error:
        print(MARK + json.dumps({"skipped": str(error)}), flush=True)
        return 0
    if len(counted) != 1:
        raise SystemExit(f"row {row} called compare {len(counted)} times, expected once")
    info = {
        "name": result.name,
        "reference": result.reference,
        "budget": result.budget,
        "calls": counted[0],
    }
    print(MARK + json.dumps(info), flush=True)
    return 0


# -- parent ------------------------------------------------------------------------


class ChildFailed(Exception):
    """A child run exited badly or printed no count."""


class Skipped(Exception):
    """The row needs a package that is not installed (bench.py prints "not run")."""


@dataclass(frozen=True)
class Run:
    instructions: int
    calls: int
    info: dict[str, Any]


def run_child(
    valgrind: str, row: str, side: str, multiple: float, quick: bool, keep: Path | None
) -> Run:
    """Run one child under callgrind and read its instruction count and its JSON line."""
    out_file = os.devnull
    if keep is not None:
        out_file = str(keep / f"callgrind.out.{row}.{side}.x{multiple:g}")
    command = [
        valgrind,
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out_file}",
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        row,
        side,
        f"{multiple:g}",
    ]
    if quick:
        command.append("--quick")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    collected = COLLECTED.findall(done.stderr)
    if done.returncode != 0 or len(lines) != 1 or len(collected) != 1:
        tail = "; ".join(
            line.strip()
            for line in done.stderr.splitlines()[-6:]
            if line.strip() and not line.startswith("==")
        )
        raise ChildFailed(f"{side} child exited {done.returncode}: {tail or 'no output'}")
    info: dict[str, Any] = json.loads(lines[0][len(MARK) :])
    if "skipped" in info:
        raise Skipped(info["skipped"])
    return Run(int(collected[0]), int(info["calls"]), info)


@dataclass(frozen=True)
class Row:
    """One row of the table: the row's labels and each side's instructions per call."""

    info: dict[str, Any]
    fake: float
    reference: float

    def render(self) -> str:
        budget = self.info["budget"]
        budget_text = "(floor)" if budget is None else f"<= {budget}"
        ratio = self.fake / self.reference
        return (
            f"| {self.info['name']} | {self.info['reference']} | {ratio:.3f} | {budget_text} "
            f"| {self.fake:,.0f} | {self.reference:,.0f} |"
        )


def measure_row(valgrind: str, row: str, scale: float, quick: bool, keep: Path | None) -> Row:
    per_call: dict[str, float] = {}
    info: dict[str, Any] = {}
    for side in SIDES:
        runs = []
        for multiple in (scale, 3 * scale):
            start = time.monotonic()
            run = run_child(valgrind, row, side, multiple, quick, keep)
            print(
                f"  {row} {side} x{run.calls}: {run.instructions:,} instructions "
                f"({time.monotonic() - start:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
            runs.append(run)
        first, second = runs
        if second.calls <= first.calls:
            raise ChildFailed(f"{side}: {second.calls} calls, not more than {first.calls}")
        per_call[side] = (second.instructions - first.instructions) / (second.calls - first.calls)
        info = first.info
    return Row(info, per_call["fake"], per_call["reference"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="the rows' --quick sizes (fewer calls)"
    )
    parser.add_argument("--only", action="append", choices=MEASURABLE, help="measure only these")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="N1 = SCALE * the row's inner calls, N2 = 3 * N1 (default 1)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the callgrind profiles to DIR, for callgrind_annotate",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("ROW", "SIDE", "MULTIPLE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        row, side, multiple = args.child
        return child(row, side, float(multiple), args.quick)

    valgrind = shutil.which("valgrind")
    if valgrind is None or shutil.which("callgrind_control") is None:
        print("needs valgrind and callgrind_control on PATH", file=sys.stderr)
        return 2
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    version = subprocess.run(
        [valgrind, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    started = time.monotonic()
    print(
        f"python {sys.version.split()[0]}, {version}, {time.strftime('%Y-%m-%d')}, "
        f"N1 = {args.scale:g} x inner and N2 = 3 x N1 calls per side"
    )
    print(
        "| what | reference | ratio (instructions) | budget "
        "| fake instr/call | reference instr/call |"
    )
    print("| --- | --- | --- | --- | --- | --- |", flush=True)
    status = 0
    for name in args.only or list(bench.BENCHES):
        if name in NOT_MEASURED:
            print(f"| {name} | not measured: {NOT_MEASURED[name]} | | | | |", flush=True)
            continue
        try:
            print(measure_row(valgrind, name, args.scale, args.quick, args.keep).render())
        except Skipped as error:
            print(f"| {name} | not run: {error} | | | | |")
        except ChildFailed as error:
            print(f"| {name} | failed: {error} | | | | |")
            status = 1
        sys.stdout.flush()
    print(f"\nmeasured in {time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
