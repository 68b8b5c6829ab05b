# 互斥锁：抢票 / Mutex: buying tickets
# 不加锁会超卖；加锁后一次只有一个进程买票 / Without a lock tickets are oversold; with it one process buys at a time
import json
import os
import random
import time
from multiprocessing import Process, Lock


def check_ticket(name):
    with open('data.json', 'r', encoding='utf-8') as f:
        redata = json.load(f)
    print(f'{name} 查看剩余 / sees left: {redata.get("ticket_num")}', flush=True)


def buy(name):
    with open('data.json', 'r', encoding='utf-8') as f:
        redata = json.load(f)
    if redata.get('ticket_num') > 0:
        time.sleep(random.uniform(0.1, 0.3))  # 模拟网络延迟 / network delay
        redata['ticket_num'] -= 1
        # 先写新文件再改名，查票的进程不会读到写了一半的文件 / Write a new file, then rename it: a checker never reads half a file
        with open('data.json.tmp', 'w', encoding='utf-8') as f:
            json.dump(redata, f, ensure_ascii=False)
        os.replace('data.json.tmp', 'data.json')
        print(f'{name} 抢票成功 / bought one', flush=True)
    else:
        print(f'{name} 抢票失败 / sold out', flush=True)


def run(name, lock):
    check_ticket(name)
    lock.acquire()  # 买票的那一段串行 / only the buying is serialised
    buy(name)
    lock.release()


if __name__ == '__main__':
    with open('data.json', 'w', encoding='utf-8') as f:
        json.dump({'ticket_num': 2}, f)  # 原文没有创建 data.json / the seed never made data.json
    lock = Lock()
    ps = [Process(target=run, args=(num, lock)) for num in range(10)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
