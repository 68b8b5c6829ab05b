# 进程的三种状态 / The three process states
# 就绪态 → 运行态 → 阻塞态：遇到 IO 就阻塞，时间片用完回到就绪 / ready → running → blocked: IO blocks, an expired time slice returns to ready
# Linux 的 R 同时表示就绪和运行（在队列里等 CPU 也算 R） / Linux's R means ready or running (waiting in the run queue is R too)
import os
import time


def state():
    with open(f'/proc/{os.getpid()}/stat') as f:
        return f.read().rsplit(')', 1)[1].split()[0]  # 进程名里可能有括号 / the name itself may hold brackets


def compute(seconds):  # 只用 CPU，不做 IO：运行态或就绪态 / CPU only, no IO: running or ready
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
    return n


for i in range(2):
    compute(1.5)
    print(f'第 {i + 1} 轮计算 / round {i + 1} computing, state now: {state()} (R)', flush=True)
    time.sleep(1.5)  # 遇到 IO（这里是 sleep）：阻塞态 / IO (here a sleep): blocked
    print(f'第 {i + 1} 轮阻塞结束 / round {i + 1} blocked for 1.5 s (S while asleep)', flush=True)
print('结束 / done')
