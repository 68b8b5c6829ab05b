"""pools: a fixed set of workers reused for many tasks, and where the callbacks run.

    python3 main.py --pool mp --pool_size 3 --tasks 6 --task_ms 200

--pool mp: multiprocessing.Pool: apply() (blocks: one task at a time) vs apply_async() with a
callback (tasks overlap; the callback runs in the PARENT, in the pool's result thread).
--pool threads | processes: concurrent.futures Thread/ProcessPoolExecutor: submit() +
add_done_callback(), map() (results in input order), as_completed() (in completion order),
cancel() of a future that has not started, shutdown(wait=True / wait=False).
Every task marks where it ran; the run's figures come in one result line.
"""
import concurrent.futures as cf
import multiprocessing as mp
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402


def task(phase, i, ms):
    """Sleeps `ms` (a task of known length); returns where and when it ran (wall clock: shared by processes)."""
    mark(f"task {phase}:{i} start (pid {os.getpid()})")
    start = time.time()
    time.sleep(ms / 1000)
    return i, os.getpid(), threading.get_native_id(), start, time.time()


def max_overlap(spans):
    """The most tasks that ran at the same moment."""
    edges = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda x: (x[0], x[1]))
    best = now = 0
    for _, d in edges:
        now += d
        best = max(best, now)
    return best


def csv(xs):
    return ",".join(str(x) for x in xs)


def where(lock, box):
    """A callback that records the process and thread it ran in."""
    def cb(_):
        with lock:
            box.append((os.getpid(), threading.get_native_id()))
    return cb


def run_mp(a, out):
    n, ms = a.tasks, a.task_ms
    workers = set()
    mark("pool started")
    with mp.Pool(a.pool_size) as pool:
        t0 = time.time()
        spans = []
        for i in range(n):  # apply(): the caller waits for each task in turn
            r = pool.apply(task, ("apply", i, ms))
            spans.append((r[3], r[4]))
            workers.add(r[1])
        out.update(apply_wall_ms=round((time.time() - t0) * 1000), apply_overlap=max_overlap(spans))

        lock, box = threading.Lock(), []
        t0 = time.time()
        pending = [pool.apply_async(task, ("async", i, ms), callback=where(lock, box)) for i in range(n)]
        rs = [p.get() for p in pending]
        time.sleep(0.05)  # the last callback runs just after get() can return
        workers.update(r[1] for r in rs)
        out.update(async_wall_ms=round((time.time() - t0) * 1000), async_overlap=max_overlap([(r[3], r[4]) for r in rs]),
                   callbacks=len(box), callback_pids=csv(sorted({p for p, _ in box})),
                   callback_tids=csv(sorted({t for _, t in box})))

        lengths = [ms * (n - i) // n for i in range(n)]
        got = pool.starmap(task, [("map", i, lengths[i]) for i in range(n)])
        workers.update(r[1] for r in got)
        out.update(map_order=csv(r[0] for r in got), map_end_order=csv(r[0] for r in sorted(got, key=lambda r: r[4])))
    mark("pool shut down")
    out.update(workers_seen=len(workers), worker_ids=csv(sorted(workers)))


def run_executor(a, out):
    n, ms, size = a.tasks, a.task_ms, a.pool_size
    threads = a.pool == "threads"
    Executor = cf.ThreadPoolExecutor if threads else cf.ProcessPoolExecutor
    workers = set()
    wid = (lambda r: r[2]) if threads else (lambda r: r[1])
    mark("pool started")
    ex = Executor(max_workers=size)
    t0 = time.time()
    spans = []
    for i in range(n):  # submit().result() one at a time: apply()'s blocking shape
        r = ex.submit(task, "apply", i, ms).result()
        spans.append((r[3], r[4]))
        workers.add(wid(r))
    out.update(apply_wall_ms=round((time.time() - t0) * 1000), apply_overlap=max_overlap(spans))

    if not threads:
        # A process pool starts its workers on demand: apply's one-at-a-time phase needed one, so
        # the rest would be forked during the timed phase below, and on a busy machine a slow
        # fork finishes after the short tasks do, which hides the overlap the pool gives.
        list(ex.map(time.sleep, [0.05] * size))
    lock, box = threading.Lock(), []
    t0 = time.time()
    futs = []
    for i in range(n):
        f = ex.submit(task, "async", i, ms)
        f.add_done_callback(where(lock, box))  # runs in whichever thread completes the future
        futs.append(f)
    rs = [f.result() for f in futs]
    time.sleep(0.05)
    workers.update(wid(r) for r in rs)
    out.update(async_wall_ms=round((time.time() - t0) * 1000), async_overlap=max_overlap([(r[3], r[4]) for r in rs]),
               callbacks=len(box), callback_pids=csv(sorted({p for p, _ in box})),
               callback_tids=csv(sorted({t for _, t in box})))

    lengths = [ms * (n - i) // n for i in range(n)]  # longest first, so completion order differs from input order
    got = list(ex.map(task, ["map"] * n, range(n), lengths))
    workers.update(wid(r) for r in got)
    out.update(task_lengths=csv(lengths), map_order=csv(r[0] for r in got),
               map_end_order=csv(r[0] for r in sorted(got, key=lambda r: r[4])))

    futs = [ex.submit(task, "ac", i, lengths[i]) for i in range(n)]
    t0 = time.time()
    order, ends = [], []
    for f in cf.as_completed(futs):
        r = f.result()
        order.append(r[0])
        ends.append(round((r[4] - t0) * 1000))
        workers.add(wid(r))
    out.update(ac_order=csv(order), ac_end_ms=csv(ends))

    # cancel(): more tasks than the pool (and a process pool's call queue of size + 1) can hold, so the last is pending.
    k = 2 * size + 3
    futs = [ex.submit(task, "cancel", i, ms // 2) for i in range(k)]
    cancelled = futs[-1].cancel()
    for f in futs[:-1]:
        workers.add(wid(f.result()))
    out.update(cancel_index=k - 1, cancel_ok=int(cancelled), cancelled_state=int(futs[-1].cancelled()))

    futs = [ex.submit(task, "shutdown", i, ms) for i in range(size)]
    t0 = time.time()
    ex.shutdown(wait=True)  # returns once every submitted task has finished
    out.update(shutdown_wait_ms=round((time.time() - t0) * 1000), shutdown_all_done=int(all(f.done() for f in futs)))
    mark("pool shut down")
    out.update(workers_seen=len(workers), worker_ids=csv(sorted(workers)))

    # shutdown(wait=False) on a one-worker pool of the same kind: returns while its task still runs.
    one = Executor(max_workers=1)
    f = one.submit(task, "nowait", 0, ms)
    time.sleep(0.02)
    t0 = time.time()
    one.shutdown(wait=False)
    out.update(shutdown_nowait_ms=round((time.time() - t0) * 1000), nowait_done_at_return=int(f.done()))
    f.result()
    out.update(nowait_done_later=int(f.done()))


def main():
    a = params()
    out = dict(kind=a.pool, pool_size=a.pool_size, tasks=a.tasks, task_ms=a.task_ms, parent_pid=os.getpid(),
               main_tid=threading.get_native_id())
    time.sleep(0.4)  # let the monitor sample the process before the pool exists: its own threads are not the pool's
    t0 = time.time()
    (run_mp if a.pool == "mp" else run_executor)(a, out)
    out["wall_ms"] = round((time.time() - t0) * 1000)
    result(**out)


if __name__ == "__main__":
    main()
