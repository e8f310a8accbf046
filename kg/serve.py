"""A read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1, with a page to type queries into.

GET ``/sparql?query=…`` and POST (``application/x-www-form-urlencoded`` with
``query=…``, or ``application/sparql-query``). Results are negotiated from the
Accept header: SPARQL JSON (default), CSV, TSV, XML for SELECT/ASK; Turtle
(default), N-Triples or JSON-LD for CONSTRUCT/DESCRIBE. Updates are refused
with 403.
"""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Tuple

import pyoxigraph as ox

from .store import QUERY_PREFIXES, StoreError

SELECT_TYPES = [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/json", ox.QueryResultsFormat.JSON),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
]
GRAPH_TYPES = [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
]


def negotiate(accept: str, offers):
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
        for offer in offers:
            if offer[0] == media:
                return offer
    return None


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/0.1"
    store: ox.Store = None  # set on the class made by make_server

    def log_message(self, format, *args):  # quiet by default; the CLI prints the address
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_GET(self):
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
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
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
        from .store import _COMMENT, _UPDATE

        if _UPDATE.match(_COMMENT.sub("", sparql)):
            return self._error(403, "SPARQL UPDATE is refused: this endpoint is read-only")
        try:
            result = self.store.query(sparql, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as error:
            return self._error(400, f"SPARQL syntax error: {error}")
        accept = self.headers.get("Accept", "")
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            offer = negotiate(accept, SELECT_TYPES)
            if offer is None:
                return self._error(406, "acceptable: " + ", ".join(m for m, _ in SELECT_TYPES))
            body = result.serialize(format=offer[1])
        else:
            offer = negotiate(accept, GRAPH_TYPES)
            if offer is None:
                return self._error(406, "acceptable: " + ", ".join(m for m, _ in GRAPH_TYPES))
            body = ox.serialize(result, format=offer[1])
        charset = "; charset=utf-8" if offer[0].startswith("text/") else ""
        self._send(200, body, offer[0] + charset)


def make_server(store: ox.Store, port: int = 8000, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise StoreError("the endpoint only listens on the loopback interface (127.0.0.1)")
    handler = type("BoundSparqlHandler", (SparqlHandler,), {"store": store})
    return ThreadingHTTPServer((host, port), handler)


def serve_in_thread(store: ox.Store, port: int = 0) -> Tuple[ThreadingHTTPServer, threading.Thread]:
    server = make_server(store, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
