"""scheduling: how the Linux scheduler (CFS) shares ONE core, plus a scheduling simulation.

    python3 main.py --nices 0,2,5 --seconds 4

Part 1 (real): one CPU-bound child per nice value, all pinned to the same core with
os.sched_setaffinity. The kernel gives each a weight, 1024 * 1.25^-nice (nice 0 -> 1024,
nice 5 -> 335), and shares the core in proportion to the weights. Each child measures
its own CPU time and reports it.

Part 2 (simulation): first-come-first-served, shortest-job-first and round robin on the
same set of jobs, with the average waiting time of each.
"""
import multiprocessing as mp
import os
import sys
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402

# kernel/sched/core.c sched_prio_to_weight, for nice 0..19
WEIGHTS = [1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15]


def spinner(index, nice, core, start_at, seconds):
    os.sched_setaffinity(0, {core})  # only this core may run us
    os.nice(nice)  # raising our own nice value needs no privileges
    while time.time() < start_at:  # everybody starts together
        time.sleep(0.005)
    c0 = time.process_time()
    end = start_at + seconds
    x = 0
    while time.time() < end:  # pure CPU: we always want the core
        x += 1
    cpu_ms = (time.process_time() - c0) * 1000
    result(child=index, pid=os.getpid(), nice=os.nice(0), cpu_ms=round(cpu_ms, 1),
         wall_ms=round(seconds * 1000), cpus=len(os.sched_getaffinity(0)))


# ---- part 2: a pure simulation ---------------------------------------------------------
def fcfs(jobs):
    """Run jobs in arrival order, each to completion."""
    t, waits = 0, []
    for burst in jobs:
        waits.append(t)
        t += burst
    return waits


def sjf(jobs):
    """Shortest job first (all jobs arrive at 0): provably the smallest average wait."""
    order = sorted(range(len(jobs)), key=lambda i: jobs[i])
    t, waits = 0, [0] * len(jobs)
    for i in order:
        waits[i] = t
        t += jobs[i]
    return waits


def round_robin(jobs, quantum):
    """Each job runs at most `quantum`, then goes to the back of the queue."""
    left = list(jobs)
    queue = list(range(len(jobs)))
    t, finish = 0, [0] * len(jobs)
    while queue:
        i = queue.pop(0)
        run = min(quantum, left[i])
        t += run
        left[i] -= run
        if left[i] > 0:
            queue.append(i)
        else:
            finish[i] = t
    return [finish[i] - jobs[i] for i in range(len(jobs))]  # waiting = finish - burst (arrival 0)


def main():
    a = params(extra={"core": (int, -1, "core to pin the children to (-1: the last allowed core)")})
    nices = [max(0, min(19, int(x))) for x in a.nices.split(",") if x.strip()]
    allowed = sorted(os.sched_getaffinity(0))
    core = a.core if a.core in allowed else allowed[-1]

    total_w = sum(WEIGHTS[n] for n in nices)
    for n in nices:
        mark(f"nice {n}: weight {WEIGHTS[n]}, expected share {100 * WEIGHTS[n] / total_w:.1f} %")
    start_at = time.time() + 0.5
    procs = [mp.Process(target=spinner, args=(i, n, core, start_at, a.seconds), name=f"nice-{n}") for i, n in enumerate(nices)]
    for p in procs:
        p.start()
    mark(f"{len(procs)} CPU-bound children pinned to core {core}")
    for p in procs:
        p.join()

    jobs = [int(x) for x in a.jobs.split(",") if x.strip()]
    for name, waits in (("fcfs", fcfs(jobs)), ("sjf", sjf(jobs)), ("rr", round_robin(jobs, a.quantum))):
        result(sim=name, jobs=a.jobs, avg_wait=round(sum(waits) / len(waits), 2), waits=",".join(map(str, waits)))


if __name__ == "__main__":
    main()
