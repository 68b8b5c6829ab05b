# 生产者消费者模型 / Producers and consumers
# 生产者 + 消息队列（蒸笼）+ 消费者（客人） / producers + a message queue (the steamer) + consumers (the guests)
# 结束：每个消费者一个 None / to stop: one None per consumer
from multiprocessing import Process, Queue
import random
import time


def producer(name, food, q):
    for i in range(3):  # 原文 range() 没有参数 / the seed's range() had no argument
        data = f'{food} #{i}'
        time.sleep(random.uniform(0.1, 0.3))
        print(f'{name} 生产了 / made {data}', flush=True)
        q.put(data)


def consumer(name, q):
    while True:
        food = q.get()
        if food is None:  # 结束的标识 / the end marker
            break
        time.sleep(random.uniform(0.1, 0.3))
        print(f'{name} 吃了 / ate {food}', flush=True)


if __name__ == '__main__':
    q = Queue()
    p1 = Process(target=producer, args=('大厨 chef', '包子 buns', q))
    p2 = Process(target=producer, args=('张桑 Zhang', '养生汤 soup', q))
    c1 = Process(target=consumer, args=('李四 Li Si', q))
    c2 = Process(target=consumer, args=('王五 Wang Wu', q))
    for p in (p1, p2, c1, c2):
        p.start()
    p1.join()
    p2.join()
    q.put(None)  # 一定在所有生产的数据之后 / surely after everything produced
    q.put(None)  # 两个消费者，放两个 None / two consumers, two Nones
    c1.join()
    c2.join()
    print('都吃完了 / all eaten', flush=True)
