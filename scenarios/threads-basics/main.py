"""threads-basics: threads live INSIDE one process.

    python3 main.py --threads 4 --hold_ms 2000

Every thread prints the same PID but its own kernel thread id (TID); they all update one
global counter (guarded by a Lock) and main sees the total. While they hold, expand the
process in the monitor to see its threads.
"""
import os
import sys
import threading
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402

COUNTER = 0  # shared by every thread of this process
LOCK = threading.Lock()


def work(adds, hold_ms, seen):
    global COUNTER
    me = threading.current_thread()
    tid = threading.get_native_id()  # the kernel's id for this thread (Linux: /proc/<pid>/task/<tid>)
    with LOCK:
        seen.append((os.getpid(), tid, me.name))
    mark(f"{me.name}: pid={os.getpid()} tid={tid}", pid=os.getpid(), tid=tid)
    for _ in range(adds):
        with LOCK:  # read-modify-write of a shared global: guard it
            COUNTER += 1
    time.sleep(hold_ms / 1000)  # stay alive so the monitor can count us


def main():
    a = params()
    n = max(1, min(64, a.threads))
    seen = [(os.getpid(), threading.get_native_id(), threading.current_thread().name)]
    mark(f"main thread: pid={os.getpid()} tid={threading.get_native_id()}")

    mark(f"workers starting: {n} threads")
    ts = [threading.Thread(target=work, args=(a.adds, a.hold_ms, seen), name=f"worker-{i}") for i in range(n)]
    for t in ts:
        t.start()
    time.sleep(min(0.3, a.hold_ms / 2000))
    active = threading.active_count()  # main + the workers still alive
    names = [t.name for t in threading.enumerate()]
    mark(f"active_count()={active}; enumerate()={names}")
    for t in ts:
        t.join()

    pids = {p for p, _, _ in seen}
    tids = {t for _, t, _ in seen}
    result(pid=os.getpid(), threads=n, same_pid=int(pids == {os.getpid()}), distinct_tids=len(tids),
         active_count=active, shared_counter=COUNTER, expected_counter=n * a.adds, globals_shared=int(COUNTER == n * a.adds))


if __name__ == "__main__":
    main()
