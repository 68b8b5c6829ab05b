# 协程：用生成器手动切换 / Coroutines switched by hand, with generators
# 原文用的 greenlet 不在标准库里：生成器的 yield 就是一次切换 + 保存状态 / the seed's greenlet is not in the standard library: a generator's yield is one switch + saved state
import threading
import time


def a():
    for i in range(5):
        print('A' + str(i), flush=True)
        yield  # 切换到下一个 / switch to the next one


def b():
    for i in range(5):
        print('B' + str(i), flush=True)
        yield


def c():
    for i in range(5):
        print('C' + str(i), flush=True)
        yield


if __name__ == '__main__':
    tasks = [a(), b(), c()]
    while tasks:  # 轮流执行：A0 B0 C0 A1 B1 C1 …… / round robin: A0 B0 C0 A1 B1 C1 …
        for g in list(tasks):
            try:
                next(g)
            except StopIteration:
                tasks.remove(g)
        time.sleep(0.2)
    print('线程数 / threads:', threading.active_count(), flush=True)
