# 创建进程的两种方式 / Two ways to start a process
import os
import time
from multiprocessing import Process


def task(name):
    print(f'{name} 子进程 / child pid={os.getpid()} ppid={os.getppid()}', flush=True)
    time.sleep(1)


class MyProcess(Process):  # 第二种：继承 Process，重写 run / the second way: subclass Process, override run
    def run(self):
        print(f'{self.name} 子进程 / child pid={os.getpid()}', flush=True)
        time.sleep(1)


if __name__ == '__main__':  # Windows 上必须写 / required on Windows (spawn re-imports the module)
    p = Process(target=task, args=('jason',))
    p.start()  # 告诉操作系统创建一个进程 / ask the OS to create a process
    print('is_alive:', p.is_alive(), 'pid:', p.pid)
    p.join()  # 主进程等待子进程 / the parent waits for the child
    q = MyProcess()
    q.start()
    q.terminate()  # 结束进程有延迟 / terminate takes effect with a delay
    print('terminate 之后 / right after terminate, is_alive:', q.is_alive())
    q.join()
    print('主进程 / parent pid:', os.getpid(), 'is_alive:', q.is_alive())
