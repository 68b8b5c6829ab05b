"""deadlock: two locks taken in opposite orders hang forever; so does one Lock taken twice; an RLock does not.

    python3 main.py --case two-locks --threads 10
    python3 main.py --case lock-twice
    python3 main.py --case rlock
    python3 main.py --case lucky-order

Every acquire is announced with lock marks ({"ev":"mark","label":"waiting","lock":"A"}, then
"acquired"), so ProcLab's deadlock watchdog can name the wait-for cycle when it fires. A stuck
program cannot end itself from inside; an alarm (SIGALRM, after --give_up_s) does it, unless
you stop the run first from the deadlock banner.
"""
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402


def take(lock, name, who):
    mark("waiting", lock=name, thread=who)
    lock.acquire()
    mark("acquired", lock=name, thread=who)


def give(lock, name, who):
    lock.release()
    mark("released", lock=name, thread=who)


def two_locks(n, hold_ms):
    """Threads 0 and 1 each take their first lock, meet, then ask for the other's: a cycle.
    The others queue on A or B behind them, as the seed's ten threads do."""
    locks = {"A": threading.Lock(), "B": threading.Lock()}
    met = threading.Barrier(2)
    pair_ready = threading.Event()

    def worker(i):
        who = "worker-%d" % i
        first, second = ("A", "B") if i % 2 == 0 else ("B", "A")
        if i < 2:
            take(locks[first], first, who)
            met.wait()  # both hold their first lock now: the crossing is certain, not a matter of luck
            pair_ready.set()
            time.sleep(hold_ms / 1000)
            take(locks[second], second, who)
            give(locks[second], second, who)
            give(locks[first], first, who)
        else:
            take(locks[first], first, who)
            take(locks[second], second, who)
            give(locks[second], second, who)
            give(locks[first], first, who)

    ts = [threading.Thread(target=worker, args=(i,), name="worker-%d" % i) for i in range(n)]
    for i, t in enumerate(ts):
        t.start()
        if i == 1:
            # The crossing pair first, each holding its first lock, then the queue behind them (a
            # fixed pause let a queued thread take A before worker-0 on a loaded machine).
            pair_ready.wait()
    for t in ts:
        t.join()  # never returns: main waits on the stuck threads, untimed, like them


def lucky_order(hold_ms):
    """The same opposite orders, one thread after the other: this time nothing hangs, yet the
    order graph has a cycle (lock_a before lock_b, then lock_b before lock_a) - run at the same
    time, these two can deadlock. ProcLab's bootstrap records each thread's lock orders and
    reports the potential deadlock with both lines."""
    lock_a = threading.Lock()
    lock_b = threading.Lock()

    # Written out rather than through take()/give(): the bootstrap records the line that calls
    # acquire, and a shared helper's one line would hide where the two orders differ.
    def forward(who):
        mark("waiting", lock="A", thread=who)
        with lock_a:
            mark("acquired", lock="A", thread=who)
            time.sleep(hold_ms / 1000)
            mark("waiting", lock="B", thread=who)
            with lock_b:
                mark("acquired", lock="B", thread=who)
            mark("released", lock="B", thread=who)
        mark("released", lock="A", thread=who)

    def backward(who):
        mark("waiting", lock="B", thread=who)
        with lock_b:
            mark("acquired", lock="B", thread=who)
            time.sleep(hold_ms / 1000)
            mark("waiting", lock="A", thread=who)
            with lock_a:
                mark("acquired", lock="A", thread=who)
            mark("released", lock="A", thread=who)
        mark("released", lock="B", thread=who)

    for i, order in enumerate((forward, backward)):
        who = "worker-%d" % i
        t = threading.Thread(target=order, args=(who,), name=who)
        t.start()
        t.join()  # one after the other: the timing is lucky, not the code


def nested(lock, who):
    """A function that takes the lock and calls a helper that takes it again."""
    take(lock, "L", who)
    take(lock, "L", who)  # a plain Lock: waits for itself, forever; an RLock: count 2
    give(lock, "L", who)
    give(lock, "L", who)


def main():
    a = params()
    started = time.monotonic()

    def give_up(signum, frame):
        # Runs in the main thread: Python interrupts its untimed lock wait for the handler.
        result(case=a.case, completed=0, gave_up=1, stuck_s=round(time.monotonic() - started, 2))
        sys.stdout.flush()
        os._exit(0)

    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(a.give_up_s)
    threads = a.threads if a.case == "two-locks" else 2 if a.case == "lucky-order" else 1
    result(case=a.case, threads=threads, give_up_s=a.give_up_s)
    if a.case == "two-locks":
        two_locks(a.threads, a.hold_ms)
    elif a.case == "lucky-order":
        lucky_order(a.hold_ms)
    elif a.case == "lock-twice":
        nested(threading.Lock(), "main")
    else:
        nested(threading.RLock(), "main")
    signal.alarm(0)
    result(case=a.case, completed=1, gave_up=0, stuck_s=0)


if __name__ == "__main__":
    main()
