"""process-basics: start a child process two ways, wait for it, end it, and see that
processes do not share memory.

    python3 main.py --hold_ms 1500

Each step prints a mark with what it found; the last line is the result.
"""
import multiprocessing as mp
import os
import sys
import signal
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402

COUNTER = 0  # a global: the memory-isolation step changes it in a child


def report(q, hold_ms):
    """Target function: tell the parent who we are, then stay alive a while to be watched."""
    me = mp.current_process()
    q.put((me.name, os.getpid(), os.getppid()))
    time.sleep(hold_ms / 1000)


class Reporter(mp.Process):
    """The second way: subclass Process and put the child's code in run()."""

    def __init__(self, q, hold_ms):
        super().__init__(name="by-subclass")
        self.q, self.hold_ms = q, hold_ms

    def run(self):
        report(self.q, self.hold_ms)


def sleeper(cleanup_ms):
    # terminate() sends SIGTERM. By default that ends a Python process at once (no finally,
    # no atexit); a handler lets the child clean up first, as real servers do.
    if cleanup_ms > 0:
        def on_term(signum, frame):
            time.sleep(cleanup_ms / 1000)  # e.g. flush files, close connections
            os._exit(0)

        signal.signal(signal.SIGTERM, on_term)
    time.sleep(60)


def change_global(q):
    global COUNTER
    COUNTER = 100  # changes the CHILD's copy only
    q.put(COUNTER)


def main():
    a = params()
    res = {"parent_pid": os.getpid()}
    mark(f"parent {mp.current_process().name} pid={os.getpid()} ppid={os.getppid()}")

    # 1) two ways to start a child
    q = mp.Queue()
    c1 = mp.Process(target=report, args=(q, a.hold_ms), name="by-target")
    c2 = Reporter(q, a.hold_ms)
    c1.start()  # start() only ASKS the OS for a process: it returns at once
    c2.start()
    for _ in range(2):
        name, pid, ppid = q.get()
        k = "child1" if name == "by-target" else "child2"
        res[f"{k}_pid"], res[f"{k}_ppid"] = pid, ppid
        mark(f"child {name}: pid={pid} ppid={ppid} (parent is {os.getpid()})", pid=pid)

    # 2) join waits for the child to finish; is_alive tells us before and after
    res["alive_before_join"] = int(c1.is_alive())
    mark(f"before join: is_alive()={c1.is_alive()}")
    c1.join()
    c2.join()
    res["alive_after_join"] = int(c1.is_alive() or c2.is_alive())
    mark(f"after join: is_alive()={c1.is_alive()}, exitcode={c1.exitcode}")

    # 3) terminate() sends SIGTERM and returns at once: the child ends a moment later
    s = mp.Process(target=sleeper, args=(a.cleanup_ms,), name="to-terminate")
    s.start()
    time.sleep(a.hold_ms / 1000)
    t0 = time.perf_counter()
    s.terminate()
    res["alive_after_terminate"] = int(s.is_alive())
    while s.is_alive():
        time.sleep(0.0005)
    res["terminate_delay_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    res["dead_after_terminate"] = int(not s.is_alive())
    s.join()
    mark(f"terminate(): is_alive() right after = {bool(res['alive_after_terminate'])}, "
         f"gone after {res['terminate_delay_ms']} ms, exitcode={s.exitcode}", pid=s.pid)

    # 4) memory isolation: the child's COUNTER is a copy
    res["global_initial"] = COUNTER
    m = mp.Process(target=change_global, args=(q,), name="changes-global")
    m.start()
    res["global_in_child"] = q.get()
    m.join()
    res["global_in_parent"] = COUNTER
    mark(f"child set COUNTER={res['global_in_child']}; parent still sees COUNTER={COUNTER}")

    result(**res)


if __name__ == "__main__":
    main()
