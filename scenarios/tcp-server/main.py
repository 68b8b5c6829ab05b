"""tcp-server: an echo server on 127.0.0.1 in one of several concurrency models, and a built-in
load client (a separate process: C connections x M messages of S bytes, loopback only).

The server runs in the program's main thread (so an event loop really is one thread); it
listens, stays idle for `idle_ms` (the busy-polling model burns a core even then), starts
the load client, and stops once the client has finished.
"""
import asyncio
import multiprocessing
import os
import selectors
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import mark, metric, params, result  # noqa: E402

# The client never talks to anything but this machine's loopback address.
LOOPBACK = ("127.0.0.1", "::1")
CLIENT_DEADLINE_S = 30.0


def loopback_only(host):
    if host not in LOOPBACK:
        sys.stderr.write("tcp-server client: refusing target %r: the load client only connects to 127.0.0.1 or ::1\n" % host)
        sys.exit(2)
    return host


# ---------------------------------------------------------------- load client (own process)

def recv_exactly(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("server closed the connection")
        buf += chunk
    return bytes(buf)


def client(a):
    host = loopback_only(a.host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + CLIENT_DEADLINE_S
    socks = []
    for _ in range(a.clients):
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(10)
        try:
            s.connect((host, a.port))
        except OSError as e:
            sys.stderr.write("tcp-server client: cannot connect to %s:%d: %s\n" % (host, a.port, e.strerror or e))
            sys.exit(1)
        socks.append(s)
    mark("load: all %d connections open" % a.clients)
    latencies = []
    errors = [0]
    last = [0.0]  # when the last echo came back: throughput leaves out the hold time
    lock = threading.Lock()
    opened = time.monotonic()
    payload = (b"proclab!" * (a.size // 8 + 1))[: a.size]

    def talk(s):
        mine = []
        try:
            for _ in range(a.messages):
                if time.monotonic() > deadline:
                    raise TimeoutError("client deadline")
                t0 = time.perf_counter()
                s.sendall(payload)
                if recv_exactly(s, a.size) != payload:
                    raise ValueError("echo differs")
                mine.append((time.perf_counter() - t0) * 1000)
            with lock:
                last[0] = max(last[0], time.perf_counter())
            # Each connection stays open at least hold_ms, so that the samples see them all.
            time.sleep(max(0.0, a.hold_ms / 1000 - (time.monotonic() - opened)))
        except (OSError, ValueError, ConnectionError, TimeoutError):
            with lock:
                errors[0] += 1
        finally:
            s.close()
            with lock:
                latencies.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=talk, args=(s,)) for s in socks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = max(last[0] - t0, 1e-6) if latencies else time.perf_counter() - t0
    lat = sorted(latencies)

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else -1

    mark("load: done, %d messages echoed" % len(lat))
    # Also as metrics: comparisons of models (compare-models) put metrics side by side, not result fields.
    tput = round(len(lat) / wall, 1) if wall else 0
    metric("throughput_msg_s", tput)
    metric("p50_ms", pct(0.5))
    metric("p99_ms", pct(0.99))
    result(client_pid=os.getpid(), clients=a.clients, messages_echoed=len(lat), messages_expected=a.clients * a.messages,
           errors=errors[0], wall_ms=round(wall * 1000, 1), throughput_msg_s=tput,
           throughput_mb_s=round(len(lat) * a.size / wall / 1e6, 3) if wall else 0, p50_ms=pct(0.5), p99_ms=pct(0.99))


# ---------------------------------------------------------------- the server's pacing

class Load:
    """Idle window, then the client process; `tick()` says when the server may stop."""

    def __init__(self, a, port):
        self.a = a
        self.port = port
        self.listen_at = time.monotonic()
        self.idle_cpu0 = time.process_time()
        self.proc = None
        self.ended_at = None

    def tick(self):
        now = time.monotonic()
        if self.proc is None:
            if now - self.listen_at >= self.a.idle_ms / 1000:
                # This process's CPU (all its threads) while no client was connected: what waiting costs.
                metric("idle_cores", round((time.process_time() - self.idle_cpu0) / max(now - self.listen_at, 1e-6), 3))
                mark("load starts: %d clients x %d messages x %d bytes" % (self.a.clients, self.a.messages, self.a.size))
                self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--role", "client", "--port", str(self.port),
                                              "--clients", str(self.a.clients), "--messages", str(self.a.messages),
                                              "--size", str(self.a.size), "--hold_ms", str(self.a.hold_ms)])
            return False
        if self.proc.poll() is not None:
            return True
        if now - self.listen_at > (self.a.idle_ms + self.a.hold_ms) / 1000 + CLIENT_DEADLINE_S + 5:
            self.proc.kill()
            self.proc.wait()
            return True
        return False


def echo_blocking(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(data)


def serve_accepting(listener, load, handle):
    """Blocking accept with a short timeout, so that the loop can pace the load."""
    listener.settimeout(0.1)
    while not load.tick():
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        conn.settimeout(None)
        handle(conn)


def model_process(listener, load):
    ctx = multiprocessing.get_context("fork")
    children = []

    def handle(conn):
        p = ctx.Process(target=echo_blocking, args=(conn,))
        p.start()
        conn.close()  # the child has its own copy of the socket
        children.append(p)

    serve_accepting(listener, load, handle)
    for p in children:
        p.join()


def model_thread(listener, load):
    threads = []

    def handle(conn):
        t = threading.Thread(target=echo_blocking, args=(conn,))
        t.start()
        threads.append(t)

    serve_accepting(listener, load, handle)
    for t in threads:
        t.join()


def model_pool(listener, load, size):
    with ThreadPoolExecutor(max_workers=size) as pool:
        serve_accepting(listener, load, lambda conn: pool.submit(echo_blocking, conn))


def model_select(listener, load):
    sel = selectors.DefaultSelector()
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ)
    while not load.tick():
        for key, _ in sel.select(timeout=0.1):
            if key.fileobj is listener:
                try:
                    conn, _ = listener.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ)
            else:
                conn = key.fileobj
                try:
                    data = conn.recv(65536)
                except BlockingIOError:
                    continue
                if data:
                    conn.setblocking(True)  # small echoes: a blocking send keeps this short
                    conn.sendall(data)
                    conn.setblocking(False)
                else:
                    sel.unregister(conn)
                    conn.close()


def model_busy(listener, load):
    """Non-blocking accept/recv in a loop that never waits: it spins a core doing nothing."""
    listener.setblocking(False)
    conns = []
    while not load.tick():
        try:
            conn, _ = listener.accept()
            conn.setblocking(False)
            conns.append(conn)
        except BlockingIOError:
            pass
        for conn in list(conns):
            try:
                data = conn.recv(65536)
            except BlockingIOError:
                continue
            if data:
                conn.setblocking(True)
                conn.sendall(data)
                conn.setblocking(False)
            else:
                conns.remove(conn)
                conn.close()


async def echo_async(reader, writer):
    while True:
        data = await reader.read(65536)
        if not data:
            break
        writer.write(data)
        await writer.drain()
    writer.close()


def run_loop(listener, stop):
    async def main():
        sock = socket.socket(fileno=os.dup(listener.fileno()))
        server = await asyncio.start_server(echo_async, sock=sock)
        while not stop():
            await asyncio.sleep(0.1)
        server.close()

    asyncio.run(main())


def model_async(listener, load):
    run_loop(listener, load.tick)


def model_hybrid(listener, load, procs, threads):
    """Processes, threads inside each, coroutines inside each thread, all on one listening socket."""
    ctx = multiprocessing.get_context("fork")
    stop_at = ctx.Event()

    def worker():
        ts = [threading.Thread(target=run_loop, args=(listener, stop_at.is_set)) for _ in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    workers = [ctx.Process(target=worker) for _ in range(procs)]
    for w in workers:
        w.start()
    while not load.tick():
        time.sleep(0.05)
    stop_at.set()
    for w in workers:
        w.join()


def server(a):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    mark("listening on 127.0.0.1:%d (%s model), idle for %d ms before the load" % (port, a.model, a.idle_ms))
    result(port=port, server_pid=os.getpid())
    load = Load(a, port)
    t0 = time.perf_counter()
    if a.model == "process":
        model_process(listener, load)
    elif a.model == "thread":
        model_thread(listener, load)
    elif a.model == "pool":
        model_pool(listener, load, a.pool)
    elif a.model == "select":
        model_select(listener, load)
    elif a.model == "busy":
        model_busy(listener, load)
    elif a.model == "async":
        model_async(listener, load)
    else:
        model_hybrid(listener, load, 2, 2)
    listener.close()
    mark("server stopped")
    result(model=a.model, server_wall_ms=round((time.perf_counter() - t0) * 1000, 1), client_exit=load.proc.returncode)


def main():
    a = params(extra={
        "role": (str, "server", "server (default) or client: the load client the server starts itself"),
        "host": (str, "127.0.0.1", "client only: the server's address; only 127.0.0.1 or ::1 are accepted"),
        "port": (int, 0, "client only: the server's port"),
    })
    if a.role == "client":
        client(a)
    else:
        server(a)


if __name__ == "__main__":
    main()
