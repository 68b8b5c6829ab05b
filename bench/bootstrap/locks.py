"""The Python bootstrap's cost on a lock-heavy loop: N acquire/release pairs of a threading.Lock
(with-statement) and of an RLock, in 1 and in 4 threads, and of a multiprocessing Lock and RLock
(with-statement, and acquire()/release() calls) in one thread, timed inside the program as process CPU
time (interpreter start-up is not counted; on a loaded machine wall time measures the load). Run by bench/bootstrap/run.sh with and without the bootstrap on PYTHONPATH."""
import sys
import threading
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def loop(lock, n):
    for _ in range(n):
        with lock:
            pass


def timed(make, threads):
    lock = make()
    ts = [threading.Thread(target=loop, args=(lock, N // threads)) for _ in range(threads)]
    t0 = time.process_time()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return (time.process_time() - t0) / N * 1e9


for name, make in (('Lock', threading.Lock), ('RLock', threading.RLock)):
    for threads in (1, 4):
        best = min(timed(make, threads) for _ in range(3))
        print('%s %d thread%s: %.0f ns per acquire+release' % (name, threads, '' if threads == 1 else 's', best))


def mp_loop(lock, n):
    for _ in range(n):
        with lock:
            pass


def mp_calls(lock, n):
    acquire, release = lock.acquire, lock.release
    for _ in range(n):
        acquire()
        release()


if __name__ == '__main__':
    import multiprocessing as mp

    for name, make in (('multiprocessing.Lock', mp.Lock), ('multiprocessing.RLock', mp.RLock)):
        for how, body in (('with', mp_loop), ('acquire/release', mp_calls)):
            best = None
            for _ in range(3):
                lock = make()
                t0 = time.process_time()
                body(lock, N)
                ns = (time.process_time() - t0) / N * 1e9
                best = ns if best is None else min(best, ns)
            print('%s (%s), 1 thread: %.0f ns per acquire+release' % (name, how, best))
