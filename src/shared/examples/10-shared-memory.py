# 共享内存：Value 与 Manager().dict() / Shared memory: Value and Manager().dict()
# 由操作系统分配，速度快，但数据量不能太大；不加锁一样会乱 / Allocated by the OS: fast, but small; without a lock it still goes wrong
import time
from multiprocessing import Lock, Manager, Process, Value


def task(data, lock):
    with lock:  # Manager 的字典不带锁，要自己加 / a Manager's dict has no lock of its own: add one
        num = data['num']
        time.sleep(0.05)
        data['num'] = num - 1


def add(counter):
    for i in range(100):
        with counter.get_lock():  # Value 自带一把锁 / a Value comes with its own lock
            counter.value += 1


if __name__ == '__main__':
    m = Manager()  # 让 Manager 开启一个共享的字典 / a Manager process serves a shared dict
    data = m.dict({'num': 10})
    lock = Lock()
    ps = [Process(target=task, args=(data, lock)) for i in range(10)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()  # 原文用 sleep(2) 等 / the seed waited with sleep(2)
    print('Manager().dict() 加锁 / with a lock:', dict(data))  # {'num': 0}
    m.shutdown()

    counter = Value('i', 0)  # 共享的整数 / a shared integer
    ps = [Process(target=add, args=(counter,)) for i in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print('Value 共享计数 / shared counter:', counter.value)  # 400
