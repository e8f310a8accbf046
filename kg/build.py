"""The library API behind ``kg build``: inputs → articles → extraction → resolution → RDF and HTML.

A build streams: articles are read a file at a time, extracted and resolved in
batches (here, in worker processes or on a Dask cluster, see :mod:`kg.runner`),
and each resolved article is written at once as its own named graph into an
Oxigraph store in the build's staging folder. What is kept across articles is
only the compact :class:`kg.resolve.EntityIndex` (entity keys and subtypes)
and the summary counters, so memory does not grow with the corpus.

Each triple also goes into the staging store's default graph, where the store
keeps it once however many articles state it: ``graph.ttl`` is that default
graph and ``graph.trig`` the article graphs, both written by Oxigraph's
serialisers. The finished files replace the previous build's together (see
:mod:`kg.outputs`), and a persistent ``--store`` receives the article graphs
in transactions (see :mod:`kg.store`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional

from . import ingest
from .vocab import DEFAULT_BASE


@dataclass
class BuildSummary:
    articles: int
    entities_by_type: Dict[str, int]
    relations_by_predicate: Dict[str, int]
    triples: int
    quads: int
    outputs: List[Path] = field(default_factory=list)

    def lines(self) -> List[str]:
        out = [f"articles: {self.articles}"]
        out.append("entities: " + ", ".join(f"{k} {v}" for k, v in sorted(self.entities_by_type.items())))
        out.append("relations: " + ", ".join(f"{k} {v}" for k, v in sorted(self.relations_by_predicate.items())))
        out.append(f"triples: {self.triples} (quads: {self.quads})")
        out += [f"wrote {p}" for p in self.outputs]
        return out


@dataclass
class BuildOptions:
    place: Optional[str] = None
    base: str = DEFAULT_BASE
    ner_model: Optional[Path] = None
    use_ner: bool = True
    ner_decoder: Optional[str] = None  # "transition" or "fast" (kg.ner.DECODERS); None: as the pipeline was saved
    workers: int = 1
    scheduler: Optional[str] = None  # tcp://host:port of a dask.distributed scheduler
    limit: Optional[int] = None  # stop after this many articles
    store_dir: Optional[Path] = None
    replace_source: bool = False  # drop a source's article graphs that this build no longer has
    viewer_limit: Optional[int] = None  # most entities the explorer draws (default: the viewer's own)


def _quiet(*_args, **_kwargs) -> None:
    return None


def build(
    inputs: Iterable[Path],
    outdir: Path,
    options: Optional[BuildOptions] = None,
    on_article: Callable[[int], None] = _quiet,
    on_phase: Callable[[str], None] = _quiet,
) -> BuildSummary:
    """Build ``outdir``/graph.ttl, graph.trig and graph.html (and fill ``options.store_dir``).

    ``on_article(n)`` is called as articles finish (for progress bars), ``on_phase(name)`` as
    the build moves from extraction to writing. Options, the output folder and the store are
    checked before any article is read, so a mistake costs no extraction time."""
    import pyoxigraph as ox

    from .graph import IriMinter, article_quads
    from .outputs import OutputSwap
    from .resolve import EntityIndex
    from .runner import PipelineSpec, batches, executor

    options = options or BuildOptions()
    inputs = [Path(p) for p in inputs]
    input_bytes = ingest.check_inputs(inputs)
    persistent = None
    with OutputSwap(Path(outdir)) as swap:
        if options.store_dir is not None:
            from .store import BuildStore

            persistent = BuildStore.open(Path(options.store_dir))
        try:
            # Two staging stores, so each file is one dump in Rust: the article graphs (graph.trig)
            # and their union, each triple once (graph.ttl and the explorer).
            scratch = ox.Store(str(swap.staging / "store"))
            union = ox.Store(str(swap.staging / "union"))
            minter = IriMinter(options.base)
            index = EntityIndex()
            relations: Counter = Counter()
            articles_done = 0
            sources: Dict[str, set] = {}
            spec = PipelineSpec(str(options.ner_model) if options.ner_model else None, options.use_ner, options.ner_decoder)
            articles = ingest.iter_articles(inputs, place=options.place)
            if options.limit is not None:
                articles = itertools.islice(articles, max(0, options.limit))
            on_phase("extracting")
            with executor(spec, options.workers, options.scheduler, input_bytes) as run:
                for results in run.map(batches(articles)):
                    batch_quads = []
                    for article_graph in results:
                        index.settle(article_graph)
                        quads = article_quads(article_graph, minter)
                        batch_quads.append((article_graph.articles[0], quads))
                        relations.update(s.predicate for s in article_graph.statements)
                    flat = [q for _, qs in batch_quads for q in qs]
                    scratch.bulk_extend(flat)
                    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in flat)
                    if persistent is not None:
                        persistent.replace_articles(batch_quads, minter)
                    for article, _ in batch_quads:
                        sources.setdefault(article.source, set()).add(article.id)
                    articles_done += len(results)
                    on_article(len(results))
            if not articles_done:
                raise ingest.InputError("no articles to build")
            scratch.flush()
            union.flush()
            triples, quads = _write_files(swap, scratch, union, _title(sources, articles_done), options.viewer_limit, on_phase)
            summary = BuildSummary(articles_done, index.counts_by_type(), dict(relations), triples, quads)
            if persistent is not None:
                on_phase("finishing the store")
                dropped = persistent.finish(sources if options.replace_source else None, minter)
                summary.outputs.append(Path(f"{options.store_dir} ({articles_done} article graphs written, "
                                            f"{dropped} stale ones dropped, {persistent.quad_count()} quads in store)"))
            del scratch, union
        finally:
            if persistent is not None:
                persistent.close()
        swap.commit()
    summary.outputs[:0] = [Path(outdir) / name for name in ("graph.ttl", "graph.trig", "graph.html")]
    return summary


def _write_files(swap, articles, union, title: str, viewer_limit: Optional[int], on_phase) -> tuple:
    """Stage graph.ttl (``union``'s default graph: each triple once), graph.trig (the article
    graphs in ``articles``) and graph.html; returns (triples, quads)."""
    import pyoxigraph as ox

    from .graph import prefixes

    on_phase("writing graph.ttl")
    swap.write_with(lambda path: union.dump(str(path), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
                                            prefixes=prefixes()), "graph.ttl")
    on_phase("writing graph.trig")
    swap.write_with(lambda path: articles.dump(str(path), ox.RdfFormat.TRIG, prefixes=prefixes()), "graph.trig")
    triples = len(union)
    on_phase("writing graph.html")
    swap.write_with(lambda path: _write_explorer(union, path, title, triples, viewer_limit), "graph.html")
    return triples, len(articles)


def _title(sources: Dict[str, set], articles: int) -> str:
    names = sorted(sources)
    head = names[0] if len(names) == 1 else f"{len(names)} 个来源"
    return f"知识图谱 · {head} · {articles} 篇文章"


def _write_explorer(store, path: Path, title: str, triples: int, limit: Optional[int]) -> None:
    """graph.html from the store's default graph, read in place (no copy into rdflib)."""
    from . import viewer
    from .store_view import StoreGraphView

    kwargs = {"max_nodes": limit} if limit else {}
    Path(path).write_text(viewer.render_graph(StoreGraphView(store), title=title, **kwargs), encoding="utf-8")


# -- in-memory builds: small inputs, tests, notebooks ---------------------------------------

def build_graph(inputs: Iterable[Path], place: Optional[str] = None, ner_model: Optional[Path] = None, use_ner: bool = True):
    """The whole build resolved in memory (one :class:`kg.resolve.Graph`)."""
    from .extract import build_pipeline, extract
    from .resolve import resolve

    articles = ingest.load_articles(inputs, place=place)
    nlp = build_pipeline(ner_model, use_ner=use_ner)
    return resolve(extract(nlp, articles))


def write_outputs(resolved, outdir: Path, base: str = DEFAULT_BASE, store_dir: Optional[Path] = None) -> BuildSummary:
    """Write an in-memory build the way :func:`build` writes a streamed one."""
    import pyoxigraph as ox

    from .graph import IriMinter, article_quads
    from .outputs import OutputSwap

    minter = IriMinter(base)
    with OutputSwap(Path(outdir)) as swap:
        scratch, union = ox.Store(), ox.Store()
        quads = article_quads(resolved, minter)
        scratch.extend(quads)
        union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
        sources = {}
        for article in resolved.articles:
            sources.setdefault(article.source, set()).add(article.id)
        triples, quad_count = _write_files(swap, scratch, union, _title(sources, len(resolved.articles)), None, _quiet)
        summary = BuildSummary(
            articles=len(resolved.articles),
            entities_by_type=dict(Counter(e.type for e in resolved.entities.values())),
            relations_by_predicate=dict(Counter(s.predicate for s in resolved.statements)),
            triples=triples,
            quads=quad_count,
        )
        if store_dir is not None:
            from .store import BuildStore

            persistent = BuildStore.open(Path(store_dir))
            try:
                by_article = {}
                for q in quads:
                    by_article.setdefault(q.graph_name.value, []).append(q)
                persistent.replace_articles([(a, by_article.get(minter.article_graph(a.id).value, [])) for a in resolved.articles], minter)
                persistent.finish(None, minter)
                summary.outputs.append(Path(f"{store_dir} ({len(resolved.articles)} article graphs written, {persistent.quad_count()} quads in store)"))
            finally:
                persistent.close()
        swap.commit()
    summary.outputs[:0] = [Path(outdir) / name for name in ("graph.ttl", "graph.trig", "graph.html")]
    return summary
