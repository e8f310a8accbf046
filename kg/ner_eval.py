"""Score an NER pipeline on a character-per-line BIO file (exact span match)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

from .ner_corpus import LABELS, read_bio


@dataclass
class NerReport:
    tp: Counter
    predicted: Counter
    gold: Counter
    characters: int
    seconds: float

    @staticmethod
    def _prf(tp: int, predicted: int, gold: int):
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def per_label(self) -> Dict[str, tuple]:
        labels = sorted(set(self.gold) | set(self.predicted), key=lambda l: (LABELS.index(l) if l in LABELS else 99, l))
        return {l: self._prf(self.tp[l], self.predicted[l], self.gold[l]) for l in labels}

    @property
    def micro(self) -> tuple:
        return self._prf(sum(self.tp.values()), sum(self.predicted.values()), sum(self.gold.values()))

    def lines(self) -> List[str]:
        out = [f"{label} P {p:.3f} R {r:.3f} F1 {f:.3f}" for label, (p, r, f) in self.per_label().items()]
        out.append(f"speed {self.characters / self.seconds:,.0f} chars/s ({self.characters} chars in {self.seconds:.1f} s)")
        p, r, f = self.micro
        out.append(f"micro P {p:.3f} R {r:.3f} F1 {f:.3f}")
        return out


# the encoder and either NER decoder (spaCy's transition-based one, or kg/nlp/ner_head.py)
NER_COMPONENTS = ("tok2vec", "ner", "kg_ner_head")


def evaluate_bio(nlp, path: Path, batch_size: int = 256) -> NerReport:
    sentences = list(read_bio(Path(path)))
    if not sentences:
        raise ValueError(f"{path}: no sentences")
    texts = [s.text for s in sentences]
    names = [n for n in nlp.pipe_names if n not in NER_COMPONENTS]
    started = time.perf_counter()
    with nlp.select_pipes(disable=names):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - started
    tp, predicted, gold = Counter(), Counter(), Counter()
    for sentence, doc in zip(sentences, docs):
        expected = set(sentence.spans)
        found = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for _, _, label in expected:
            gold[label] += 1
        for _, _, label in found:
            predicted[label] += 1
        for _, _, label in expected & found:
            tp[label] += 1
    return NerReport(tp, predicted, gold, sum(map(len, texts)), seconds)
