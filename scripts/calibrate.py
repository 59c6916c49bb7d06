#!/usr/bin/env python3
"""Measure the CPython costs that gilsim's model needs, on this machine.

Usage:
    python3 scripts/calibrate.py          # human-readable table
    python3 scripts/calibrate.py --yaml   # also print a `machine:` YAML block

Standard library only; the whole run takes well under a minute.
Every figure is a median over repeated runs unless the name says otherwise.
"""

import argparse
import math
import multiprocessing as mp
import os
import platform
import statistics
import sys
import threading
import time

# Primes timed for prime_iteration; the last one is only run if it is predicted to take < 15 s.
PRIMES = (142702110479723, 299593572317531)
BIG_PRIME = 5_000_111_000_222_021
BIG_PRIME_LIMIT_S = 15.0


def now_ns():
    """now_ns returns a clock that is comparable across processes (CLOCK_MONOTONIC is system-wide)."""
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def median_us(samples_ns):
    """median_us converts the median of nanosecond samples to microseconds."""
    return statistics.median(samples_ns) / 1000.0


# --------------------------------------------------------------------------- prime_iteration


def is_prime(n):
    """is_prime is the book's trial-division check, verbatim."""
    if n < 2:
        return False
    if n == 2:
        return True
    if n % 2 == 0:
        return False
    root = math.isqrt(n)
    for i in range(3, root + 1, 2):
        if n % i == 0:
            return False
    return True


def prime_iterations(n):
    """prime_iterations is the loop count of is_prime for a prime n > 2."""
    return (math.isqrt(n) - 1) // 2


def time_prime(n, runs):
    """time_prime returns the median ns per loop iteration of is_prime(n) over `runs` calls."""
    per_iter = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        assert is_prime(n)
        per_iter.append((time.perf_counter_ns() - t0) / prime_iterations(n))
    return statistics.median(per_iter)


def measure_prime_iteration():
    """measure_prime_iteration times the trial division for a few primes; returns {n: ns/iteration}."""
    results = {n: time_prime(n, 5) for n in PRIMES}
    predicted_s = statistics.median(results.values()) * prime_iterations(BIG_PRIME) / 1e9
    if predicted_s < BIG_PRIME_LIMIT_S:
        results[BIG_PRIME] = time_prime(BIG_PRIME, 3)
    return results


# --------------------------------------------------------------------------- process_start


def child_first_line(stamp, started):
    """child_first_line records when the child process runs its first line, then signals the parent."""
    stamp.value = now_ns()
    started.set()


def measure_process_start(method, runs):
    """measure_process_start times Process.start() → child's first line, and → parent sees the signal."""
    ctx = mp.get_context(method)
    first_line, observed, joined = [], [], []
    for _ in range(runs):
        stamp, started = ctx.Value("q", 0, lock=False), ctx.Event()
        proc = ctx.Process(target=child_first_line, args=(stamp, started))
        t0 = now_ns()
        proc.start()
        started.wait()
        t1 = now_ns()
        proc.join()
        t2 = now_ns()
        first_line.append(stamp.value - t0)
        observed.append(t1 - t0)
        joined.append(t2 - t0)
    return {
        "first_line_us": median_us(first_line),
        "observed_us": median_us(observed),
        "start_to_join_us": median_us(joined),
    }


def measure_raw_fork(runs):
    """measure_raw_fork times bare os.fork() → child's first instruction, to separate the OS's share."""
    samples = []
    for _ in range(runs):
        read_end, write_end = os.pipe()
        t0 = now_ns()
        pid = os.fork()
        if pid == 0:
            os.write(write_end, now_ns().to_bytes(8, "little"))
            os._exit(0)
        samples.append(int.from_bytes(os.read(read_end, 8), "little") - t0)
        os.waitpid(pid, 0)
        os.close(read_end)
        os.close(write_end)
    return median_us(samples)


# --------------------------------------------------------------------------- queue_item


def queue_echo(inbox, outbox):
    """queue_echo sends every item straight back until it receives None."""
    while (item := inbox.get()) is not None:
        outbox.put(item)


def queue_producer(go, outbox, count):
    """queue_producer waits for the start signal, then streams `count` small ints."""
    go.get()
    for i in range(count):
        outbox.put(i)


def measure_queue_latency(round_trips):
    """measure_queue_latency is the one-way latency of a small int through mp.Queue (ping-pong / 2)."""
    ctx = mp.get_context("fork")
    ping, pong = ctx.Queue(), ctx.Queue()
    proc = ctx.Process(target=queue_echo, args=(ping, pong))
    proc.start()
    samples = []
    for i in range(round_trips + 100):  # the first 100 warm up the feeder thread and the pipe
        t0 = time.perf_counter_ns()
        ping.put(i)
        pong.get()
        if i >= 100:
            samples.append((time.perf_counter_ns() - t0) / 2)
    ping.put(None)
    proc.join()
    return median_us(samples)


def measure_queue_throughput(count):
    """measure_queue_throughput is the time per item when a child streams `count` ints to the parent."""
    ctx = mp.get_context("fork")
    go, items = ctx.Queue(), ctx.Queue()
    proc = ctx.Process(target=queue_producer, args=(go, items, count))
    proc.start()
    t0 = time.perf_counter_ns()
    go.put(True)
    for _ in range(count):
        items.get()
    elapsed = time.perf_counter_ns() - t0
    proc.join()
    return elapsed / count / 1000.0


# --------------------------------------------------------------------------- gil_handoff


def ping_pong_threads(wake_other, wait_for_other, echo, round_trips):
    """ping_pong_threads runs `echo` in a second thread and returns half the median round trip in us."""
    helper = threading.Thread(target=echo, args=(round_trips + 100,), daemon=True)
    helper.start()
    samples = []
    for i in range(round_trips + 100):
        t0 = time.perf_counter_ns()
        wake_other()
        wait_for_other()
        if i >= 100:
            samples.append((time.perf_counter_ns() - t0) / 2)
    helper.join()
    return median_us(samples)


def measure_handoff_events(round_trips):
    """measure_handoff_events ping-pongs two threads through two threading.Events."""
    ping, pong = threading.Event(), threading.Event()

    def echo(n):
        for _ in range(n):
            ping.wait()
            ping.clear()
            pong.set()

    def wait_pong():
        pong.wait()
        pong.clear()

    return ping_pong_threads(ping.set, wait_pong, echo, round_trips)


def measure_handoff_locks(round_trips):
    """measure_handoff_locks ping-pongs two threads through two plain locks (no Condition underneath)."""
    ping, pong = threading.Lock(), threading.Lock()
    ping.acquire()
    pong.acquire()

    def echo(n):
        for _ in range(n):
            ping.acquire()
            pong.release()

    return ping_pong_threads(ping.release, pong.acquire, echo, round_trips)


# --------------------------------------------------------------------------- convoy effect


def spin(stop):
    """spin is pure-Python CPU-bound work that never blocks, so it only gives up the GIL when asked."""
    while not stop:
        pass


def time_blocking_calls(call, iterations):
    """time_blocking_calls returns the per-call durations (ns) of `call`, which releases the GIL."""
    samples = []
    for _ in range(iterations):
        t0 = time.perf_counter_ns()
        call()
        samples.append(time.perf_counter_ns() - t0)
    return samples


def summarize(samples_ns):
    """summarize gives the median, 90th percentile and max in us, and the share of waits above 1 ms."""
    ordered = sorted(samples_ns)
    return {
        "median_us": statistics.median(ordered) / 1000.0,
        "p90_us": ordered[int(0.9 * (len(ordered) - 1))] / 1000.0,
        "max_us": ordered[-1] / 1000.0,
        "over_1ms": sum(s > 1_000_000 for s in ordered) / len(ordered),
    }


def measure_convoy(iterations):
    """measure_convoy times GIL-releasing calls alone and next to a spinning CPU-bound thread."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"x" * (2 * iterations))  # pre-filled so os.read never actually waits
    results = {
        "sleep0_alone": summarize(time_blocking_calls(lambda: time.sleep(0), iterations)),
        "read_alone": summarize(time_blocking_calls(lambda: os.read(read_end, 1), iterations)),
    }
    stop = []
    spinner = threading.Thread(target=spin, args=(stop,), daemon=True)
    spinner.start()
    time.sleep(0.05)  # let the spinner own the GIL
    results["sleep0_vs_spinner"] = summarize(time_blocking_calls(lambda: time.sleep(0), iterations))
    results["read_vs_spinner"] = summarize(time_blocking_calls(lambda: os.read(read_end, 1), iterations))
    stop.append(True)
    spinner.join()
    os.close(read_end)
    os.close(write_end)
    return results


# --------------------------------------------------------------------------- two CPU-bound threads

CHUNK = 1000


def countdown(n, me, owner, switches):
    """countdown decrements n in a plain loop; every CHUNK steps it notes if the other thread ran since."""
    while n > 0:
        k = CHUNK
        while k:
            k -= 1
        n -= CHUNK
        if owner[0] != me:  # the other thread ran since our last look: one observed GIL switch
            owner[0] = me
            switches[0] += 1


def measure_two_threads(n):
    """measure_two_threads compares two countdown(n) run one after the other and in two threads."""
    owner, switches = [None], [0]
    t0 = time.perf_counter()
    countdown(n, "a", owner, switches)
    countdown(n, "b", owner, switches)
    sequential = time.perf_counter() - t0
    owner, switches = [None], [0]
    threads = [threading.Thread(target=countdown, args=(n, me, owner, switches)) for me in "ab"]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    threaded = time.perf_counter() - t0
    return {
        "sequential_s": sequential,
        "threaded_s": threaded,
        "switches": switches[0] - 1,  # the first sighting is a thread starting, not a switch
        "us_per_switch_slice": threaded / max(switches[0] - 1, 1) * 1e6,
    }


# --------------------------------------------------------------------------- asyncio


def measure_event_loop(switches):
    """measure_event_loop times `await asyncio.sleep(0)`: alone (a whole loop iteration and one task step
    per switch) and with ten tasks taking turns (one iteration shared by ten steps), in microseconds."""
    import asyncio

    async def yielder(n):
        for _ in range(n):
            await asyncio.sleep(0)

    async def alone():
        t0 = time.perf_counter_ns()
        await yielder(switches)
        return (time.perf_counter_ns() - t0) / switches / 1000

    async def ten():
        t0 = time.perf_counter_ns()
        await asyncio.gather(*(yielder(switches // 10) for _ in range(10)))
        return (time.perf_counter_ns() - t0) / switches / 1000

    alone_us = statistics.median(asyncio.run(alone()) for _ in range(3))
    ten_us = statistics.median(asyncio.run(ten()) for _ in range(3))
    return {"alone_us": alone_us, "ten_us": ten_us, "iteration_us": alone_us - ten_us}


# --------------------------------------------------------------------------- report


def run_all():
    """run_all performs every measurement and returns them in one dict."""
    results = {"switch_interval_s": sys.getswitchinterval()}
    results["prime"] = measure_prime_iteration()
    results["fork"] = measure_process_start("fork", 20)
    results["spawn"] = measure_process_start("spawn", 10)
    results["raw_fork_us"] = measure_raw_fork(20)
    results["queue_latency_us"] = measure_queue_latency(2000)
    results["queue_stream_us"] = measure_queue_throughput(20_000)
    results["handoff_event_us"] = measure_handoff_events(2000)
    results["handoff_lock_us"] = measure_handoff_locks(2000)
    results["convoy"] = measure_convoy(200)
    results["two_threads"] = measure_two_threads(20_000_000)
    results["loop"] = measure_event_loop(200_000)
    return results


def print_table(r):
    """print_table prints the results as aligned `name  value  note` rows."""
    rows = [("switch_interval", f"{r['switch_interval_s'] * 1e3:.3f} ms", "sys.getswitchinterval()")]
    for n, ns in r["prime"].items():
        rows.append(("prime_iteration", f"{ns:.1f} ns", f"is_prime({n}), {prime_iterations(n)} iterations"))
    if BIG_PRIME not in r["prime"]:
        rows.append(("prime_iteration", "skipped", f"is_prime({BIG_PRIME}) predicted > {BIG_PRIME_LIMIT_S} s"))
    for method in ("fork", "spawn"):
        p = r[method]
        rows.append((f"process_start[{method}]", f"{p['first_line_us']:.0f} us", "start() -> child first line"))
        rows.append(("", f"{p['observed_us']:.0f} us", "start() -> parent sees child's Event"))
        rows.append(("", f"{p['start_to_join_us']:.0f} us", "start() -> join() returns"))
    rows.append(("process_start[os.fork]", f"{r['raw_fork_us']:.0f} us", "bare os.fork() -> child runs"))
    rows.append(("queue_item[latency]", f"{r['queue_latency_us']:.1f} us", "one-way, ping-pong / 2"))
    rows.append(("queue_item[stream]", f"{r['queue_stream_us']:.2f} us", "per item, 20k ints child -> parent"))
    rows.append(("gil_handoff[event]", f"{r['handoff_event_us']:.1f} us", "thread ping-pong via Events, / 2"))
    rows.append(("gil_handoff[lock]", f"{r['handoff_lock_us']:.1f} us", "thread ping-pong via Locks, / 2"))
    for name, s in r["convoy"].items():
        rows.append((f"convoy[{name}]", f"{s['median_us']:.1f} us",
                     f"p90 {s['p90_us']:.0f} us, max {s['max_us']:.0f} us, >1ms {s['over_1ms']:.0%}"))
    t = r["two_threads"]
    rows.append(("two_threads[sequential]", f"{t['sequential_s']:.2f} s", "countdown(20M) twice"))
    rows.append(("two_threads[threaded]", f"{t['threaded_s']:.2f} s",
                 f"{t['switches']} switches seen, {t['us_per_switch_slice']:.0f} us per slice"))
    loop = r["loop"]
    rows.append(("task_step", f"{loop['ten_us']:.2f} us", "sleep(0) with 10 tasks, per switch"))
    rows.append(("loop_iteration", f"{loop['iteration_us']:.2f} us",
                 f"sleep(0) alone {loop['alone_us']:.2f} us minus one task step"))
    width = max(len(row[0]) for row in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")


def print_yaml(r):
    """print_yaml prints the model constants as a `machine:` block, rounded to sensible precision."""
    prime_ns = statistics.median(r["prime"].values())
    print("machine:   # measured by scripts/calibrate.py; keys as in docs/scenarios.md")
    print(f"  cores: {os.cpu_count()}")
    print(f"  switch_interval: {r['switch_interval_s'] * 1e6:.0f}us")
    print(f"  prime_iteration: {prime_ns:.0f}ns")
    print(f"  process_start: {r['fork']['first_line_us']:.0f}us   # spawn method: {r['spawn']['first_line_us']:.0f}us")
    print(f"  queue_item: {r['queue_latency_us']:.0f}us   # streamed: {r['queue_stream_us']:.2f}us per item")
    print(f"  gil_handoff: {r['handoff_lock_us']:.0f}us   # with Events: {r['handoff_event_us']:.0f}us")
    print(f"  loop_iteration: {r['loop']['iteration_us'] * 1000:.0f}ns")
    print(f"  task_step: {r['loop']['ten_us'] * 1000:.0f}ns")


def main():
    """main parses the flags, measures, and prints."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yaml", action="store_true", help="also print a `machine:` YAML block")
    args = parser.parse_args()
    print(f"# CPython {platform.python_version()} on {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores", file=sys.stderr)
    started = time.perf_counter()
    results = run_all()
    print_table(results)
    sys.stdout.flush()
    print(f"# total {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if args.yaml:
        print()
        print_yaml(results)


if __name__ == "__main__":
    main()
