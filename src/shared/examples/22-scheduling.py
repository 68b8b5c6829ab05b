# 多道技术与进程调度 / Multiprogramming and scheduling
# 切换 + 保存状态：这里模拟三种调度算法（真实的内核调度不能由程序切换） / switch + save state: a simulation of three policies (a program cannot switch the kernel's real scheduler)
from collections import deque

# 每个作业：名字、到达时间、需要的 CPU 时间 / each job: name, arrival, CPU time needed
JOBS = [('长作业 long', 0, 8), ('短作业 short1', 1, 2), ('短作业 short2', 2, 1), ('中作业 mid', 3, 4)]


def report(policy, finish):
    waits = []
    for name, arrival, burst in JOBS:
        waits.append(finish[name] - arrival - burst)  # 等待时间 = 周转时间 - 运行时间 / waiting = turnaround - run time
    order = sorted(finish, key=finish.get)
    print(f'{policy}: 完成顺序 / finish order {order}, 平均等待 / mean wait {sum(waits) / len(waits):.2f}', flush=True)


def fcfs():  # 先来先服务：对长作业有利 / first come, first served: good for long jobs
    t, finish = 0, {}
    for name, arrival, burst in sorted(JOBS, key=lambda j: j[1]):
        t = max(t, arrival) + burst
        finish[name] = t
    report('FCFS', finish)


def sjf():  # 短作业优先：对短作业有利 / shortest job first: good for short jobs
    t, finish, left = 0, {}, list(JOBS)
    while left:
        ready = [j for j in left if j[1] <= t] or [min(left, key=lambda j: j[1])]
        job = min(ready, key=lambda j: j[2])
        t = max(t, job[1]) + job[2]
        finish[job[0]] = t
        left.remove(job)
    report('SJF', finish)


def mlfq(slices=(1, 2, 4)):  # 时间片轮转 + 多级反馈队列 / round robin + multilevel feedback queue
    queues = [deque() for s in slices]
    t, finish, arriving = 0, {}, deque(sorted(JOBS, key=lambda j: j[1]))
    left = {name: burst for name, arrival, burst in JOBS}

    def admit():
        while arriving and arriving[0][1] <= t:
            queues[0].append(arriving.popleft()[0])  # 新作业进最高优先级队列 / a new job enters the top queue

    admit()
    while len(finish) < len(JOBS):
        level = next((i for i, q in enumerate(queues) if q), None)
        if level is None:
            t = arriving[0][1]
            admit()
            continue
        name = queues[level].popleft()
        run = min(slices[level], left[name])
        t += run  # 用完一个时间片就切换，并保存它的进度 / a slice used up: switch, saving its progress
        left[name] -= run
        admit()
        if left[name] == 0:
            finish[name] = t
        else:
            queues[min(level + 1, len(queues) - 1)].append(name)  # 降到下一级 / down one level
    report('MLFQ', finish)


fcfs()
sjf()
mlfq()
