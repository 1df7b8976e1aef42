import socket, os, sys, struct, time
port=int(sys.argv[1]); rounds=int(sys.argv[2]); window=int(sys.argv[3]); size=int(sys.argv[4])
s=socket.create_connection(("127.0.0.1",port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
buf=b""
while b"\r\n\r\n" not in buf: buf+=s.recv(4096)
assert buf.startswith(b"HTTP/1.1 101"), buf
buf=buf[buf.index(b"\r\n\r\n")+4:]
payload=os.urandom(size)
mask=b"\x01\x02\x03\x04"
masked=bytes(b ^ mask[i%4] for i,b in enumerate(payload))
if size<126: hdr=bytes([0x82,0x80|size])
else: hdr=bytes([0x82,0x80|126])+struct.pack(">H",size)
frame=hdr+mask+masked
batch=frame*window
echo_len=(2 if size<126 else 4)+size
total=0
t=time.time()
for r in range(rounds):
    s.sendall(batch)
    need=echo_len*window
    while len(buf)<need:
        d=s.recv(1<<20)
        if not d: raise SystemExit("closed")
        buf+=d
    buf=buf[need:]
    total+=window
s.sendall(bytes([0x88,0x82])+mask+bytes([0x03^1,0xe8^2]))
s.close()
print("messages", total, "seconds", round(time.time()-t,3))
