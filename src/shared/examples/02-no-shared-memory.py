# 进程之间数据隔离 / Processes do not share memory
from multiprocessing import Process

money = 100


def task():
    global money
    money = 666  # 改的是子进程自己的那一份 / changes the child's own copy
    print('子进程 / child:', money)


if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    p.join()
    print('主进程 / parent:', money)  # 还是 100 / still 100
