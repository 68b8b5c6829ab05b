"""gil-counter: 100 threads each do `num -= 1`; three ways.

    python3 main.py --threads 100 --sleep_ms 20

1. plain: `num -= 1` alone. The GIL lets one thread run Python at a time and switches rarely
   (every 5 ms), so a one-line update is almost never cut in half: the result is 0.
2. sleep: read, sleep, write. Every thread reads the same value before any writes back:
   updates are lost and the result is far from 0.
3. lock: the same read-sleep-write inside `with lock:`: 0 again, one thread at a time; the
   others wait on the lock (the monitor shows them in *lock wait*).
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402

num = 0


def run_phase(name, n, body):
    global num
    num = n
    mark("phase: " + name)
    t0 = time.perf_counter()
    ts = [threading.Thread(target=body, name="%s-%d" % (name, i)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ms = (time.perf_counter() - t0) * 1000
    mark("phase %s done: num=%d" % (name, num))
    return num, ms


def main():
    a = params()
    n, pause = a.threads, a.sleep_ms / 1000
    lock = threading.Lock()

    def plain():
        global num
        num -= 1

    gate = threading.Barrier(n)

    def with_sleep():
        global num
        gate.wait()  # all read at about the same time, however slowly the machine starts threads
        temp = num
        time.sleep(pause)  # every other thread reads the same `num` meanwhile
        num = temp - 1

    def with_lock():
        global num
        mark("waiting", lock="num")  # the lesson checks this thread shows lock wait until "acquired"
        with lock:
            mark("acquired", lock="num")
            temp = num
            time.sleep(pause)
            num = temp - 1
        mark("released", lock="num")

    plain_final, plain_ms = run_phase("plain", n, plain)
    sleep_final, sleep_ms = run_phase("sleep", n, with_sleep)
    lock_final, lock_ms = run_phase("lock", n, with_lock)
    result(threads=n, sleep_ms=a.sleep_ms, plain_final=plain_final, sleep_final=sleep_final, lock_final=lock_final,
           plain_ms=round(plain_ms, 1), sleep_phase_ms=round(sleep_ms, 1), lock_phase_ms=round(lock_ms, 1))


if __name__ == "__main__":
    main()
