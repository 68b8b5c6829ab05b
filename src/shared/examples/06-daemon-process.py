# 守护进程 / A daemon process
# 主进程的代码结束，守护进程随之结束 / When the parent's code ends, its daemon ends with it
from multiprocessing import Process
import time


def task():  # 妃子的一生 / the consort's life
    print('入宫了 / enters the palace', flush=True)
    time.sleep(10)  # 原文是 50 秒 / the seed sleeps 50 s
    print('妃子病逝了 / the consort dies of illness', flush=True)  # 永远不会打印 / never printed


if __name__ == '__main__':
    print('登基了 / the emperor is crowned', flush=True)  # 康熙登基了 / Kangxi takes the throne
    p = Process(target=task)
    p.daemon = True  # 必须在 start 之前设置 / must be set before start
    p.start()
    time.sleep(2)
    print('故事结束了 / the story ends', flush=True)  # 主进程结束，守护进程被终止 / the parent ends, the daemon is terminated
