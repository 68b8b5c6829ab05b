# 孤儿进程 / An orphan process
# 子进程存活，父进程意外死亡：子进程被移交给 init（或一个 subreaper） / The child lives on, its parent dies: the child is handed to init (or a subreaper)
import os
import time
from multiprocessing import Process


def son():
    print(f'儿子 / son pid={os.getpid()} 父进程 / ppid={os.getppid()}', flush=True)
    time.sleep(2)  # 这期间父进程死了 / meanwhile its parent dies
    print(f'儿子 / son pid={os.getpid()} 现在的父进程 / ppid now={os.getppid()}', flush=True)


def father():
    s = Process(target=son)
    s.start()
    print(f'父亲 / father pid={os.getpid()}', flush=True)
    time.sleep(1)
    os._exit(0)  # 意外死亡：不等儿子 / dies unexpectedly: os._exit does not wait for the son


if __name__ == '__main__':
    f = Process(target=father)
    f.start()
    f.join()
    print('父亲已死 / the father is dead', flush=True)
    time.sleep(2.5)  # 等孤儿说完再结束 / wait for the orphan to finish speaking
