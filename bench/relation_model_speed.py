"""What the learned relation classifier adds to the pipeline's time, beside the rest of the pipeline, same docs, same run.

    python bench/relation_model_speed.py /tmp/c300.jsonl

Runs the pipeline without the classifier over every article (as kg build cuts them), then the
classifier alone over the same Docs, and prints the CPU seconds of each (process time, so other
work on the machine weighs less) and the share the classifier adds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="a JSONL corpus or page file kg build reads")
    args = parser.parse_args()

    from kg.extract import PIECE_CHARACTERS, build_pipeline
    from kg.ingest import load_articles
    from kg.text import piece_spans

    nlp = build_pipeline()
    classifier = nlp.get_pipe("kg_relation_model")
    texts = [a.text[s:e] for a in load_articles([args.input]) for s, e in piece_spans(a.text, limit=PIECE_CHARACTERS) or [(0, len(a.text))]]

    started = time.process_time()
    with nlp.select_pipes(disable=["kg_relation_model"]):
        docs = list(nlp.pipe(texts, batch_size=8))
    rest = time.process_time() - started
    pattern_hits = [list(doc._.relations) for doc in docs]

    started = time.process_time()
    for doc in docs:
        classifier(doc)
    model = time.process_time() - started
    added = sum(len(doc._.relations) - len(hits) for doc, hits in zip(docs, pattern_hits))
    print(f"{len(texts)} texts, {sum(map(len, texts)):,} characters")
    print(f"pipeline without the classifier  {rest:7.2f} s CPU")
    print(f"relation classifier alone        {model:7.2f} s CPU  (+{100 * model / rest:.1f}%, {added} relations added)")


if __name__ == "__main__":
    main()
