"""A gunicorn worker that hands a request to a thread only once the whole request has arrived.

gunicorn's ``gthread`` worker gives each new connection to a thread, which then
reads the request itself. A client that sends its body a byte a second holds
that thread for as long as it likes, and a few dozen such clients stall every
patient behind them (issue 9). Here the worker's own event loop reads each
request, without blocking, into memory: headers, then the body by its
``Content-Length`` or its chunks. Only a complete request goes to a thread,
which then parses it from memory as before. A request that is not complete
within ``_READ_TIMEOUT`` seconds of its first byte is dropped. A body over the
app's size limit is refused here with 413, before it is read (a chunked body
could otherwise run on for ever).

Keep-alive connections come back to the same loop between requests.
"""

from __future__ import annotations

import contextlib
import errno
import json
import selectors
import socket
import time
from functools import partial
from typing import Any

from gunicorn.http import wsgi
from gunicorn.workers.gthread import TConn, ThreadWorker

from advisor.answers import MAX_BODY_BYTES

__all__ = [
    "MAX_HEAD_BYTES",
    "BufferingWorker",
    "Incomplete",
    "TooLarge",
    "expects_continue",
    "request_length",
    "too_large_response",
]

#: Seconds a client has to send a whole request, from its first byte.
_READ_TIMEOUT = 10.0

#: Headers larger than this are handed on whole, for gunicorn to refuse them as it does.
MAX_HEAD_BYTES = 64 * 1024

_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class Incomplete(Exception):
    """More bytes are needed before the request is whole."""


class TooLarge(Exception):
    """The body is larger than the app accepts."""


def request_length(buffer: bytes | bytearray, limit: int = MAX_BODY_BYTES) -> int:
    """Return how many bytes of ``buffer`` make up its first HTTP/1.x request.

    :raises Incomplete: if the request has not all arrived yet.
    :raises TooLarge: if its body is, or would grow, larger than ``limit``.
    Malformed requests count as complete, so gunicorn's parser refuses them as usual.
    """
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        if len(buffer) > MAX_HEAD_BYTES:
            return len(buffer)
        raise Incomplete
    start = end + 4
    headers = _headers(bytes(buffer[:end]))
    if "chunked" in headers.get(b"transfer-encoding", b"").lower().decode("latin-1"):
        return _chunked_length(buffer, start, limit)
    length = headers.get(b"content-length", b"0").strip()
    if not length.isdigit():
        return start
    if int(length) > limit:
        raise TooLarge
    if len(buffer) < start + int(length):
        raise Incomplete
    return start + int(length)


def expects_continue(buffer: bytes | bytearray) -> bool:
    """Does this request's head ask for ``100 Continue`` before it sends its body?"""
    end = buffer.find(b"\r\n\r\n")
    return end >= 0 and _headers(bytes(buffer[:end])).get(b"expect", b"").strip().lower() == (
        b"100-continue"
    )


def _headers(head: bytes) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for line in head.split(b"\r\n")[1:]:
        name, colon, value = line.partition(b":")
        if colon:
            found[name.strip().lower()] = value.strip()
    return found


def _chunked_length(buffer: bytes | bytearray, position: int, limit: int) -> int:
    size = 0
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            raise Incomplete
        try:
            chunk = int(bytes(buffer[position:line_end]).split(b";")[0].strip(), 16)
        except ValueError:
            return len(buffer)
        size += chunk
        if size > limit:
            raise TooLarge
        position = line_end + 2
        if chunk == 0:
            break
        position += chunk + 2
        if len(buffer) < position:
            raise Incomplete
    # Trailer fields, then an empty line.
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            raise Incomplete
        if line_end == position:
            return position + 2
        position = line_end + 2


def too_large_response(buffer: bytes | bytearray, limit: int = MAX_BODY_BYTES) -> bytes:
    """Return a whole 413 answer: JSON in the API's error shape for API paths, else plain text."""
    path = bytes(buffer[: buffer.find(b"\r\n")]).split(b" ")[1:2]
    message = f"the body is too large: one request may be at most {limit:,} bytes."
    if path and path[0].startswith(b"/api/"):
        body = json.dumps({"errors": [{"field": "body", "message": message}]}).encode()
        kind = b"application/json"
    else:
        body = ("The form you sent is too large. " + message).encode()
        kind = b"text/plain; charset=utf-8"
    return (
        b"HTTP/1.1 413 Content Too Large\r\nContent-Type: "
        + kind
        + b"\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )


def _without_server_header(default_headers: Any) -> Any:
    def headers(response: wsgi.Response) -> list[str]:
        return [line for line in default_headers(response) if not line.startswith("Server:")]

    return headers


class BufferingWorker(ThreadWorker):
    """``gthread``, with requests read by the event loop and handed to threads whole."""

    def init_process(self) -> None:
        # gunicorn always names itself and its version in a Server header, which only
        # helps an attacker; it has no setting for that, so this worker process drops it.
        wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)
        super().init_process()

    def accept(self, listener: socket.socket) -> None:
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client, address, listener.getsockname())
        if self.cfg.is_ssl:
            client.setblocking(True)
            self.enqueue_req(conn)
            return
        self._buffer(conn)

    def on_client_socket_readable(self, conn: TConn, client: socket.socket) -> None:
        """A kept-alive connection has a new request coming: read it here first."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._buffer(conn)

    def _buffer(self, conn: TConn) -> None:
        conn.buffered = bytearray()
        conn.continued = False
        conn.timeout = time.monotonic() + _READ_TIMEOUT
        conn.sock.setblocking(False)
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: TConn, client: socket.socket) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._forget(conn)
            return
        conn.buffered += data
        try:
            request_length(conn.buffered)
        except Incomplete:
            if not conn.continued and expects_continue(conn.buffered):
                conn.continued = True
                self._send(conn, _CONTINUE)
            return
        except TooLarge:
            self._send(conn, too_large_response(conn.buffered))
            self._forget(conn)
            return
        self.poller.unregister(conn.sock)
        self.pending_conns.remove(conn)
        conn.data_ready = True
        self.enqueue_req(conn)

    def _send(self, conn: TConn, data: bytes) -> None:
        # A client that went away gets nothing either way.
        with contextlib.suppress(OSError):
            conn.sock.send(data)

    def _forget(self, conn: TConn) -> None:
        self.poller.unregister(conn.sock)
        self.pending_conns.remove(conn)
        self.nr_conns -= 1
        conn.close()

    def handle(self, conn: TConn) -> Any:
        buffered = getattr(conn, "buffered", None)
        if buffered:
            conn.buffered = None
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(bytes(buffered))
        return super().handle(conn)
