"""queues: FIFO, LIFO and priority order; a blocking put on a full queue, a get with a timeout.

    python3 main.py --block_ms 1500

queue.Queue hands items out in the order they were put (first in, first out), LifoQueue in
reverse (last in, first out), PriorityQueue smallest first. A Queue(maxsize=2) that is full
makes put() wait until someone takes an item; get(timeout=…) on an empty queue waits that long
and raises queue.Empty. While they wait, both threads sleep on the queue's lock (a futex):
*lock wait* in the thread lanes.
"""
import os
import queue
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402

ITEMS = [5, 1, 4, 2, 3]


def drain(q):
    for x in ITEMS:
        q.put(x)
    return [q.get() for _ in ITEMS]


def blocked_put(block_ms):
    q = queue.Queue(maxsize=2)
    q.put("a")
    q.put("b")
    times = {}

    def producer():
        mark("waiting", lock="put")  # the queue is full: put() waits for a free slot
        t0 = time.perf_counter()
        q.put("c")
        times["blocked"] = (time.perf_counter() - t0) * 1000
        mark("acquired", lock="put")

    t = threading.Thread(target=producer, name="producer")
    t.start()
    time.sleep(block_ms / 1000)
    mark("get(): a slot is free")
    q.get()  # frees a slot: the producer goes on
    t.join()
    return times["blocked"]


def timed_get(block_ms):
    q = queue.Queue()
    out = {}

    def consumer():
        mark("waiting", lock="get")  # the queue is empty: get() waits, at most block_ms
        t0 = time.perf_counter()
        try:
            q.get(timeout=block_ms / 1000)
            out["empty"] = 0
        except queue.Empty:
            out["empty"] = 1
        out["waited"] = (time.perf_counter() - t0) * 1000
        mark("timed out" if out["empty"] else "acquired", lock="get")

    t = threading.Thread(target=consumer, name="consumer")
    t.start()
    t.join()
    return out["empty"], out["waited"]


def main():
    a = params()
    fifo = drain(queue.Queue())
    lifo = drain(queue.LifoQueue())
    prio = drain(queue.PriorityQueue())
    mark("put %s: FIFO %s, LIFO %s, priority %s" % (ITEMS, fifo, lifo, prio))
    put_ms = blocked_put(a.block_ms)
    empty, get_ms = timed_get(a.block_ms)
    result(items=",".join(map(str, ITEMS)), fifo=",".join(map(str, fifo)), lifo=",".join(map(str, lifo)),
           priority=",".join(map(str, prio)), block_ms=a.block_ms, put_blocked_ms=round(put_ms, 1),
           get_raised_empty=empty, get_waited_ms=round(get_ms, 1))


if __name__ == "__main__":
    main()
