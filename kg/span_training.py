"""Training data and training for the span tagger (:mod:`kg.nlp.span_tagger`).

Three sources of labelled clauses, all turned into one character label per character (BIO):

* gold pages: every printed form (name or alias) of a gold Programme, Project or Product is
  found in the page's article text, longest forms first, and widened over the quote marks
  around it (the rules' spans hold them too);
* weak labels: the cue grammars of the three types run over unlabelled public news sentences
  (MSRA, CLUENER); a sentence where they fire is labelled with their resolved spans, and a share
  of the sentences where none fires is kept as negatives;
* hand-labelled sentences, written for this purpose (``kg/resources/training/spans_hand.jsonl``:
  one JSON object a line, ``{"text": …, "Programme": [names], "Project": […], "Product": […],
  "Organisation": […]}``; a type a sentence does not list has no name in it).

``scripts/train_spans.py`` trains the shipped model; ``scripts/cv_spans.py`` scores it by
page-level cross-validation.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import pycrfsuite

from .nlp import grammars
from .nlp.cues import CLOSE_QUOTES, OPEN_QUOTES, Cues, default_cues
from .nlp.entities import resolve_overlaps
from .nlp.span_features import clause_features, clauses
from .nlp.span_tagger import LEARNABLE_TYPES, SPAN_TYPES
from .text import to_halfwidth

HAND_LABELLED = Path(__file__).parent / "resources" / "training" / "spans_hand.jsonl"
WEAK_GRAMMARS = ("programmes", "policy_documents", "national_strategies", "projects", "products")


@dataclass
class Example:
    """One clause and one label per character."""

    text: str
    labels: List[str]


def label_text(text: str, spans: Iterable[Tuple[int, int, str]]) -> List[str]:
    labels = ["O"] * len(text)
    for start, end, kind in spans:
        labels[start] = "B-" + kind
        for i in range(start + 1, end):
            labels[i] = "I-" + kind
    return labels


def find_names(text: str, names_by_type: Dict[str, Iterable[str]]) -> List[Tuple[int, int, str]]:
    """Every occurrence of the names in the text, longest first, never overlapping an earlier one;
    a name printed between quote marks takes them in (“揭榜挂帅” rather than 揭榜挂帅)."""
    forms = sorted({(to_halfwidth(n), kind) for kind, names in names_by_type.items() for n in names if len(n) >= 2},
                   key=lambda f: -len(f[0]))
    taken = [False] * len(text)
    found: List[Tuple[int, int, str]] = []
    for form, kind in forms:
        position = text.find(form)
        while position >= 0:
            start, end = position, position + len(form)
            if start > 0 and end < len(text) and text[start - 1] in OPEN_QUOTES and text[end] in CLOSE_QUOTES:
                start, end = start - 1, end + 1
            if not any(taken[start:end]):
                found.append((start, end, kind))
                taken[start:end] = [True] * (end - start)
            position = text.find(form, position + 1)
    return sorted(found)


def clause_examples(text: str, spans: Sequence[Tuple[int, int, str]]) -> Iterator[Example]:
    """Cut a labelled text into clauses (a span crossing a clause end is cut with it)."""
    labels = label_text(text, spans)
    for start, end in clauses(text):
        clause_labels = labels[start:end]
        if clause_labels and clause_labels[0].startswith("I-"):
            clause_labels[0] = "B-" + clause_labels[0][2:]
        yield Example(text[start:end], clause_labels)


def gold_page_examples(gold: dict, article_texts: Sequence[str], kinds: Sequence[str] = SPAN_TYPES) -> List[Example]:
    names: Dict[str, List[str]] = {kind: [] for kind in kinds}
    for entity in gold["entities"]:
        if entity["type"] in names:
            names[entity["type"]] += [entity["name"]] + list(entity.get("aliases", []))
    out: List[Example] = []
    for text in article_texts:
        text = to_halfwidth(text)
        out += clause_examples(text, find_names(text, names))
    return out


def hand_examples(path: Path = HAND_LABELLED, kinds: Sequence[str] = LEARNABLE_TYPES) -> List[Example]:
    out: List[Example] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        text = to_halfwidth(record["text"])
        names = {kind: record.get(kind, []) for kind in kinds}
        missing = [n for ns in names.values() for n in ns if to_halfwidth(n) not in text]
        if missing:
            raise ValueError(f"{path}:{number}: names not in the sentence: {', '.join(missing)}")
        out += clause_examples(text, find_names(text, names))
    return out


def weak_spans(text: str, cues: Optional[Cues] = None) -> List[Tuple[int, int, str]]:
    """The cue grammars' resolved Programme / Project / Product spans in a text."""
    cues = cues or default_cues()
    found = [c for name in WEAK_GRAMMARS for c in grammars.GRAMMARS[name](text, cues)]
    return [(c.start, c.end, c.type) for c in resolve_overlaps(found)]


def weak_examples(sentences: Iterable[str], negatives_per_positive: float = 1.0, seed: int = 0) -> List[Example]:
    """Clauses the grammars label, plus about ``negatives_per_positive`` clauses with no span for each."""
    rng = random.Random(seed)
    positives: List[Example] = []
    negatives: List[Example] = []
    for sentence in sentences:
        text = to_halfwidth(sentence)
        for example in clause_examples(text, weak_spans(text)):
            (positives if any(l != "O" for l in example.labels) else negatives).append(example)
    rng.shuffle(negatives)
    return positives + negatives[: int(len(positives) * negatives_per_positive)]


def corpus_sentences(corpora: Path, limit: Optional[int] = None, seed: int = 0) -> List[str]:
    """Sentences of MSRA (BIO, one character a line) and CLUENER (JSON lines), shuffled."""
    msra = Path(corpora) / "msra_ner" / "train.bio"
    cluener = Path(corpora) / "cluener2020" / "train.json"
    missing = [str(p) for p in (msra, cluener) if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"corpus file(s) not found: {', '.join(missing)}")
    sentences: List[str] = []
    current: List[str] = []
    with msra.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if parts:
                current.append(parts[0])
            elif current:
                sentences.append("".join(current))
                current = []
    if current:
        sentences.append("".join(current))
    with cluener.open(encoding="utf-8") as handle:
        sentences += [json.loads(line)["text"] for line in handle if line.strip()]
    random.Random(seed).shuffle(sentences)
    return sentences[:limit] if limit else sentences


def train(examples: Sequence[Example], output: Path, max_iterations: int = 150, c1: float = 0.05, c2: float = 0.01,
          cues: Optional[Cues] = None) -> Path:
    """Fit the CRF (L-BFGS with elastic-net regularisation) and write it to ``output``."""
    if not examples:
        raise ValueError("no training examples")
    trainer = pycrfsuite.Trainer(verbose=False)
    for example in examples:
        trainer.append(clause_features(example.text, cues), example.labels)
    # feature.minfreq drops features seen once: they only memorise and bloat the shipped file
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.minfreq": 2,
                        "feature.possible_transitions": True})
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(output))
    return output


def page_article_texts(page, texts: Path) -> List[str]:
    """The article texts of a gold page, cut as ``kg build`` cuts its text file."""
    from .evaluate import find_text
    from .ingest import load_articles

    path = find_text(texts, page)
    return [article.text for article in load_articles([path])] if path else []


class SpanFit:
    """Train the span tagger on some gold pages (+ the hand-labelled sentences), as the shipped one
    was trained, and hand the pipeline the model: a ``fit`` of :func:`kg.crossval.cross_validate`."""

    def __init__(self, texts: Path, workdir: Path, kinds: Sequence[str] = LEARNABLE_TYPES):
        self.texts, self.workdir, self.kinds = Path(texts), Path(workdir), tuple(kinds)
        self.extra = hand_examples()
        self._pages: Dict[str, List[Example]] = {}
        self.fits = 0

    def __call__(self, pages) -> Dict[str, Dict[str, object]]:
        examples: List[Example] = []
        for page in pages:
            if page.name not in self._pages:
                self._pages[page.name] = gold_page_examples(page.gold, page_article_texts(page, self.texts), self.kinds)
            examples.extend(self._pages[page.name])
        model = train(examples + self.extra, self.workdir / f"spans-{self.fits}.crfsuite")
        self.fits += 1
        return {"kg_domain_entities": {"span_model": str(model.resolve())}}
