"""zombie: a child that has exited but was not waited for stays in the process table.

    python3 main.py --hold_s 5

The parent forks a child that exits almost at once. The parent does NOT call wait() for
`hold_s` seconds: meanwhile the child is a zombie (state Z, "<defunct>" in ps). It keeps
its PID and exit status, nothing else. Then the parent calls os.waitpid() and the zombie
disappears. (multiprocessing would reap it for you; os.fork does not.)
"""
import os
import sys
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, result  # noqa: E402


def proc_state(pid):
    """The state letter from /proc/<pid>/stat (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def main():
    a = params()
    if not hasattr(os, "fork"):
        sys.exit("zombie needs os.fork (Linux/macOS)")

    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        # The child: run a moment, then exit WITHOUT anybody waiting for us.
        mark(f"child {os.getpid()} running")
        time.sleep(a.child_ms / 1000)
        mark(f"child {os.getpid()} exits now")
        os._exit(0)  # _exit: leave at once, without the parent's cleanup code

    result(child_pid=pid, parent_pid=os.getpid())
    time.sleep(a.child_ms / 1000 + 0.3)
    state = proc_state(pid)
    mark(f"child {pid} has exited, not reaped: /proc state {state or '?'} (Z = zombie)", pid=pid)
    time.sleep(max(0.0, a.hold_s - 0.3))

    # Reap it: waitpid collects the exit status and frees the process-table entry.
    _, status = os.waitpid(pid, 0)
    # After the reap /proc has no entry: say so, not Python's "None".
    after = proc_state(pid) or "gone (no /proc entry)"
    mark(f"reaped {pid}: exit status {os.waitstatus_to_exitcode(status)}; /proc state now {after}", pid=pid)
    result(reaped=1, seen_state=state or "?", exit_code=os.waitstatus_to_exitcode(status))
    time.sleep(1.5)  # stay a moment so the monitor sees the zombie gone


if __name__ == "__main__":
    main()
