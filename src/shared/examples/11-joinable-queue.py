# 生产者消费者：JoinableQueue / Producers and consumers with a JoinableQueue
# 每 put 一次计数 +1，每 task_done 一次 -1，q.join() 等到 0 / each put adds 1, each task_done takes 1, q.join() waits for 0
from multiprocessing import JoinableQueue, Process
import random
import time


def producer(name, food, q):
    for i in range(3):
        data = f'{food} #{i}'
        time.sleep(random.uniform(0.1, 0.3))
        print(f'{name} 生产了 / made {data}', flush=True)
        q.put(data)


def consumer(name, q):
    while True:
        food = q.get()
        time.sleep(random.uniform(0.1, 0.3))
        print(f'{name} 吃了 / ate {food}', flush=True)
        q.task_done()  # 告诉队列这个数据已经处理完 / tell the queue this item is done


if __name__ == '__main__':
    q = JoinableQueue()
    p1 = Process(target=producer, args=('大厨 chef', '包子 buns', q))
    p2 = Process(target=producer, args=('张桑 Zhang', '养生汤 soup', q))
    c1 = Process(target=consumer, args=('李四 Li Si', q))
    c2 = Process(target=consumer, args=('王五 Wang Wu', q))
    c1.daemon = True  # 消费者设为守护进程 / the consumers are daemons
    c2.daemon = True
    for p in (p1, p2, c1, c2):
        p.start()
    p1.join()
    p2.join()
    q.join()  # 等队列里的数据都被处理完 / wait until every item is processed
    print('队列计数为 0，消费者随主进程结束 / the count is 0: the consumers end with the parent', flush=True)
