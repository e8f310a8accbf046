"""A learned relation classifier over candidate pairs (:mod:`kg.nlp.relation_candidates`), read with numpy.

The model is a multinomial logistic regression stored in plain files (``kg/models/relations/``):
``model.json`` holds its name, classes (``none`` first) and feature vocabulary in row order;
``weights.npz`` holds the weight matrix (features × classes) and the intercepts. Training
(``kg train-relations``, :mod:`kg.relation_training`) needs scikit-learn; running it does not.

Precedence: the patterns (component ``kg_relations``) run first and are kept as they are. The
model adds a relation for a pair that no pattern related, when the probability of its best
relation, among those the ontology allows for the two types, reaches the threshold (chosen by
page-level cross-validation, ``kg eval --folds``). The hit's ``method`` names the model and its
confidence is that probability.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from .discourse import ArticleContext, RelationHit
from .relation_candidates import CueFamilies, doc_candidates
from .relation_cues import RelationCues
from .relation_registry import DOMAIN_RANGE, allowed

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "relations"
NONE = "none"
SYMMETRIC = ("partnersWith",)


class ModelFileError(ValueError):
    """A relation model directory that is missing or malformed."""


class RelationModel:
    def __init__(self, name: str, classes: Sequence[str], features: Sequence[str], weights: np.ndarray, intercept: np.ndarray,
                 info: Optional[dict] = None):
        if classes[0] != NONE or weights.shape != (len(features), len(classes)) or intercept.shape != (len(classes),):
            raise ModelFileError(f"relation model {name!r}: classes, vocabulary and weights do not agree")
        unknown = [c for c in classes[1:] if c not in DOMAIN_RANGE]
        if unknown:
            raise ModelFileError(f"relation model {name!r}: unknown relation(s) {', '.join(unknown)}")
        self.name = name
        self.classes = list(classes)
        self.vocabulary: Dict[str, int] = {f: i for i, f in enumerate(features)}
        self.weights = weights.astype(np.float32)
        self.intercept = intercept.astype(np.float32)
        self.info = info or {}

    @classmethod
    def load(cls, folder: Path) -> "RelationModel":
        folder = Path(folder)
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            with np.load(folder / "weights.npz") as arrays:
                weights, intercept = arrays["weights"], arrays["intercept"]
            return cls(meta["name"], meta["classes"], meta["features"], weights, intercept, meta.get("info"))
        except (OSError, KeyError, ValueError) as error:
            if isinstance(error, ModelFileError):
                raise
            raise ModelFileError(f"{folder}: not a relation model ({type(error).__name__}: {error})") from None

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        features = sorted(self.vocabulary, key=self.vocabulary.get)
        meta = {"name": self.name, "classes": self.classes, "info": self.info, "features": features}
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=0), encoding="utf-8")
        np.savez_compressed(folder / "weights.npz", weights=self.weights.astype(np.float16), intercept=self.intercept)

    def scores(self, feature_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Unnormalised class scores, one row per candidate (unknown features are ignored)."""
        rows = np.zeros((len(feature_lists), len(self.classes)), dtype=np.float32)
        vocabulary, weights = self.vocabulary, self.weights
        for row, features in enumerate(feature_lists):
            indices = [vocabulary[f] for f in features if f in vocabulary]
            if indices:
                rows[row] = weights[indices].sum(axis=0)
        return rows + self.intercept

    def probabilities(self, feature_lists: Sequence[Sequence[str]], masks: Optional[np.ndarray] = None) -> np.ndarray:
        """Class probabilities; with ``masks`` (True where a class may be), renormalised over the allowed classes."""
        scores = self.scores(feature_lists).astype(np.float64)
        if masks is not None:
            scores = np.where(masks, scores, -np.inf)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def type_mask(self, subject_type: str, object_type: str, emitted: Sequence[str]) -> np.ndarray:
        return np.array([c == NONE or (c in emitted and allowed(c, subject_type, object_type)) for c in self.classes])


class RelationClassifier:
    """The spaCy component: adds the model's relations to ``doc._.relations`` after the patterns'."""

    def __init__(self, nlp: Language, name: str, model: str, threshold: float, predicates: Sequence[str],
                 lexicons: Optional[Dict[str, str]] = None):
        self.name = name
        self.model = RelationModel.load(Path(model) if model else DEFAULT_MODEL)
        unknown = [p for p in predicates if p not in DOMAIN_RANGE]
        if unknown:
            raise ValueError(f"kg_relation_model: unknown relation(s) {', '.join(unknown)}")
        self.predicates = [p for p in predicates if p in self.model.classes]
        self.threshold = threshold
        self.cues = RelationCues(lexicons)
        self.families = CueFamilies(self.cues)
        self.method = f"model:{self.model.name}"

    def __call__(self, doc: Doc) -> Doc:
        hits = list(doc._.relations)
        if not self.predicates:
            return doc
        related = {(h.subject, h.object) for h in hits} | {(h.object, h.subject) for h in hits if h.predicate in SYMMETRIC}
        ctx = ArticleContext(doc, self.cues)
        candidates = [c for c in doc_candidates(doc, ctx, self.predicates, self.families) if (c.subject, c.object) not in related]
        if not candidates:
            return doc
        ents = ctx.ents
        type_masks: Dict[tuple, np.ndarray] = {}  # one per pair of types, not per candidate
        for types in {(ents[c.subject].label_, ents[c.object].label_) for c in candidates}:
            type_masks[types] = self.model.type_mask(*types, self.predicates)
        masks = np.array([type_masks[ents[c.subject].label_, ents[c.object].label_] for c in candidates])
        probabilities = self.model.probabilities([c.features for c in candidates], masks)
        made = {h.object for h in hits if h.predicate == "produces"}
        best: Dict[tuple, RelationHit] = {}
        for candidate, row in zip(candidates, probabilities):
            row[0] = 0.0
            label = int(row.argmax())
            if row[label] < self.threshold:
                continue
            predicate = self.model.classes[label]
            if predicate == "produces" and candidate.object in made:
                continue  # a pattern named the product's maker; the model would add a second one
            ends = (candidate.subject, candidate.object)
            key = (predicate,) + (tuple(sorted(ends)) if predicate in SYMMETRIC else ends)
            if key not in best or best[key].confidence < row[label]:
                best[key] = RelationHit(candidate.subject, predicate, candidate.object, candidate.sentence_start, candidate.sentence_end,
                                        self.method, round(float(row[label]), 3))
        doc._.relations = hits + list(best.values())
        return doc


@Language.factory("kg_relation_model", default_config={"model": "", "threshold": 0.5, "predicates": list(DOMAIN_RANGE), "lexicons": {}})
def create_relation_classifier(nlp: Language, name: str, model: str, threshold: float, predicates: List[str],
                               lexicons: Dict[str, str]) -> RelationClassifier:
    return RelationClassifier(nlp, name, model, threshold, predicates, lexicons)
