# GIL 与普通互斥锁的区别 / The GIL is not your lock
# GIL 只保证解释器内部不乱，不保证程序的数据安全 / The GIL keeps the interpreter's memory safe, not your data
import time
from threading import Thread, Lock

num = 100


def task_unsafe():
    global num
    count = num
    time.sleep(0.1)  # 读和写之间切换了线程 / a thread switch between the read and the write
    num = count - 1


def task(mutex):
    global num
    mutex.acquire()
    count = num
    time.sleep(0.01)
    num = count - 1
    mutex.release()


t_list = []
for i in range(100):
    t = Thread(target=task_unsafe)
    t.start()
    t_list.append(t)  # 原文忘了把线程放进列表 / the seed forgot to fill this list
for t in t_list:
    t.join()
print('不加锁 / without a lock:', num)  # 99，而不是 0 / 99, not 0

num = 100
mutex = Lock()
t_list = []
for i in range(100):
    t = Thread(target=task, args=(mutex,))
    t.start()
    t_list.append(t)
for t in t_list:
    t.join()
print('加锁 / with a lock:', num)  # 0
