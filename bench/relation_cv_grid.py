"""Choose the relation classifier's C, threshold and emitted relations by 5-fold page cross-validation.

    python bench/relation_cv_grid.py --gold ../shared/dev/gold --texts ../shared/dev/texts \
        --c 3,10 --thresholds 0.3,0.5,0.7 --emit "sem=partnersWith,produces,..." [--corpora ../shared/corpora --corpus-weight 0.3]

The folds are those of ``kg eval --folds`` (kg.crossval.fold_pages). Each fold's classifier is trained
once per (C, corpus weight); the NER, entity and pattern components run once per page and are
cached, so a threshold or relation set costs only the classifier, resolution and scoring. One line
per setting; the line with threshold 1.01 is the patterns alone (the classifier adds nothing).
"""

from __future__ import annotations

import argparse
import itertools
import types
from pathlib import Path


class _Holder:
    """What kg.extract hands to make_doc's result: a text and a place."""

    def __init__(self, text: str):
        self.text, self._ = text, types.SimpleNamespace()


class CachedPipeline:
    """Looks like a spaCy pipeline to kg.extract.extract: the components before the classifier run once per text."""

    def __init__(self, nlp):
        self.nlp, self.classifier, self.cache = nlp, nlp.get_pipe("kg_relation_model"), {}

    def make_doc(self, text: str):
        return _Holder(text)

    def pipe(self, holders, batch_size: int = 8):
        for holder in holders:
            if holder.text not in self.cache:
                doc = self.nlp.make_doc(holder.text)
                doc._.place = holder._.place
                with self.nlp.select_pipes(disable=["kg_relation_model"]):
                    doc = self.nlp(doc)
                self.cache[holder.text] = (doc, list(doc._.relations))
            doc, pattern_hits = self.cache[holder.text]
            doc._.relations = list(pattern_hits)
            yield self.classifier(doc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--corpora", type=Path, default=None)
    parser.add_argument("--corpus-weight", default="0", help="comma-separated weights of the corpus examples")
    parser.add_argument("--c", default="3", help="comma-separated values of C")
    parser.add_argument("--thresholds", default="0.5")
    parser.add_argument("--emit", nargs="*", default=[], help="NAME=rel,rel,... sets of relations the classifier may add")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    from kg import graph as rdf
    from kg.crossval import fold_pages
    from kg.evaluate import Report, find_text, gold_pages, score
    from kg.extract import build_pipeline, extract
    from kg.ingest import load_articles
    from kg.relation_training import Example, candidate_pipeline, corpus_examples, fit, page_examples
    from kg.resolve import resolve

    pages = gold_pages(args.gold)
    examples_nlp = candidate_pipeline()
    examples = {p.name: page_examples(examples_nlp, p, args.texts) for p in pages}
    corpus = corpus_examples(args.corpora, 1.0) if args.corpora else []
    pipeline = CachedPipeline(build_pipeline())
    articles = {p.name: load_articles([find_text(args.texts, p)]) for p in pages}
    emit = {"configured": list(pipeline.classifier.predicates)}
    emit.update({name: rels.split(",") for name, rels in (spec.split("=", 1) for spec in args.emit)})
    thresholds = [float(t) for t in args.thresholds.split(",")] + [1.01]
    results = {}
    for c, weight in itertools.product([float(x) for x in args.c.split(",")], [float(x) for x in args.corpus_weight.split(",")]):
        for held_out in fold_pages(pages, args.folds):
            held = {p.name for p in held_out}
            training = [e for name, found in examples.items() if name not in held for e in found]
            training += [Example(e.features, e.label, weight) for e in corpus] if weight > 0 else []
            pipeline.classifier.model = fit(training, c=c)
            for (name, relations), threshold in itertools.product(emit.items(), thresholds):
                pipeline.classifier.predicates = [r for r in relations if r in pipeline.classifier.model.classes]
                pipeline.classifier.threshold = threshold
                report = results.setdefault((c, weight, name, threshold), Report())
                for page in held_out:
                    graph = rdf.union_graph(rdf.to_dataset(resolve(list(extract(pipeline, articles[page.name])))))
                    report.add(score(page.gold, graph))
    for (c, weight, name, threshold), report in sorted(results.items()):
        r = report.relations
        made = [t for m, t in report.by_method.items() if m.startswith("model:")]
        model = f"{sum(t.p_num for t in made)}/{sum(t.p_den for t in made)} right"
        print(f"C={c:<5} corpus={weight:<4} emit={name:<12} threshold={threshold:<5} relations P {r.precision:.3f} R {r.recall:.3f} "
              f"F1 {r.f1:.3f}  classifier {model}")


if __name__ == "__main__":
    main()
