#!/usr/bin/env python3
"""ab.py: compare two builds of one benchmark program, runs interleaved.

    python3 bench/ab.py OLD_BINARY NEW_BINARY [ARGS...] [--runs 6]

On a shared virtual machine the same binary's wall time drifts by a third over minutes, so two builds
measured one after the other can differ by more than any change being tested. This runs A, B, A, B, ...
with the same arguments and compares the minimum and the median of each: a change is real when both
ratios agree, run after run. It reads `wall_s=<seconds>` from the last line of each run's output (the
line format of bench/programs/ and bench/peers/).

Build the old side from a worktree, e.g.:
    git worktree add /tmp/old HEAD~1 && cmake -S /tmp/old -B /tmp/old/build && \
        cmake --build /tmp/old/build -j2 --target gilsim_handoff_rate
    python3 bench/ab.py /tmp/old/build/gilsim_handoff_rate build/gilsim_handoff_rate 2 3000000
"""
import argparse
import re
import statistics
import subprocess
import sys


def wall_seconds(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    lines = out.strip().splitlines()
    found = re.search(r"wall_s=([0-9.]+)", lines[-1]) if lines else None
    if not found:
        sys.exit(f"ab.py: no wall_s=... in the last line of {' '.join(command)}")
    return float(found.group(1))


def main():
    parser = argparse.ArgumentParser(description="compare two builds of a benchmark, runs interleaved")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("args", nargs="*", help="arguments given to both programs")
    parser.add_argument("--runs", type=int, default=6, help="runs of each side (default 6)")
    opts = parser.parse_args()
    old, new = [], []
    for _ in range(opts.runs):
        old.append(wall_seconds([opts.old, *opts.args]))
        new.append(wall_seconds([opts.new, *opts.args]))
    lo_old, lo_new = min(old), min(new)
    med_old, med_new = statistics.median(old), statistics.median(new)
    print(f"old: min {lo_old:.3f} s, median {med_old:.3f} s")
    print(f"new: min {lo_new:.3f} s, median {med_new:.3f} s")
    print(f"new/old: min {lo_new / lo_old:.3f}, median {med_new / med_old:.3f}")


if __name__ == "__main__":
    main()
