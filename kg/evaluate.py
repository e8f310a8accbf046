"""Score a built graph against a gold file (format and rules of the domain spec).

An extracted entity matches a gold entity when the types are equal and any of
its names (canonical or alias) equals any gold name after NFKC and quote-mark
folding. A relation matches when the predicates are equal and both ends match
(``partnersWith`` in either direction; ``authorOf`` objects are articles,
matched by headline). Matching is one-to-one, so a duplicate never counts
twice. Articles are not counted as entities.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .model import ENTITY_TYPES, RELATION_TYPES
from .text import match_key
from .vocab import KG

SYMMETRIC = {"partnersWith"}


@dataclass(frozen=True)
class Item:
    type: str
    names: FrozenSet[str]  # match keys
    display: str


@dataclass(frozen=True)
class Fact:
    predicate: str
    subject: Item
    object: Item


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return f"{name} P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}  ({self.tp}/{self.predicted} predicted, {self.gold} gold)"


@dataclass
class Report:
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    by_type: Dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    by_relation: Dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    missed_entities: List[str] = field(default_factory=list)
    spurious_entities: List[str] = field(default_factory=list)
    missed_relations: List[str] = field(default_factory=list)
    spurious_relations: List[str] = field(default_factory=list)

    def lines(self) -> List[str]:
        out = [self.entities.line("entities")]
        out += ["  " + self.by_type[t].line(t) for t in ENTITY_TYPES if t in self.by_type]
        out.append(self.relations.line("relations"))
        out += ["  " + self.by_relation[r].line(r) for r in RELATION_TYPES if r in self.by_relation]
        return out


def _item(kind: str, names, display: str) -> Item:
    return Item(kind, frozenset(k for k in (match_key(n) for n in names) if k), display)


def load_gold(path: Path) -> Tuple[List[Item], List[Fact]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    by_id = {e["id"]: _item(e["type"], [e["name"], *e.get("aliases", [])], e["name"]) for e in data["entities"]}
    entities = [by_id[e["id"]] for e in data["entities"] if e["type"] != "Article"]
    facts = [Fact(r["predicate"], by_id[r["subject"]], by_id[r["object"]]) for r in data["relations"]]
    return entities, facts


def load_predicted(graph: Graph) -> Tuple[List[Item], List[Fact]]:
    items: Dict[URIRef, Item] = {}
    for kind in ENTITY_TYPES + ("Article",):
        for node in graph.subjects(RDF.type, KG[kind]):
            names = [str(o) for o in graph.objects(node, RDFS.label)]
            names += [str(o) for o in graph.objects(node, SKOS.altLabel)]
            names += [str(o) for o in graph.objects(node, DCTERMS.title)]
            display = names[0] if names else str(node)
            items[node] = _item(kind, names, display)
    entities = [i for i in items.values() if i.type != "Article"]
    facts = []
    for predicate in RELATION_TYPES:
        for subject, obj in graph.subject_objects(KG[predicate]):
            if subject in items and obj in items:
                facts.append(Fact(predicate, items[subject], items[obj]))
    return entities, facts


def _same(a: Item, b: Item) -> bool:
    return a.type == b.type and bool(a.names & b.names)


def _fact_matches(predicted: Fact, gold: Fact) -> bool:
    if predicted.predicate != gold.predicate:
        return False
    if _same(predicted.subject, gold.subject) and _same(predicted.object, gold.object):
        return True
    return predicted.predicate in SYMMETRIC and _same(predicted.subject, gold.object) and _same(predicted.object, gold.subject)


def _match(predicted: list, gold: list, matches) -> List[Tuple[int, int]]:
    """Greedy one-to-one matching, gold items with fewer candidates first."""
    candidates = {g: [p for p, item in enumerate(predicted) if matches(item, gold[g])] for g in range(len(gold))}
    used, pairs = set(), []
    for g in sorted(candidates, key=lambda g: len(candidates[g])):
        for p in candidates[g]:
            if p not in used:
                used.add(p)
                pairs.append((p, g))
                break
    return pairs


def _tally(predicted: list, gold: list, matches, bucket: Dict[str, Score], key, describe) -> Tuple[List[str], List[str]]:
    """Count one kind of item into ``bucket``; returns (missed gold, spurious predicted) descriptions."""
    pairs = _match(predicted, gold, matches)
    matched_p, matched_g = {p for p, _ in pairs}, {g for _, g in pairs}
    for item in predicted:
        bucket[key(item)].predicted += 1
    for index, item in enumerate(gold):
        bucket[key(item)].gold += 1
        if index in matched_g:
            bucket[key(item)].tp += 1
    missed = [describe(item) for index, item in enumerate(gold) if index not in matched_g]
    spurious = [describe(item) for index, item in enumerate(predicted) if index not in matched_p]
    return missed, spurious


def score(gold_path: Path, graph: Graph) -> Report:
    gold_entities, gold_facts = load_gold(gold_path)
    predicted_entities, predicted_facts = load_predicted(graph)
    report = Report()
    report.missed_entities, report.spurious_entities = _tally(
        predicted_entities, gold_entities, _same, report.by_type, lambda e: e.type, lambda e: f"{e.type} {e.display}")
    report.missed_relations, report.spurious_relations = _tally(
        predicted_facts, gold_facts, _fact_matches, report.by_relation, lambda f: f.predicate,
        lambda f: f"{f.subject.display} {f.predicate} {f.object.display}")
    for bucket, total in ((report.by_type, report.entities), (report.by_relation, report.relations)):
        for s in bucket.values():
            total.tp += s.tp
            total.predicted += s.predicted
            total.gold += s.gold
    return report


def load_graph(path: Path, format_name: Optional[str] = None) -> Graph:
    """Any RDF file as one graph (named graphs are merged)."""
    from rdflib import Dataset

    from .export import format_for

    fmt = format_for(path) if format_name is None else None
    rdflib_name = format_name or fmt.rdflib_name
    if fmt is not None and fmt.quads:
        from .graph import union_graph

        dataset = Dataset()
        dataset.parse(str(path), format=rdflib_name)
        return union_graph(dataset)
    graph = Graph()
    graph.parse(str(path), format=rdflib_name)
    return graph
