"""The library API behind ``kg build``: inputs → articles → extraction → resolution → RDF and HTML."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional

from rdflib import Dataset

from . import export, graph as rdf, ingest, viewer
from .extract import build_pipeline, extract
from .resolve import Graph as ResolvedGraph, resolve
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


def build_graph(
    inputs: Iterable[Path],
    place: Optional[str] = None,
    ner_model: Optional[Path] = None,
    use_ner: bool = True,
    progress: Optional[Callable] = None,
) -> ResolvedGraph:
    articles = ingest.load_articles(inputs, place=place)
    nlp = build_pipeline(ner_model, use_ner=use_ner)
    extractions = extract(nlp, articles)
    if progress is not None:
        extractions = progress(extractions, len(articles))
    return resolve(list(extractions))


def summarise(resolved: ResolvedGraph, dataset: Dataset, union) -> BuildSummary:
    return BuildSummary(
        articles=len(resolved.articles),
        entities_by_type=dict(Counter(e.type for e in resolved.entities.values())),
        relations_by_predicate=dict(Counter(s.predicate for s in resolved.statements)),
        triples=len(union),
        quads=sum(1 for _ in dataset.quads((None, None, None, None))),
    )


def _title(resolved: ResolvedGraph) -> str:
    sources = sorted({a.source for a in resolved.articles})
    head = sources[0] if len(sources) == 1 else f"{len(sources)} 个来源"
    return f"知识图谱 · {head} · {len(resolved.articles)} 篇文章"


def write_outputs(resolved: ResolvedGraph, outdir: Path, base: str = DEFAULT_BASE, store_dir: Optional[Path] = None) -> BuildSummary:
    dataset = rdf.to_dataset(resolved, base)
    union = rdf.union_graph(dataset)
    summary = summarise(resolved, dataset, union)
    outdir = Path(outdir)
    targets = [(outdir / "graph.ttl", union, "turtle"), (outdir / "graph.trig", dataset, "trig")]
    for path, graph, fmt in targets:
        export.write_rdf(graph, path, fmt)
        summary.outputs.append(path)
    html_path = outdir / "graph.html"
    export.write_text(html_path, viewer.render_graph(union, title=_title(resolved)))
    summary.outputs.append(html_path)
    if store_dir is not None:
        from .store import open_store, write_dataset

        store = open_store(Path(store_dir))
        written = write_dataset(store, dataset)
        summary.outputs.append(Path(f"{store_dir} ({len(written)} article graphs replaced, {len(store)} quads in store)"))
    return summary
