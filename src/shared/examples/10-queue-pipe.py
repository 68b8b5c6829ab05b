# 进程间通信：队列与管道 / IPC: a queue and a pipe
# 进程之间内存隔离，要交换数据就借助队列（管道 + 锁）或管道 / Processes share no memory: they exchange data through a queue (a pipe + a lock) or a pipe
import queue
from multiprocessing import Pipe, Process, Queue


def producer(q):
    q.put('燕子李三 / Yanzi Li San')  # 子进程往队列里放数据 / the child puts data in the queue


def consumer(q):
    print('消费者拿到 / the consumer got:', q.get(), flush=True)


def child_end(conn):
    conn.send('你好，父进程 / hello, parent')  # 管道的另一端 / the other end of the pipe
    print('子进程收到 / the child got:', conn.recv(), flush=True)
    conn.close()


if __name__ == '__main__':
    q = Queue(5)  # 最多同时存放 5 个数据 / holds at most 5 items at once
    for i in range(5):
        q.put(i)
    print('满了吗 / full?', q.full())  # 多进程下不精确 / not exact across processes
    print('取出 / got:', [q.get() for i in range(5)])
    try:
        q.get(timeout=1)  # 没有数据：等 1 秒再报错 / nothing there: wait 1 s, then raise
    except queue.Empty:
        print('等了 1 秒，队列还是空的 / waited 1 s, still empty: queue.Empty')
    try:
        q.get_nowait()  # 没有数据直接报错 / nothing there: raises at once
    except queue.Empty:
        print('get_nowait: queue.Empty')

    # 子进程跟子进程借助队列通信 / two children talk through a queue
    p = Process(target=producer, args=(q,))
    c = Process(target=consumer, args=(q,))
    p.start()
    c.start()
    p.join()
    c.join()

    # 管道：两端各一个连接 / a pipe: one connection at each end
    parent_conn, child_conn = Pipe()
    w = Process(target=child_end, args=(child_conn,))
    w.start()
    print('父进程收到 / the parent got:', parent_conn.recv(), flush=True)
    parent_conn.send('你好，子进程 / hello, child')
    w.join()
