# 死锁现象 / Deadlock
# 十个线程以相反的顺序抢 A、B 两把锁，程序卡死 / Ten threads take locks A and B in opposite orders: the program hangs
from threading import Thread, Lock
import time

mutexA = Lock()  # 产生一把锁 / make a lock
mutexB = Lock()  # 产生一把锁 / make a lock


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
        print(f'{self.name}释放了B锁 / released lock B', flush=True)
        mutexA.release()
        print(f'{self.name}释放了A锁 / released lock A', flush=True)

    def func2(self):
        mutexB.acquire()
        print(f'{self.name}抢到了B锁 / got lock B', flush=True)
        time.sleep(1)  # 此时别的线程已拿到 A 锁 / meanwhile another thread has taken lock A
        mutexA.acquire()
        print(f'{self.name}抢到了A锁 / got lock A', flush=True)
        mutexA.release()
        print(f'{self.name}释放了A锁 / released lock A', flush=True)
        mutexB.release()
        print(f'{self.name}释放了B锁 / released lock B', flush=True)


for i in range(10):
    obj = MyThread()
    obj.start()
