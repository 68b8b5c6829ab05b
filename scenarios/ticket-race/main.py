"""ticket-race: N buyer processes on one data.json; without a lock tickets are oversold.

    python3 main.py --buyers 10 --stock 3 --delay_ms 100

Each buyer searches (reads the stock; takes delay_ms), then buys: reads the stock again,
waits delay_ms (a slow network, say), and if a ticket was left writes stock - 1 and logs the
sale. Three phases, each from a fresh data.json in a temp folder of its own:

1. no lock: every buyer reads the same stock before any writes back: more sales than tickets.
2. lock: the buy (read, wait, write) under a multiprocessing.Lock: exactly `stock` sales; the
   searches still run at once, only the buying takes turns.
3. join: each buyer is started and joined before the next: also exact, but everything is serial.
"""
import json
import multiprocessing as mp
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402


def read_stock(folder):
    with open(os.path.join(folder, "data.json"), encoding="utf-8") as f:
        return json.load(f)["count"]


def buy(folder, me, delay):
    count = read_stock(folder)
    time.sleep(delay * random.uniform(0.8, 1.2))  # meanwhile, other buyers read the same count
    if count > 0:
        # Written aside and renamed over: a reader sees the old or the new file, never a half-written one.
        tmp = os.path.join(folder, "data.json.%d" % me)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"count": count - 1}, f)
        os.replace(tmp, os.path.join(folder, "data.json"))
        # One short O_APPEND write per sale: the kernel keeps whole lines from many processes.
        with open(os.path.join(folder, "sales.log"), "a", encoding="utf-8") as f:
            f.write("%d\n" % me)


def buyer(folder, me, delay, lock):
    time.sleep(delay)  # search: everyone may look at once
    read_stock(folder)
    if lock is None:
        buy(folder, me, delay)
    else:
        with lock:  # only the buying takes turns
            buy(folder, me, delay)


def phase(name, root, a, lock=None, serial=False):
    folder = os.path.join(root, name)
    os.mkdir(folder)
    with open(os.path.join(folder, "data.json"), "w", encoding="utf-8") as f:
        json.dump({"count": a.stock}, f)
    mark("phase: " + name)
    t0 = time.perf_counter()
    delay = a.delay_ms / 1000
    ps = []
    for i in range(a.buyers):
        p = mp.Process(target=buyer, args=(folder, i, delay, lock), name="buyer-%d" % i)
        p.start()
        if serial:
            p.join()
        ps.append(p)
    for p in ps:
        p.join()
    if any(p.exitcode != 0 for p in ps):
        raise SystemExit("a buyer failed: exit codes %s" % [p.exitcode for p in ps])
    ms = (time.perf_counter() - t0) * 1000
    try:
        with open(os.path.join(folder, "sales.log"), encoding="utf-8") as f:
            sold = sum(1 for _ in f)
    except FileNotFoundError:
        sold = 0
    left = read_stock(folder)
    mark("phase %s done: %d sold of %d, stock file says %d left" % (name, sold, a.stock, left))
    return sold, left, ms


def main():
    a = params()
    mp.set_start_method("fork")  # Linux: buyers are copies of this process (concept 23)
    root = tempfile.mkdtemp(prefix="proclab-tickets-")
    try:
        sold_free, left_free, ms_free = phase("nolock", root, a)
        sold_lock, left_lock, ms_lock = phase("lock", root, a, lock=mp.Lock())
        sold_join, left_join, ms_join = phase("join", root, a, serial=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    result(buyers=a.buyers, stock=a.stock, delay_ms=a.delay_ms,
           nolock_sold=sold_free, nolock_left=left_free, oversold=max(0, sold_free - a.stock),
           lock_sold=sold_lock, join_sold=sold_join,
           nolock_ms=round(ms_free, 1), lock_ms=round(ms_lock, 1), join_ms=round(ms_join, 1))


if __name__ == "__main__":
    main()
