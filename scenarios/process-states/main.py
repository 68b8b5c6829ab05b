"""process-states: one process cycles through running, sleeping and IO.

    python3 main.py --cycles 4 --busy_ms 1500 --sleep_ms 1200 --io_ms 800

Watch its State column: R (running) while it computes, S (sleeping) while it sleeps or
waits for IO. Press Stop in the monitor (SIGSTOP) and it turns T (stopped) and makes no
progress until you press Continue (SIGCONT). Ready vs running is not visible from
outside: the kernel shows both as R.
"""
import os
import sys
import socket
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, metric, progress, result  # noqa: E402


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
    a = params()
    a_sock, b_sock = socket.socketpair()
    total = a.cycles * 3
    done = 0
    mark(f"pid {os.getpid()}: {a.cycles} cycles; try Stop / Continue on this process")
    progress(0, total)
    for c in range(a.cycles):
        for phase, fn in (("running", lambda: busy(a.busy_ms)), ("sleeping", lambda: time.sleep(a.sleep_ms / 1000)),
                          ("io-wait", lambda: io(a.io_ms, a_sock, b_sock))):
            mark(f"cycle {c + 1}: {phase}")
            t = time.perf_counter()
            fn()
            done += 1
            progress(done, total)
            # If someone stopped us mid-phase, the phase took longer than planned.
            metric(f"{phase}_phase_ms", round((time.perf_counter() - t) * 1000))
    cpu = os.times()
    result(cycles=a.cycles, cpu_ms=round((cpu.user + cpu.system) * 1000))


if __name__ == "__main__":
    main()
