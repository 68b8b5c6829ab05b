# 三种队列 / Three kinds of queue
# queue 模块的队列线程安全（管道 + 锁） / the queue module's queues are thread-safe (a pipe + a lock)
import queue

q = queue.Queue(3)  # 先进先出 / first in, first out
q.put(1)
q.put(2)
q.put(3)
print('FIFO:', [q.get() for i in range(3)])  # [1, 2, 3]

q = queue.LifoQueue(3)  # 后进先出（堆栈） / last in, first out (a stack)
q.put(1)
q.put(2)
q.put(3)
print('LIFO:', [q.get() for i in range(3)])  # [3, 2, 1]

q = queue.PriorityQueue(3)  # 数字越小，优先级越高 / the smaller the number, the higher the priority
q.put((10, '111'))
q.put((100, '222'))
q.put((0, '333'))
print('PRIORITY:', [q.get() for i in range(3)])  # [(0, '333'), (10, '111'), (100, '222')]

try:
    q.get_nowait()  # 空了直接报错 / empty: raises at once
except queue.Empty:
    print('get_nowait: queue.Empty')
