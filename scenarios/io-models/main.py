"""io-models: the same slow sources (loopback sockets that answer after a delay) read five ways:
blocking one after another, blocking in a thread each, non-blocking polling, a selectors
(select/epoll) loop, and asyncio. The sources live in a child process (--role source), so the
reader's threads and CPU are its own."""
import asyncio
import os
import selectors
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import mark, metric, params, result  # noqa: E402

ANSWER = b"answer from a slow source\n"
SOURCE_DEADLINE_S = 120


def source(a):
    """Answers each connection delay_ms after it arrived; ends when the reader closes our stdin."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    sys.stdout.write("%d\n" % listener.getsockname()[1])
    sys.stdout.flush()

    def answer(conn):
        time.sleep(a.delay_ms / 1000)
        try:
            conn.sendall(ANSWER)
        finally:
            conn.close()

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    # stdin reaches EOF when the reader is done (or gone): then this process ends too.
    sys.stdin.read()


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    return s


def read_all(s):
    buf = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            return buf
        buf += chunk


def model_blocking(ports):
    out = []
    for p in ports:
        with connect(p) as s:
            out.append(read_all(s))  # the thread sleeps in recv (I/O wait) until the answer
    return out


def model_threads(ports):
    out = [None] * len(ports)

    def one(i, p):
        with connect(p) as s:
            out[i] = read_all(s)

    ts = [threading.Thread(target=one, args=(i, p)) for i, p in enumerate(ports)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def model_polling(ports):
    """Non-blocking recv on every socket, again and again, never waiting: ≈ a core spent asking."""
    socks = [connect(p) for p in ports]
    for s in socks:
        s.setblocking(False)
    bufs = {s: b"" for s in socks}
    open_ = set(socks)
    while open_:
        for s in list(open_):
            try:
                chunk = s.recv(4096)
            except BlockingIOError:
                continue
            if chunk:
                bufs[s] += chunk
            else:
                open_.discard(s)
                s.close()
    return [bufs[s] for s in socks]


def model_select(ports):
    sel = selectors.DefaultSelector()
    socks = [connect(p) for p in ports]
    bufs = {}
    for s in socks:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        bufs[s] = b""
    left = len(socks)
    while left:
        for key, _ in sel.select():  # the thread sleeps in epoll_wait until a socket is readable
            s = key.fileobj
            chunk = s.recv(4096)
            if chunk:
                bufs[s] += chunk
            else:
                sel.unregister(s)
                s.close()
                left -= 1
    return [bufs[s] for s in socks]


def model_async(ports):
    async def one(p):
        reader, writer = await asyncio.open_connection("127.0.0.1", p)
        data = await reader.read()
        writer.close()
        return data

    async def main():
        return await asyncio.gather(*(one(p) for p in ports))

    return asyncio.run(main())


MODELS = {"blocking": model_blocking, "threads": model_threads, "polling": model_polling, "select": model_select,
          "async": model_async}


def main():
    a = params(extra={"role": (str, "reader", "reader (default) or source: the slow sources the reader starts itself")})
    if a.role == "source":
        source(a)
        return
    src = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--role", "source", "--delay_ms", str(a.delay_ms)],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        port = int(src.stdout.readline())
        mark("sources ready: %d sockets on 127.0.0.1:%d answer after %d ms each" % (a.sources, port, a.delay_ms))
        mark("waiting starts (%s)" % a.model)
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        answers = MODELS[a.model]([port] * a.sources)
        wall = (time.perf_counter() - t0) * 1000
        cpu = (time.process_time() - cpu0) * 1000
        mark("all answers in")
        # As metrics too: compare-models puts metrics side by side (the reader's own CPU, not the sources').
        metric("wait_wall_ms", round(wall, 1))
        metric("wait_cores", round(cpu / max(wall, 1e-3), 3))
        result(model=a.model, sources=a.sources, delay_ms=a.delay_ms, answers=sum(1 for x in answers if x == ANSWER),
               wall_ms=round(wall, 1), source_pid=src.pid)
    finally:
        src.stdin.close()
        src.wait(timeout=SOURCE_DEADLINE_S)


if __name__ == "__main__":
    main()
