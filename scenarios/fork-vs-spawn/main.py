"""fork-vs-spawn: how much does starting a process cost with each start method?

    python3 main.py --count 20

fork       copies the running parent (copy-on-write pages): the child starts at once,
           already holding every imported module (Linux default up to Python 3.13).
spawn      starts a fresh interpreter that re-imports this file, which is why the
           start-up code must sit under `if __name__ == "__main__":` (Windows/macOS default).
forkserver a clean server process is spawned once; each child is then forked from it.
"""
import multiprocessing as mp
import os
import sys
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, metric, progress, result  # noqa: E402


def hello(q):
    # The first thing the child does: say when it started running our code.
    q.put(time.monotonic())


def measure(method, count):
    ctx = mp.get_context(method)
    q = ctx.Queue()
    starts, totals = [], []
    for i in range(count):
        t0 = time.monotonic()
        p = ctx.Process(target=hello, args=(q,), name=f"{method}-{i}")
        p.start()
        ready = q.get()  # monotonic clock is system-wide on Linux, so the child's time is comparable
        p.join()
        starts.append((ready - t0) * 1000)
        totals.append((time.monotonic() - t0) * 1000)
    return sum(starts) / count, sum(totals) / count


def main():
    a = params()
    count = max(1, min(200, a.count))
    methods = [m for m in ("fork", "forkserver", "spawn") if m in mp.get_all_start_methods()]
    res = {"count": count}
    for k, m in enumerate(methods):
        mark(f"{m}: starting {count} processes")
        start_ms, total_ms = measure(m, count)
        res[f"{m}_ms"] = round(start_ms, 2)
        res[f"{m}_total_ms"] = round(total_ms, 2)
        metric(f"{m}_start_ms", round(start_ms, 2))
        progress(k + 1, len(methods))
        mark(f"{m}: {start_ms:.1f} ms until the child runs, {total_ms:.1f} ms start-to-reaped (average)")
    result(**res)


if __name__ == "__main__":
    # Under spawn and forkserver, children import this file: without this guard they
    # would run main() again and start processes recursively.
    main()
