"""ipc: the same message exchange over five channels between two processes, measured in one run.

    python3 main.py --channel all --messages 100 --size 262144

Each channel carries `messages` messages of `size` bytes (an 8-byte sequence number first) from
the parent to a child process, which checks that each arrives once and in order and reports back;
then 20 round trips of a 64-byte message measure the latency. Channels: multiprocessing.Queue, Pipe, a
file, a loopback TCP socket, and shared memory (a ring of slots in a RawArray with two semaphores:
the payload is written once, never pickled or copied through the kernel).
Then a Manager().dict() counter updated by several processes without a lock (updates are lost) and
with one (exact).
"""
import multiprocessing as mp
import os
import socket
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_kit"))
from proclab import params, mark, metric, result  # noqa: E402

SEQ = struct.Struct("<q")
ROUND_TRIPS = 20
CHANNELS = ["queue", "pipe", "file", "socket", "shm"]


class QueueEnd:
    def __init__(self, out_q, in_q):
        self.out_q, self.in_q = out_q, in_q

    def send(self, b):
        self.out_q.put(b)

    def recv(self):
        return self.in_q.get()

    recv_seq = None


class PipeEnd:
    def __init__(self, conn):
        self.conn = conn

    def send(self, b):
        self.conn.send_bytes(b)

    def recv(self):
        return self.conn.recv_bytes()

    recv_seq = None


class SocketEnd:
    def __init__(self, sock):
        self.sock = sock

    def send(self, b):
        # Small messages in one write (no extra segment); large ones without concatenating a copy.
        if len(b) < 65536:
            self.sock.sendall(struct.pack("<I", len(b)) + b)
        else:
            self.sock.sendall(struct.pack("<I", len(b)))
            self.sock.sendall(b)

    def _exact(self, n):
        buf = bytearray(n)
        view, got = memoryview(buf), 0
        while got < n:
            k = self.sock.recv_into(view[got:])
            if not k:
                raise EOFError("socket closed")
            got += k
        return bytes(buf)

    def recv(self):
        (n,) = struct.unpack("<I", self._exact(4))
        return self._exact(n)

    recv_seq = None


class ShmRing:
    """One direction of shared memory: `slots` buffers of `size` bytes, a length word each, and
    two counting semaphores (free slots, filled slots). One writer, one reader."""

    def __init__(self, size, slots=4):
        self.size, self.slots = size, slots
        self.buf = mp.RawArray("B", size * slots)
        self.lens = mp.RawArray("q", slots)
        self.free, self.full = mp.Semaphore(slots), mp.Semaphore(0)
        self.w = self.r = 0  # each process advances its own index

    def send(self, b):
        self.free.acquire()
        i = self.w % self.slots
        memoryview(self.buf).cast("B")[i * self.size:i * self.size + len(b)] = b  # the one copy
        self.lens[i] = len(b)
        self.w += 1
        self.full.release()

    def _take(self, whole):
        self.full.acquire()
        i = self.r % self.slots
        view = memoryview(self.buf).cast("B")[i * self.size:i * self.size + self.lens[i]]
        out = bytes(view) if whole else SEQ.unpack_from(view)[0]  # the reader needs only the header
        self.r += 1
        self.free.release()
        return out

    def recv(self):
        return self._take(True)

    def recv_seq(self):
        return self._take(False)


class ShmEnd:
    def __init__(self, out_ring, in_ring):
        self.out_ring, self.in_ring = out_ring, in_ring

    def send(self, b):
        self.out_ring.send(b)

    def recv(self):
        return self.in_ring.recv()

    def recv_seq(self):
        return self.in_ring.recv_seq()


def child_stream(end, n):
    """Receives n messages, checks their sequence numbers, reports, then echoes round trips."""
    end.send(SEQ.pack(-1))  # ready: the sender starts its clock now
    expected, in_order, received, seen = 0, True, 0, set()
    for _ in range(n):
        seq = end.recv_seq() if end.recv_seq else SEQ.unpack_from(end.recv())[0]
        received += 1
        in_order = in_order and seq == expected
        seen.add(seq)
        expected = seq + 1
    end.send(SEQ.pack(received) + SEQ.pack(int(in_order)) + SEQ.pack(len(seen)))
    for _ in range(ROUND_TRIPS):
        end.send(end.recv())


def child_socket(port, n):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        child_stream(SocketEnd(s), n)


def child_file(path, conn, n):
    conn.recv_bytes()  # "the file is written"
    expected, in_order, received, seen = 0, True, 0, set()
    with open(path, "rb") as f:
        for _ in range(n):
            head = f.read(4)
            if len(head) < 4:
                break
            (k,) = struct.unpack("<I", head)
            seq = SEQ.unpack_from(f.read(k))[0]
            received += 1
            in_order = in_order and seq == expected
            seen.add(seq)
            expected = seq + 1
    conn.send_bytes(SEQ.pack(received) + SEQ.pack(int(in_order)) + SEQ.pack(len(seen)))


def message(seq, size):
    return SEQ.pack(seq) + bytes(size - SEQ.size)


def measure(channel, n, size, tmp):
    """Returns (MB/s, one-way latency µs or None, received, in order, distinct)."""
    payloads = [message(i, size) for i in range(n)]
    if channel == "file":
        path = os.path.join(tmp, "messages.bin")
        parent, child = mp.Pipe()
        p = mp.Process(target=child_file, args=(path, child, n), name="ipc-file")
        p.start()
        t0 = time.perf_counter()
        with open(path, "wb") as f:
            for b in payloads:
                f.write(struct.pack("<I", len(b)) + b)
        parent.send_bytes(b"go")
        report = parent.recv_bytes()
        t1 = time.perf_counter()
        p.join()
        os.unlink(path)
        latency = None
    else:
        listener = None
        if channel == "queue":
            a, b = mp.Queue(), mp.Queue()
            mine, args = QueueEnd(a, b), (QueueEnd(b, a), n)
            target = child_stream
        elif channel == "pipe":
            x, y = mp.Pipe()
            mine, args, target = PipeEnd(x), (PipeEnd(y), n), child_stream
        elif channel == "shm":
            a, b = ShmRing(size), ShmRing(size)
            mine, args, target = ShmEnd(a, b), (ShmEnd(b, a), n), child_stream
        else:
            listener = socket.create_server(("127.0.0.1", 0))
            args, target = (listener.getsockname()[1], n), child_socket
        p = mp.Process(target=target, args=args, name=f"ipc-{channel}")
        p.start()
        if listener is not None:
            conn, _ = listener.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            mine = SocketEnd(conn)
        mine.recv()  # the receiver is ready
        t0 = time.perf_counter()
        for b in payloads:
            mine.send(b)
        report = mine.recv()
        t1 = time.perf_counter()
        r0 = time.perf_counter()
        ping = message(0, 64)  # latency: small messages, so the per-message cost shows, not the bytes
        for _ in range(ROUND_TRIPS):
            mine.send(ping)
            mine.recv()
        latency = (time.perf_counter() - r0) / ROUND_TRIPS / 2 * 1e6
        p.join()
        if listener is not None:
            conn.close()
            listener.close()
    received, in_order, distinct = (SEQ.unpack_from(report, k * 8)[0] for k in range(3))
    return n * size / (t1 - t0) / 1e6, latency, received, in_order, distinct


def bump(d, lock, go, k, guarded):
    go.wait()  # all start together, so their updates interleave
    for _ in range(k):
        if guarded:
            with lock:
                v = d["n"]
                time.sleep(0.0005)
                d["n"] = v + 1
        else:
            v = d["n"]  # read …
            time.sleep(0.0005)  # … another process reads the same value meanwhile …
            d["n"] = v + 1  # … and one of the two writes is lost


def manager_counter(procs, k, guarded):
    with mp.Manager() as m:
        d, lock, go = m.dict(n=0), m.Lock(), mp.Event()
        ps = [mp.Process(target=bump, args=(d, lock, go, k, guarded)) for _ in range(procs)]
        for p in ps:
            p.start()
        go.set()
        for p in ps:
            p.join()
        return d["n"]


def main():
    a = params()
    size = max(a.size, SEQ.size)
    chosen = CHANNELS if a.channel == "all" else [a.channel]
    out = dict(channels=",".join(chosen), messages=a.messages, size=size, round_trips=ROUND_TRIPS)
    with tempfile.TemporaryDirectory(prefix="proclab-ipc-") as tmp:
        for ch in chosen:
            mark(f"channel {ch} start")
            mbs, lat, received, in_order, distinct = measure(ch, a.messages, size, tmp)
            mark(f"channel {ch} end")
            metric("throughput_mb_s", round(mbs, 1))
            if lat is not None:
                metric("latency_us", round(lat, 1))
            out.update({f"{ch}_mb_s": round(mbs, 2), f"{ch}_received": received, f"{ch}_in_order": in_order,
                        f"{ch}_distinct": distinct})
            if lat is not None:
                out[f"{ch}_latency_us"] = round(lat, 1)
    if a.counter_procs > 0:
        mark("manager counter start")
        out.update(counter_procs=a.counter_procs, counter_adds=a.counter_adds,
                   counter_expected=a.counter_procs * a.counter_adds,
                   counter_unlocked=manager_counter(a.counter_procs, a.counter_adds, False),
                   counter_locked=manager_counter(a.counter_procs, a.counter_adds, True))
        mark("manager counter end")
    result(**out)


if __name__ == "__main__":
    main()
