#!/usr/bin/env python3
"""ab.py: compare two builds of one benchmark program, runs interleaved.

    python3 bench/ab.py [--runs 6] [--cpu N] [--field NAME] OLD_BINARY NEW_BINARY [--] [ARGS...]

On a shared virtual machine the same binary's wall time drifts by a third over minutes, so two builds
measured one after the other can differ by more than any change being tested. This runs A, B, A, B, ...
(which side goes first alternating from round to round) with the same arguments and compares the
minimum and the median of each: a change is real when both
ratios agree, run after run. It reads `wall_s=<seconds>` from the last line of each run's output (the
line format of bench/programs/ and bench/peers/), or the field that --field names: `--field ratio`
compares the trace sink's cost as gilsim_trace_stream reports it (each run's own ratio of a run with
the sink to one without), e.g.
    python3 bench/ab.py --field ratio OLD/gilsim_trace_stream build/gilsim_trace_stream /tmp/t.tsv

--cpu N runs both sides on CPU N only. A virtual machine's CPUs need not be equal: on one VM a
single-threaded run took 1.55 times as long on its second CPU as on its first, and the runs of a
comparison landed on one or the other in turn, which made the two sides look 1.5 times apart.

Build the old side from a worktree, e.g.:
    git worktree add /tmp/old HEAD~1 && cmake -S /tmp/old -B /tmp/old/build && \
        cmake --build /tmp/old/build -j2 --target gilsim_handoff_rate
    python3 bench/ab.py /tmp/old/build/gilsim_handoff_rate build/gilsim_handoff_rate 2 3000000
"""
import argparse
import os
import re
import statistics
import subprocess
import sys


def measure(command, field):
    """measure runs `command` and returns the number `field=` holds in the last line of its output."""
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    lines = out.strip().splitlines()
    found = re.search(rf"\b{re.escape(field)}=([0-9.]+)", lines[-1]) if lines else None
    if not found:
        sys.exit(f"ab.py: no {field}=... in the last line of {' '.join(command)}")
    return float(found.group(1))


def main():
    parser = argparse.ArgumentParser(description="compare two builds of a benchmark, runs interleaved")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("args", nargs="*", help="arguments given to both programs")
    parser.add_argument("--runs", type=int, default=6, help="runs of each side (default 6, at least 1)")
    parser.add_argument("--cpu", type=int, help="run both sides on this CPU only (single-threaded programs)")
    parser.add_argument("--field", default="wall_s", help="the number to compare (default wall_s)")
    opts = parser.parse_args()
    if opts.runs < 1:
        parser.error("--runs must be at least 1")
    if opts.cpu is not None:
        if opts.cpu not in os.sched_getaffinity(0):
            parser.error(f"--cpu {opts.cpu}: not one of this process's CPUs {sorted(os.sched_getaffinity(0))}")
        os.sched_setaffinity(0, {opts.cpu})  # the programs started from here inherit it
    old, new = [], []
    for round_ in range(opts.runs):
        # Which side goes first alternates, so that neither always runs on a just-warmed machine.
        first_old = round_ % 2 == 0
        for side in ("old", "new") if first_old else ("new", "old"):
            program = opts.old if side == "old" else opts.new
            (old if side == "old" else new).append(measure([program, *opts.args], opts.field))
    unit = " s" if opts.field == "wall_s" else ""
    for name, values in (("old", old), ("new", new)):
        print(f"{name} {opts.field}: min {min(values):.3f}{unit}, median {statistics.median(values):.3f}{unit}, "
              f"max {max(values):.3f}{unit}")
    print(f"new/old: min {min(new) / min(old):.3f}, median {statistics.median(new) / statistics.median(old):.3f}"
          f"; round by round: {' '.join(f'{n / o:.2f}' for o, n in zip(old, new))}")


if __name__ == "__main__":
    main()
