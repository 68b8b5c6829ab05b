# 僵尸进程 / A zombie process
# 子进程结束了，父进程还没回收（wait/join），它仍占着 PID / The child has exited, the parent has not reaped it (wait/join): it keeps its PID
import os
import time
from multiprocessing import Process


def state_of(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0]
    except FileNotFoundError:
        return 'gone'  # 已被回收，/proc 里没有它了 / reaped: no longer in /proc


def task():
    print(f'子进程 / child pid={os.getpid()} 马上结束 / ends now', flush=True)


if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    time.sleep(2)  # 父进程不 join：子进程死了没死透 / the parent does not join: the child is dead but not gone
    print(f'不 join 时子进程的状态 / the child not joined, state: {state_of(p.pid)} (Z = zombie)', flush=True)
    p.join()  # 回收子进程占用的 PID / reap it: its PID is freed
    print(f'join 之后 / after join, state: {state_of(p.pid)}', flush=True)
