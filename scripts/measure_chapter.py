#!/usr/bin/env python3
"""Measure the real CPython programs behind gilsim's scenarios and compare them with gilsim's predictions.

For each experiment this script runs a small stdlib-only Python program on this machine, runs the
matching gilsim scenario (`gilsim run FILE --json`), and prints the measured figure, the predicted one
and their ratio (measured / predicted):

  primes     total elapsed time to check the list of 20 numbers by trial division: sequentially, with
             2 and 4 worker threads, and with 1, 2 and 4 worker processes (job queue, one poison pill 0
             per worker, the main thread counts results until it has seen one 0 per worker);
             scenarios primes_sequential, primes_threads, primes_procs.
  spinner    a spinner thread writing a frame then waiting done.wait(0.1), beside a main thread that
             checks the prime 5_000_111_000_222_021 (spinner_prime_thread) or sleeps 3 s
             (spinner_thread): frame count, mean gap and largest gap between frames.
  convoy     a thread doing 100 blocking 10 ms calls (time.sleep) beside a thread spinning in pure
             Python: the I/O thread's total time; compared with an inline scenario written to a
             temporary file. The same I/O thread alone is the baseline.
  two_cpu    two countdown loops of about 0.5 s each, one after the other in one thread and at the same
             time in two threads: the ratio of the two times and the number of GIL switches, counted as
             alternations in a shared list each thread appends to every 1000 decrements.

Usage:
    python3 scripts/measure_chapter.py                 # full run, about 1.5 minutes on an idle 2-core machine
    python3 scripts/measure_chapter.py --quick         # a subset of the numbers, one repeat: ~25 s
    python3 scripts/measure_chapter.py --only convoy,two_cpu --gilsim build/gilsim
    python3 scripts/measure_chapter.py --only primes --primes-repeats 3   # medians of 3 rounds, ~4 min

The experiments are timed one after another, never in parallel. Before each timed run the script waits
for the other processes to leave the cores idle, and it times a run again (--retries, default 2) when
/proc/stat shows that something else used more than 10 % of a core meanwhile, or when a short speed probe run before
and after shows the cores slowed down (a virtual machine's host can do that unseen). Runs still disturbed
after the retries are kept and listed at the end. --no-wait skips the waiting.
"""

import argparse
import itertools
import json
import math
import multiprocessing as mp
import os
import platform
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NUMBERS = [
    2, 142702110479723, 299593572317531, 3333333333333301, 3333333333333333, 3333335652092209,
    4444444444444423, 4444444444444444, 4444444488888889, 5555553133149889, 5555555555555503,
    5555555555555555, 6666666666666666, 6666666666666719, 6666667141414921, 7777777536340681,
    7777777777777753, 7777777777777777, 9999999999999917, 9999999999999999,
]
# --quick: a few small and medium checks, about 2.5 s sequentially on the calibration machine.
QUICK_NUMBERS = [2, 142702110479723, 299593572317531, 3333333333333301, 3333333333333333,
                 4444444444444444, 9999999999999917]
BIG_PRIME = 5_000_111_000_222_021
MODEL_ITERATION_NS = 30  # machine.prime_iteration, the scenarios' default (docs/calibration.md)
EXPERIMENTS = ("primes", "spinner", "convoy", "two_cpu")


# --------------------------------------------------------------------------- helpers


def is_prime(n):
    """is_prime checks n by trial division by the odd numbers up to its integer square root."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for i in range(3, math.isqrt(n) + 1, 2):
        if n % i == 0:
            return False
    return True


class Gilsim:
    """Gilsim runs the simulator binary and returns its JSON report as a dict."""

    def __init__(self, binary, scenario_dir):
        self.binary = binary
        self.scenario_dir = scenario_dir

    def run(self, scenario, **params):
        path = scenario if os.sep in scenario else os.path.join(self.scenario_dir, scenario + ".yaml")
        cmd = [self.binary, "run", path, "--json"]
        for key, value in params.items():
            if isinstance(value, (list, tuple)):
                value = "[" + ",".join(str(v) for v in value) + "]"
            cmd += ["--set", f"{key}={value}"]
        for _ in range(60):  # the binary may be briefly missing while someone relinks it
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True)
                break
            except (FileNotFoundError, PermissionError, OSError):
                time.sleep(1.0)
        else:
            sys.exit(f"cannot run {self.binary}")
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError:
            sys.exit(f"gilsim failed ({' '.join(cmd)}), exit {proc.returncode}:\n{proc.stderr}")

    def run_inline(self, yaml_text):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", prefix="gilsim_", delete=False) as f:
            f.write(yaml_text)
            path = f.name
        try:
            return self.run(path)
        finally:
            os.unlink(path)


def fmt_s(seconds):
    """fmt_s writes a duration in s or ms, four significant figures."""
    if seconds is None:
        return "-"
    if abs(seconds) >= 1:
        return f"{seconds:.3f} s"
    return f"{seconds * 1000:.4g} ms"


def fmt_value(value, unit):
    if value is None:
        return "-"
    if unit == "s":
        return fmt_s(value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def spread(samples, unit):
    """spread writes the median of samples, with their range when there are several."""
    med = statistics.median(samples)
    text = fmt_value(med, unit)
    if len(samples) > 1:
        text += f" ({fmt_value(min(samples), unit)}–{fmt_value(max(samples), unit)})"
    return med, text


class CpuWatch:
    """CpuWatch measures the CPU time used by other processes while it runs (Linux /proc/stat).

    The busy time of all cores minus this process's own CPU time (threads and waited-for children).
    A figure well above zero means something else competed for the cores and the timings are suspect.
    """

    def __init__(self):
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def _busy(self):
        try:
            with open("/proc/stat") as f:
                fields = [int(x) for x in f.readline().split()[1:]]
        except OSError:
            return None
        # user nice system idle iowait irq softirq steal ... Interrupt time is left out: our own threads
        # cause it too (4 threads waiting on the GIL with timeouts run up ~7 % of a core in softirq).
        return (sum(fields[:3]) + fields[7]) / self.tick

    @staticmethod
    def _own():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def __enter__(self):
        self.busy0, self.own0, self.wall0 = self._busy(), self._own(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        busy = self._busy()
        self.wall = time.perf_counter() - self.wall0
        self.other = None if busy is None else max(0.0, (busy - self.busy0) - (self._own() - self.own0))

    def note(self):
        if self.other is None:
            return "other processes' CPU use unknown (no /proc/stat)"
        share = self.other / self.wall if self.wall else 0.0
        return f"other processes used {self.other:.2f} s of CPU in {self.wall:.1f} s ({share:.0%} of one core)"


def speed_probe():
    """speed_probe probes this core's current speed: the fastest of 5 timings of a 1 M-iteration loop
    (about 15 ms each), so that a single interruption does not count but a sustained slowdown does."""
    best = None
    for _ in range(5):
        t0 = time.perf_counter()
        k = 1_000_000
        while k:
            k -= 1
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best


class Quiet:
    """Quiet runs measurements on an idle machine.

    It waits until other processes leave the cores alone, runs the measurement, and runs it again (up to
    `retries` times) if something else used more than 10 % of a core meanwhile. Inside a virtual machine
    the host can also slow the cores down without the guest seeing any other process (its steal time may
    read 0), so a short speed probe runs on each core before and after each measurement; a probe more
    than 20 % slower than the fastest seen on that core also counts as a disturbance. Runs that stay
    disturbed are kept but listed in `warnings`.
    """

    def __init__(self, retries=2, max_wait=180.0, enabled=True):
        self.retries, self.max_wait, self.enabled = retries, max_wait, enabled
        self.warnings = []
        self.best_probe = None

    def probe(self):
        """probe returns how much slower than its best the slowest core is now (1.0 = as fast as ever).

        Each core is probed in turn (pinned with sched_setaffinity where available), since the host may
        slow one virtual core and not the other."""
        try:
            allowed = sorted(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            allowed = None
        if self.best_probe is None:
            self.best_probe = {}
        worst = 1.0
        for cpu in allowed or [None]:
            if cpu is not None:
                os.sched_setaffinity(0, {cpu})
            p = speed_probe()
            best = self.best_probe[cpu] = min(self.best_probe.get(cpu, p), p)
            worst = max(worst, p / best)
        if allowed:
            os.sched_setaffinity(0, set(allowed))
        return worst

    def wait_idle(self):
        deadline = time.perf_counter() + self.max_wait
        announced = False
        while time.perf_counter() < deadline:
            with CpuWatch() as watch:
                time.sleep(1.0)
            if watch.other is None or watch.other < 0.10 * watch.wall:
                return  # less than 10 % of one core used by others during a 1 s window
            if not announced:
                print("    (waiting for other processes to leave the cores idle)", flush=True)
                announced = True
        print("    (machine still busy; measuring anyway)", flush=True)

    def run(self, label, fn):
        for attempt in range(self.retries + 1):
            if self.enabled:
                self.wait_idle()
            before = self.probe()
            with CpuWatch() as watch:
                result = fn()
            after = self.probe()
            slow = max(before, after)
            problems = []
            if watch.other is not None and watch.other > max(0.10 * watch.wall, 0.02):
                problems.append(watch.note())
            if slow > 1.20:
                problems.append(f"a core ran the speed probe {slow:.2f}x slower than its best (host contention?)")
            if not problems:
                return result
            print(f"    {label}: {'; '.join(problems)}" +
                  ("; measuring again" if attempt < self.retries else ""), flush=True)
        self.warnings.append(f"{label}: {'; '.join(problems)}")
        return result


QUIET = Quiet()


class Table:
    """Table collects rows of (what, gilsim, measured) and prints them with the ratio."""

    def __init__(self, title):
        self.title = title
        self.rows = []
        self.notes = []

    def add(self, what, predicted, measured_samples, unit="s"):
        if not isinstance(measured_samples, (list, tuple)):
            measured_samples = [measured_samples]
        med, text = spread(measured_samples, unit)
        ratio = f"{med / predicted:.2f}" if predicted else "-"
        self.rows.append((what, fmt_value(predicted, unit), text, ratio))
        print(f"    {what}: gilsim {fmt_value(predicted, unit)}, measured {text}, ratio {ratio}",
              flush=True)

    def print(self):
        head = ("", "gilsim", "measured (CPython)", "measured / gilsim")
        widths = [max(len(r[i]) for r in self.rows + [head]) for i in range(4)]
        print(f"\n### {self.title}\n")
        for row in [head, tuple("-" * w for w in widths)] + self.rows:
            print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
        for note in self.notes:
            print(f"\n{note}")


# --------------------------------------------------------------------------- primes


def primes_sequential(numbers):
    t0 = time.perf_counter()
    found = sum(is_prime(n) for n in numbers)
    return time.perf_counter() - t0, found


def _worker(jobs, results):
    while n := jobs.get():
        results.put((n, is_prime(n)))
    results.put((0, False))


def _run_workers(numbers, workers, queue_type, worker_type):
    t0 = time.perf_counter()
    jobs, results = queue_type(), queue_type()
    for n in numbers:
        jobs.put(n)
    pool = [worker_type(target=_worker, args=(jobs, results)) for _ in range(workers)]
    for w in pool:
        w.start()
    for _ in range(workers):
        jobs.put(0)
    found = zeros = 0
    while zeros < workers:
        n, prime = results.get()
        if n == 0:
            zeros += 1
        else:
            found += prime
    for w in pool:
        w.join()
    return time.perf_counter() - t0, found


def primes_threads(numbers, workers):
    return _run_workers(numbers, workers, queue.SimpleQueue, threading.Thread)


def primes_procs(numbers, workers):
    ctx = mp.get_context("fork")
    return _run_workers(numbers, workers, ctx.SimpleQueue, ctx.Process)


def experiment_primes(sim, quick, repeats=1):
    """experiment_primes times the six programs, `repeats` rounds of all six (interleaved, so that a slow
    spell of the machine spreads over the cases instead of landing on one)."""
    numbers = QUICK_NUMBERS if quick else NUMBERS
    params = {"numbers": numbers} if quick else {}
    cases = [("sequential", "primes_sequential", None, lambda: primes_sequential(numbers))]
    cases += [(f"threads, {w} workers", "primes_threads", w, (lambda w=w: primes_threads(numbers, w)))
              for w in (2, 4)]
    cases += [(f"procs, {w} worker{'s' if w > 1 else ''}", "primes_procs", w,
               (lambda w=w: primes_procs(numbers, w))) for w in (1, 2, 4)]
    predicted = {}
    for label, scenario, workers, _ in cases:
        p = dict(params)
        if workers is not None:
            p["workers"] = workers
        predicted[label] = sim.run(scenario, **p)
    measured = {label: [] for label, *_ in cases}
    for rnd in range(repeats):
        for label, _, _, fn in cases:
            tag = label if repeats == 1 else f"{label} #{rnd + 1}"
            elapsed, found = QUIET.run(tag, fn)
            if found != predicted[label]["primes_found"]:
                print(f"    warning: {tag} found {found} primes, gilsim {predicted[label]['primes_found']}")
            measured[label].append(elapsed)
            print(f"    {tag}: {fmt_s(elapsed)}", flush=True)

    rounds = f", {repeats} rounds" if repeats > 1 else ""
    table = Table(f"primes: total elapsed, {len(numbers)} numbers{rounds}")
    speedup = Table("primes: speed-up over sequential (median sequential time / median time)")
    seq_label = cases[0][0]
    seq_pred = predicted[seq_label]["elapsed"]
    seq_meas = statistics.median(measured[seq_label])
    for label, *_ in cases:
        table.add(label, predicted[label]["elapsed"], measured[label])
        if label != seq_label:
            speedup.add(label, seq_pred / predicted[label]["elapsed"],
                        seq_meas / statistics.median(measured[label]), unit="")
    print(f"    (sequential: about {MODEL_ITERATION_NS * seq_meas / seq_pred:.1f} ns per loop iteration "
          f"measured, against the model's {MODEL_ITERATION_NS} ns)", flush=True)
    return [table, speedup]


# --------------------------------------------------------------------------- spinner


def run_spinner(main_work):
    """run_spinner runs main_work() in the main thread beside a spinner thread.

    Returns (main elapsed, frame time stamps, delays). Frames go to the terminal if stdout is one,
    otherwise to /dev/null; each frame is a single os.write, which releases the GIL. `delays` has, for
    every frame but the last, a pair: how long the write took (a few µs, unless the main thread took
    the GIL during it and the spinner had to wait to get it back), and how much longer than 100 ms
    done.wait(0.1) took (getting the GIL back after the timeout). Their sum approximates the spinner's
    GIL wait per frame.
    """
    tty = sys.stdout.isatty()
    fd = sys.stdout.fileno() if tty else os.open(os.devnull, os.O_WRONLY)
    done = threading.Event()
    stamps, delays = [], []

    def spin():
        for ch in itertools.cycle("\\|/-"):
            t_frame = time.perf_counter()
            stamps.append(t_frame)
            os.write(fd, f"\r{ch} thinking!".encode())
            t_written = time.perf_counter()
            if done.wait(0.1):
                break
            delays.append((t_written - t_frame, max(0.0, time.perf_counter() - t_written - 0.1)))
        os.write(fd, b"\r" + b" " * 12 + b"\r")

    spinner = threading.Thread(target=spin)
    t0 = time.perf_counter()
    spinner.start()
    main_work()
    elapsed = time.perf_counter() - t0
    done.set()
    spinner.join()
    if not tty:
        os.close(fd)
    return elapsed, stamps, delays


def work_runner(work):
    return lambda: run_spinner(work)


def frame_stats(stamps):
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    mean = (stamps[-1] - stamps[0]) / (len(stamps) - 1) if len(stamps) > 1 else 0.0
    return len(stamps), mean, max(gaps, default=0.0)


def experiment_spinner(sim, quick):
    repeats = 1 if quick else 3
    tables = []
    cases = [
        ("spinner_prime_thread", f"main checks is_prime({BIG_PRIME})", lambda: is_prime(BIG_PRIME),
         repeats),
        ("spinner_thread", "main sleeps 3 s", lambda: time.sleep(3), 1),
    ]
    for scenario, title, work, reps in cases:
        predicted = sim.run(scenario)
        spinner = predicted["units"]["spinner"]
        frames = spinner["marks"]["frame"]
        runs = [QUIET.run(f"{scenario} #{i + 1}", work_runner(work)) for i in range(reps)]
        stats = [frame_stats(stamps) for _, stamps, _ in runs]
        table = Table(f"{scenario}: {title}")
        table.add("main thread elapsed", predicted["units"]["main"]["elapsed"], [r[0] for r in runs])
        table.add("frames", frames["count"], [s[0] for s in stats], unit="")
        table.add("mean gap between frames", frames["mean_gap"], [s[1] for s in stats])
        table.add("max gap between frames", frames["max_gap"], [s[2] for s in stats])
        table.add("extra delay per frame (≈ GIL wait)", spinner["gil_wait"] / max(1, frames["count"]),
                  [statistics.mean(w + x for w, x in d) if d else 0.0 for _, _, d in runs])
        table.add("  share of writes that lost the GIL (> 1 ms)", None,
                  [sum(1 for w, _ in d if w > 0.001) / len(d) if d else 0.0 for _, _, d in runs], unit="")
        tables.append(table)
    return tables


# --------------------------------------------------------------------------- convoy

CONVOY_YAML = """\
name: convoy_{variant}
description: 100 blocking 10 ms calls {desc}
units:
{cpu}  - name: io
    steps:
      - repeat: {{times: 100, steps: [{{io: 10ms}}]}}
"""
CONVOY_CPU = """\
  - name: cpu
    steps:
      - cpu: 3s
"""


def run_convoy(with_cpu):
    """run_convoy times 100 time.sleep(0.01) calls in a thread, beside a spinning thread or alone.

    Returns (total elapsed of the I/O thread, list of per-call times).
    """
    stop = False
    result = {}

    def cpu():
        while not stop:
            pass

    def io():
        calls = []
        t0 = time.perf_counter()
        for _ in range(100):
            t = time.perf_counter()
            time.sleep(0.01)
            calls.append(time.perf_counter() - t)
        result["elapsed"] = time.perf_counter() - t0
        result["calls"] = calls

    spinner = threading.Thread(target=cpu)
    if with_cpu:
        spinner.start()
    io_thread = threading.Thread(target=io)
    io_thread.start()
    io_thread.join()
    stop = True
    if with_cpu:
        spinner.join()
    return result["elapsed"], result["calls"]


def experiment_convoy(sim, quick):
    repeats = 1 if quick else 3
    predicted = sim.run_inline(CONVOY_YAML.format(variant="cpu", desc="beside a CPU-bound thread",
                                                  cpu=CONVOY_CPU))
    alone = sim.run_inline(CONVOY_YAML.format(variant="alone", desc="with nothing else running", cpu=""))
    runs = [QUIET.run(f"convoy #{i + 1}", lambda: run_convoy(True)) for i in range(repeats)]
    base = QUIET.run("convoy alone", lambda: run_convoy(False))
    table = Table("convoy: 100 x time.sleep(0.01) in a thread")
    table.add("I/O thread alone, total", alone["units"]["io"]["elapsed"], base[0])
    table.add("I/O thread beside a CPU-bound thread, total", predicted["units"]["io"]["elapsed"],
              [r[0] for r in runs])
    per_call_pred = predicted["units"]["io"]["elapsed"] / 100
    table.add("  per call (median)", per_call_pred,
              [statistics.median(r[1]) for r in runs])
    table.add("  per call (max)", per_call_pred, [max(r[1]) for r in runs])
    return [table]


# --------------------------------------------------------------------------- two CPU-bound threads

BLOCK = 1000


def countdown(me, blocks, log):
    """countdown decrements a counter blocks x BLOCK times, appending `me` to log after each block."""
    for _ in range(blocks):
        k = BLOCK
        while k:
            k -= 1
        log.append(me)


def blocks_for(seconds):
    t0 = time.perf_counter()
    countdown(0, 2000, [])
    per_block = (time.perf_counter() - t0) / 2000
    return max(1, round(seconds / per_block))


def run_two_cpu(blocks):
    """run_two_cpu returns (sequential time, threaded time, GIL switches seen in the threaded run)."""
    log = []
    t0 = time.perf_counter()
    countdown("a", blocks, log)
    countdown("b", blocks, log)
    seq = time.perf_counter() - t0

    log = []
    threads = [threading.Thread(target=countdown, args=(me, blocks, log)) for me in "ab"]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    thr = time.perf_counter() - t0
    switches = sum(1 for x, y in zip(log, log[1:]) if x != y)
    return seq, thr, switches


TWO_CPU_YAML = """\
name: two_cpu
description: two CPU-bound threads of {each}s each
units:
  - name: a
    steps: [{{cpu: {each}s}}]
  - name: b
    steps: [{{cpu: {each}s}}]
"""


def experiment_two_cpu(sim, quick):
    repeats = 1 if quick else 3
    blocks = QUIET.run("countdown calibration", lambda: blocks_for(0.25 if quick else 0.5))
    runs = [QUIET.run(f"two_cpu #{i + 1}", lambda: run_two_cpu(blocks)) for i in range(repeats)]
    seq_med = statistics.median(r[0] for r in runs)
    predicted = sim.run_inline(TWO_CPU_YAML.format(each=f"{seq_med / 2:.6f}"))
    table = Table(f"two CPU-bound threads: 2 x {blocks * BLOCK:,} decrements")
    table.add("sequential, one thread (the model's input)", seq_med, [r[0] for r in runs])
    table.add("two threads at once", predicted["elapsed"], [r[1] for r in runs])
    table.add("threads / sequential", predicted["elapsed"] / seq_med, [r[1] / r[0] for r in runs],
              unit="")
    table.add("GIL switches", predicted["gils"]["MainProcess"]["handoffs"], [r[2] for r in runs],
              unit="")
    table.add("GIL switches per second", predicted["gils"]["MainProcess"]["handoffs_per_s"],
              [r[2] / r[1] for r in runs], unit="")
    return [table]


# --------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer numbers, one repeat, shorter countdowns")
    parser.add_argument("--gilsim", default=os.path.join(REPO, "build", "gilsim"), help="the gilsim binary")
    parser.add_argument("--scenarios", default=os.path.join(REPO, "scenarios"), help="the scenario directory")
    parser.add_argument("--only", default=",".join(EXPERIMENTS),
                        help=f"comma-separated experiments to run, from {', '.join(EXPERIMENTS)}")
    parser.add_argument("--retries", type=int, default=2,
                        help="measure a run again up to this many times if other processes used the cores "
                             "or the speed probe found them slowed down (default 2)")
    parser.add_argument("--no-wait", action="store_true",
                        help="do not wait for an idle machine before each measurement")
    parser.add_argument("--primes-repeats", type=int, default=1, metavar="N",
                        help="time the six primes programs N times each (about 70 s per round without --quick)")
    args = parser.parse_args()
    QUIET.retries, QUIET.enabled = max(0, args.retries), not args.no_wait
    chosen = [e.strip() for e in args.only.split(",") if e.strip()]
    for e in chosen:
        if e not in EXPERIMENTS:
            parser.error(f"unknown experiment {e!r}; choose from {', '.join(EXPERIMENTS)}")
    if not os.access(args.gilsim, os.X_OK):
        parser.error(f"no gilsim binary at {args.gilsim} (see --gilsim)")

    sim = Gilsim(args.gilsim, args.scenarios)
    print(f"# CPython {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.system()} {platform.release()}; switch interval {sys.getswitchinterval() * 1000:g} ms; "
          f"load average {os.getloadavg()[0]:.2f}; {'quick' if args.quick else 'full'} run")
    if QUIET.enabled:
        QUIET.wait_idle()
    for _ in range(5):
        QUIET.probe()
    print("# speed probe (best of 5 x 1 M loop iterations), fastest seen per core: " +
          ", ".join(f"{'any' if c is None else c}: {t * 1000:.1f} ms" for c, t in sorted(
              QUIET.best_probe.items(), key=lambda kv: -1 if kv[0] is None else kv[0])))
    t_start = time.perf_counter()
    tables = []
    for name in chosen:
        print(f"\n{name} ...", flush=True)
        if name == "primes":
            tables += experiment_primes(sim, args.quick, max(1, args.primes_repeats))
        else:
            tables += globals()["experiment_" + name](sim, args.quick)
    for table in tables:
        table.print()
    if QUIET.warnings:
        print("\nWARNING: these runs were disturbed (kept after all retries):")
        for w in QUIET.warnings:
            print(f"  {w}")
    else:
        print("\nNo run was disturbed (other processes' CPU use from /proc/stat, and the speed probe).")
    print(f"\n(total run time {time.perf_counter() - t_start:.0f} s; ratio = measured / gilsim, "
          f"medians with the range of repeats in brackets)")


if __name__ == "__main__":
    main()
