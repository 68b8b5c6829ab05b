"""zombie: a child that has exited but was not waited for stays in the process table.

    python3 main.py --hold_s 5

The parent forks a child that exits almost at once. The parent does NOT call wait() for
`hold_s` seconds: meanwhile the child is a zombie (state Z, "<defunct>" in ps). It keeps
its PID and exit status, nothing else. Then the parent calls os.waitpid() and the zombie
disappears. (multiprocessing would reap it for you; os.fork does not.)
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


def proc_state(pid):
    """The state letter from /proc/<pid>/stat (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def main():
    ap = argparse.ArgumentParser(description="Leave a zombie child for a while, then reap it.")
    ap.add_argument("--hold_s", type=float, default=5.0, help="seconds the parent waits before reaping the child")
    ap.add_argument("--child_ms", type=int, default=500, help="how long the child runs before it exits")
    a = ap.parse_args()
    if not hasattr(os, "fork"):
        sys.exit("zombie needs os.fork (Linux/macOS)")

    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        # The child: run a moment, then exit WITHOUT anybody waiting for us.
        emit(ev="mark", label=f"child {os.getpid()} running", pid=os.getpid())
        time.sleep(a.child_ms / 1000)
        emit(ev="mark", label=f"child {os.getpid()} exits now", pid=os.getpid())
        os._exit(0)  # _exit: leave at once, without the parent's cleanup code

    emit(ev="result", child_pid=pid, parent_pid=os.getpid())
    time.sleep(a.child_ms / 1000 + 0.3)
    state = proc_state(pid)
    emit(ev="mark", label=f"child {pid} has exited, not reaped: /proc state {state} (Z = zombie)", pid=pid)
    time.sleep(max(0.0, a.hold_s - 0.3))

    # Reap it: waitpid collects the exit status and frees the process-table entry.
    _, status = os.waitpid(pid, 0)
    emit(ev="mark", label=f"reaped {pid}: exit status {os.waitstatus_to_exitcode(status)}; /proc state now {proc_state(pid)}", pid=pid)
    emit(ev="result", reaped=1, seen_state=state or "?", exit_code=os.waitstatus_to_exitcode(status))
    time.sleep(1.5)  # stay a moment so the monitor sees the zombie gone


if __name__ == "__main__":
    main()
