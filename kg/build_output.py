"""The client side of a build: article records in, graph files and stores out, as they come.

Workers hand back each article graph already serialised (:class:`kg.model.ArticleRdf`), so
the client makes no RDF terms. For each article it settles the entities' subtypes build-wide
(:class:`kg.resolve.EntityIndex`: the only thing kept per entity) and writes the triples they
imply, then:

* appends the article to ``graph.trig`` in the staging folder: the ``@prefix`` lines once at
  the top, then ``<graph> { body + subtype triples }`` per article. No store holds the named
  graphs and no TriG dump runs at the end;
* bulk-loads the N-Triples, a few megabytes at a time, into a staging store's default graph,
  where each triple is kept once however many articles state it: ``graph.ttl`` is dumped from
  it and the explorer reads it;
* replaces the articles' graphs in a persistent ``--store``, one transaction per batch.

Nothing else per article is kept, so memory does not grow with the corpus. The files only
replace the previous build's when :class:`kg.outputs.OutputSwap` commits them.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import pyoxigraph as ox

from .graph import IriMinter, prefixes, subtype_class, trig_header
from .model import ArticleRdf
from .resolve import EntityIndex
from .vocab import KG

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# N-Triples gathered before one bulk load into the union store: each load writes new files and
# costs ~50 ms however small, so loading every batch (32 articles) doubled the client's load time
UNION_LOAD_BYTES = 8_000_000


# What drawing graph.html imports. A build imports it on a low-priority thread as extraction
# starts, while the client mostly waits for workers: imported when the explorer was drawn, it
# took about 1.5 s of a 1,000-article build's last 4, with the workers done and the cores idle.
EXPLORER_MODULES = ("kg.viewer", "kg.store_view", "networkx", "scipy.linalg", "threadpoolctl")


def import_explorer_modules_in_background() -> threading.Thread:
    """Start importing :data:`EXPLORER_MODULES`; join the thread before drawing. The thread runs
    at the lowest priority (where the platform allows), so it takes cores the workers leave idle
    rather than slowing them. A module that fails to import here is left for the real import to
    report."""

    def load() -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # Linux: this thread only
        except (AttributeError, OSError):
            pass
        for name in EXPLORER_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # reported where the module is used
                return

    thread = threading.Thread(target=load, name="kg-import-explorer", daemon=True)
    thread.start()
    return thread


class BuildWriter:
    def __init__(self, staging: Path, minter: IriMinter, persistent=None):
        self.staging = Path(staging)
        self.minter = minter
        self.persistent = persistent
        self.index = EntityIndex()
        self.relations: Counter = Counter()
        self.sources: Dict[str, set] = {}  # source → article ids, for --replace-source and the page title
        self.articles = 0
        self.quads = 0
        self.union = ox.Store(str(self.staging / "union"))
        self._unloaded: List[bytes] = []
        self._unloaded_bytes = 0
        self._trig = open(self.staging / "graph.trig", "wb")
        self._trig.write(trig_header())

    def add(self, records: Iterable[ArticleRdf]) -> None:
        """Write one batch of articles (in input order) everywhere it goes."""
        replaced: List[Tuple[str, bytes]] = []
        for record in records:
            subtypes = self._settled_subtypes(record)
            # graph.trig says "a kg:Company" (its header declares kg:), the stores get full N-Triples
            short = "".join(f"<{iri}> a kg:{name} .\n" for iri, name in subtypes).encode("utf-8")
            self._trig.write(b"<%s> {\n%s%s}\n" % (record.graph.encode("utf-8"), record.turtle_body, short))
            ntriples = record.ntriples + "".join(f"<{iri}> <{_RDF_TYPE}> <{KG}{name}> .\n" for iri, name in subtypes).encode("utf-8")
            self._unloaded.append(ntriples)
            self._unloaded_bytes += len(ntriples)
            replaced.append((record.article_id, ntriples))
            self.quads += record.triples + len(subtypes)
            self.relations.update(record.predicates)
            self.sources.setdefault(record.source, set()).add(record.article_id)
            self.articles += 1
        if self._unloaded_bytes >= UNION_LOAD_BYTES:
            self._load_union()
        if self.persistent is not None and replaced:
            self.persistent.replace_articles(replaced, self.minter)

    def _load_union(self) -> None:
        if self._unloaded:
            self.union.bulk_load(b"".join(self._unloaded), format=ox.RdfFormat.N_TRIPLES)
        self._unloaded, self._unloaded_bytes = [], 0

    def _settled_subtypes(self, record: ArticleRdf) -> List[Tuple[str, str]]:
        """(entity IRI, subtype) of the article's entities that have one, with their build-wide subtypes."""
        found = {}
        for key, iri, subtype in record.entities:
            settled = self.index.settle_subtype(key, subtype)
            if subtype_class(key[0], settled):
                found[(iri, settled)] = None
        return list(found)

    def finish(self, swap, title: str, viewer_limit: Optional[int], on_phase: Callable[[str], None]) -> Tuple[int, int]:
        """Stage graph.trig, graph.ttl and graph.html; returns (triples, quads).

        graph.ttl is dumped on a thread while the explorer is computed here: Oxigraph's dump
        runs in Rust without the GIL, so the two share the machine instead of queueing."""
        self._trig.close()
        swap.mark_staged("graph.trig")
        self._load_union()
        self.union.flush()
        triples = len(self.union)
        on_phase("writing graph.ttl and graph.html")
        with ThreadPoolExecutor(max_workers=1) as pool:
            turtle = pool.submit(self.union.dump, str(self.staging / "graph.ttl"), ox.RdfFormat.TURTLE,
                                 from_graph=ox.DefaultGraph(), prefixes=prefixes())
            _write_explorer(self.union, self.staging / "graph.html", title, viewer_limit)
            turtle.result()
        swap.mark_staged("graph.ttl")
        swap.mark_staged("graph.html")
        return triples, self.quads

    def close(self) -> None:
        """Release the staging files (before the staging folder is removed or committed)."""
        if not self._trig.closed:
            self._trig.close()
        del self.union


def page_title(sources: Dict[str, set], articles: int) -> str:
    names = sorted(sources)
    head = names[0] if len(names) == 1 else f"{len(names)} 个来源"
    return f"知识图谱 · {head} · {articles} 篇文章"


def _write_explorer(store, path: Path, title: str, limit: Optional[int]) -> None:
    """graph.html from the store's default graph, read in place (no copy into rdflib)."""
    from . import viewer
    from .store_view import StoreGraphView

    kwargs = {"max_nodes": limit} if limit else {}
    Path(path).write_text(viewer.render_graph(StoreGraphView(store), title=title, **kwargs), encoding="utf-8")
