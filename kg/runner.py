"""Where extraction runs: in this process, in N local worker processes, or on a Dask cluster.

Every executor takes batches of articles and gives back, in input order, one
:class:`kg.model.ArticleRdf` per article: the article graph extracted, resolved
and already serialised to RDF, with the entity keys and subtypes the client
settles build-wide. Those are compact, picklable records: no spaCy ``Doc`` and
no RDF term crosses a process boundary, and the client's own work per article
is writing bytes. A worker loads the pipeline once and keeps it for every
batch it is given.

At most a few batches per worker are in flight at any time, so memory stays
bounded however long the input is.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Deque, Dict, Iterable, Iterator, List, Optional, Union

from .model import Article, ArticleRdf, CorpusRecord
from .vocab import DEFAULT_BASE


Readable = Union[Article, CorpusRecord]  # what executors take: articles, or corpus lines to prepare


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to build the same pipeline as the client."""

    ner_model: Optional[str] = None
    use_ner: bool = True
    base: str = DEFAULT_BASE  # of the IRIs the worker mints
    ner_decoder: Optional[str] = None  # None: the decoder the NER pipeline was saved with


_LOADED: Dict[tuple, object] = {}


def _worker_state(spec: PipelineSpec):
    """The pipeline and resolver of this process, loaded on first use."""
    key = (spec.ner_model, spec.use_ner, spec.ner_decoder)  # the pipeline does not depend on the base IRI
    state = _LOADED.get(key)
    if state is None:
        from .extract import build_pipeline
        from .resolve import Resolver

        nlp = build_pipeline(Path(spec.ner_model) if spec.ner_model else None, use_ner=spec.use_ner,
                             ner_decoder=spec.ner_decoder)
        state = _LOADED[key] = (nlp, Resolver())
    return state


def process_batch(spec: PipelineSpec, articles: List[Readable]) -> List[ArticleRdf]:
    """Prepare, extract, resolve and serialise one batch: the unit of work for every executor.
    Corpus records are converted to simplified characters and given their place here, in the
    worker, so that the client only reads lines (see :func:`kg.ingest.prepare`)."""
    from .extract import extract
    from .graph import IriMinter, article_rdf
    from .ingest import prepare
    from .resolve import resolve_article

    nlp, resolver = _worker_state(spec)
    minter = IriMinter(spec.base)
    records: List[ArticleRdf] = []
    for extraction in extract(nlp, [prepare(article) for article in articles]):
        records += article_rdf(resolve_article(extraction, resolver), minter)
    return records


def batches(articles: Iterable[Readable], max_articles: int = 32, max_chars: int = 60_000) -> Iterator[List[Readable]]:
    """Articles grouped into batches bounded by count and by characters."""
    batch: List[Readable] = []
    size = 0
    for article in articles:
        chars = article.chars if isinstance(article, CorpusRecord) else len(article.text)
        if batch and (len(batch) >= max_articles or size + chars > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(article)
        size += chars
    if batch:
        yield batch


# Inputs above this size are extracted in a worker process even with one worker: the
# process costs a couple of seconds to start, and in exchange the pipeline's memory is
# returned to the system before the graph files and the explorer are written, so the peak
# of a long build is the larger of the two phases, not their sum.
IN_PROCESS_MAX_BYTES = 1_000_000


class LocalExecutor:
    """Extraction in this process (one worker, small input) or in a pool of worker processes."""

    def __init__(self, spec: PipelineSpec, workers: int = 1, in_process: bool = True):
        self.spec = spec
        self.workers = max(1, workers)
        self.in_process = in_process and self.workers == 1
        self._pool = None

    def __enter__(self) -> "LocalExecutor":
        if not self.in_process:
            import multiprocessing

            # spawn, not fork: a forked copy of a loaded pipeline shares BLAS thread state with the parent
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=_limit_threads)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            if exc[0] is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()

    def map(self, work: Iterable[List[Readable]]) -> Iterator[List[ArticleRdf]]:
        if self._pool is None:
            for batch in work:
                yield process_batch(self.spec, batch)
            return
        window: Deque = deque()
        depth = 2 * self.workers
        for batch in work:
            window.append(self._pool.apply_async(process_batch, (self.spec, batch)))
            if len(window) >= depth:
                yield window.popleft().get()
        while window:
            yield window.popleft().get()


class DaskExecutor:
    """Extraction on an existing dask.distributed cluster; merging and writing stay on the client."""

    def __init__(self, spec: PipelineSpec, scheduler: str):
        self.spec = spec
        self.scheduler = scheduler
        self._client = None

    def __enter__(self) -> "DaskExecutor":
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - dask is a declared dependency
            raise RuntimeError("--scheduler needs dask.distributed (pip install 'dask[distributed]')") from None
        try:
            self._client = Client(self.scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise SchedulerUnavailable(f"cannot reach the Dask scheduler at {self.scheduler} ({error})") from None
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()

    def map(self, work: Iterable[List[Readable]]) -> Iterator[List[ArticleRdf]]:
        workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        window: Deque = deque()
        depth = 2 * workers
        for batch in work:
            window.append(self._client.submit(process_batch, self.spec, batch, pure=False))
            if len(window) >= depth:
                yield _collect(window.popleft())
        while window:
            yield _collect(window.popleft())


class SchedulerUnavailable(ValueError):
    """The Dask scheduler named by --scheduler cannot be reached (one line)."""


def _collect(future):
    try:
        return future.result()
    finally:
        future.release()


def _limit_threads() -> None:
    """One BLAS thread per worker process: the workers are the parallelism. The variables cover
    libraries loaded from now on; numpy's OpenBLAS is already loaded by the time a spawned worker
    runs this, so it is limited through threadpoolctl (else two workers ran four BLAS threads)."""
    from threadpoolctl import threadpool_limits

    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    threadpool_limits(1)


def executor(spec: PipelineSpec, workers: int = 1, scheduler: Optional[str] = None, input_bytes: int = 0):
    if scheduler:
        return DaskExecutor(spec, scheduler)
    return LocalExecutor(spec, workers, in_process=input_bytes <= IN_PROCESS_MAX_BYTES)
