"""CPU of the rule layer (every pipeline component after the trained NER, then resolution), per component,
for this checkout beside a baseline commit, in the same run.

    python bench/rule_layer_speed.py [/tmp/c200.jsonl] [--baseline REF] [--rounds 3] [--processes 2]

The NER runs once per process and its Docs are kept serialised; each round restores them and times
every later component on every Doc, then reads the extraction records off the Docs and resolves them
(as kg.extract and kg.runner do), so the neural NER, which dominates and is measured by
bench/ner_speed.py, does not drown the rules. With ``--baseline`` the commit is exported with
``git archive`` and measured in its own processes, alternating with this checkout's; the best CPU time
(process time, so other processes on a shared machine weigh less) of each component is printed with
the ratio of the totals.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(corpus: Path, rounds: int) -> dict:
    """Best CPU seconds per component over ``rounds`` rounds, in the kg package on sys.path."""
    from spacy.tokens import Doc

    from kg.extract import BATCH_SIZE, Extraction, build_pipeline
    from kg.ingest import load_articles
    from kg.model import Evidence, Mention, Relation
    from kg.nlp.tokenizer import doc_text
    from kg.resolve import Resolver, resolve_article

    articles = load_articles([corpus])
    nlp, resolver = build_pipeline(), Resolver()
    neural = [name for name in nlp.pipe_names if name in ("tok2vec", "ner")]
    with nlp.select_pipes(enable=neural):
        docs = []
        for article in articles:
            doc = nlp.make_doc(article.text)
            doc._.place = article.place
            docs.append(doc)
        blobs = [doc.to_bytes(exclude=["tensor"]) for doc in nlp.pipe(docs, batch_size=BATCH_SIZE)]

    def mention(span, text: str) -> Mention:
        return Mention(span.start_char, span.end_char, text[span.start_char : span.end_char], span.label_, span.id_ or None,
                       "pipeline", span.kb_id_ or None)

    best: dict = {}
    for _ in range(rounds):
        docs = [Doc(nlp.vocab).from_bytes(blob) for blob in blobs]
        for doc, article in zip(docs, articles):
            doc._.place = article.place
        spent = {}
        for name, component in nlp.pipeline:
            if name not in neural:
                start = time.process_time()
                docs = [component(doc) for doc in docs]
                spent[name] = time.process_time() - start
        start = time.process_time()
        for article, doc in zip(articles, docs):
            text = doc_text(doc)
            extraction = Extraction(article, [mention(span, text) for span in doc.ents],
                                    sentences=[(s.start_char, s.end_char) for s in doc.sents],
                                    embedded_places=[mention(span, text) for span in doc.spans.get("embedded_places", [])])
            for hit in doc._.relations:
                evidence = Evidence(article.id, text[hit.sentence_start : hit.sentence_end], hit.sentence_start, hit.sentence_end)
                extraction.relations.append(Relation(extraction.mentions[hit.subject], hit.predicate, extraction.mentions[hit.object],
                                                     evidence, hit.method, hit.confidence, hit.role, hit.amount, hit.year))
            resolve_article(extraction, resolver)
        spent["resolve"] = time.process_time() - start
        spent["total"] = sum(spent.values())
        best = {name: min(seconds, best.get(name, seconds)) for name, seconds in spent.items()}
    return {"articles": len(articles), "characters": sum(len(a.text) for a in articles), "seconds": best}


def _run(tree: Path, corpus: Path, rounds: int) -> dict:
    environment = dict(os.environ, PYTHONPATH=str(tree), OPENBLAS_NUM_THREADS="1")
    command = [sys.executable, str(Path(__file__).resolve()), str(corpus), "--measure", "--rounds", str(rounds)]
    done = subprocess.run(command, cwd=tree, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: measuring {tree} failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("/tmp/c200.jsonl"))
    parser.add_argument("--baseline", help="a git commit or branch to measure beside this checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2, help="processes per tree, alternating")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # one process's figures, as JSON
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"error: no corpus at {args.corpus}")
    if args.measure:
        print(json.dumps(measure(args.corpus, args.rounds)))
        return
    trees = {"this checkout": ROOT}
    with tempfile.TemporaryDirectory() as folder:
        if args.baseline:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline], capture_output=True)
            if archive.returncode != 0:
                sys.exit(f"error: git archive {args.baseline}: {archive.stderr.decode().strip()}")
            subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
            trees = {f"baseline {args.baseline}": Path(folder), **trees}
        best: dict = {}
        for _ in range(args.processes):
            for name, tree in trees.items():
                figures = _run(tree, args.corpus, args.rounds)
                seconds = best.setdefault(name, figures["seconds"])
                for component, value in figures["seconds"].items():
                    seconds[component] = min(seconds.get(component, value), value)
    print(f"{figures['articles']} articles, {figures['characters']} characters; best CPU seconds of "
          f"{args.processes} processes x {args.rounds} rounds per tree (NER excluded)")
    components = list(next(iter(best.values())))
    print(f"  {'':24s}" + "".join(f"{c.removeprefix('kg_'):>16s}" for c in components))
    for name, seconds in best.items():
        print(f"  {name:24s}" + "".join(f"{seconds.get(c, float('nan')):16.2f}" for c in components))
    if len(best) == 2:
        baseline, current = (seconds["total"] for seconds in best.values())
        print(f"  rule layer: this checkout takes {current / baseline:.2f}x the baseline's CPU")


if __name__ == "__main__":
    main()
