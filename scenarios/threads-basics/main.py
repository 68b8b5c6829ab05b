"""threads-basics: threads live INSIDE one process.

    python3 main.py --threads 4 --hold_ms 2000

Every thread prints the same PID but its own kernel thread id (TID); they all update one
global counter (guarded by a Lock) and main sees the total. While they hold, expand the
process in the monitor to see its threads.
"""
import argparse
import json
import os
import sys
import threading
import time

COUNTER = 0  # shared by every thread of this process
LOCK = threading.Lock()


def emit(**obj):
    # One JSON object per line in ONE write: with several processes on the same pipe,
    # print()'s separate "\n" write could interleave with another process's line.
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def work(adds, hold_ms, seen):
    global COUNTER
    me = threading.current_thread()
    tid = threading.get_native_id()  # the kernel's id for this thread (Linux: /proc/<pid>/task/<tid>)
    with LOCK:
        seen.append((os.getpid(), tid, me.name))
    emit(ev="mark", label=f"{me.name}: pid={os.getpid()} tid={tid}", pid=os.getpid(), tid=tid)
    for _ in range(adds):
        with LOCK:  # read-modify-write of a shared global: guard it
            COUNTER += 1
    time.sleep(hold_ms / 1000)  # stay alive so the monitor can count us


def main():
    ap = argparse.ArgumentParser(description="Threads share globals, report the same PID and distinct TIDs.")
    ap.add_argument("--threads", type=int, default=4, help="number of threads (1-64)")
    ap.add_argument("--hold_ms", type=int, default=2000, help="how long each thread stays alive")
    ap.add_argument("--adds", type=int, default=10000, help="how many times each thread adds 1 to the global")
    a = ap.parse_args()
    n = max(1, min(64, a.threads))
    seen = [(os.getpid(), threading.get_native_id(), threading.current_thread().name)]
    emit(ev="mark", label=f"main thread: pid={os.getpid()} tid={threading.get_native_id()}", pid=os.getpid(), tid=threading.get_native_id())

    emit(ev="mark", label=f"workers starting: {n} threads")
    ts = [threading.Thread(target=work, args=(a.adds, a.hold_ms, seen), name=f"worker-{i}") for i in range(n)]
    for t in ts:
        t.start()
    time.sleep(min(0.3, a.hold_ms / 2000))
    active = threading.active_count()  # main + the workers still alive
    names = [t.name for t in threading.enumerate()]
    emit(ev="mark", label=f"active_count()={active}; enumerate()={names}")
    for t in ts:
        t.join()

    pids = {p for p, _, _ in seen}
    tids = {t for _, t, _ in seen}
    emit(ev="result", pid=os.getpid(), threads=n, same_pid=int(pids == {os.getpid()}), distinct_tids=len(tids),
         active_count=active, shared_counter=COUNTER, expected_counter=n * a.adds, globals_shared=int(COUNTER == n * a.adds))


if __name__ == "__main__":
    main()
