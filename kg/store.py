"""The SPARQL engine: Oxigraph (pyoxigraph), on disk or in memory.

rdflib stays the modelling API (it builds each article's graph); Oxigraph
stores and queries them. Measured here at 1M triples, rdflib parses Turtle in
about a minute and did not finish a type-heavy join in 150 s, while Oxigraph
parses in seconds and answers in milliseconds (see ``bench/store.py``).

A store holds one named graph per article. Writing an article replaces its
graph in one transaction (``DROP SILENT GRAPH`` + ``INSERT DATA``), so building
the same article twice leaves no duplicates and adding articles later extends
the store. Entities are shared between article graphs through their IRIs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Union

import pyoxigraph as ox
from rdflib import Graph

from .vocab import PREFIXES

QUERY_PREFIXES: Dict[str, str] = {name: str(ns) for name, ns in PREFIXES.items()}
QUERY_PREFIXES.update({"foaf": "http://xmlns.com/foaf/0.1/", "org": "http://www.w3.org/ns/org#"})

FILE_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


class StoreError(ValueError):
    """A user-facing problem with a store, a file or a query (one line)."""


def open_store(path: Path, read_only: bool = False) -> ox.Store:
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise StoreError(f"{path}: cannot open store ({error})") from None


def load_file(path: Path, store: Optional[ox.Store] = None) -> ox.Store:
    """An RDF file in a store (a new in-memory one by default); triples go to the default graph."""
    fmt = FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF file type (known: {', '.join(sorted(FILE_FORMATS))})")
    store = store if store is not None else ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as error:
        raise StoreError(f"{path}: {error}") from None
    return store


def open_source(source: Union[str, Path], read_only: bool = True) -> ox.Store:
    """A store directory, or an RDF file loaded into memory."""
    path = Path(source)
    if not path.exists():
        raise StoreError(f"{path}: no such file or directory")
    return open_store(path, read_only=read_only) if path.is_dir() else load_file(path)


def open_graph(source: Union[str, Path]) -> Graph:
    """Any source as one rdflib graph (named graphs merged), for the viewer and SHACL."""
    store = open_source(source)
    data = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)),
        format=ox.RdfFormat.N_TRIPLES,
    )
    graph = Graph()
    graph.parse(data=data.decode("utf-8") if isinstance(data, bytes) else data, format="nt")
    return graph


BUILD_GRAPH = "urn:kg-zh-news:build"  # the store's own record: whether the last build finished
_BUILD_STATE = "https://w3id.org/kg-zh-news/ontology#buildState"


def content_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The data of a store or file, each statement once: its article graphs when it has named
    graphs (not the default-graph copy of their union, nor the build record), else its default
    graph (a Turtle file, say)."""
    named = any(g.value != BUILD_GRAPH for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            if not named:
                yield quad
        elif quad.graph_name.value != BUILD_GRAPH:
            yield quad


class BuildStore:
    """A persistent store being filled by a build.

    Opening it marks it ``incomplete``; each batch of articles replaces their graphs in one
    transaction (``DROP SILENT GRAPH`` + ``INSERT DATA``), so a killed build leaves every
    article graph wholly old or wholly new; :meth:`finish` marks it ``complete``. A second
    build on the same store fails at open (Oxigraph holds the store's lock)."""

    def __init__(self, store: ox.Store, path: Path):
        self.store = store
        self.path = path
        # into an empty store, each batch also adds its triples to the default graph (the
        # deduplicated union queries read); a store that had graphs before is refreshed at the end
        self.fresh = next(iter(store.quads_for_pattern(None, None, None, None)), None) is None

    @classmethod
    def open(cls, path: Path) -> "BuildStore":
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: exists and is not a store folder")
        try:
            store = ox.Store(str(path))
        except OSError as error:
            message = str(error)
            if "lock" in message.lower():
                raise StoreError(f"{path}: the store is in use by another process (a build or kg serve)") from None
            raise StoreError(f"{path}: cannot open store ({message})") from None
        built = cls(store, path)
        built._set_state("incomplete")
        return built

    def _set_state(self, state: str, extra: str = "") -> None:
        self.store.update(
            f"{extra} DROP SILENT GRAPH <{BUILD_GRAPH}> ; "
            f"INSERT DATA {{ GRAPH <{BUILD_GRAPH}> {{ <{BUILD_GRAPH}> <{_BUILD_STATE}> \"{state}\" }} }}"
        )

    def state(self) -> Optional[str]:
        return build_state(self.store)

    def replace_articles(self, batch, minter) -> None:
        """``batch``: (article id, N-Triples of its graph) pairs; their graphs are replaced in one transaction."""
        drops, inserts = [], []
        for article_id, ntriples in batch:
            name = minter.article_graph(article_id).value
            drops.append(f"DROP SILENT GRAPH <{name}>")
            body = ntriples.decode("utf-8")
            inserts.append(f"GRAPH <{name}> {{ {body} }}")
            if self.fresh:
                inserts.append(body)
        if drops:
            self.store.update(" ; ".join(drops) + " ; INSERT DATA { " + " ".join(inserts) + " }")

    def article_graphs_by_source(self) -> Dict[str, List[str]]:
        """Source document → the article graphs built from it."""
        result = self.store.query(
            "SELECT ?g ?source WHERE { GRAPH ?g { ?a a <https://w3id.org/kg-zh-news/ontology#Article> ; "
            "<https://w3id.org/kg-zh-news/ontology#sourceDocument> ?source } }"
        )
        found: Dict[str, List[str]] = {}
        for row in result:
            found.setdefault(row["source"].value, []).append(row["g"].value)
        return found

    def drop_graphs(self, graphs: List[str]) -> None:
        for start in range(0, len(graphs), 500):
            self.store.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in graphs[start : start + 500]))

    def finish(self, sources_built: Optional[Dict[str, set]], minter) -> int:
        """Drop the stale graphs of the sources built (with --replace-source) and mark the store
        complete. Returns how many graphs were dropped."""
        stale: List[str] = []
        if sources_built:
            kept = {minter.article_graph(a).value for ids in sources_built.values() for a in ids}
            for source, graphs in self.article_graphs_by_source().items():
                if source in sources_built:
                    stale += [g for g in graphs if g not in kept]
        self.drop_graphs(stale)
        if not self.fresh or stale:
            refresh_default_graph(self.store)
        self._set_state("complete")
        self.store.flush()
        return len(stale)

    def quad_count(self) -> int:
        return len(self.store)

    def close(self) -> None:
        self.store.flush()
        del self.store


def build_state(store: ox.Store) -> Optional[str]:
    """``complete``, ``incomplete`` (a build was stopped part-way), or None (never built here)."""
    quads = list(store.quads_for_pattern(ox.NamedNode(BUILD_GRAPH), ox.NamedNode(_BUILD_STATE), None, ox.NamedNode(BUILD_GRAPH)))
    return quads[0].object.value if quads else None


def delete_source(path: Path, source: str) -> int:
    """Drop every article graph built from ``source``; returns how many."""
    built = BuildStore(open_store(path), path)
    try:
        graphs = built.article_graphs_by_source().get(source, [])
        built.drop_graphs(graphs)
        if graphs:
            refresh_default_graph(built.store)
        return len(graphs)
    finally:
        built.close()


@dataclass
class QueryResult:
    kind: str  # "select", "ask", "graph"
    variables: List[str]
    rows: List[List[Optional[object]]]  # pyoxigraph terms
    boolean: Optional[bool] = None
    triples: Optional[List[ox.Triple]] = None


def read_query(text_or_path: str) -> str:
    """The query in the file named ``text_or_path`` if there is one, else the text itself.

    A long inline query is not a usable file name (the system refuses names over 255 bytes), so
    failing to look it up as a file means it is query text.
    """
    path = Path(text_or_path)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # name too long, or a NUL byte
        is_file = False
    if is_file:
        return path.read_text(encoding="utf-8")
    if text_or_path.endswith(".rq"):
        raise StoreError(f"{path}: no such query file")
    return text_or_path


def has_default_triples(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def refresh_default_graph(store: ox.Store, keep_default_triples: bool = False) -> None:
    """Make the default graph the union of the named graphs, each triple once.

    Oxigraph's union default graph repeats a triple once per graph holding it (an entity's
    label and type are in every article graph that mentions it), so counts come out too
    high and joins multiply (``bench/default_graph.py``: ``queries/entities_by_mentions.rq``
    9x slower). Queries read the default graph instead whenever it holds triples (see
    :func:`query_solutions`), so a store writer calls this after each write; without
    ``keep_default_triples`` the default graph is rebuilt, dropping triples of graphs
    replaced since. Two steps, each atomic: a reader between them sees an empty default
    graph and falls back to the union.
    """
    if not keep_default_triples:
        store.update("CLEAR SILENT DEFAULT")
    # extend() is one transaction, and twice as fast here as INSERT { } WHERE { GRAPH ?g { } }
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)
                 if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name.value != BUILD_GRAPH)


def open_for_queries(source: Union[str, Path]) -> ox.Store:
    """:func:`open_source`, with a file's named graphs merged into its default graph for querying."""
    store = open_source(source)
    if not Path(source).is_dir() and next(iter(store.named_graphs()), None) is not None:
        refresh_default_graph(store, keep_default_triples=True)  # in memory: a copy of the file, ours to change
    return store


def query_solutions(store: ox.Store, sparql: str, union_default_graph: Optional[bool] = None):
    """Oxigraph's lazy answer to ``sparql``, with the project's prefixes predeclared.

    The default graph is the store's own when it holds triples (the deduplicated union
    :func:`refresh_default_graph` writes), else Oxigraph's union of the named graphs.
    """
    if union_default_graph is None:
        union_default_graph = not has_default_triples(store)
    return store.query(sparql, prefixes=QUERY_PREFIXES, use_default_graph_as_union=union_default_graph)


def run_query(store: ox.Store, sparql: str, union_default_graph: Optional[bool] = None, allow_service: bool = False) -> QueryResult:
    """Run a read-only SPARQL query in this process (no timeout), with the project's prefixes predeclared."""
    from .query_guard import QueryRefused, check_query

    try:
        check_query(sparql, allow_service=allow_service)
        result = query_solutions(store, sparql, union_default_graph)
    except QueryRefused as error:
        raise StoreError(str(error)) from None
    except SyntaxError as error:
        raise StoreError(f"SPARQL syntax error: {error}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[solution[v] for v in variables] for solution in result]
        return QueryResult("select", variables, rows)
    return QueryResult("graph", [], [], triples=list(result))


def with_prefixes(sparql: str) -> str:
    """The query with the predeclared prefixes written out, for endpoints that do not know them."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([A-Za-z][\w-]*)?:", sparql, re.I)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in QUERY_PREFIXES.items() if name not in declared]
    return "\n".join(lines + [sparql])


def term_text(term, prefixes: Optional[Dict[str, str]] = None) -> str:
    """A compact, readable form of a term for tables: prefixed names, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, namespace in (prefixes or QUERY_PREFIXES).items():
            if term.value.startswith(namespace):
                return f"{name}:{term.value[len(namespace):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)

