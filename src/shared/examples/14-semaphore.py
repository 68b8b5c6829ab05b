# 信号量 / Semaphore
# 信号量相当于多把锁（公共厕所）：20 个线程，最多 5 个同时在里面 / A semaphore is several locks (a public toilet): 20 threads, at most 5 inside
from threading import Semaphore, Thread, Lock
import time

sp = Semaphore(5)
inside = 0
guard = Lock()


class MyThread(Thread):
    def run(self):
        global inside
        with sp:
            with guard:
                inside += 1
                print(f'{self.name} 进入 / in, 里面 / inside: {inside}', flush=True)
            time.sleep(1)
            with guard:
                inside -= 1


threads = [MyThread() for i in range(20)]
for t in threads:
    t.start()
for t in threads:
    t.join()
