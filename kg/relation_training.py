"""Train the relation classifier (:mod:`kg.nlp.relation_model`) from gold pages and public corpora.

Examples are the candidate pairs of :mod:`kg.nlp.relation_candidates`, labelled with a relation or ``none``:

* gold pages: each page's text runs through the pipeline (without the classifier); a pair is labelled
  with the gold relation whose two ends its two mentions name (type and name or alias, as the scorer
  matches them) when the sentence holds the relation's evidence; a pair of related entities in
  another sentence is left out rather than called ``none``; every other pair is ``none``;
* DuIE 2.0 (``duie2_sample/train_data_5000.json``): 董事长 and 校长 → holdsPost, 总部地点 → locatedIn,
  创始人 → leads, between the mentions of a sentence's triples (found by string search); other pairs of
  people, organisations and places there are ``none``;
* FinRE (``finre/train.txt``): 合作, 签约 → partnersWith; 注资, 入股, 持股 → investsIn (head → tail);
  every other instance, ``unknown`` included, is ``none`` for its direction.

scikit-learn is needed here only; the result is saved as plain JSON and npz.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import numpy as np

from .evaluate import Page, find_text, name_key
from .nlp.discourse import ArticleContext
from .nlp.relation_candidates import CueFamilies, Ends, doc_candidates, pair_features, related_types
from .nlp.relation_cues import default_relation_cues
from .nlp.relation_model import NONE, SYMMETRIC, RelationModel
from .nlp.relation_registry import DOMAIN_RANGE

MODELLED = tuple(DOMAIN_RANGE)
MODEL_NAME = "relations-v1"
DUIE_PREDICATES = {"董事长": "holdsPost", "总经理": "holdsPost", "校长": "holdsPost", "总部地点": "locatedIn", "创始人": "leads"}
# DuIE's subject → object direction, against ours: a company's 董事长 is a person who holdsPost in it
DUIE_REVERSED = {"董事长", "总经理", "校长", "创始人"}
DUIE_TYPES = {"人物": "Person", "娱乐人物": "Person", "历史人物": "Person", "企业": "Organisation", "机构": "Organisation",
              "学校": "Organisation", "企业/品牌": "Organisation", "地点": "Place", "城市": "Place", "国家": "Place", "行政区": "Place"}
FINRE_PREDICATES = {"合作": "partnersWith", "签约": "partnersWith", "注资": "investsIn", "入股": "investsIn", "持股": "investsIn"}


class TrainingError(ValueError):
    """Training data that cannot be read or gives nothing to learn."""


@dataclass
class Example:
    features: List[str]
    label: str
    weight: float = 1.0
    covered: bool = False  # a pattern already relates the pair: the classifier is not asked about it at run time


# ---- gold pages ---------------------------------------------------------------------------------


def _gold_index(gold: dict) -> Tuple[Dict[str, Tuple[str, Set[str]]], Dict[Tuple[str, str], List[Tuple[str, str]]]]:
    """Gold entities (id → type, name keys) and relations by (subject id, object id) → [(predicate, evidence)]."""
    entities = {e["id"]: (e["type"], {name_key(e["name"])} | {name_key(a) for a in e.get("aliases", [])}) for e in gold["entities"]}
    relations: Dict[Tuple[str, str], List[Tuple[str, str]]] = {}
    for r in gold["relations"]:
        if r["predicate"] in MODELLED:
            relations.setdefault((r["subject"], r["object"]), []).append((r["predicate"], r.get("evidence") or ""))
            if r["predicate"] in SYMMETRIC:
                relations.setdefault((r["object"], r["subject"]), []).append((r["predicate"], r.get("evidence") or ""))
    return entities, relations


def _holds_evidence(sentence: str, evidence: str) -> bool:
    """Does the sentence hold (a clause of) the gold relation's evidence?"""
    sentence = re.sub(r"\s+", "", sentence)
    fragments = [f for f in re.split(r"[,，。;；|、\s]+", evidence) if len(f) >= 4]
    return not fragments or any(f in sentence for f in fragments)


def candidate_pipeline(ner_model: Optional[Path] = None, overrides: Optional[Dict[str, Dict[str, object]]] = None):
    """The build pipeline without the classifier: what its candidates are read from."""
    from .extract import build_pipeline

    nlp = build_pipeline(ner_model, overrides=overrides)
    if "kg_relation_model" in nlp.pipe_names:
        nlp.remove_pipe("kg_relation_model")
    return nlp


def page_docs(nlp, path: Path, place: Optional[str] = None) -> Iterator:
    """The Docs of one page's text, as ``kg build`` cuts and runs it."""
    from .extract import PIECE_CHARACTERS
    from .ingest import load_articles
    from .text import piece_spans

    for article in load_articles([path], place=place):
        for start, end in piece_spans(article.text, limit=PIECE_CHARACTERS) or [(0, len(article.text))]:
            doc = nlp.make_doc(article.text[start:end])
            doc._.place = article.place
            yield nlp(doc)


def page_examples(nlp, page: Page, texts: Path, place: Optional[str] = None) -> List[Example]:
    path = find_text(texts, page)
    if path is None:
        raise TrainingError(f"no text for {page.name} in {texts}")
    entities, relations = _gold_index(page.gold)
    cues = default_relation_cues()
    families = CueFamilies(cues)
    examples = []
    for doc in page_docs(nlp, path, place):
        ctx = ArticleContext(doc, cues)
        matches = [{gid for gid, (kind, names) in entities.items() if kind == ent.label_ and name_key(ent.text) in names} for ent in ctx.ents]
        text = doc.text
        related = {(h.subject, h.object) for h in doc._.relations} | {(h.object, h.subject) for h in doc._.relations if h.predicate in SYMMETRIC}
        for candidate in doc_candidates(doc, ctx, MODELLED, families):
            covered = (candidate.subject, candidate.object) in related
            stated = [(p, ev) for s in matches[candidate.subject] for o in matches[candidate.object] for p, ev in relations.get((s, o), [])]
            if not stated:
                examples.append(Example(candidate.features, NONE, covered=covered))
                continue
            sentence = text[candidate.sentence_start : candidate.sentence_end]
            held = [p for p, ev in stated if _holds_evidence(sentence, ev)]
            if held:
                examples.append(Example(candidate.features, held[0], covered=covered))
    return examples


# ---- public corpora -----------------------------------------------------------------------------


def _ends(text: str, name: str, kind: str) -> Optional[Ends]:
    at = text.find(name) if name else -1
    return Ends(at, at + len(name), kind) if at >= 0 else None


def _sentence_pairs(text: str, mentions: Dict[str, Ends], labels: Dict[Tuple[str, str], str], weight: float) -> Iterator[Example]:
    cues = CueFamilies(default_relation_cues())
    for s_name, subject in mentions.items():
        for o_name, obj in mentions.items():
            if s_name == o_name or subject.start < obj.end and obj.start < subject.end:
                continue
            label = labels.get((s_name, o_name), NONE)
            if label == NONE and not related_types(MODELLED, subject.type, obj.type):
                continue
            yield Example(pair_features(text, subject, obj, 0, cues), label, weight)


def duie_examples(path: Path, weight: float, limit: Optional[int] = None) -> List[Example]:
    examples: List[Example] = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            try:
                record = json.loads(line)
                text, triples = record["text"], record["spo_list"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise TrainingError(f"{path}:{number + 1}: not a DuIE line") from None
            mentions: Dict[str, Ends] = {}
            labels: Dict[Tuple[str, str], str] = {}
            for triple in triples:
                subject, obj = triple.get("subject", ""), (triple.get("object") or {}).get("@value", "")
                s_kind, o_kind = DUIE_TYPES.get(triple.get("subject_type")), DUIE_TYPES.get((triple.get("object_type") or {}).get("@value"))
                for name, kind in ((subject, s_kind), (obj, o_kind)):
                    if kind and name not in mentions:
                        found = _ends(text, name, kind)
                        if found is not None:
                            mentions[name] = found
                predicate = DUIE_PREDICATES.get(triple.get("predicate"))
                if predicate and s_kind and o_kind:
                    labels[(obj, subject) if triple["predicate"] in DUIE_REVERSED else (subject, obj)] = predicate
            examples.extend(_sentence_pairs(text, mentions, labels, weight))
    return examples


def finre_examples(path: Path, weight: float, limit: Optional[int] = None) -> List[Example]:
    examples: List[Example] = []
    cues = CueFamilies(default_relation_cues())
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                raise TrainingError(f"{path}:{number + 1}: not a FinRE line (HEAD TAIL RELATION SENTENCE)")
            head, tail, relation, text = parts
            subject, obj = _ends(text, head, "Organisation"), _ends(text, tail, "Organisation")
            if subject is None or obj is None or (subject.start < obj.end and obj.start < subject.end):
                continue
            examples.append(Example(pair_features(text, subject, obj, 0, cues), FINRE_PREDICATES.get(relation, NONE), weight))
    return examples


def corpus_examples(corpora: Path, weight: float, limit: Optional[int] = None) -> List[Example]:
    """DuIE and FinRE examples from a corpora folder (``duie2_sample/``, ``finre/``)."""
    duie, finre = Path(corpora) / "duie2_sample" / "train_data_5000.json", Path(corpora) / "finre" / "train.txt"
    missing = [str(p) for p in (duie, finre) if not p.is_file()]
    if missing:
        raise TrainingError(f"corpus file(s) missing: {', '.join(missing)}")
    return duie_examples(duie, weight, limit) + finre_examples(finre, weight, limit)


# ---- fitting ------------------------------------------------------------------------------------


def fit(examples: Sequence[Example], c: float = 1.0, min_count: int = 2, max_iter: int = 1000, info: Optional[dict] = None) -> RelationModel:
    """A multinomial logistic regression over binary features seen at least ``min_count`` times."""
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise TrainingError("training the relation classifier needs scikit-learn (pip install 'kg-zh-news[train]')") from None

    labels = sorted({e.label for e in examples} - {NONE})
    if not labels or not any(e.label == NONE for e in examples):
        raise TrainingError("training needs examples of at least one relation and of no relation")
    counts = Counter(f for e in examples for f in set(e.features))
    features = sorted(f for f, n in counts.items() if n >= min_count)
    vocabulary = {f: i for i, f in enumerate(features)}
    rows, columns = [], []
    for row, example in enumerate(examples):
        indices = sorted({vocabulary[f] for f in example.features if f in vocabulary})
        rows += [row] * len(indices)
        columns += indices
    matrix = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(examples), len(features)))
    classes = [NONE] + labels
    target = np.array([classes.index(e.label) for e in examples])
    model = LogisticRegression(C=c, max_iter=max_iter)
    model.fit(matrix, target, sample_weight=np.array([e.weight for e in examples]))
    order = [list(model.classes_).index(k) for k in range(len(classes))]
    weights, intercept = model.coef_[order].T, model.intercept_[order]
    info = dict(info or {}, examples=len(examples), C=c, min_count=min_count,
                labels={k: sum(e.label == k for e in examples) for k in classes})
    return RelationModel(MODEL_NAME, classes, features, weights, intercept, info)


def shipped_settings() -> Dict[str, float]:
    """How the shipped model was trained (its C and corpus weight): the defaults of retraining and of cross-validation."""
    from .nlp.relation_model import DEFAULT_MODEL

    info = json.loads((DEFAULT_MODEL / "model.json").read_text(encoding="utf-8")).get("info", {})
    return {"C": float(info.get("C", 1.0)), "corpus_weight": float(info.get("corpus_weight", 0.0))}


def cross_validated_report(pages: Sequence[Page], texts: Path, folds: int, corpora: Path, corpus_weight: Optional[float] = None,
                           place: Optional[str] = None, ner_model: Optional[Path] = None):
    """:func:`kg.crossval.cross_validate` with every learned part retrained per fold as the shipped
    ones were: the span tagger, then the relation classifier (its C; its corpus weight unless
    ``corpus_weight`` is given) reading its candidates through that fold's span tagger. ``ner_model``
    replaces the shipped NER everywhere (a retrained NER is judged with the parts that read its output)."""
    import tempfile

    from .crossval import CombinedFit, cross_validate
    from .span_training import SpanFit

    settings = shipped_settings()
    weight = settings["corpus_weight"] if corpus_weight is None else corpus_weight
    with tempfile.TemporaryDirectory(prefix="kg-folds-") as workdir:
        relations = RelationFit(texts, Path(workdir), corpora=corpora if weight > 0 else None, corpus_weight=weight, c=settings["C"], place=place, ner_model=ner_model)
        fit = CombinedFit(SpanFit(texts, Path(workdir)), relations)
        return cross_validate(pages, texts, fit, folds=folds, place=place, ner_model=ner_model)


class RelationFit:
    """Fit the classifier on some gold pages (+ corpora) and hand the pipeline the model: the
    ``fit`` callable of :func:`kg.crossval.cross_validate`. Page examples are computed once per page."""

    def __init__(self, texts: Path, workdir: Path, corpora: Optional[Path] = None, corpus_weight: float = 1.0, c: float = 1.0,
                 threshold: Optional[float] = None, place: Optional[str] = None, corpus_limit: Optional[int] = None,
                 ner_model: Optional[Path] = None):
        self.texts, self.workdir, self.place, self.c, self.threshold = Path(texts), Path(workdir), place, c, threshold
        self.ner_model = ner_model
        self.corpus_weight = corpus_weight if corpora is not None else 0.0
        self.corpus = corpus_examples(corpora, corpus_weight, corpus_limit) if corpora is not None and corpus_weight > 0 else []
        self._pages: Dict[str, List[Example]] = {}
        self._nlp = None
        self.fits = 0
        # overrides of the parts fitted before this one in the same fold (kg.crossval.CombinedFit)
        self.upstream: Dict[str, Dict[str, object]] = {}
        self._read_with: Optional[Dict[str, Dict[str, object]]] = None

    def examples(self, pages: Iterable[Page]) -> List[Example]:
        found: List[Example] = []
        if self._read_with != self.upstream:  # another fold's span tagger: the candidates change
            self._pages, self._nlp, self._read_with = {}, None, dict(self.upstream)
        for page in pages:
            if page.name not in self._pages:
                if self._nlp is None:
                    self._nlp = candidate_pipeline(self.ner_model, overrides={k: v for k, v in self.upstream.items() if k != "kg_relation_model"} or None)
                self._pages[page.name] = page_examples(self._nlp, page, self.texts, self.place)
            found.extend(self._pages[page.name])
        return found

    def model(self, pages: Sequence[Page]) -> RelationModel:
        info = {"pages": [p.name for p in pages], "corpus_examples": len(self.corpus), "corpus_weight": self.corpus_weight}
        return fit(self.examples(pages) + self.corpus, c=self.c, info=info)

    def __call__(self, pages: Sequence[Page]) -> Dict[str, Dict[str, object]]:
        folder = self.workdir / f"fit-{self.fits}"
        self.fits += 1
        self.model(pages).save(folder)
        settings: Dict[str, object] = {"model": str(folder)}
        if self.threshold is not None:
            settings["threshold"] = self.threshold
        return {"kg_relation_model": settings}
