"""coroutines: thousands of concurrent sleeps on one thread, and the coroutine that hogs it.

    python3 main.py --coroutines 2000 --sleep_ms 1000 --hog_ms 600

1. sleeps: `coroutines` coroutines each `await asyncio.sleep()` at once: one thread, the wall
   time of about one sleep, almost no CPU.
2. hog: a ticker task wants to wake every `tick_ms`; one coroutine computes for `hog_ms`
   without awaiting, so the loop cannot run the ticker: its lateness (the event-loop lag,
   metric `loop_lag_ms`) rises to about the compute time.
3. offload: the same computation in `asyncio.to_thread()`: the loop keeps turning (the GIL
   still switches threads every 5 ms), so the lag stays small.
A gevent variant (greenlets + monkey patching) runs where gevent is installed; otherwise the
program says so and skips it.
"""
import asyncio
import importlib.util
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, metric, result  # noqa: E402


def compute(ms):
    """Pure CPU for `ms` of wall time; never awaits."""
    end = time.perf_counter() + ms / 1000
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


async def ticker(tick_ms, ticks, stop):
    """Asks to wake every tick_ms; records (woke at, lag) for each wake-up."""
    loop = asyncio.get_running_loop()
    due = loop.time() + tick_ms / 1000
    while not stop.is_set():
        await asyncio.sleep(max(0, due - loop.time()))
        lag = max(0.0, (loop.time() - due) * 1000)
        ticks.append((loop.time(), lag))
        metric("loop_lag_ms", round(lag, 1))
        due += tick_ms / 1000
        if due < loop.time():  # skip the wake-ups a blocked loop missed: one late tick shows the block
            due = loop.time() + tick_ms / 1000


def max_lag(ticks, start, end):
    """The worst lag of the wake-ups in [start, end]: a blocked loop's late tick wakes just after the block."""
    lags = [lag for woke, lag in ticks if start <= woke <= end]
    return round(max(lags), 1) if lags else 0.0


GEVENT_CHILD = r"""
import gevent, gevent.monkey
gevent.monkey.patch_all()
import json, sys, threading, time
n, ms = int(sys.argv[1]), int(sys.argv[2])
t0 = time.monotonic()
gevent.joinall([gevent.spawn(time.sleep, ms / 1000) for _ in range(n)])  # patched sleep: yields to the hub
print(json.dumps({"wall_ms": round((time.monotonic() - t0) * 1000), "threads": threading.active_count()}))
"""


def gevent_variant(n, sleep_ms):
    """Runs in a child interpreter: monkey patching must not touch this process's asyncio."""
    if importlib.util.find_spec("gevent") is None:
        mark("gevent is not installed: its variant is skipped")
        return {"gevent": "not installed"}
    mark("gevent variant start")
    out = subprocess.run([sys.executable, "-c", GEVENT_CHILD, str(n), str(sleep_ms)], capture_output=True, text=True, timeout=60)
    mark("gevent variant end")
    try:
        import json
        r = json.loads(out.stdout.strip().splitlines()[-1])
        return {"gevent": "ran", "gevent_wall_ms": r["wall_ms"], "gevent_threads": r["threads"]}
    except (ValueError, IndexError, KeyError):
        return {"gevent": "failed"}


async def main_async(a):
    loop = asyncio.get_running_loop()
    out = {}
    await asyncio.sleep(0.4)  # a sample of the process before the coroutines start

    mark("sleeps start")
    t0, c0 = time.monotonic(), time.process_time()
    await asyncio.gather(*(asyncio.sleep(a.sleep_ms / 1000) for _ in range(a.coroutines)))
    out.update(sleeps_wall_ms=round((time.monotonic() - t0) * 1000), sleeps_cpu_ms=round((time.process_time() - c0) * 1000),
               sleeps_threads=threading.active_count())
    mark("sleeps end")

    ticks, stop = [], asyncio.Event()
    tick = asyncio.create_task(ticker(a.tick_ms, ticks, stop))
    await asyncio.sleep(0.5)  # the ticker's lag with nothing else to do

    async def hog():
        mark("hog start")
        compute(a.hog_ms)  # no await inside: nothing else on this thread can run
        mark("hog end")

    h0 = loop.time()
    await hog()
    h1 = loop.time()
    await asyncio.sleep(0.5)

    mark("offload start")
    o0 = loop.time()
    await asyncio.to_thread(compute, a.hog_ms)  # the loop keeps turning meanwhile
    o1 = loop.time()
    mark("offload end")
    await asyncio.sleep(0.3)
    stop.set()
    await tick
    out.update(tick_ms=a.tick_ms, ticks=len(ticks), base_lag_max_ms=max_lag(ticks, 0, h0),
               hog_ms=a.hog_ms, hog_wall_ms=round((h1 - h0) * 1000), hog_lag_max_ms=max_lag(ticks, h0, h1 + 0.1),
               offload_wall_ms=round((o1 - o0) * 1000), offload_lag_max_ms=max_lag(ticks, o0, o1))
    return out


def main():
    a = params()
    out = dict(coroutines=a.coroutines, sleep_ms=a.sleep_ms, pid=os.getpid())
    out.update(asyncio.run(main_async(a)))
    out.update(gevent_variant(a.coroutines, a.sleep_ms) if a.gevent else {"gevent": "not asked"})
    result(**out)


if __name__ == "__main__":
    main()
