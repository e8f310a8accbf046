"""Upload a graph to a triple store through the SPARQL 1.1 Graph Store HTTP Protocol."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Dict, Iterable, Optional, Tuple

import pyoxigraph as ox


class PushError(RuntimeError):
    pass


def _opener(endpoint: str, user: Optional[str], password: Optional[str]):
    handlers = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, endpoint, user, password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def graphs_of(store) -> Dict[str, list]:
    """Triples by graph name ("" for the default graph)."""
    from .store import content_quads

    out: Dict[str, list] = {}
    for quad in content_quads(store):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        out.setdefault(name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return out


def push(store, endpoint: str, graph: Optional[str] = None, user: Optional[str] = None, password: Optional[str] = None,
         timeout: float = 60.0) -> Iterable[Tuple[str, int]]:
    """PUT each article graph (or everything into ``graph``) to ``endpoint``; yields (graph, triples)."""
    opener = _opener(endpoint, user, password)
    groups = graphs_of(store)
    if graph is not None:
        merged = {t for triples in groups.values() for t in triples}
        groups = {graph: list(merged)}
    for name, triples in sorted(groups.items()):
        if not name:
            raise PushError("the source has triples outside named graphs: pass --graph IRI to upload them")
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        url = f"{endpoint}{'&' if '?' in endpoint else '?'}{urllib.parse.urlencode({'graph': name})}"
        # N-Triples is Turtle, and every store takes text/turtle
        request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "text/turtle"})
        try:
            with opener.open(request, timeout=timeout) as response:
                if response.status >= 300:
                    raise PushError(f"{endpoint}: HTTP {response.status} for graph {name}")
        except urllib.error.HTTPError as error:
            raise PushError(f"{endpoint}: HTTP {error.code} {error.reason} for graph {name}") from None
        except urllib.error.URLError as error:
            raise PushError(f"{endpoint}: {error.reason}") from None
        yield name, len(triples)
