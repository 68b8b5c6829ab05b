# 计算密集型：多进程 vs 多线程 / Compute-bound: processes vs threads
# 有 GIL，多线程一次只用一个核；多进程能用上所有核 / With the GIL, threads use one core at a time; processes use them all
from threading import Thread
from multiprocessing import Process
import os
import time


def work():  # 计算密集型 / compute-bound
    res = 0
    for i in range(1, 3_000_000):
        res += i * i


if __name__ == '__main__':
    print('CPU 个数 / CPUs:', os.cpu_count())
    n = 4  # 原文是 12 / the seed used 12
    start_time = time.time()
    p_list = [Process(target=work) for i in range(n)]
    for p in p_list:
        p.start()
    for p in p_list:  # 确保所有的进程全部运行完毕 / make sure every process has finished
        p.join()
    print('多进程总耗时 / processes took: %.2f s' % (time.time() - start_time), flush=True)

    start_time = time.time()
    t_list = [Thread(target=work) for i in range(n)]
    for t in t_list:
        t.start()
    for t in t_list:
        t.join()
    print('多线程总耗时 / threads took: %.2f s' % (time.time() - start_time))
