"""Page-level k-fold cross-validation of the span tagger inside the full pipeline.

    python scripts/cv_spans.py [--gold ../shared/dev/gold] [--texts ../shared/dev/texts] [--folds 5]
                               [--corpora ../shared/corpora] [--weak 20000] [--in-sample]

Folds: the gold stems sorted, fold k = stems[k::folds]. For each fold the CRF is trained on the
other pages' gold (+ weak labels of public sentences + the hand-labelled sentences), the held-out
pages are built with the full pipeline using that model, and the counts are summed over folds.
The report has the lines of ``kg eval``; it is marked cross-validated (or in-sample).

To plug into another cross-validation driver: :func:`fit` (pages → model path) and
:func:`pipeline_config` (model path → a pipeline config that uses it, for ``build_pipeline``).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from spacy.util import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import evaluate as ev  # noqa: E402
from kg import graph as rdf  # noqa: E402
from kg import span_training as st  # noqa: E402
from kg.extract import PIPELINE_CONFIG, build_pipeline, extract  # noqa: E402
from kg.ingest import load_articles  # noqa: E402
from kg.nlp.span_tagger import SPAN_TYPES  # noqa: E402
from kg.resolve import resolve  # noqa: E402

SHARED = Path("../shared")  # relative to where it runs, as in the commands (the repository root)
WEAK_CACHE = Path(tempfile.gettempdir()) / "kg_span_weak_{limit}.pickle"


def page_texts(page: ev.Page, texts: Path) -> List[str]:
    path = ev.find_text(texts, page)
    return [a.text for a in load_articles([path])] if path else []


def weak_examples(corpora: Path, limit: int) -> List[st.Example]:
    """Weak labels of ``limit`` public sentences, cached between runs (they do not depend on the folds)."""
    if limit <= 0:
        return []
    cache = Path(str(WEAK_CACHE).format(limit=limit))
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    examples = st.weak_examples(st.corpus_sentences(corpora, limit=limit))
    cache.write_bytes(pickle.dumps(examples))
    return examples


def fit(train_pages: Sequence[ev.Page], texts: Path, output: Path, extra: Sequence[st.Example] = (),
        kinds: Sequence[str] = SPAN_TYPES, **train_args) -> Path:
    """Train on the pages' gold of ``kinds`` plus ``extra`` examples (weak and hand-labelled); the model's path."""
    examples = [e for page in train_pages for e in st.gold_page_examples(page.gold, page_texts(page, texts), kinds)]
    return st.train(examples + list(extra), output, **train_args)


def pipeline_config(model: Optional[Path], output: Path, min_confidence: float = 0.5, extend_rules: bool = True) -> Path:
    """The shipped pipeline config with the span model replaced (None: rules only)."""
    config = load_config(PIPELINE_CONFIG)
    component = config["components"]["kg_domain_entities"]
    component["span_model"] = str(Path(model).resolve()) if model else ""
    component["span_min_confidence"] = min_confidence
    component["span_extends_rules"] = extend_rules
    config.to_disk(output)
    return output


def score_with(config: Path, pages: Sequence[ev.Page], texts: Path) -> ev.Report:
    nlp = build_pipeline(config=config)
    graphs = []
    for page in pages:
        articles = load_articles([ev.find_text(texts, page)])
        graphs.append(rdf.union_graph(rdf.to_dataset(resolve(list(extract(nlp, articles))))))
    return ev.score_pages(pages, graphs)


def folds(pages: Sequence[ev.Page], k: int) -> List[List[ev.Page]]:
    ordered = sorted(pages, key=lambda p: p.name)
    return [ordered[i::k] for i in range(k)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "dev" / "gold")
    parser.add_argument("--texts", type=Path, default=SHARED / "dev" / "texts")
    parser.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--weak", type=int, default=20000, help="public sentences to weak-label (0: none)")
    parser.add_argument("--no-hand", action="store_true", help="leave out the hand-labelled sentences")
    parser.add_argument("--min-confidence", type=float, nargs="+", default=[0.5],
                        help="one report per value (the folds' models are trained once)")
    parser.add_argument("--organisations", action="store_true", help="also learn the gold organisations")
    parser.add_argument("--no-extend", action="store_true", help="the model only adds spans, never extends a rule's")
    parser.add_argument("--details", action="store_true", help="list missed and spurious programmes, projects and products")
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--c1", type=float, default=0.05, help="L1 regularisation")
    parser.add_argument("--c2", type=float, default=0.01, help="L2 regularisation")
    parser.add_argument("--in-sample", action="store_true", help="train on every page and score them all (not the figure to quote)")
    args = parser.parse_args()

    try:
        pages = ev.gold_pages(args.gold)
    except (ValueError, FileNotFoundError) as error:
        sys.exit(f"error: {error}")
    work = Path(tempfile.mkdtemp(prefix="kg-cv-spans-"))
    kinds = SPAN_TYPES + (("Organisation",) if args.organisations else ())
    try:
        extra = weak_examples(args.corpora, args.weak) + ([] if args.no_hand else st.hand_examples(kinds=kinds))
    except (ValueError, FileNotFoundError) as error:
        sys.exit(f"error: {error}")
    settings = [(c, not args.no_extend) for c in args.min_confidence]
    totals = {setting: ev.Report() for setting in settings}
    splits = [pages] if args.in_sample else folds(pages, args.folds)
    for index, held_out in enumerate(splits):
        train_pages = pages if args.in_sample else [p for p in pages if p not in held_out]
        model = fit(train_pages, args.texts, work / f"fold{index}.crfsuite", extra, kinds, max_iterations=args.iterations,
                    c1=args.c1, c2=args.c2)
        for confidence, extend in settings:
            config = pipeline_config(model, work / f"fold{index}.cfg", confidence, extend)
            totals[(confidence, extend)].add(score_with(config, held_out, args.texts))
        print(f"fold {index}: {', '.join(p.name for p in held_out)}", file=sys.stderr)
    kind = "in-sample" if args.in_sample else f"cross-validated ({args.folds}-fold by page)"
    for (confidence, extend), total in totals.items():
        print(f"span tagger, {kind}; weak sentences {args.weak}, hand-labelled {'no' if args.no_hand else 'yes'}, "
              f"min confidence {confidence}, extends rules {'yes' if extend else 'no'}, c1 {args.c1} c2 {args.c2}, types {', '.join(kinds)}")
        print("\n".join(total.lines()[:7]))
    if args.details:
        for item in total.missed_entities + ["--- spurious"] + total.spurious_entities:
            if item.startswith("---") or any(f" {t} " in item for t in kinds):
                print(item)


if __name__ == "__main__":
    main()
