"""events: Event, Condition (notify vs notify_all), Barrier with an action, Timer.

    python3 main.py --waiters 20 --wait_ms 1000

1. Event: `waiters` threads call event.wait(); after wait_ms main calls event.set() once and
   every one of them is released, all within a few milliseconds.
2. Condition: 5 threads wait on one Condition; notify() wakes exactly one, notify_all() the rest.
3. Barrier(3, action): 9 threads meet in groups of 3; the action runs once per group.
4. Timer: runs a function once after its interval; a cancelled Timer never runs.
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402


def event_phase(n, wait_ms):
    ev = threading.Event()
    woke = []
    lock = threading.Lock()

    def waiter():
        mark("waiting", lock="event")  # the lesson checks it shows lock wait until released
        ev.wait()
        t = time.perf_counter()
        mark("acquired", lock="event")
        with lock:
            woke.append(t)

    ts = [threading.Thread(target=waiter, name="waiter-%d" % i) for i in range(n)]
    for t in ts:
        t.start()
    time.sleep(wait_ms / 1000)
    mark("event.set()")
    t_set = time.perf_counter()
    ev.set()
    for t in ts:
        t.join()
    return len(woke), (max(woke) - min(woke)) * 1000, (max(woke) - t_set) * 1000


def condition_phase(n=5):
    cond = threading.Condition()
    state = {"waiting": 0, "woke": 0}

    def waiter():
        with cond:
            state["waiting"] += 1
            cond.wait()
            state["woke"] += 1

    ts = [threading.Thread(target=waiter, name="cond-%d" % i) for i in range(n)]
    for t in ts:
        t.start()
    while True:  # all of them inside cond.wait() (they hold the lock until they wait)
        with cond:
            if state["waiting"] == n:
                break
        time.sleep(0.01)
    with cond:
        cond.notify()
    time.sleep(0.2)
    with cond:
        after_one = state["woke"]
        cond.notify_all()
    for t in ts:
        t.join()
    mark("condition: notify() woke %d, notify_all() the other %d" % (after_one, state["woke"] - after_one))
    return after_one, state["woke"] - after_one


def barrier_phase(parties=3, threads=9):
    runs = []
    groups = []
    lock = threading.Lock()

    def action():  # run by one thread of each group, when the last one arrives
        runs.append(time.perf_counter())

    b = threading.Barrier(parties, action=action)

    def member():
        b.wait()
        with lock:
            groups.append(len(runs))  # the generation this thread was released with

    ts = [threading.Thread(target=member, name="member-%d" % i) for i in range(threads)]
    for i, t in enumerate(ts):
        t.start()
        time.sleep(0.02)
    for t in ts:
        t.join()
    mark("barrier: action ran %d times for %d threads in groups of %d" % (len(runs), threads, parties))
    return len(runs), threads // parties


def timer_phase(interval_ms=200):
    fired = []
    t0 = time.perf_counter()
    t = threading.Timer(interval_ms / 1000, lambda: fired.append(time.perf_counter() - t0))
    cancelled = []
    c = threading.Timer(interval_ms / 1000, lambda: cancelled.append(1))
    t.start()
    c.start()
    c.cancel()
    t.join()
    c.join()
    time.sleep(interval_ms / 1000)
    return len(fired), (fired[0] * 1000 if fired else -1), len(cancelled)


def main():
    a = params()
    released, spread, lag = event_phase(a.waiters, a.wait_ms)
    one, rest = condition_phase()
    action_runs, generations = barrier_phase()
    fired, fired_after, cancelled_ran = timer_phase()
    result(waiters=a.waiters, released=released, release_spread_ms=round(spread, 2), release_lag_ms=round(lag, 2),
           cond_waiters=5, notify_woke=one, notify_all_woke=rest, barrier_actions=action_runs, barrier_generations=generations,
           timer_fired=fired, timer_after_ms=round(fired_after, 1), timer_interval_ms=200, cancelled_ran=cancelled_ran)


if __name__ == "__main__":
    main()
