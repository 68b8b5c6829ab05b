"""cpu-bound: the same pure computation split over N workers, five ways.

    python3 main.py --model threads --workers 4 --work_ms 6000

Watch the "cores used" chart: Python threads stay near ONE core (the GIL lets one
thread run Python bytecode at a time); processes and a process pool spread over all
cores; sequential code and asyncio coroutines run on one thread, so one core at most.
"""
import asyncio
import multiprocessing as mp
import os
import sys
import threading
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, progress, result  # noqa: E402


def crunch(n):
    """The pure computation: a plain loop, no IO, no C extension doing the work."""
    acc = 0
    for i in range(n):
        acc = (acc + i * i) % 1000003
    return acc


def calibrate(work_ms):
    """How many loop steps make `work_ms` of one core on this machine (measured for ~0.15 s)."""
    n = 100_000
    while True:
        t0 = time.perf_counter()
        crunch(n)
        dt = time.perf_counter() - t0
        if dt >= 0.15:
            return int(n / (dt * 1000) * work_ms)
        n *= 2


def split(total, parts):
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def worker(n):
    # Runs in a thread, a child process or a pool worker; prints its own pid/tid.
    mark("worker started")
    return crunch(n)


def run_sequential(chunks):
    for i, n in enumerate(chunks):
        crunch(n)
        progress(i + 1, len(chunks))


def run_threads(chunks):
    done = [0]
    lock = threading.Lock()

    def job(n):
        worker(n)
        with lock:  # the counter is shared by all threads: guard it
            done[0] += 1
            progress(done[0], len(chunks))

    threads = [threading.Thread(target=job, args=(n,), name=f"worker-{i}") for i, n in enumerate(chunks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def run_processes(chunks):
    procs = [mp.Process(target=worker, args=(n,), name=f"worker-{i}") for i, n in enumerate(chunks)]
    for p in procs:
        p.start()
    for i, p in enumerate(procs):
        p.join()
        progress(i + 1, len(chunks))


def run_pool(chunks, workers):
    # More, smaller tasks than workers: the pool hands them out as workers free up.
    tasks = [n for c in chunks for n in split(c, 4)]
    with mp.Pool(processes=workers) as pool:
        for i, _ in enumerate(pool.imap_unordered(crunch, tasks)):
            progress(i + 1, len(tasks))


async def run_async(chunks):
    done = 0

    async def coro(n):
        nonlocal done
        # A CPU-bound coroutine never waits on IO; yielding every slice only takes turns
        # on the same thread, so all coroutines together still use one core.
        for part in split(n, 20):
            crunch(part)
            await asyncio.sleep(0)
        done += 1
        progress(done, len(chunks))

    await asyncio.gather(*(coro(n) for n in chunks))


def main():
    a = params()
    workers = max(1, min(64, a.workers))

    total = calibrate(a.work_ms)
    chunks = split(total, workers)
    mark(f"{a.model}: {workers} workers, {total} loop steps")
    progress(0, len(chunks) * (4 if a.model == "pool" else 1))
    t0 = time.perf_counter()
    c0 = os.times()
    if a.model == "sequential":
        run_sequential(chunks)
    elif a.model == "threads":
        run_threads(chunks)
    elif a.model == "processes":
        run_processes(chunks)
    elif a.model == "pool":
        run_pool(chunks, workers)
    else:
        asyncio.run(run_async(chunks))
    wall = (time.perf_counter() - t0) * 1000
    c1 = os.times()
    # CPU time of this process plus its (waited-for) children, user + system.
    cpu = sum(c1[:4]) - sum(c0[:4])
    result(model=a.model, workers=workers, iterations=total, wall_ms=round(wall, 1), cpu_ms=round(cpu * 1000, 1),
         cores_avg=round(cpu * 1000 / wall, 2) if wall else 0)


if __name__ == "__main__":
    # Needed for the spawn start method (macOS/Windows): children re-import this module.
    main()
