"""A read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1, with a page to type queries into.

GET ``/sparql?query=…`` and POST (``application/x-www-form-urlencoded`` with
``query=…``, or ``application/sparql-query``). Results are negotiated from the
Accept header: SPARQL JSON (default), CSV, TSV, XML for SELECT/ASK; Turtle
(default), N-Triples or JSON-LD for CONSTRUCT/DESCRIBE. Updates are refused
with 403.

What keeps one client from taking the server down: queries run in a pool of
worker processes (:mod:`kg.query_worker`) of bounded memory, each query is killed
at its timeout or when its client goes, answers are streamed and cut at a row limit (said in
the ``X-Result-Truncated`` header, or trailer when the answer is already
streaming), sockets time out, connections and queries are bounded, SERVICE is
off, brackets are bounded before parsing, and a Host header naming another
host (DNS rebinding: a web page's own name resolved to 127.0.0.1) is refused.
"""

from __future__ import annotations

import json
import queue
import socket
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import wait
from pathlib import Path
from typing import List, Optional, Tuple, Union

from .query_guard import QueryRefused, check_query
from .query_worker import DATA, END, ERROR, GRAPH_TYPES, HEAD, SOLUTION_TYPES, Worker, WorkerGone
from .store import StoreError

MAX_QUERY_BYTES = 1024 * 1024
BUFFER_BEFORE_STREAMING = 256 * 1024  # answers up to this size go out whole, with Content-Length and the row headers


def negotiate(accept: str, offers: List[str]) -> Optional[str]:
    """The first offer the Accept header allows (by q-value, then order); the first offer for */* or none."""
    if not accept:
        return offers[0]
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, position, media))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*", "text/*"):
            return offers[0]
        if media in offers:
            return media
    return None


class WorkerPool:
    """``size`` query processes; a worker that is killed or crashes is replaced in the background."""

    def __init__(self, source: str, size: int, memory_megabytes: Optional[int] = None):
        self.source, self.idle, self.lock, self.workers = source, queue.Queue(), threading.Lock(), set()
        self.memory_megabytes = memory_megabytes
        self.killed, self.closed = 0, False  # killed: workers ended mid-query (timeouts, clients gone, crashes)
        with ThreadPoolExecutor(size) as starting:
            started = [starting.submit(Worker, source, memory_megabytes) for _ in range(size)]
        try:
            for future in started:
                self._keep(future.result())
        except WorkerGone as error:
            self.close()
            raise StoreError(str(error)) from None

    def _keep(self, worker: Worker) -> None:
        with self.lock:
            if self.closed:  # a replacement that finished starting after the server stopped
                worker.kill()
                return
            self.workers.add(worker)
        self.idle.put(worker)

    def acquire(self, timeout: float) -> Optional[Worker]:
        try:
            return self.idle.get(timeout=timeout)
        except queue.Empty:
            return None

    def release(self, worker: Worker) -> None:
        self.idle.put(worker)

    def replace(self, worker: Worker) -> None:
        worker.kill()
        with self.lock:
            self.workers.discard(worker)
            self.killed += 1
        threading.Thread(target=self._start_one, daemon=True).start()

    def _start_one(self) -> None:
        try:
            self._keep(Worker(self.source, self.memory_megabytes))
        except WorkerGone as error:
            if not self.closed:  # a start cut short by the server stopping is no news
                print(f"kg serve: a query worker could not be restarted: {error}", file=sys.stderr)

    def close(self) -> None:
        with self.lock:
            workers, self.workers, self.closed = list(self.workers), set(), True
        for worker in workers:
            worker.kill()


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/0.2"
    protocol_version = "HTTP/1.1"  # keep-alive: every answer has a Content-Length or is chunked
    timeout = 15  # seconds a socket may stay silent (a short body, an idle keep-alive connection, a client not reading)

    def log_message(self, format, *args):  # quiet by default; the CLI prints the address
        pass

    def _send(self, status: int, body: bytes, content_type: str, headers: Tuple[Tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _host_allowed(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        return host in self.server.allowed_hosts

    def do_GET(self):
        if not self._host_allowed():
            return self._error(403, "Host header names another host: refused (the endpoint answers only to its own address)")
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            page = resources.files("kg").joinpath("resources", "sparql.html").read_bytes()
            return self._send(200, page, "text/html; charset=utf-8")
        if url.path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        params = urllib.parse.parse_qs(url.query)
        if "update" in params:
            return self._error(403, "SPARQL UPDATE is refused: this endpoint is read-only")
        if "query" not in params:
            return self._error(400, "missing 'query' parameter")
        self._answer(params["query"][0])

    def do_POST(self):
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_QUERY_BYTES:
            self.close_connection = True  # the body is not read: the connection cannot carry another request
            return self._error(413 if length > 0 else 400, f"the request body must be 0 to {MAX_QUERY_BYTES} bytes")
        try:
            body = self.rfile.read(length).decode("utf-8")
        except (TimeoutError, OSError):  # the client sent less than it announced and went quiet
            self.close_connection = True
            return
        except UnicodeDecodeError:
            return self._error(400, "the request body is not UTF-8")
        if not self._host_allowed():
            return self._error(403, "Host header names another host: refused (the endpoint answers only to its own address)")
        if urllib.parse.urlsplit(self.path).path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return self._error(403, "SPARQL UPDATE is refused: this endpoint is read-only")
        if content_type == "application/sparql-query":
            return self._answer(body)
        if content_type == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(body)
            if "update" in params:
                return self._error(403, "SPARQL UPDATE is refused: this endpoint is read-only")
            if "query" in params:
                return self._answer(params["query"][0])
            return self._error(400, "missing 'query' parameter")
        return self._error(415, "POST needs application/sparql-query or application/x-www-form-urlencoded")

    def _answer(self, sparql: str) -> None:
        server = self.server
        try:
            check_query(sparql, allow_service=server.allow_service)
        except QueryRefused as refused:
            return self._error(refused.status, str(refused))
        accept = self.headers.get("Accept", "")
        request = {"query": sparql, "solutions_type": negotiate(accept, SOLUTION_TYPES),
                   "graph_type": negotiate(accept, GRAPH_TYPES), "max_rows": server.max_rows}
        if request["solutions_type"] is None and request["graph_type"] is None:
            return self._error(406, "acceptable: " + ", ".join(SOLUTION_TYPES + GRAPH_TYPES))
        started = time.monotonic()
        worker = server.pool.acquire(timeout=server.query_timeout)
        if worker is None:
            return self._error(503, f"all {server.workers} query workers stayed busy for {server.query_timeout:g} s; try again")
        deadline, outcome = started + server.query_timeout, ()  # () until the answer is known: end the worker on any surprise
        try:
            worker.send(request)
            outcome = self._relay(worker, deadline)
        except (WorkerGone, OSError) as gone:  # the engine crashed (or was already gone)
            outcome = (500, f"the query engine stopped while answering: {gone}")
        finally:
            if outcome is None:
                server.pool.release(worker)
            else:
                server.pool.replace(worker)  # before answering, so that the query has stopped when the client hears so
        if outcome:
            self._abort_or_error(*outcome)

    def _relay(self, worker: Worker, deadline: float):
        """Pass the worker's answer on. None if the worker finished it (it can take another query);
        else the worker must be ended, and () or the (status, message) to answer once it is."""
        self._streaming, buffered, content_type, watch_client = False, [], None, True
        while True:
            waiting_for = [worker.connection, self.connection] if watch_client else [worker.connection]
            ready = wait(waiting_for, timeout=max(0.0, deadline - time.monotonic()))
            if not ready:
                return 503, f"the query did not finish within {self.server.query_timeout:g} s (--timeout); it was stopped"
            if worker.connection not in ready:  # the client sent something while its query runs
                if self._client_gone():
                    self.close_connection = True
                    return ()  # nobody to answer: stop the query
                watch_client = False  # a pipelined request: it waits its turn
                continue
            tag, payload = worker.receive(deadline)
            if tag == HEAD:
                content_type = json.loads(payload)["content_type"]
            elif tag == DATA:
                buffered.append(payload)
                if self._streaming or sum(map(len, buffered)) >= BUFFER_BEFORE_STREAMING:
                    if not self._write_chunks(content_type, buffered):
                        return ()
                    buffered = []
            elif tag == END:
                self._finish(content_type, b"".join(buffered), json.loads(payload))
                return None
            elif tag == ERROR:
                error = json.loads(payload)
                self._abort_or_error(error["status"], error["message"])
                return None

    def _client_gone(self) -> bool:
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, TimeoutError):
            return True

    def _result_headers(self, rows: Optional[int] = None, truncated: Optional[bool] = None):
        headers = [("X-Result-Row-Limit", str(self.server.max_rows))]
        if rows is not None:
            headers += [("X-Result-Rows", str(rows)), ("X-Result-Truncated", "true" if truncated else "false")]
        return tuple(headers)

    @staticmethod
    def _with_charset(content_type: str) -> str:
        return content_type + ("; charset=utf-8" if content_type.startswith("text/") else "")

    def _write_chunks(self, content_type: str, pieces: List[bytes]) -> bool:
        try:
            if not self._streaming:
                self._streaming = True
                self.send_response(200)
                self.send_header("Content-Type", self._with_charset(content_type))
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Trailer", "X-Result-Rows, X-Result-Truncated")
                self.send_header("X-Content-Type-Options", "nosniff")
                for name, value in self._result_headers():
                    self.send_header(name, value)
                self.end_headers()
            for piece in pieces:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            return True
        except OSError:  # the client went or stopped reading: stop the query
            self.close_connection = True
            return False

    def _finish(self, content_type: str, body: bytes, end: dict) -> None:
        try:
            if not self._streaming:
                self._send(200, body, self._with_charset(content_type), self._result_headers(end["rows"], end["truncated"]))
                return
            if body:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
            trailers = self._result_headers(end["rows"], end["truncated"])[1:]
            self.wfile.write(b"0\r\n" + b"".join(f"{n}: {v}\r\n".encode() for n, v in trailers) + b"\r\n")
        except OSError:
            self.close_connection = True

    def _abort_or_error(self, status: int, message: str) -> None:
        """An error status if nothing was sent yet; else end the connection without the last chunk, so the client sees the answer is cut."""
        if getattr(self, "_streaming", False):
            self.close_connection = True
            return
        try:
            self._error(status, message)
        except OSError:
            self.close_connection = True


class SparqlServer(ThreadingHTTPServer):
    request_queue_size = 128  # the listen backlog (socketserver's default is 5)
    daemon_threads = True

    def __init__(self, address, pool: WorkerPool, query_timeout: float, max_rows: int, workers: int,
                 allow_service: bool, max_connections: int):
        super().__init__(address, SparqlHandler)
        self.pool, self.query_timeout, self.max_rows, self.workers = pool, query_timeout, max_rows, workers
        self.allow_service, self.connection_slots = allow_service, threading.BoundedSemaphore(max_connections)
        host, port = self.server_address[:2]
        names = ["127.0.0.1", "localhost"] if host == "127.0.0.1" else ["[::1]", "localhost"]
        self.allowed_hosts = {f"{name}:{port}" for name in names} | (set(names) if port == 80 else set())

    def process_request(self, request, client_address):
        if not self.connection_slots.acquire(blocking=False):  # every slot taken: say so at once rather than queue
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connection_slots.release()

    def server_close(self):
        super().server_close()
        self.pool.close()


def make_server(source: Union[str, Path], port: int = 8000, host: str = "127.0.0.1", query_timeout: float = 30.0,
                max_rows: int = 100_000, workers: int = 4, allow_service: bool = False, max_connections: int = 64,
                worker_memory: Optional[int] = 4096) -> SparqlServer:
    """The endpoint's server, its query workers started; ``worker_memory`` caps the writable memory (MB) each worker may take beyond what it holds idle."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise StoreError("the endpoint only listens on the loopback interface (127.0.0.1)")
    if query_timeout <= 0 or max_rows < 1 or workers < 1 or max_connections < 1 or (worker_memory is not None and worker_memory < 1024):
        raise StoreError("--timeout, --max-rows, --workers and --max-connections must be positive, --worker-memory at least 1024")
    address = ("127.0.0.1" if host == "localhost" else host, port)
    probe = socket.socket(socket.AF_INET6 if host == "::1" else socket.AF_INET)
    try:  # fail on a taken port before starting the workers
        probe.bind(address)
    finally:
        probe.close()
    pool = WorkerPool(str(source), workers, worker_memory)
    try:
        if host == "::1":
            server_class = type("SparqlServer6", (SparqlServer,), {"address_family": socket.AF_INET6})
            return server_class(address, pool, query_timeout, max_rows, workers, allow_service, max_connections)
        return SparqlServer(address, pool, query_timeout, max_rows, workers, allow_service, max_connections)
    except BaseException:
        pool.close()
        raise


def serve_in_thread(source: Union[str, Path], port: int = 0, **options) -> Tuple[SparqlServer, threading.Thread]:
    server = make_server(source, port, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
