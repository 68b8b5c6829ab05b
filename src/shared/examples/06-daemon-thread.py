# 守护线程 / Daemon threads
# 主线程要等所有非守护线程结束；守护线程随进程一起结束 / The main thread waits for every non-daemon thread; daemon threads end with the process
from threading import Thread
import time


def task():
    print('t1 开始 / starts (daemon, 1 s)', flush=True)
    time.sleep(1)
    print('end123', flush=True)


def func():
    print('t2 开始 / starts (not a daemon, 2 s)', flush=True)
    time.sleep(2)
    print('end456', flush=True)


def forever():
    print('t3 开始 / starts (daemon, 10 s)', flush=True)
    time.sleep(10)
    print('end789', flush=True)  # 不会打印：进程先结束了 / never printed: the process ends first


t1 = Thread(target=task, daemon=True)
t2 = Thread(target=func)
t3 = Thread(target=forever)
t3.daemon = True  # 另一种写法，必须在 start 之前 / the other way, before start
t1.start()
t2.start()
t3.start()
print('主线程代码结束了 / the main thread’s code is done', flush=True)  # 但进程还要等 t2 / but the process waits for t2
