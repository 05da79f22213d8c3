# sock_driver.py - runs testsuite/wasi/sock.c's executable with a socket as
# its stdin and checks what it says.  Usage: python3 sock_driver.py PROG
# Prints one PASS/FAIL line per mode.
import os, socket, subprocess, sys, tempfile

prog = sys.argv[1]

def run(mode, sock, talk):
    try:
        p = subprocess.Popen([prog, mode], stdin=sock.fileno(), stderr=subprocess.PIPE)
        sock.close()
        got = talk()
        err = p.communicate(timeout=10)[1].decode().strip()
        ok = p.returncode == 0 and got
        print(("PASS sock/%s" % mode) if ok else
              ("FAIL sock/%s: status %s, %s" % (mode, p.returncode, err)))
    except Exception as e:
        print("FAIL sock/%s: %s" % (mode, e))

a, b = socket.socketpair()
b.settimeout(10)
def echo():
    b.sendall(b"hello, sockets")
    data = b.recv(100)
    return data == b"HELLO, SOCKETS" and b.recv(100) == b""
run("echo", a, echo)

d = tempfile.mkdtemp()
path = os.path.join(d, "s")
ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ls.bind(path)
ls.listen(1)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.settimeout(10)
def accept():
    c.connect(path)
    return c.recv(10) == b"hi"
run("accept", ls, accept)
os.unlink(path)
os.rmdir(d)
