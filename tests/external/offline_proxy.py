"""A small HTTP forwarder between Chromium and `tandem serve`, to make the server really
unreachable for the browser, service worker included (Chrome's DevTools network emulation is
set on the page and may not cover the requests the service worker makes).

One request per connection: the request is forwarded with `Connection: close`, the whole answer
read, then given back. Modes:
- online: everything passes;
- offline: every connection is reset as soon as its request arrives (the browser sees a network error);
- lose_answer_once(prefix, method): the next request whose path starts with prefix (and whose
  method is `method`, when given) reaches the server, which handles it, but its answer is thrown
  away and the connection reset (a "lost answer"); the proxy then goes offline by itself;
- drop_request_once(prefix, method): the next such request never reaches the server: its
  connection is reset as it arrives; the proxy then goes offline by itself.
"""

import socket
import struct
import threading


class OfflineProxy:
    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.offline = False
        self.lose_prefix = None
        self.lose_method = None
        self.lost = threading.Event()
        self.drop_prefix = None
        self.drop_method = None
        self.dropped = threading.Event()
        self.requests = []  # (method, path, status-line or "reset") of every request seen
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self._closed = True
        try:
            self._listener.close()
        except OSError:
            pass

    def lose_answer_once(self, prefix: str, method: str = None):
        self.lost.clear()
        self.lose_method = method
        self.lose_prefix = prefix

    def drop_request_once(self, prefix: str, method: str = None):
        self.dropped.clear()
        self.drop_method = method
        self.drop_prefix = prefix

    def seen(self, method: str, prefix: str) -> list:
        with self._lock:
            return [r for r in self.requests if r[0] == method and r[1].startswith(prefix)]

    # -----------------------------------------------------------------------------------------

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _reset(sock):
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            sock.close()
        except OSError:
            pass

    def _serve(self, client):
        try:
            client.settimeout(60)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    client.close()
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            lines = head.split(b"\r\n")
            method, path = lines[0].split(b" ")[:2]
            method, path = method.decode(), path.decode()
            length = 0
            headers = []
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                lowered = name.strip().lower()
                if lowered == b"content-length":
                    length = int(value.strip())
                if lowered in (b"connection", b"keep-alive", b"proxy-connection"):
                    continue
                headers.append(line)
            while len(rest) < length:
                chunk = client.recv(65536)
                if not chunk:
                    break
                rest += chunk
            if self.offline:
                with self._lock:
                    self.requests.append((method, path, "offline"))
                self._reset(client)
                return
            if self.drop_prefix is not None and path.startswith(self.drop_prefix) and self.drop_method in (None, method):
                self.drop_prefix = None
                self.offline = True  # the network is gone before the request got through
                with self._lock:
                    self.requests.append((method, path, "dropped"))
                self._reset(client)
                self.dropped.set()
                return
            request = b"\r\n".join([lines[0]] + headers + [b"Connection: close", b"", b""]) + rest
            upstream = socket.create_connection(self.upstream, timeout=60)
            upstream.sendall(request)
            answer = b""
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                answer += chunk
            upstream.close()
            status = answer.split(b"\r\n", 1)[0].decode(errors="replace")
            lose = self.lose_prefix is not None and path.startswith(self.lose_prefix) and self.lose_method in (None, method)
            if lose:
                self.lose_prefix = None
                self.offline = True  # the connection drops: nothing passes until online again
                with self._lock:
                    self.requests.append((method, path, "lost: " + status))
                self._reset(client)
                self.lost.set()
                return
            with self._lock:
                self.requests.append((method, path, status))
            client.sendall(answer)
            client.close()
        except OSError:
            self._reset(client)
