# IO 多路复用 / IO multiplexing
# 把要监管的对象交给操作系统（select / poll / epoll），有事才醒来；selectors 按平台自动选择 / hand the sockets to the OS (select / poll / epoll) and wake only when something happens; selectors picks the platform's best
import selectors
import socket
import threading
import time


def client(port):
    time.sleep(0.5)
    c = socket.create_connection(('127.0.0.1', port))
    for i in range(3):
        c.sendall(b'hello world')
        print('客户端收到 / the client got:', c.recv(1024), flush=True)
        time.sleep(0.5)
    c.close()


sel = selectors.DefaultSelector()
print('监管机制 / the mechanism:', type(sel).__name__, flush=True)  # Linux 上是 EpollSelector / EpollSelector on Linux
server = socket.socket()
server.bind(('127.0.0.1', 0))  # 原文是 127.0.0.2:8080 / the seed used 127.0.0.2:8080
server.listen(4)
server.setblocking(False)
sel.register(server, selectors.EVENT_READ)
threading.Thread(target=client, args=(server.getsockname()[1],)).start()

wakeups = 0
served = False
open_conns = 0
deadline = time.time() + 5
while time.time() < deadline and not (served and open_conns == 0):
    events = sel.select(timeout=1)  # 没人来就睡着，不占 CPU / nobody comes: asleep, no CPU used
    wakeups += 1
    for key, mask in events:
        if key.fileobj is server:
            conn, addr = server.accept()
            conn.setblocking(False)
            sel.register(conn, selectors.EVENT_READ)  # 把 conn 也加入监管 / watch conn as well
            served = True
            open_conns += 1
        else:
            data = key.fileobj.recv(1024)
            if len(data) == 0:
                sel.unregister(key.fileobj)  # 移除无效的监管对象 / stop watching a closed one
                key.fileobj.close()
                open_conns -= 1
                continue
            key.fileobj.send(data.upper())
sel.close()
server.close()
print('select 醒来的次数 / select woke up:', wakeups, flush=True)  # 只有几次 / only a few times
