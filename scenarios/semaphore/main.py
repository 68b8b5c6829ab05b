"""semaphore: 20 workers, 5 permits: never more than 5 inside at once.

    python3 main.py --workers 20 --permits 5 --hold_ms 500

Each worker takes a permit, stays inside for hold_ms, and gives it back; a metric "inside"
follows how many are in. The others wait on the semaphore (in *lock wait* in the thread
lanes). They go through in ceil(workers / permits) waves, so the wall time is about that many
holds. Then: releasing a BoundedSemaphore more often than it was acquired raises ValueError,
while a plain Semaphore silently grows past its start value.
"""
import math
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, metric, result  # noqa: E402


def main():
    a = params()
    sem = threading.Semaphore(a.permits)
    count_lock = threading.Lock()
    state = {"inside": 0, "peak": 0}
    gate = threading.Barrier(a.workers + 1)

    def worker():
        gate.wait()  # everyone asks at once
        mark("waiting", lock="sem")
        with sem:
            mark("acquired", lock="sem")
            with count_lock:
                state["inside"] += 1
                state["peak"] = max(state["peak"], state["inside"])
                metric("inside", state["inside"])
            time.sleep(a.hold_ms / 1000)
            with count_lock:
                state["inside"] -= 1
                metric("inside", state["inside"])
        mark("released", lock="sem")

    ts = [threading.Thread(target=worker, name="worker-%d" % i) for i in range(a.workers)]
    for t in ts:
        t.start()
    gate.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    wall = (time.perf_counter() - t0) * 1000

    bounded = threading.BoundedSemaphore(1)
    bounded.acquire()
    bounded.release()
    try:
        bounded.release()  # one release too many
        bounded_raised = 0
    except ValueError as e:
        bounded_raised = 1
        mark("BoundedSemaphore over-release: ValueError: %s" % e)
    plain = threading.Semaphore(1)
    plain.release()  # no error: the count is now 2, more than it started with
    plain_grew = int(plain.acquire(blocking=False) and plain.acquire(blocking=False))

    waves = math.ceil(a.workers / a.permits)
    result(workers=a.workers, permits=a.permits, hold_ms=a.hold_ms, peak_inside=state["peak"], waves=waves,
           wall_ms=round(wall, 1), expected_ms=waves * a.hold_ms, bounded_raised=bounded_raised, plain_grew=plain_grew)


if __name__ == "__main__":
    main()
