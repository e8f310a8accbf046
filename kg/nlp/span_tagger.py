"""The learned span tagger: a linear-chain CRF over characters for Programme, Project and Product.

The cue grammars (:mod:`kg.nlp.grammars`) find these names where a listed cue word marks them;
the CRF learns their shape from the dev pages' gold, from the grammars' own output on public
news text and from hand-labelled sentences (:mod:`kg.span_training`), so it also finds names
whose cue is not on a list. It runs clause by clause and only on clauses that hold a quote mark,
a 《》 title or a cue word of the lexicons: a clause with none of them holds no such name the
model has learned to find, and skipping it keeps the tagger cheap (``bench/build_speed.py``).

Each span comes with a confidence, the lowest marginal probability of its labels; the ensemble
(:func:`kg.nlp.entities.merge_model_spans`) decides what a span may add or change.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import pycrfsuite

from .cues import CLOSE_QUOTES, OPEN_QUOTES, Candidate, Cues, alternation, default_cues
from .heads import organisation_subtype
from .span_features import clause_features, clauses, cue_classes

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
SPAN_TYPES = ("Programme", "Project", "Product")
# a model may also be trained to find organisations (sub-units the NER misses: 该院立案庭, 公司党委)
LEARNABLE_TYPES = SPAN_TYPES + ("Organisation",)
METHOD = "model:span-crf"


class SpanModelMissing(RuntimeError):
    pass


def model_path(name: str) -> Path:
    """A model named in the pipeline config: a path, or a file name under ``kg/models``."""
    path = Path(name)
    return path if path.is_absolute() else MODELS_DIR / path


def bio_spans(labels: Sequence[str]) -> List[Tuple[int, int, str]]:
    """(start, end, type) of each B-/I- run; an I- without its B- starts a span too."""
    spans: List[Tuple[int, int, str]] = []
    start, kind = None, None
    for i, label in enumerate(list(labels) + ["O"]):
        prefix, _, label_type = label.partition("-")
        if kind is not None and (prefix != "I" or label_type != kind):
            spans.append((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and kind is None):
            start, kind = i, label_type
    return spans


_CLAUSE_PUNCTUATION = re.compile(r"[,，:：;；。!！?？]")
MAX_SPAN = 30


def well_formed(name: str) -> bool:
    """A name is short, holds no clause punctuation, and opens every quote it closes (and the reverse):
    “我们采用…模式 is the start of a quoted speech, not a name."""
    if len(name) < 2 or len(name) > MAX_SPAN or _CLAUSE_PUNCTUATION.search(name):
        return False
    opened = sum(name.count(q) for q in OPEN_QUOTES if q not in CLOSE_QUOTES) + name.count("《")
    closed = sum(name.count(q) for q in CLOSE_QUOTES if q not in OPEN_QUOTES) + name.count("》")
    return opened == closed and name.count('"') % 2 == 0


@lru_cache(maxsize=8)
def _gate(cues: Cues) -> "re.Pattern[str]":
    marks = re.escape(OPEN_QUOTES + CLOSE_QUOTES + "《》")
    return re.compile(f"[{marks}]|{alternation(cue_classes(cues))}")


class SpanTagger:
    def __init__(self, path: Path, cues: Optional[Cues] = None):
        if not Path(path).is_file():
            raise SpanModelMissing(f"no span model at {path}")
        self.cues = cues or default_cues()
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.gate = _gate(self.cues)

    def candidates(self, text: str) -> List[Candidate]:
        """Spans over the (half-width) article text; ``confidence`` is the lowest marginal of a span's labels."""
        out: List[Candidate] = []
        for start, end in clauses(text):
            clause = text[start:end]
            if not self.gate.search(clause):
                continue
            self.tagger.set(clause_features(clause, self.cues))
            labels = self.tagger.tag()
            for span_start, span_end, kind in bio_spans(labels):
                name = clause[span_start:span_end]
                if kind not in LEARNABLE_TYPES or not well_formed(name):
                    continue
                subtype = organisation_subtype(name, self.cues) or None if kind == "Organisation" else None
                confidence = min(self.tagger.marginal(labels[i], i) for i in range(span_start, span_end))
                out.append(Candidate(start + span_start, start + span_end, kind, subtype, METHOD, 1, confidence=confidence))
        return out


@lru_cache(maxsize=4)
def load_span_tagger(name: str) -> SpanTagger:
    """One tagger per model file and process (the CRF model is read once)."""
    return SpanTagger(model_path(name))
