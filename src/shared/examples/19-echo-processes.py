# 多进程实现 TCP 服务端并发 / A concurrent TCP echo server: one process per connection
# 服务端和客户端在同一个程序里，只用本机回环地址 / server and clients in one program, on the loopback address only
import os
import socket
import time
from multiprocessing import Process


def get_server():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('127.0.0.1', 0))  # 原文是 0.0.0.0:8889；这里用回环地址和系统分配的空闲端口 / the seed bound 0.0.0.0:8889: loopback and a free port here
    server.listen(5)
    return server


def run(conn):  # 每个连接一个进程 / one process per connection
    while True:
        data = conn.recv(1024)
        if not data:  # 客户端断开了连接 / the client hung up
            break
        conn.sendall(f'{data.decode("utf8").upper()} (pid {os.getpid()})'.encode('utf8'))
    conn.close()


def client(port, n):
    c = socket.create_connection(('127.0.0.1', port))
    for i in range(3):
        c.sendall(f'hello {n}-{i}'.encode('utf8'))
        print(f'客户端 / client {n} 收到 / got:', c.recv(1024).decode('utf8'), flush=True)
        time.sleep(0.5)  # 每个客户端活约 1.5 秒，采样看得到 / each client lives about 1.5 s: the samples see it
    c.close()


if __name__ == '__main__':
    server = get_server()  # 原文每次循环都新建一个服务端 / the seed made a new server on every loop
    port = server.getsockname()[1]
    clients = [Process(target=client, args=(port, n)) for n in range(3)]
    for c in clients:
        c.start()
    handlers = []
    for i in range(3):  # 原文 while True 永不结束；这里只接待 3 个客户端 / the seed's while True never ends: 3 clients here
        conn, addr = server.accept()
        p = Process(target=run, args=(conn,))
        p.start()
        conn.close()  # 子进程有自己的一份 / the child has its own copy
        handlers.append(p)
    for p in clients + handlers:
        p.join()
    server.close()
    print('服务端关闭 / the server is closed', flush=True)
