"""daemon: a daemon child dies with its parent; a non-daemon child keeps it waiting.

    python3 main.py --main_s 2 --daemon_s 30 --nondaemon_s 6

daemon=True must be set BEFORE start(). When the parent's main code ends, multiprocessing
terminates its daemonic children at once, then joins every child (in set order, so the
terminated daemon may stay a zombie until the non-daemon is done). So the daemon child
stops mid-work, and the parent process stays alive until the non-daemon child is done.
"""
import multiprocessing as mp
import os
import sys
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, metric, result, daemon  # noqa: E402


def beat(role, seconds):
    """Work for `seconds`, saying so twice a second, so you can see when it stops."""
    end = time.time() + seconds
    while time.time() < end:
        metric(f"{role}_alive_s", round(seconds - (end - time.time()), 1))
        time.sleep(0.5)
    mark(f"{role} child {os.getpid()} finished its work")


def main():
    a = params()

    d = mp.Process(target=beat, args=("daemon", a.daemon_s), name="daemon-child")
    d.daemon = True  # must be set before start()
    n = mp.Process(target=beat, args=("non-daemon", a.nondaemon_s), name="non-daemon-child")
    d.start()
    n.start()
    daemon(d.pid)  # tell the monitor which child is a daemon
    mark(f"started daemon {d.pid} and non-daemon {n.pid}")

    time.sleep(a.main_s)  # the parent's own work
    result(main_ended=1, parent_pid=os.getpid(), daemon_pid=d.pid, nondaemon_pid=n.pid,
         daemon_would_run_ms=int(a.daemon_s * 1000), nondaemon_ms=int(a.nondaemon_s * 1000))
    mark("main code ends: the daemon is terminated now, the non-daemon is waited for")
    # Nothing else: falling off the end of main() runs multiprocessing's exit handler.


if __name__ == "__main__":
    main()
