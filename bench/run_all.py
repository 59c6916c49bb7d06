#!/usr/bin/env python3
"""Runs every gilsim benchmark and prints one Markdown table of figures against the goals of issue 5.

    python3 bench/run_all.py [--build DIR] [--out FILE] [--no-million] [--no-peers] [--cpu auto|N|none]

Builds DIR (default: build) in Release, then runs, one at a time: the cost of a first write to a fresh
page (and the allocator in use), which explains much of the rest on a given VM; the GIL hand-off rate
at N = 2, 100 and 10,000 threads; the scale curve (YAML coroutines, C++ coroutines on fibers, threads and
processes, 10 to 100,000 units, each size's first run and its repeats, and the floor's bare fibers beside
them); the YAML coroutines' curve on to 1,000,000 (about 12 s and 1.3 GiB; --no-million skips it); the
1,000-run sweep; the trace stream; start-up times (when hyperfine is installed); the peers side by side
with the floor (the bare FIFO mutex on gilsim's fibers; SimGrid and SimPy when libsimgrid-dev and
python3-simpy are installed; --no-peers skips them). The table goes to stdout and to FILE (default:
DIR/bench-table.md). This VM's timings vary by 20-40 % between runs: the hand-off
rates are the best of three runs, the sweep and each peer the best of two; compare figures from one run,
and rerun before concluding.

Every program but the sweep and the trace (which use several threads) runs on one CPU: by default the one
where the floor program runs fastest in a short trial (--cpu auto), or CPU N (--cpu N), or wherever the
kernel puts it (--cpu none). A VM's CPUs need not be equal: on one, a single-threaded run took 1.55 times
as long on the second CPU as on the first, and in a later hour the other way round; unpinned programs
landed on either, so that gilsim and a peer measured in turn could be 1.5 times apart for no reason of
their own.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from datetime import date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


PIN = None  # the set of CPUs single-threaded programs run on, or None (set by --cpu)


def run(cmd, timeout=900, pinned=True, cpus=None):
    """run returns a command's stdout; a failure stops the whole benchmark with its output. A pinned
    command runs on the CPUs of PIN (when set), or on `cpus` when given."""
    print("run_all: " + " ".join(cmd), file=sys.stderr)
    cpus = cpus or (PIN if pinned else None)
    pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, preexec_fn=pin)
    if done.returncode != 0:
        sys.exit(f"run_all: {' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def fields(line):
    """fields parses 'key=value key=value' into a dict of strings."""
    return dict(re.findall(r"(\w+)=(\S+)", line))


def best_of(times, cmd, cost, pinned=True):
    """best_of runs `cmd` `times` times and returns the fields of the last line of the run of least
    `cost` (a function of those fields): a VM's slow moments last seconds, and a single run can fall in one."""
    runs = [fields(run(cmd, pinned=pinned).splitlines()[-1]) for _ in range(times)]
    return min(runs, key=cost)


def rate(per_s):
    return f"{per_s / 1e6:.2f} M/s" if per_s >= 1e6 else f"{per_s / 1e3:.0f} k/s"


def handoffs(build, rows):
    for n, goal in ((2, "≥ 10 M/s"), (100, ""), (10_000, "≥ 5 M/s")):
        f = best_of(3, [f"{build}/gilsim_handoff_rate", str(n)], lambda f: -float(f["handoffs_per_s"]))
        per_s = float(f["handoffs_per_s"])
        events = int(f["events"]) / max(1, int(f["handoffs"]))
        rows.append((f"GIL hand-offs, {n:,} CPU-bound threads", goal,
                     f"{rate(per_s)} ({f['handoffs']} in {f['wall_s']} s, {events:.1f} events each)"))


def curve_of(out):
    """curve_of reads gilsim_scale_curve's lines: per kind, a point per size."""
    curve = {}
    for line in out.splitlines():
        kind = line.split()[0] if line.strip() else ""
        if kind in ("coroutines", "fiber-coroutines", "threads", "processes", "floor"):
            f = fields(line)
            curve.setdefault(kind, []).append({
                "n": int(f["n"]), "first_s": float(f["first_s"]), "first": float(f["first_ns_per_operation"]),
                "repeated": float(f["ns_per_operation"]), "rss": f["peak_rss_MiB"]})
    return curve


def series(points, key):
    """series shows one of a curve's two figures by size, and how far its last point is above its cheapest."""
    costs = ", ".join(f"{p['n']:,}: {p[key]:,.0f}" for p in points)
    return f"{costs} ({points[-1][key] / min(p[key] for p in points):.2f}× the cheapest)"


def growth(points):
    """growth is a curve's last repeated cost over its cheapest, as series() prints it."""
    return points[-1]["repeated"] / min(p["repeated"] for p in points)


def scale(build, rows, million):
    curve = curve_of(run([f"{build}/gilsim_scale_curve", "100000", "10"]))
    if million:  # the coroutines' curve goes on to a million
        big = curve_of(run([f"{build}/gilsim_scale_curve", "1000000", "10", "coroutines"], timeout=1800))
        curve["coroutines"] = big["coroutines"]
        last = big["coroutines"][-1]
        rows.append(("1,000,000 coroutines × 10 sleeps (a first run)", "≤ 15 s, ≤ 6 GiB",
                     f"{last['first_s']:.2f} s, {last['rss']} MiB"))
    threads = curve["threads"][-1]
    rows.append(("100,000 threads of CPU work under one GIL (a first run)", "≤ 2 s",
                 f"{threads['first_s']:.2f} s"))
    floor = curve.pop("floor", None)
    for kind, points in curve.items():
        rows.append((f"{kind}: ns per operation by units, runs repeated", "≤ 1.5× growth",
                     series(points, "repeated")))
        rows.append((f"{kind}: the same, first runs", "", series(points, "first")))
    # The floor's fibers cycle through their stacks as the threads do: how much of the growth is the machine's.
    if floor and "threads" in curve:
        ratio = growth(curve["threads"]) / growth(floor)
        rows.append(("floor (bare fibers on a FIFO mutex, 2 acquisitions each): ns per acquisition, repeated", "",
                     f"{series(floor, 'repeated')}; the threads' growth is {ratio:.2f}× the floor's"))


def many_runs(build, rows):
    f = best_of(2, [f"{build}/gilsim_many_runs"], lambda f: float(f["wall_s"]), pinned=False)
    rows.append(("1,000 runs of primes_threads (sweep grid)", "≤ 2 s",
                 f"{f['wall_s']} s on {f['threads']} threads"))


def trace(build, rows):
    path = os.path.join(build, "bench-trace.tsv")
    # Not pinned: the sink's writer thread would share the run's CPU.
    f = fields(run([f"{build}/gilsim_trace_stream", path], pinned=False).splitlines()[-1])
    os.remove(path)
    rows.append((f"trace of {int(f['trace_events']):,} events to a TSV file", "≤ 2× a run without, ≤ 100 MiB",
                 f"{f['ratio']}× ({f['file_sink_s']} s vs {f['no_sink_s']} s), peak RSS {f['after']} MiB"))


def startup(build, rows):
    if not shutil.which("hyperfine"):
        rows.append(("start-up", "≤ 10 ms / ≤ 5 ms", "n/a (install hyperfine)"))
        return
    for cmd, goal in ((f"{build}/gilsim run scenarios/spinner_prime_thread.yaml", "≤ 10 ms"),
                      (f"{build}/gilsim --help", "≤ 5 ms")):
        out = run(["hyperfine", "-N", "--warmup", "5", "--style", "none", "--export-json", "/dev/stdout", cmd])
        mean = float(re.search(r'"mean":\s*([0-9.e-]+)', out).group(1))
        rows.append((f"`{cmd.replace(build + '/', 'build/')}`", goal, f"{mean * 1000:.1f} ms"))


def machine(build, rows):
    """machine records what the figures depend on: the allocator and the cost of a fresh page."""
    version = run([f"{build}/gilsim", "--version"])
    allocator = re.search(r"allocator: (.*)", version).group(1)
    got = fields(run([f"{build}/gilsim_page_faults"]).strip().splitlines()[-1])
    rows.append(("first write to a fresh page: 4 KiB pages, huge pages (per 4 KiB)", "",
                 f"{float(got['plain_us_per_page']):.2f} µs, {float(got['huge_us_per_4k']):.2f} µs; "
                 f"allocator: {allocator}"))


def peers(build, rows):
    out = run(["bash", "bench/peers/run_peers.sh", "--repeat", "2", "--build", build], timeout=1800)
    table = [l.split() for l in out.splitlines() if re.match(r"^\d+\s", l)]
    for cols in table:  # the last three columns: gilsim/floor, gilsim/SimGrid, gilsim/SimPy
        rows.append((f"peers at N = {int(cols[0]):,}: gilsim/floor, gilsim/SimGrid, gilsim/SimPy",
                     "≥ 1/3 of the floor, ≥ 20× SimGrid", f"{cols[-3]}, {cols[-2]}×, {cols[-1]}×"))


def fastest_cpu(build):
    """fastest_cpu returns the CPU on which the floor program (2 fibers, 1 M hand-offs, about 30 ms) runs
    fastest, three trials each, taken in turn (ties go to the lower number; the choice holds for the
    whole run of this script)."""
    best = {}
    for _ in range(3):
        for cpu in sorted(os.sched_getaffinity(0)):
            f = fields(run([f"{build}/gilsim_floor_handoff", "2"], cpus={cpu}).splitlines()[-1])
            best[cpu] = max(best.get(cpu, 0.0), float(f["handoffs_per_s"]))
    print("run_all: the floor's best rate by CPU: " +
          ", ".join(f"CPU {c}: {rate(r)}" for c, r in best.items()), file=sys.stderr)
    return max(best, key=best.get)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--out")
    parser.add_argument("--no-million", action="store_true")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--cpu", default="auto",
                        help="CPU for the single-threaded programs: auto (the fastest), N, or none")
    args = parser.parse_args()
    global PIN
    if args.cpu not in ("auto", "none") and (not args.cpu.isdigit() or
                                             int(args.cpu) not in os.sched_getaffinity(0)):
        parser.error(f"--cpu {args.cpu}: not one of this process's CPUs {sorted(os.sched_getaffinity(0))}")
    build = os.path.join(ROOT, args.build) if not os.path.isabs(args.build) else args.build
    run(["cmake", "-S", ".", "-B", build, "-DCMAKE_BUILD_TYPE=Release"])
    run(["cmake", "--build", build, "-j2"], timeout=1800, pinned=False)
    cpu = fastest_cpu(build) if args.cpu == "auto" else None if args.cpu == "none" else int(args.cpu)
    PIN = {cpu} if cpu is not None else None

    rows = []
    machine(build, rows)
    handoffs(build, rows)
    scale(build, rows, not args.no_million)
    many_runs(build, rows)
    trace(build, rows)
    startup(build, rows)
    if not args.no_peers:
        peers(build, rows)

    where = (f"CPU {cpu}" + (", the fastest" if args.cpu == "auto" else "")) if PIN else "any CPU"
    lines = [f"Measured {date.today()} on {os.uname().nodename} ({os.cpu_count()} cores; single-threaded "
             f"programs on {where}): `python3 bench/run_all.py`", "", "| what | goal | measured |", "|---|---|---|"]
    lines += [f"| {what} | {goal} | {got} |" for what, goal, got in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out or os.path.join(build, "bench-table.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
