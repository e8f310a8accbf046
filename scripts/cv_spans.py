"""Page-level k-fold cross-validation of the span tagger inside the full pipeline.

    python scripts/cv_spans.py [--gold ../shared/dev/gold] [--texts ../shared/dev/texts] [--folds 5]
                               [--corpora ../shared/corpora] [--weak 20000] [--hand FILE ...] [--in-sample]

Folds: the gold stems sorted, fold k = stems[k::folds]. For each fold the CRF is trained on the
other pages' gold (+ weak labels of public sentences + the hand-labelled sentences), the held-out
pages are built with the full pipeline using that model, and the counts are summed over folds.
The report has the lines of ``kg eval``; it is marked cross-validated (or in-sample).

To plug into another cross-validation driver: :func:`fit` (pages → model path) and
:func:`span_overrides` (model path → the pipeline overrides that use it). ``kg eval --folds`` runs the
cross-validation of the shipped settings, span tagger and relation classifier together (:mod:`kg.crossval`).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import evaluate as ev  # noqa: E402
from kg import span_training as st  # noqa: E402
from kg.crossval import fold_pages  # noqa: E402
from kg.nlp.span_tagger import SPAN_TYPES  # noqa: E402

SHARED = Path("../shared")  # relative to where it runs, as in the commands (the repository root)
WEAK_CACHE = Path(tempfile.gettempdir()) / "kg_span_weak_{limit}.pickle"


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
    examples = [e for page in train_pages for e in st.gold_page_examples(page.gold, st.page_article_texts(page, texts), kinds)]
    return st.train(examples + list(extra), output, **train_args)


def span_overrides(model: Optional[Path], min_confidence: float = 0.5, extend_rules: bool = True) -> Dict[str, Dict[str, object]]:
    """Pipeline overrides that put ``model`` in place of the shipped span model (None: rules only)."""
    return {"kg_domain_entities": {"span_model": str(Path(model).resolve()) if model else "",
                                   "span_min_confidence": min_confidence, "span_extends_rules": extend_rules}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "dev" / "gold")
    parser.add_argument("--texts", type=Path, default=SHARED / "dev" / "texts")
    parser.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--weak", type=int, default=20000, help="public sentences to weak-label (0: none)")
    parser.add_argument("--no-hand", action="store_true", help="leave out the hand-labelled sentences")
    parser.add_argument("--hand", type=Path, nargs="+", default=[st.HAND_LABELLED],
                        help="hand-labelled sentence files (JSON lines; default: the shipped one), to measure a candidate set")
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
        extra = weak_examples(args.corpora, args.weak) + ([] if args.no_hand else [e for path in args.hand for e in st.hand_examples(path, kinds)])
    except (ValueError, FileNotFoundError) as error:
        sys.exit(f"error: {error}")
    settings = [(c, not args.no_extend) for c in args.min_confidence]
    totals = {setting: ev.Report() for setting in settings}
    splits = [pages] if args.in_sample else fold_pages(sorted(pages, key=lambda p: p.name), args.folds)
    for index, held_out in enumerate(splits):
        train_pages = pages if args.in_sample else [p for p in pages if p not in held_out]
        model = fit(train_pages, args.texts, work / f"fold{index}.crfsuite", extra, kinds, max_iterations=args.iterations,
                    c1=args.c1, c2=args.c2)
        for confidence, extend in settings:
            overrides = span_overrides(model, confidence, extend)
            totals[(confidence, extend)].add(ev.score_pages(held_out, ev.build_page_graphs(held_out, args.texts, overrides=overrides)))
        print(f"fold {index}: {', '.join(p.name for p in held_out)}", file=sys.stderr)
    kind = "in-sample" if args.in_sample else f"cross-validated ({args.folds}-fold by page)"
    for (confidence, extend), total in totals.items():
        print(f"span tagger, {kind}; weak sentences {args.weak}, hand-labelled {'no' if args.no_hand else ' + '.join(p.name for p in args.hand)}, "
              f"min confidence {confidence}, extends rules {'yes' if extend else 'no'}, c1 {args.c1} c2 {args.c2}, types {', '.join(kinds)}")
        print("\n".join(total.lines()[:7]))
    if args.details:
        for item in total.missed_entities + ["--- spurious"] + total.spurious_entities:
            if item.startswith("---") or any(f" {t} " in item for t in kinds):
                print(item)


if __name__ == "__main__":
    main()
