# 信号 / Signals
# 信号是软中断：主程序被打断，先执行处理函数，再从中断处继续 / a signal is a software interrupt: the main flow is interrupted, the handler runs, then the flow goes on where it was
# 因此可以用来平滑重启和热加载 / hence graceful restarts and hot reloads
import os
import signal
import time

config = {'version': 1}
running = True


def reload_config(signum, frame):  # SIGHUP：热加载配置 / SIGHUP: reload the configuration
    config['version'] += 1
    print(f'收到 / got {signal.Signals(signum).name}: 重新加载配置 / config reloaded, version {config["version"]}', flush=True)


def report(signum, frame):  # SIGUSR1：报告状态 / SIGUSR1: report the state
    print(f'收到 / got {signal.Signals(signum).name}: 状态正常 / all well, version {config["version"]}', flush=True)


def graceful_stop(signum, frame):  # SIGTERM：做完手头的事再退出 / SIGTERM: finish the work in hand, then exit
    global running
    running = False
    print(f'收到 / got {signal.Signals(signum).name}: 平滑退出 / stopping gracefully', flush=True)


signal.signal(signal.SIGHUP, reload_config)
signal.signal(signal.SIGUSR1, report)
signal.signal(signal.SIGTERM, graceful_stop)

step = 0
while running and step < 20:  # 最多 20 步，总会结束 / at most 20 steps: it always ends
    step += 1
    print(f'工作中 / working, step {step}', flush=True)
    time.sleep(0.3)
    if step == 2:
        os.kill(os.getpid(), signal.SIGHUP)  # 给自己发信号 / signal ourselves
    elif step == 4:
        os.kill(os.getpid(), signal.SIGUSR1)
    elif step == 6:
        os.kill(os.getpid(), signal.SIGTERM)
print(f'退出前清理完毕 / cleaned up, exiting after step {step}', flush=True)
