"""orphan: the parent exits first; the child keeps running and is adopted.

    python3 main.py --parent_s 2 --child_s 6

The child prints its parent PID, then watches it: when the parent exits, the kernel
re-parents the child to init (PID 1) or to the nearest "subreaper", and getppid()
changes. The child finishes its work and exits on its own.
"""
import os
import sys
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402


def child(parent_s, child_s):
    before = os.getppid()
    mark(f"child {os.getpid()} started, ppid={before}")
    end = time.time() + child_s
    after = before
    while time.time() < end:
        time.sleep(0.1)
        now = os.getppid()
        if now != after:
            mark(f"parent gone: child {os.getpid()} re-parented {after} -> {now}")
            after = now
    result(child_pid=os.getpid(), ppid_before=before, ppid_after=after)
    mark(f"orphan {os.getpid()} done, exiting")


def main():
    a = params()
    if not hasattr(os, "fork"):
        sys.exit("orphan uses os.fork (Linux/macOS)")
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        child(a.parent_s, a.child_s)
        os._exit(0)
    result(parent_pid=os.getpid(), child_pid=pid)
    time.sleep(a.parent_s)
    # Exit WITHOUT waiting for the child: it becomes an orphan.
    mark(f"parent {os.getpid()} exits now, child {pid} still running")
    os._exit(0)


if __name__ == "__main__":
    main()
