# event 事件 / Event
# 20 个线程等一个信号，一次 set() 全部放行 / 20 threads wait for one signal; one set() releases them all
from threading import Thread, Event
import time

ev = Event()


def wait(ev):
    print('等待信号执行 / waiting for the signal', flush=True)
    ev.wait()
    print('收到了开始执行 / got it, running', flush=True)


def run():
    print('准备执行 / getting ready', flush=True)
    time.sleep(3)
    ev.set()


t2 = Thread(target=run)
t2.start()
for i in range(20):
    t = Thread(target=wait, args=(ev,))
    t.start()
