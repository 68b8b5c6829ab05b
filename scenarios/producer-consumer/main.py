"""producer-consumer: P producer processes, C consumer processes, one bounded queue.

    python3 main.py --producers 2 --consumers 2 --queue_size 5 --stop sentinel

A full queue blocks put(): the producer's thread waits on the queue's semaphore (a futex,
"lock wait" in the monitor) until a consumer takes an item. Consumers stop by a None
sentinel each, or (--stop joinable) by JoinableQueue + task_done + join with daemon consumers.
main samples the queue depth every 50 ms and reports it as a metric.
"""
import multiprocessing as mp
import os
import queue
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, metric, result  # noqa: E402


def producer(q, index, items, produce_ms):
    mark(f"producer {index} started (pid {os.getpid()})")
    for k in range(items):
        time.sleep(produce_ms / 1000)  # making the item
        q.put(index * 1_000_000 + k)  # blocks while the queue is full


def consumer_sentinel(q, done, index, consume_ms):
    mark(f"consumer {index} started (pid {os.getpid()})")
    while True:
        item = q.get()
        if item is None:  # our sentinel: no more items will come
            break
        time.sleep(consume_ms / 1000)
        done.put(item)


def consumer_joinable(q, done, index, consume_ms):
    mark(f"consumer {index} started (pid {os.getpid()})")
    while True:  # never returns: a daemon process, ended when main ends
        item = q.get()
        time.sleep(consume_ms / 1000)
        done.put(item)
        q.task_done()


def main():
    a = params()
    joinable = a.stop == "joinable"
    q = mp.JoinableQueue(a.queue_size) if joinable else mp.Queue(a.queue_size)
    done = mp.Queue()  # unbounded: what each consumer finished, so main can check exactly-once
    t0 = time.monotonic()
    consumers = [
        mp.Process(target=consumer_joinable if joinable else consumer_sentinel, args=(q, done, i, a.consume_ms),
                   name=f"consumer-{i}", daemon=joinable)
        for i in range(a.consumers)
    ]
    producers = [mp.Process(target=producer, args=(q, i, a.items, a.produce_ms), name=f"producer-{i}") for i in range(a.producers)]
    for p in consumers + producers:
        p.start()

    consumed = []
    stop_sampling = threading.Event()

    def sample_depth():
        # A thread of main: depth every 50 ms while the items flow, and the consumed list kept
        # drained (a child cannot exit while its queue feeder still holds unread items).
        while not stop_sampling.is_set():
            while True:
                try:
                    consumed.append(done.get_nowait())
                except queue.Empty:
                    break
            metric("queue_depth", q.qsize())
            metric("consumed", len(consumed))
            stop_sampling.wait(0.05)

    sampler = threading.Thread(target=sample_depth, name="depth-sampler")
    sampler.start()

    for p in producers:
        p.join()
    mark("producers done")
    if joinable:
        q.join()  # every item got its task_done()
        mark("queue joined: every item done")
    else:
        for _ in consumers:
            q.put(None)  # one sentinel per consumer
        for c in consumers:
            c.join()
        mark("consumers joined")
    stop_sampling.set()
    sampler.join()
    expected = a.producers * a.items
    deadline = time.monotonic() + 5
    while len(consumed) < expected and time.monotonic() < deadline:
        try:
            consumed.append(done.get(timeout=0.1))
        except queue.Empty:
            pass
    metric("queue_depth", q.qsize())
    metric("consumed", len(consumed))
    ended = sum(1 for c in consumers if not c.is_alive() and c.exitcode == 0) if not joinable else 0
    result(mode=a.stop, producers=a.producers, consumers=a.consumers, queue_size=a.queue_size, produced=expected,
           consumed=len(consumed), unique=len(set(consumed)), duplicates=len(consumed) - len(set(consumed)),
           consumers_ended_by_sentinel=ended, wall_ms=round((time.monotonic() - t0) * 1000))
    # joinable: the daemon consumers are still blocked in get(); multiprocessing ends them as main exits.


if __name__ == "__main__":
    main()
