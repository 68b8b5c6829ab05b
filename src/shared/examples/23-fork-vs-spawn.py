# fork 与 spawn / fork vs spawn
# Linux 的 fork 把父进程整个拷贝给子进程；Windows 的 spawn 重新导入模块 / Linux's fork copies the parent into the child; Windows's spawn re-imports the module
# 所以创建进程的代码要放在 if __name__ == '__main__' 里，否则会递归创建进程 / so the code that starts processes goes under if __name__ == '__main__', or it would start them again and again
import multiprocessing
import os

print(f'导入模块 / the module is imported in pid {os.getpid()}, __name__={__name__}', flush=True)
money = 100


def task(method):
    print(f'{method} 子进程 / child pid={os.getpid()} money={money}', flush=True)


if __name__ == '__main__':
    money = 666  # 只在父进程里改的 / changed in the parent only
    print(f'父进程 / parent pid={os.getpid()} money={money}', flush=True)
    for method in ('fork', 'spawn'):
        ctx = multiprocessing.get_context(method)
        p = ctx.Process(target=task, args=(method,))
        p.start()
        p.join()
    # fork 的子进程看到 666（拷贝）；spawn 的子进程重新导入，看到 100 / the fork child sees 666 (a copy); the spawn child re-imports and sees 100
