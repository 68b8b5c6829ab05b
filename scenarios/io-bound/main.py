"""io-bound: N tasks that mostly WAIT (a sleep, a file, a loopback socket), four ways.

    python3 main.py --model threads --tasks 12 --sleep_ms 1000

While a thread waits for IO it releases the GIL, so threads overlap their waits: 12
tasks take about as long as ONE. asyncio does the same on a single thread. Processes
overlap too, but each one costs a start-up (spawn) and its own memory.
"""
import asyncio
import multiprocessing as mp
import os
import sys
import resource
import shutil
import socket
import socketserver
import tempfile
import threading
import time

# The scenario kit (../_kit/proclab.py): parameters from manifest.json, protocol lines.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, progress, result  # noqa: E402


def max_rss_kb():
    # ru_maxrss: the peak resident memory of this process (kB on Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        data = self.request.recv(65536)
        self.request.sendall(data)


class EchoServer(socketserver.ThreadingTCPServer):
    # socketserver's default listen backlog is 5: with more tasks connecting at once the
    # kernel drops the extra SYNs and the client retries after 1 s, which looks like slow IO.
    request_queue_size = 128
    daemon_threads = True


def start_echo_server():
    """A tiny TCP echo server on 127.0.0.1 in a background thread: real socket IO, no network."""
    srv = EchoServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=srv.serve_forever, daemon=True, name="echo-server").start()
    return srv, srv.server_address[1]


def io_task(i, port, tmpdir, sleep_ms, io_kb):
    """One task: wait (sleep), write and read a file, one round trip over a socket."""
    time.sleep(sleep_ms / 1000)  # like a slow remote call: the thread blocks, the GIL is free
    path = os.path.join(tmpdir, f"task-{i}.bin")
    payload = os.urandom(io_kb * 1024)
    with open(path, "wb") as f:
        f.write(payload)
    with open(path, "rb") as f:
        assert f.read() == payload
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"ping %d" % i)
        s.recv(1024)
    return i


def child_task(i, port, tmpdir, sleep_ms, io_kb, started_at, q):
    # In a child process: report when we really started (spawn cost) and our memory.
    q.put(("started", i, time.time() - started_at, max_rss_kb()))
    io_task(i, port, tmpdir, sleep_ms, io_kb)
    q.put(("done", i, 0, max_rss_kb()))


def pool_ready(_):
    return os.getpid(), max_rss_kb()


async def async_task(i, port, tmpdir, sleep_ms, io_kb):
    await asyncio.sleep(sleep_ms / 1000)  # the event loop runs other tasks meanwhile
    # Files have no async API in the stdlib: hand the small read/write to a helper thread.
    path = os.path.join(tmpdir, f"task-{i}.bin")
    payload = os.urandom(io_kb * 1024)

    def file_io():
        with open(path, "wb") as f:
            f.write(payload)
        with open(path, "rb") as f:
            return f.read() == payload

    await asyncio.to_thread(file_io)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"ping %d" % i)
    await writer.drain()
    await reader.read(1024)
    writer.close()
    await writer.wait_closed()


def main():
    a = params()
    n = max(1, min(64, a.tasks))
    srv, port = start_echo_server()
    tmpdir = tempfile.mkdtemp(prefix="proclab-io-")
    args = (port, tmpdir, a.sleep_ms, a.io_kb)

    # One task alone first: the yardstick the concurrent models are measured against.
    t = time.perf_counter()
    io_task(-1, *args)
    task_ms = (time.perf_counter() - t) * 1000
    mark(f"one task alone took {task_ms:.0f} ms")

    extra = {}
    progress(0, n)
    t0, c0 = time.perf_counter(), os.times()
    if a.model == "sequential":
        for i in range(n):
            io_task(i, *args)
            progress(i + 1, n)
    elif a.model == "threads":
        done = [0]
        lock = threading.Lock()

        def job(i):
            io_task(i, *args)
            with lock:
                done[0] += 1
                progress(done[0], n)

        ts = [threading.Thread(target=job, args=(i,)) for i in range(n)]
        for th in ts:
            th.start()
        for th in ts:
            th.join()
    elif a.model == "async":

        async def run_all():
            done = 0

            async def one(i):
                nonlocal done
                await async_task(i, *args)
                done += 1
                progress(done, n)

            await asyncio.gather(*(one(i) for i in range(n)))

        asyncio.run(run_all())
    elif a.model == "processes":
        q = mp.Queue()
        procs = []
        for i in range(n):
            p = mp.Process(target=child_task, args=(i, *args, time.time(), q))
            p.start()
            procs.append(p)
        spawn, rss, done = [], {}, 0
        while done < n:
            kind, i, dt, kb = q.get()
            rss[i] = max(rss.get(i, 0), kb)
            if kind == "started":
                spawn.append(dt * 1000)
            else:
                done += 1
                progress(done, n)
        for p in procs:
            p.join()
        extra = dict(spawn_ms=round(sum(spawn) / len(spawn), 2), children_rss_kb=sum(rss.values()))
    else:  # pool of processes, one per task so the waits overlap
        ts = time.perf_counter()
        with mp.Pool(processes=n) as pool:
            ready = pool.map(pool_ready, range(n), chunksize=1)  # all workers up and answering
            spawn_ms = (time.perf_counter() - ts) * 1000 / n
            rss = {pid: kb for pid, kb in ready}
            for k, _ in enumerate(pool.imap_unordered(_pool_task, [(i, *args) for i in range(n)])):
                progress(k + 1, n)
        extra = dict(spawn_ms=round(spawn_ms, 2), children_rss_kb=sum(rss.values()))
    wall = (time.perf_counter() - t0) * 1000
    c1 = os.times()
    cpu_ms = (sum(c1[:4]) - sum(c0[:4])) * 1000
    srv.shutdown()
    shutil.rmtree(tmpdir, ignore_errors=True)
    result(model=a.model, tasks=n, wall_ms=round(wall, 1), task_ms=round(task_ms, 1), cpu_ms=round(cpu_ms, 1),
         parent_rss_kb=max_rss_kb(), **extra)


def _pool_task(args):
    return io_task(*args)


if __name__ == "__main__":
    main()
