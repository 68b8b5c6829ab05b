"""orphan: the parent exits first; the child keeps running and is adopted.

    python3 main.py --parent_s 2 --child_s 6

The child prints its parent PID, then watches it: when the parent exits, the kernel
re-parents the child to init (PID 1) or to the nearest "subreaper", and getppid()
changes. The child finishes its work and exits on its own.
"""
import argparse
import json
import os
import sys
import time


def emit(**obj):
    # One JSON object per line in ONE write: with several processes on the same pipe,
    # print()'s separate "\n" write could interleave with another process's line.
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def child(parent_s, child_s):
    before = os.getppid()
    emit(ev="mark", label=f"child {os.getpid()} started, ppid={before}", pid=os.getpid())
    end = time.time() + child_s
    after = before
    while time.time() < end:
        time.sleep(0.1)
        now = os.getppid()
        if now != after:
            emit(ev="mark", label=f"parent gone: child {os.getpid()} re-parented {after} -> {now}", pid=os.getpid())
            after = now
    emit(ev="result", child_pid=os.getpid(), ppid_before=before, ppid_after=after)
    emit(ev="mark", label=f"orphan {os.getpid()} done, exiting", pid=os.getpid())


def main():
    ap = argparse.ArgumentParser(description="The parent exits before its child; the child is re-parented.")
    ap.add_argument("--parent_s", type=float, default=2.0, help="seconds the parent lives after starting the child")
    ap.add_argument("--child_s", type=float, default=6.0, help="seconds the child lives in total")
    a = ap.parse_args()
    if not hasattr(os, "fork"):
        sys.exit("orphan uses os.fork (Linux/macOS)")
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        child(a.parent_s, a.child_s)
        os._exit(0)
    emit(ev="result", parent_pid=os.getpid(), child_pid=pid)
    time.sleep(a.parent_s)
    # Exit WITHOUT waiting for the child: it becomes an orphan.
    emit(ev="mark", label=f"parent {os.getpid()} exits now, child {pid} still running", pid=os.getpid())
    os._exit(0)


if __name__ == "__main__":
    main()
