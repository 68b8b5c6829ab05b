# 创建线程的两种方式，线程共享数据 / Two ways to create a thread; threads share data
import os
import threading
import time


def task(num):
    print(f'线程 / thread {num} pid={os.getpid()}')  # 和进程同一个 PID / the same PID as the process


for num in range(10):
    t = threading.Thread(target=task, args=(num,))
    t.start()


class Mythread(threading.Thread):
    def __init__(self, num):
        super().__init__()  # 原文把参数传给了 super / the seed passed args to super()
        self.num = num

    def run(self) -> None:
        print(f'我是线程 / I am thread {self.num}, {threading.current_thread().name}')
        time.sleep(0.5)


for num in range(10):
    Mythread(num).start()

# 同一个进程内多个线程数据共享 / threads of one process share its data
num = 666


def change():
    global num
    num = 888


t = threading.Thread(target=change)
t.start()
t.join()  # 主线程等待子线程 / the main thread waits for it
print(num)  # 888
print('存活线程数 / active threads:', threading.active_count())
