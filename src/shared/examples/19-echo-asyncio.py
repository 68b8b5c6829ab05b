# 协程实现 TCP 服务端并发 / A concurrent TCP echo server: one coroutine per connection
# 原文用 gevent（不在标准库里），这里用 asyncio；全程只有一个线程 / the seed used gevent (not in the standard library): asyncio here, one thread all along
import asyncio
import threading


async def communication(reader, writer):  # 每个连接一个协程 / one coroutine per connection
    while True:
        data = await reader.read(1024)
        if not data:  # 客户端断开了连接 / the client hung up
            break
        writer.write(data.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port, n):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    for i in range(3):
        writer.write(f'{threading.current_thread().name} say hello {n}-{i}'.encode('utf8'))
        await writer.drain()
        print(f'客户端 / client {n} 收到 / got:', (await reader.read(1024)).decode('utf8'), flush=True)
        await asyncio.sleep(0.3)
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(communication, '127.0.0.1', 0)  # 回环地址，空闲端口 / loopback, a free port
    port = server.sockets[0].getsockname()[1]
    await asyncio.gather(*(client(port, n) for n in range(5)))  # 原文 200 个线程客户端且永不停止 / the seed ran 200 client threads forever
    server.close()
    await server.wait_closed()
    print('线程数 / threads:', threading.active_count(), flush=True)


if __name__ == '__main__':
    asyncio.run(main())
