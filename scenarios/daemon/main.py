"""daemon: a daemon child dies with its parent; a non-daemon child keeps it waiting.

    python3 main.py --main_s 2 --daemon_s 30 --nondaemon_s 6

daemon=True must be set BEFORE start(). When the parent's main code ends, multiprocessing
terminates its daemonic children at once, then joins every child (in set order, so the
terminated daemon may stay a zombie until the non-daemon is done). So the daemon child
stops mid-work, and the parent process stays alive until the non-daemon child is done.
"""
import argparse
import json
import multiprocessing as mp
import os
import sys
import time


def emit(**obj):
    # One JSON object per line in ONE write: with several processes on the same pipe,
    # print()'s separate "\n" write could interleave with another process's line.
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def beat(role, seconds):
    """Work for `seconds`, saying so twice a second, so you can see when it stops."""
    end = time.time() + seconds
    while time.time() < end:
        emit(ev="metric", name=f"{role}_alive_s", value=round(seconds - (end - time.time()), 1))
        time.sleep(0.5)
    emit(ev="mark", label=f"{role} child {os.getpid()} finished its work", pid=os.getpid())


def main():
    ap = argparse.ArgumentParser(description="A daemon child ends with the parent's main code; a non-daemon child keeps the parent waiting.")
    ap.add_argument("--main_s", type=float, default=2.0, help="seconds the parent's main code runs")
    ap.add_argument("--daemon_s", type=float, default=30.0, help="seconds the daemon child WOULD work")
    ap.add_argument("--nondaemon_s", type=float, default=6.0, help="seconds the non-daemon child works")
    a = ap.parse_args()

    d = mp.Process(target=beat, args=("daemon", a.daemon_s), name="daemon-child")
    d.daemon = True  # must be set before start()
    n = mp.Process(target=beat, args=("non-daemon", a.nondaemon_s), name="non-daemon-child")
    d.start()
    n.start()
    emit(ev="daemon", pid=d.pid)  # tell the monitor which child is a daemon
    emit(ev="mark", label=f"started daemon {d.pid} and non-daemon {n.pid}", pid=os.getpid())

    time.sleep(a.main_s)  # the parent's own work
    emit(ev="result", main_ended=1, parent_pid=os.getpid(), daemon_pid=d.pid, nondaemon_pid=n.pid,
         daemon_would_run_ms=int(a.daemon_s * 1000), nondaemon_ms=int(a.nondaemon_s * 1000))
    emit(ev="mark", label="main code ends: the daemon is terminated now, the non-daemon is waited for", pid=os.getpid())
    # Nothing else: falling off the end of main() runs multiprocessing's exit handler.


if __name__ == "__main__":
    main()
