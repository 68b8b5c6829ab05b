# 非阻塞 IO / Non-blocking IO
# accept/recv 不再等待，没数据就报错，于是循环不停地问：CPU 空转却不干活 / accept/recv no longer wait and raise when there is nothing: the loop keeps asking, the CPU spins doing nothing
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


server = socket.socket()
server.bind(('127.0.0.1', 0))  # 回环地址，空闲端口 / loopback, a free port
server.listen(5)
server.setblocking(False)  # 默认是阻塞的 / blocking is the default
threading.Thread(target=client, args=(server.getsockname()[1],)).start()

r_list = []
loops = 0
served = False
deadline = time.time() + 5  # 原文 while True 永不结束 / the seed's while True never ends
while time.time() < deadline and not (served and not r_list):
    loops += 1
    try:
        conn, addr = server.accept()
        conn.setblocking(False)
        r_list.append(conn)
        served = True
    except BlockingIOError:
        pass
    for conn in list(r_list):
        try:
            data = conn.recv(1024)  # 没有消息就报错 / no message: it raises
        except BlockingIOError:
            continue
        if len(data) == 0:  # 客户端关闭了连接 / the client closed the connection
            conn.close()
            r_list.remove(conn)  # 原文另用 del_list 删除 / the seed removed it through a del_list
            continue
        conn.send(data.upper())
server.close()
print('空转的循环次数 / loops spun:', loops, flush=True)  # 几十万次，几乎都白问 / hundreds of thousands, nearly all for nothing
