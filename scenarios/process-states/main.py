"""process-states: one process cycles through running, sleeping and IO.

    python3 main.py --cycles 4 --busy_ms 1500 --sleep_ms 1200 --io_ms 800

Watch its State column: R (running) while it computes, S (sleeping) while it sleeps or
waits for IO. Press Stop in the monitor (SIGSTOP) and it turns T (stopped) and makes no
progress until you press Continue (SIGCONT). Ready vs running is not visible from
outside: the kernel shows both as R.
"""
import argparse
import json
import os
import sys
import socket
import time


def emit(**obj):
    # One JSON object per line in ONE write: with several processes on the same pipe,
    # print()'s separate "\n" write could interleave with another process's line.
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def busy(ms):
    """Running: pure computation until the time is up (the CPU is ours, or we are ready for it)."""
    end = time.perf_counter() + ms / 1000
    x = 0
    while time.perf_counter() < end:
        x += 1
    return x


def io(ms, a, b):
    """Blocked on IO: wait on a socket for data that arrives a little later each time."""
    end = time.perf_counter() + ms / 1000
    n = 0
    while time.perf_counter() < end:
        a.settimeout(max(0.01, min(0.2, end - time.perf_counter())))
        try:
            a.recv(1)  # blocks in the kernel: state S until data or the timeout
        except socket.timeout:
            pass
        b.send(b"x")  # then give ourselves something to read and loop
        a.recv(1)
        n += 1
    return n


def main():
    ap = argparse.ArgumentParser(description="Cycle through running (busy loop), sleeping (time.sleep) and IO (socket wait) phases.")
    ap.add_argument("--cycles", type=int, default=4)
    ap.add_argument("--busy_ms", type=int, default=1500, help="running phase length")
    ap.add_argument("--sleep_ms", type=int, default=1200, help="sleeping phase length")
    ap.add_argument("--io_ms", type=int, default=800, help="IO-wait phase length")
    a = ap.parse_args()
    a_sock, b_sock = socket.socketpair()
    total = a.cycles * 3
    done = 0
    emit(ev="mark", label=f"pid {os.getpid()}: {a.cycles} cycles; try Stop / Continue on this process", pid=os.getpid())
    emit(ev="progress", done=0, total=total)
    for c in range(a.cycles):
        for phase, fn in (("running", lambda: busy(a.busy_ms)), ("sleeping", lambda: time.sleep(a.sleep_ms / 1000)),
                          ("io-wait", lambda: io(a.io_ms, a_sock, b_sock))):
            emit(ev="mark", label=f"cycle {c + 1}: {phase}", pid=os.getpid())
            t = time.perf_counter()
            fn()
            done += 1
            emit(ev="progress", done=done, total=total)
            # If someone stopped us mid-phase, the phase took longer than planned.
            emit(ev="metric", name=f"{phase}_phase_ms", value=round((time.perf_counter() - t) * 1000))
    cpu = os.times()
    emit(ev="result", cycles=a.cycles, cpu_ms=round((cpu.user + cpu.system) * 1000))


if __name__ == "__main__":
    main()
