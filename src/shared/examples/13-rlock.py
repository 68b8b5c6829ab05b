# 递归锁 RLock / The recursive lock
# 同一个线程可以多次 acquire，计数归零后别的线程才能抢到 / One thread may acquire it N times; others get it once the count is back to 0
from threading import Thread, RLock
import time

mutexA = mutexB = RLock()  # A、B 是同一把递归锁 / A and B are one recursive lock


class MyThread(Thread):
    def run(self):
        self.func1()
        self.func2()

    def func1(self):
        mutexA.acquire()
        print(f'{self.name}抢到了A锁 / got lock A', flush=True)
        mutexB.acquire()
        print(f'{self.name}抢到了B锁 / got lock B', flush=True)
        mutexB.release()
        mutexA.release()

    def func2(self):
        mutexB.acquire()
        print(f'{self.name}抢到了B锁 / got lock B', flush=True)
        time.sleep(0.1)
        mutexA.acquire()
        print(f'{self.name}抢到了A锁 / got lock A', flush=True)
        mutexA.release()
        mutexB.release()


threads = [MyThread() for i in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('没有死锁 / no deadlock')
