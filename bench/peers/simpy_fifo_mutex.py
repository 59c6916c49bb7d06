#!/usr/bin/env python3
"""The FIFO-mutex GIL model in SimPy: gilsim's peer for bench/peers/run_peers.sh.

    python3 simpy_fifo_mutex.py N [HANDOFFS]

N processes share one Resource of capacity 1 (waiters are served first come, first served). Each
process loops: request it, hold it for 5 ms of simulated time (a timeout), release it. A hand-off is an
acquisition by a process other than the previous holder. Once HANDOFFS hand-offs have happened, each
process leaves the next time it gets the resource.

Works with SimPy 3/4 (`import simpy`: Environment, Resource, env.timeout) and with SimPy 2, the version
Debian 12's python3-simpy ships (`SimPy.Simulation`: Process, Resource, hold/request/release).

Output: a '#' line naming the SimPy and Python versions, then
    peer=simpy n=<N> handoffs=<count> wall_s=<seconds> handoffs_per_s=<rate>
The wall time covers creating the processes and running the simulation, not imports or process start.
"""
import platform
import sys
import time

HOLD = 0.005  # seconds of simulated time the resource is held


class Count:
    def __init__(self, target):
        self.target = target
        self.handoffs = 0
        self.acquisitions = 0
        self.last = -1


def run_simpy3(n, target):
    import simpy

    env = simpy.Environment()
    gil = simpy.Resource(env, capacity=1)
    c = Count(target)

    def actor(me):
        while True:
            req = gil.request()
            yield req
            if c.handoffs >= c.target:
                gil.release(req)
                return
            c.acquisitions += 1
            if c.last != me:
                if c.last >= 0:
                    c.handoffs += 1
                c.last = me
            yield env.timeout(HOLD)
            gil.release(req)

    start = time.perf_counter()
    for i in range(n):
        env.process(actor(i))
    env.run()
    wall = time.perf_counter() - start
    return c, wall, "SimPy " + simpy.__version__, env.now


def run_simpy2(n, target):
    import SimPy
    from SimPy.Simulation import Simulation, Process, Resource, hold, request, release

    sim = Simulation()
    sim.initialize()
    gil = Resource(capacity=1, sim=sim)  # qType defaults to FIFO
    c = Count(target)

    class Actor(Process):
        def run(self, me):
            while True:
                yield request, self, gil
                if c.handoffs >= c.target:
                    yield release, self, gil
                    return
                c.acquisitions += 1
                if c.last != me:
                    if c.last >= 0:
                        c.handoffs += 1
                    c.last = me
                yield hold, self, HOLD
                yield release, self, gil

    start = time.perf_counter()
    for i in range(n):
        a = Actor(name="t%d" % i, sim=sim)
        sim.activate(a, a.run(i))
    sim.simulate(until=float("inf"))
    wall = time.perf_counter() - start
    return c, wall, "SimPy " + getattr(SimPy, "__version__", "2"), sim.now()


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: simpy_fifo_mutex.py N [HANDOFFS]")
    try:
        n = int(sys.argv[1])
        target = int(sys.argv[2]) if len(sys.argv) == 3 else 300_000
        if n <= 0 or target <= 0:
            raise ValueError
    except ValueError:
        sys.exit("usage: simpy_fifo_mutex.py N [HANDOFFS]   (positive integers)")

    try:
        import simpy  # noqa: F401
        runner = run_simpy3
    except ImportError:
        runner = run_simpy2  # raises ImportError when neither is installed
    c, wall, version, sim_s = runner(n, target)
    print("# simpy: %s on Python %s; FIFO Resource(capacity=1), hold 5 ms" % (version, platform.python_version()))
    print("peer=simpy n=%d handoffs=%d wall_s=%.3f handoffs_per_s=%.0f sim_s=%.1f"
          % (n, c.handoffs, wall, c.handoffs / wall if wall > 0 else 0.0, sim_s))


if __name__ == "__main__":
    main()
