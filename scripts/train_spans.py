"""Retrain the shipped span tagger (kg/models/spans.crfsuite).

    python scripts/train_spans.py [--gold ../shared/dev/gold] [--texts ../shared/dev/texts]
                                  [--corpora ../shared/corpora] [--weak N] [-o kg/models/spans.crfsuite]

Training data: every dev page's gold (Programme, Project, Product and Organisation names found in
the page text),
the cue grammars' labels on N public sentences (MSRA + CLUENER; 0 leaves them out) and the
hand-labelled sentences of kg/resources/training/spans_hand.jsonl. The corpora are read in place
and never copied into the repository. The settings are those chosen by ``scripts/cv_spans.py``;
the model trained here sees every dev page, so only the cross-validated figure is to be quoted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import cv_spans  # noqa: E402

from kg import evaluate as ev  # noqa: E402
from kg import span_training as st  # noqa: E402
from kg.nlp.span_tagger import LEARNABLE_TYPES, MODELS_DIR  # noqa: E402

SHARED = Path("../shared")  # relative to where it runs, as in the commands (the repository root)
DEFAULT_WEAK = 0  # the cross-validated choice (see the README's span tagger section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "dev" / "gold")
    parser.add_argument("--texts", type=Path, default=SHARED / "dev" / "texts")
    parser.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    parser.add_argument("--weak", type=int, default=DEFAULT_WEAK, help="public sentences to weak-label (0: none)")
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("-o", "--output", type=Path, default=MODELS_DIR / "spans.crfsuite")
    args = parser.parse_args()
    try:
        pages = ev.gold_pages(args.gold)
        extra = cv_spans.weak_examples(args.corpora, args.weak) + st.hand_examples()
    except (ValueError, FileNotFoundError) as error:
        sys.exit(f"error: {error}")
    # organisations too: the cross-validated choice (the model then also fills sub-units the NER misses)
    model = cv_spans.fit(pages, args.texts, args.output, extra, LEARNABLE_TYPES, max_iterations=args.iterations)
    print(f"{model}: {model.stat().st_size // 1024} KB, trained on {len(pages)} pages and {len(extra)} extra clauses")


if __name__ == "__main__":
    main()
