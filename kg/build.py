"""The library API behind ``kg build``: inputs → articles → extraction → resolution → RDF and HTML.

A build streams: articles are read a file at a time, then extracted, resolved
and serialised to RDF in batches (here, in worker processes or on a Dask
cluster, see :mod:`kg.runner`). The client only settles entity subtypes and
writes what the workers send back, as it comes (see :mod:`kg.build_output`):
``graph.trig`` is streamed article by article, the union of the article graphs
(each triple once: ``graph.ttl`` and the explorer) is bulk-loaded into a
staging Oxigraph store, and a persistent ``--store`` receives the article
graphs in transactions (see :mod:`kg.store`). What is kept across articles is
only the compact :class:`kg.resolve.EntityIndex` (entity keys and subtypes)
and the summary counters, so memory does not grow with the corpus. The
finished files replace the previous build's together (see :mod:`kg.outputs`).
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
    from .build_output import BuildWriter, import_explorer_modules_in_background, page_title
    from .graph import IriMinter
    from .outputs import OutputSwap
    from .runner import PipelineSpec, batches, executor

    options = options or BuildOptions()
    inputs = [Path(p) for p in inputs]
    input_bytes = ingest.check_inputs(inputs)
    persistent = None
    writer = None
    with OutputSwap(Path(outdir)) as swap:
        if options.store_dir is not None:
            from .store import BuildStore

            persistent = BuildStore.open(Path(options.store_dir))
        try:
            minter = IriMinter(options.base)
            writer = BuildWriter(swap.staging, minter, persistent)
            spec = PipelineSpec(str(options.ner_model) if options.ner_model else None, options.use_ner, minter.base,
                                options.ner_decoder)
            # corpus lines are converted and placed in the workers (ingest.prepare); ids and --limit are checked here
            articles = ingest.iter_articles(inputs, place=options.place, prepared=False)
            if options.limit is not None:
                articles = itertools.islice(articles, max(0, options.limit))
            on_phase("extracting")
            explorer_imports = import_explorer_modules_in_background()
            with executor(spec, options.workers, options.scheduler, input_bytes) as run:
                for records in run.map(batches(articles)):
                    writer.add(records)
                    on_article(len(records))
            if not writer.articles:
                raise ingest.InputError("no articles to build")
            title = page_title(writer.sources, writer.articles)
            explorer_imports.join()
            triples, quads = writer.finish(swap, title, options.viewer_limit, on_phase)
            summary = BuildSummary(writer.articles, writer.index.counts_by_type(), dict(writer.relations), triples, quads)
            if persistent is not None:
                on_phase("finishing the store")
                dropped = persistent.finish(writer.sources if options.replace_source else None, minter)
                summary.outputs.append(Path(f"{options.store_dir} ({writer.articles} article graphs written, "
                                            f"{dropped} stale ones dropped, {persistent.quad_count()} quads in store)"))
        finally:
            if writer is not None:
                writer.close()
            if persistent is not None:
                persistent.close()
        swap.commit()
    summary.outputs[:0] = [Path(outdir) / name for name in ("graph.ttl", "graph.trig", "graph.html")]
    return summary


# -- in-memory builds: small inputs, tests, notebooks ---------------------------------------

def build_graph(inputs: Iterable[Path], place: Optional[str] = None, ner_model: Optional[Path] = None, use_ner: bool = True):
    """The whole build resolved in memory (one :class:`kg.resolve.Graph`)."""
    from .extract import build_pipeline, extract
    from .resolve import resolve

    articles = ingest.load_articles(inputs, place=place)
    nlp = build_pipeline(ner_model, use_ner=use_ner)
    return resolve(extract(nlp, articles))


def write_outputs(resolved, outdir: Path, base: str = DEFAULT_BASE, store_dir: Optional[Path] = None) -> BuildSummary:
    """Write an in-memory build the way :func:`build` writes a streamed one (the same records and writer)."""
    from .build_output import BuildWriter, page_title
    from .graph import IriMinter, article_rdf
    from .outputs import OutputSwap

    minter = IriMinter(base)
    persistent = None
    writer = None
    with OutputSwap(Path(outdir)) as swap:
        if store_dir is not None:
            from .store import BuildStore

            persistent = BuildStore.open(Path(store_dir))
        try:
            writer = BuildWriter(swap.staging, minter, persistent)
            writer.add(article_rdf(resolved, minter))
            triples, quads = writer.finish(swap, page_title(writer.sources, writer.articles), None, _quiet)
            summary = BuildSummary(
                articles=len(resolved.articles),
                entities_by_type=dict(Counter(e.type for e in resolved.entities.values())),
                relations_by_predicate=dict(Counter(s.predicate for s in resolved.statements)),
                triples=triples,
                quads=quads,
            )
            if persistent is not None:
                persistent.finish(None, minter)
                summary.outputs.append(Path(f"{store_dir} ({len(resolved.articles)} article graphs written, {persistent.quad_count()} quads in store)"))
        finally:
            if writer is not None:
                writer.close()
            if persistent is not None:
                persistent.close()
        swap.commit()
    summary.outputs[:0] = [Path(outdir) / name for name in ("graph.ttl", "graph.trig", "graph.html")]
    return summary
