"""fork-vs-spawn: how much does starting a process cost with each start method?

    python3 main.py --count 20

fork       copies the running parent (copy-on-write pages): the child starts at once,
           already holding every imported module (Linux default up to Python 3.13).
spawn      starts a fresh interpreter that re-imports this file, which is why the
           start-up code must sit under `if __name__ == "__main__":` (Windows/macOS default).
forkserver a clean server process is spawned once; each child is then forked from it.
"""
import argparse
import json
import multiprocessing as mp
import os
import sys
import time


def emit(**obj):
    # One JSON object per line in ONE write: with several processes on the same pipe,
    # print()'s separate "\n" write could interleave with another process's line.
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


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
    ap = argparse.ArgumentParser(description="Start COUNT processes with each multiprocessing start method and compare the cost.")
    ap.add_argument("--count", type=int, default=20, help="processes per start method (1-200)")
    a = ap.parse_args()
    count = max(1, min(200, a.count))
    methods = [m for m in ("fork", "forkserver", "spawn") if m in mp.get_all_start_methods()]
    res = {"count": count}
    for k, m in enumerate(methods):
        emit(ev="mark", label=f"{m}: starting {count} processes", pid=os.getpid())
        start_ms, total_ms = measure(m, count)
        res[f"{m}_ms"] = round(start_ms, 2)
        res[f"{m}_total_ms"] = round(total_ms, 2)
        emit(ev="metric", name=f"{m}_start_ms", value=round(start_ms, 2))
        emit(ev="progress", done=k + 1, total=len(methods))
        emit(ev="mark", label=f"{m}: {start_ms:.1f} ms until the child runs, {total_ms:.1f} ms start-to-reaped (average)")
    emit(ev="result", **res)


if __name__ == "__main__":
    # Under spawn and forkserver, children import this file: without this guard they
    # would run main() again and start processes recursively.
    main()
