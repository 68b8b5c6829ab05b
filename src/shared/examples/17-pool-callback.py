# 进程池与线程池 / Process and thread pools
# 提前创建好固定数量的线程，超出则等待 / A fixed number of threads made beforehand; the rest wait
from concurrent.futures import ThreadPoolExecutor
import time

pool = ThreadPoolExecutor(4)  # 默认为 CPU 个数加 4（最多 32） / the default is CPU count + 4 (at most 32)


def done(res):
    print('回调 / callback:', res.result(), flush=True)  # 执行完毕后反馈机制 / called when the task is done


def run(num):
    print(f'任务 / task {num}', flush=True)
    time.sleep(0.5)
    return num


if __name__ == '__main__':
    for i in range(12):
        future = pool.submit(run, i)
        future.add_done_callback(done)
    pool.shutdown(wait=True)  # 原文没有等待池结束 / the seed never waited for the pool
