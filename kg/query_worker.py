"""SPARQL queries in child processes, so that a runaway query can be stopped.

Measured with pyoxigraph 0.5.13 (``bench/query_stop.py``: a cross join of three
2,000-triple patterns): the engine lets other threads run while it evaluates, but
it has no cancellation, and a COUNT or an ORDER BY computes everything before its
first row, so a deadline checked between rows is never reached; a watchdog thread
sees the deadline pass and has nothing to stop the query with. It would run for
hours, a CPU and its memory taken. Killing the process stops it (5 to 330 ms to
end). A worker also runs queries on a thread with a large stack: chains of 10,000
``UNION`` or ``&&`` terms, which overflow the default 8 MB stack and kill the
process, then parse; a query that still crashes the engine ends only its worker.

The parent sends a request (a dict) and reads frames: a tag byte and a payload.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
from typing import Iterator, Optional, Tuple

READY, HEAD, DATA, END, ERROR = b"R", b"H", b"D", b"Z", b"E"
QUERY_STACK_BYTES = 256 * 1024 * 1024  # reserved, hardly touched (counted in the idle worker's writable memory)
CHUNK_BYTES = 64 * 1024
TURTLE_PREFIXES = {"kg": "https://w3id.org/kg-zh-news/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


class WorkerGone(RuntimeError):
    """The worker process ended without answering (a crash in the engine, or it was killed)."""


class _FrameWriter:
    """A binary file for serialisers that sends what is written as DATA frames of about CHUNK_BYTES."""

    def __init__(self, connection):
        self.connection, self.buffer = connection, bytearray()

    def write(self, data) -> int:
        self.buffer += data.encode("utf-8") if isinstance(data, str) else data
        if len(self.buffer) >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.connection.send_bytes(DATA + bytes(self.buffer))
            self.buffer.clear()


def _send_json(connection, tag: bytes, value) -> None:
    connection.send_bytes(tag + json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _answer(connection, store, request: dict) -> None:
    """Run one query and send HEAD, DATA…, END, or ERROR before anything else."""
    import pyoxigraph as ox

    from .results import WRITERS, SolutionStream
    from .store import StoreError, query_solutions, run_query

    if "writer" in request:  # the command line: one of the table / csv / tsv / json writers, whole
        result = run_query(store, request["query"], allow_service=True)  # the parent checked the query
        _send_json(connection, HEAD, {"content_type": "text/plain; charset=utf-8"})
        out = _FrameWriter(connection)
        out.write(WRITERS[request["writer"]](result))
        out.flush()
        _send_json(connection, END, {"rows": len(result.rows), "truncated": False})
        return
    try:
        result = query_solutions(store, request["query"])
    except SyntaxError as error:
        raise StoreError(f"SPARQL syntax error: {error}") from None
    kind = "graph" if isinstance(result, ox.QueryTriples) else "solutions"
    media = request["graph_type" if kind == "graph" else "solutions_type"]
    if media is None:
        offers = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
        _send_json(connection, ERROR, {"status": 406, "message": "not acceptable; this result can be: " + ", ".join(offers)})
        return
    out = _FrameWriter(connection)
    rows, truncated = 0, False
    if isinstance(result, ox.QueryBoolean):
        _send_json(connection, HEAD, {"content_type": media})
        result.serialize(out, format=_RESULTS_FORMATS[media])
    elif kind == "graph":
        _send_json(connection, HEAD, {"content_type": media})
        limited = _LimitedTriples(result, request["max_rows"])
        ox.serialize(limited, out, format=_RDF_FORMATS[media], prefixes=TURTLE_PREFIXES if media == "text/turtle" else None)
        rows, truncated = limited.rows, limited.truncated
    else:
        stream = SolutionStream([v.value for v in result.variables], result, media, request["max_rows"])
        pieces = iter(stream)
        first = next(pieces)  # the head; HEAD goes out only once the query has parsed
        _send_json(connection, HEAD, {"content_type": media})
        out.write(first)
        for piece in pieces:
            out.write(piece)
        rows, truncated = stream.rows, stream.truncated
    out.flush()
    _send_json(connection, END, {"rows": rows, "truncated": truncated})


class _LimitedTriples:
    """The first ``max_rows`` triples of an iterator, noting whether there were more."""

    def __init__(self, triples, max_rows: int):
        self.triples, self.max_rows, self.rows, self.truncated = triples, max_rows, 0, False

    def __iter__(self):
        for triple in self.triples:
            if self.rows >= self.max_rows:
                self.truncated = True
                return
            self.rows += 1
            yield triple


def _formats():
    import pyoxigraph as ox

    results = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
               "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML}
    rdf = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/ld+json": ox.RdfFormat.JSON_LD}
    return results, rdf


_RESULTS_FORMATS, _RDF_FORMATS = _formats()
SOLUTION_TYPES = list(_RESULTS_FORMATS)
GRAPH_TYPES = list(_RDF_FORMATS)


def _serve_requests(connection, source: str, memory_megabytes: Optional[int] = None) -> None:
    from .store import StoreError, open_for_queries

    try:
        store = open_for_queries(source)
    except (StoreError, OSError) as error:
        _send_json(connection, ERROR, {"status": 500, "message": str(error)})
        return
    _limit_memory(memory_megabytes)
    connection.send_bytes(READY)
    while True:
        try:
            request = connection.recv()
        except EOFError:  # the parent closed the pipe or ended
            return
        try:
            _answer(connection, store, request)
        except (StoreError, ValueError) as error:
            _send_json(connection, ERROR, {"status": 400, "message": str(error)})
        except OSError as error:  # reading the store, or a SERVICE call that failed
            _send_json(connection, ERROR, {"status": 500, "message": f"{type(error).__name__}: {error}"})
        except Exception as error:  # an engine error on evaluation: answer it and stay up for the next query
            _send_json(connection, ERROR, {"status": 500, "message": f"query failed: {type(error).__name__}: {error}"})


def _limit_memory(megabytes: Optional[int]) -> None:
    """Let the worker take at most ``megabytes`` of writable memory (RLIMIT_DATA: heap, anonymous
    mappings, thread stacks) beyond what it holds once the store is open: a query that sorts or
    groups a huge join then fails an allocation and the engine aborts, ending this worker instead
    of driving the machine into swap.

    Counted on top of the idle worker because what that holds depends on the host: RocksDB starts
    a thread per processor, each with its stack (~357 MB idle on 2 processors here, 256 MB of it
    the query thread's reserved stack; 50 MB resident). Not RLIMIT_AS: address space only
    reserved (glibc's 64 MB per-thread malloc arenas) counts there too, about 140 MB a processor,
    and made an idle worker die at start under a 1 GB cap on a CI host with more processors."""
    if megabytes is None:
        return
    try:
        import resource
    except ImportError:  # not on this platform: the timeout still bounds the query
        return
    limit = ((_writable_megabytes() or 0) + megabytes) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _writable_megabytes() -> Optional[int]:
    """This process's writable private memory (VmData), or None where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        pass
    return None


def worker_main(connection, source: str, memory_megabytes: Optional[int] = None) -> None:
    threading.stack_size(QUERY_STACK_BYTES)
    thread = threading.Thread(target=_serve_requests, args=(connection, source, memory_megabytes))
    thread.start()
    thread.join()


class Worker:
    """One child process with the source open, answering one query at a time."""

    def __init__(self, source: str, memory_megabytes: Optional[int] = None, start_timeout: float = 600.0):
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no store or thread inherited
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child_end, source, memory_megabytes), daemon=True,
                                       name="kg-query-worker")
        self.process.start()
        child_end.close()
        tag, payload = self.receive(time.monotonic() + start_timeout)
        if tag != READY:
            self.kill()
            raise WorkerGone(json.loads(payload)["message"] if tag == ERROR else "the query worker did not start")

    def send(self, request: dict) -> None:
        self.connection.send(request)

    def receive(self, deadline: float) -> Tuple[Optional[bytes], bytes]:
        """The next frame, or (None, b"") if the deadline passes first; WorkerGone if the process ended."""
        if not self.connection.poll(max(0.0, deadline - time.monotonic())):
            return None, b""
        try:
            frame = self.connection.recv_bytes()
        except (EOFError, OSError):
            raise WorkerGone(f"the query engine stopped (exit status {self.process.exitcode})") from None
        return frame[:1], frame[1:]

    def kill(self) -> None:
        """End the process: the only way to stop a query Oxigraph is evaluating."""
        self.process.kill()
        self.process.join()
        self.connection.close()


def run_once(source: str, request: dict, timeout: float) -> Iterator[bytes]:
    """Answer one request in a new worker: its output, piece by piece; StoreError on a refusal or the timeout."""
    from .store import StoreError

    try:
        worker = Worker(source)
    except WorkerGone as error:
        raise StoreError(str(error)) from None
    deadline = time.monotonic() + timeout
    try:
        worker.send(request)
        while True:
            tag, payload = worker.receive(deadline)
            if tag is None:
                raise StoreError(f"the query did not finish within {timeout:g} s (--timeout); it was stopped")
            if tag == ERROR:
                raise StoreError(json.loads(payload)["message"])
            if tag == DATA:
                yield payload
            if tag == END:
                return
    except WorkerGone as error:
        raise StoreError(str(error)) from None
    finally:
        worker.kill()
