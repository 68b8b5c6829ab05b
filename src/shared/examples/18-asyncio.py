# 协程：asyncio / Coroutines with asyncio
# 单线程下实现并发：遇到 IO 就在代码层面切换 / concurrency in one thread: the code itself switches at every IO
# 原文用的 gevent（monkey.patch_all + spawn）不在标准库里，这里用 asyncio / the seed's gevent (monkey.patch_all + spawn) is not in the standard library: asyncio here
import asyncio
import threading
import time


async def info():
    print('哈哈哈 / ha ha ha', threading.current_thread().name, flush=True)
    await asyncio.sleep(1)  # 遇到 IO 让出 CPU / IO: give up the CPU
    print('嘿嘿嘿 / hey hey hey', threading.current_thread().name, flush=True)


async def msg():
    print('英语 / English', threading.current_thread().name, flush=True)
    await asyncio.sleep(1)
    print('数学 / maths', threading.current_thread().name, flush=True)


async def hog():
    x = 0
    end = time.time() + 1
    while time.time() < end:  # 纯计算、从不 await：一直霸占着线程 / pure compute that never awaits: it hogs the thread
        x += 1
    print('霸占线程 1 秒的协程结束 / the hogging coroutine is done', flush=True)


async def ticker():
    for i in range(3):
        print(f'滴答 / tick {i}', flush=True)
        await asyncio.sleep(0.2)  # hog 运行时，滴答被耽误 / while hog runs, the ticks are late


async def main():
    start_time = time.time()
    await asyncio.gather(info(), msg())  # 两个各睡 1 秒，一共约 1 秒 / each sleeps 1 s: about 1 s in all
    print('两个协程共耗时 / the two took: %.1f s' % (time.time() - start_time), flush=True)
    await asyncio.gather(ticker(), hog())
    print('线程数 / threads:', threading.active_count(), flush=True)  # 始终只有一个线程 / one thread all along


if __name__ == '__main__':
    asyncio.run(main())
