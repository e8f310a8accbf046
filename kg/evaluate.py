"""Score built graphs against gold files (format and rules of the domain spec), one page or many.

The figures are those of the project's reference scorer (``shared/tools/score_kg.py``), summed
over pages by adding numerators and denominators (micro averages):

* A graph node is an entity when one of its ``rdf:type`` local names is a spec type or subtype; its
  names are its ``rdfs:label`` and ``skos:altLabel`` values, compared after NFKC and the removal of
  quote marks, brackets and spaces.
* A node matches every gold entity of one of its types that shares a name. Entity precision counts
  the nodes that match something, recall the gold entities some node matches; a duplicate node is
  therefore no error, and a node with the wrong type is. Articles are not counted as entities
  (their headlines are scored through ``authorOf``).
* A relation is a direct triple whose predicate's local name is a spec relation, between two
  entity nodes. It matches one unused gold relation with the same predicate whose ends its ends
  match (``partnersWith`` in either direction), taken greedily in a fixed order.
* Per type and per relation the reference counts true positives on the gold side and false
  positives on the system side; those counts are kept as they are.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from .model import ENTITY_TYPES, RELATION_TYPES, SUBTYPES
from .text import match_key
from .vocab import KG

SCORED_TYPES = ENTITY_TYPES + ("Article",)
SYMMETRIC = {"partnersWith"}
RDF_SUFFIXES = (".ttl", ".trig", ".nt", ".nq", ".jsonld")


def name_key(name: str) -> str:
    """The scorer's name key: the project's match key, also without 【】 (the reference folds them)."""
    return match_key(name).replace("【", "").replace("】", "")


def local_name(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


@dataclass
class Tally:
    """A precision fraction and a recall fraction; tallies add up across pages."""

    p_num: int = 0
    p_den: int = 0
    r_num: int = 0
    r_den: int = 0

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> "Tally":
        return cls(tp, tp + fp, tp, tp + fn)

    @property
    def counts(self) -> List[int]:
        """[tp, fp, fn] as the reference scorer prints them."""
        return [self.p_num, self.p_den - self.p_num, self.r_den - self.r_num]

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Tally") -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    def line(self, name: str) -> str:
        return (f"{name} P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}  "
                f"({self.p_num}/{self.p_den} predicted right, {self.r_num}/{self.r_den} gold found)")


@dataclass
class Report:
    entities: Tally = field(default_factory=Tally)
    relations: Tally = field(default_factory=Tally)
    by_type: Dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_relation: Dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # relations by the kg:method of their assertions: precision among the relations a method made,
    # and the share of all gold relations it found (so recalls add up to the total)
    by_method: Dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed_entities: List[str] = field(default_factory=list)
    spurious_entities: List[str] = field(default_factory=list)
    missed_relations: List[str] = field(default_factory=list)
    spurious_relations: List[str] = field(default_factory=list)

    def add(self, other: "Report") -> None:
        self.entities.add(other.entities)
        self.relations.add(other.relations)
        for mine, theirs in ((self.by_type, other.by_type), (self.by_relation, other.by_relation)):
            for key, tally in theirs.items():
                mine[key].add(tally)
        for method, tally in other.by_method.items():
            self.by_method[method].add(Tally(tally.p_num, tally.p_den, tally.r_num, 0))
        for method in self.by_method:  # every method's recall is over all gold relations
            self.by_method[method].r_den = self.relations.r_den
        for name in ("missed_entities", "spurious_entities", "missed_relations", "spurious_relations"):
            getattr(self, name).extend(getattr(other, name))

    def lines(self) -> List[str]:
        out = [self.entities.line("entities")]
        out += ["  " + self.by_type[t].line(t) for t in ENTITY_TYPES if t in self.by_type]
        out.append(self.relations.line("relations"))
        out += ["  " + self.by_relation[r].line(r) for r in RELATION_TYPES if r in self.by_relation]
        return out

    def method_lines(self) -> List[str]:
        out = ["relations by method:"]
        for method in sorted(self.by_method):
            t = self.by_method[method]
            out.append(f"  {method} P {t.precision:.3f} ({t.p_num}/{t.p_den} right), finds {t.r_num}/{t.r_den} of the gold ({t.recall:.3f})")
        return out

    def detail_lines(self) -> List[str]:
        out: List[str] = []
        for title, items in (
            ("missed entities", self.missed_entities),
            ("spurious entities", self.spurious_entities),
            ("missed relations", self.missed_relations),
            ("spurious relations", self.spurious_relations),
        ):
            out.append(f"{title} ({len(items)}):")
            out += [f"  {item}" for item in items]
        return out

    def as_json(self) -> dict:
        """The reference scorer's --json fields, plus the method breakdown."""
        per = {f"ent:{k}": v.counts for k, v in self.by_type.items()}
        per.update({f"rel:{k}": v.counts for k, v in self.by_relation.items()})
        return {
            "entity": [self.entities.precision, self.entities.recall, self.entities.f1],
            "relation": [self.relations.precision, self.relations.recall, self.relations.f1],
            "totals": {
                "ent_p_num": self.entities.p_num, "ent_p_den": self.entities.p_den,
                "ent_r_num": self.entities.r_num, "ent_r_den": self.entities.r_den,
                "rel_p_num": self.relations.p_num, "rel_p_den": self.relations.p_den,
                "rel_r_num": self.relations.r_num, "rel_r_den": self.relations.r_den,
            },
            "per": per,
            "by_method": {m: {"right": t.p_num, "made": t.p_den, "gold": t.r_den} for m, t in self.by_method.items()},
        }


@dataclass
class _Node:
    types: Set[str] = field(default_factory=set)
    names: Set[str] = field(default_factory=set)
    display: str = ""


def _system(graph: Graph) -> Tuple[Dict[Node, _Node], List[Tuple[Node, str, Node, Node]]]:
    nodes: Dict[Node, _Node] = {}
    for subject, kind in graph.subject_objects(RDF.type):
        kind = local_name(kind)
        kind = SUBTYPES.get(kind, kind)
        if kind not in SCORED_TYPES:
            continue
        node = nodes.setdefault(subject, _Node())
        node.types.add(kind)
        labels = [str(l) for l in graph.objects(subject, RDFS.label)] + [str(l) for l in graph.objects(subject, SKOS.altLabel)]
        node.names |= {k for k in (name_key(l) for l in labels) if k}
        node.display = node.display or (sorted(labels)[0] if labels else str(subject))
    relations = {}
    for subject, predicate, obj in graph:
        name = local_name(predicate)
        if name in RELATION_TYPES and subject in nodes and obj in nodes:
            relations.setdefault((subject, name, obj), predicate)
    ordered = sorted(relations, key=lambda r: (r[1], str(r[0]), str(r[2])))
    return nodes, [(s, p, o, relations[(s, p, o)]) for s, p, o in ordered]


def _methods(graph: Graph, subject: Node, predicate: Node, obj: Node) -> str:
    """The kg:method values of the assertions behind one triple, joined (one label per triple)."""
    found = set()
    for record in graph.subjects(RDF.subject, subject):
        if (record, RDF.predicate, predicate) in graph and (record, RDF.object, obj) in graph:
            found |= {str(m) for m in graph.objects(record, KG.method)}
    return "+".join(sorted(found)) or "(no assertion)"


def load_gold_file(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not a gold file (invalid JSON: {error.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list) or not isinstance(data.get("relations"), list):
        raise ValueError(f"{path}: not a gold file (needs 'entities' and 'relations' lists)")
    return data


def score(gold, graph: Graph) -> Report:
    """Score one graph against one gold page (a path or the parsed JSON)."""
    data = gold if isinstance(gold, dict) else load_gold_file(gold)
    golds = {e["id"]: (e["type"], {name_key(e["name"])} | {name_key(a) for a in e.get("aliases", [])}, e["name"])
             for e in data["entities"]}
    nodes, relations = _system(graph)
    matches: Dict[Node, Set[str]] = {
        node: {gid for gid, (kind, names, _) in golds.items() if kind in info.types and info.names & names}
        for node, info in nodes.items()
    }
    report = Report()
    for node, info in nodes.items():
        kinds = sorted(info.types - {"Article"})
        if not kinds:
            continue
        report.entities.p_den += 1
        if matches[node]:
            report.entities.p_num += 1
        else:
            report.by_type[kinds[0]].p_den += 1
            report.spurious_entities.append(f"{kinds[0]} {info.display}")
    found = set().union(*matches.values()) if matches else set()
    for gid, (kind, _, name) in golds.items():
        if kind == "Article":
            continue
        report.entities.r_den += 1
        report.by_type[kind].r_den += 1
        if gid in found:
            report.entities.r_num += 1
            report.by_type[kind].p_num += 1
            report.by_type[kind].p_den += 1
            report.by_type[kind].r_num += 1
        else:
            report.missed_entities.append(f"{kind} {name}")

    gold_relations = [(r["subject"], r["predicate"], r["object"]) for r in data["relations"]]
    used: Set[int] = set()
    for subject, predicate, obj, predicate_iri in relations:
        hit = None
        for index, (gs, gp, go) in enumerate(gold_relations):
            if index in used or gp != predicate:
                continue
            if (gs in matches[subject] and go in matches[obj]) or (
                predicate in SYMMETRIC and gs in matches[obj] and go in matches[subject]
            ):
                hit = index
                break
        method = report.by_method[_methods(graph, subject, predicate_iri, obj)]
        method.p_den += 1
        report.relations.p_den += 1
        report.by_relation[predicate].p_den += 1
        if hit is None:
            report.spurious_relations.append(f"{nodes[subject].display} {predicate} {nodes[obj].display}")
            continue
        used.add(hit)
        method.p_num += 1
        method.r_num += 1
        report.relations.p_num += 1
        report.relations.r_num += 1
        report.by_relation[predicate].p_num += 1
        report.by_relation[predicate].r_num += 1
    names = {gid: name for gid, (_, _, name) in golds.items()}
    for index, (gs, gp, go) in enumerate(gold_relations):
        report.relations.r_den += 1
        report.by_relation[gp].r_den += 1
        if index not in used:
            report.missed_relations.append(f"{names.get(gs, gs)} {gp} {names.get(go, go)}")
    for tally in report.by_method.values():
        tally.r_den = report.relations.r_den
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


# ---- many pages -------------------------------------------------------------------------------


@dataclass
class Page:
    name: str  # the stem of the gold file's source
    gold: dict
    report: Optional[Report] = None
    problem: Optional[str] = None  # why the page has no graph (scored as an empty graph)


def gold_page(path: Path) -> Page:
    data = load_gold_file(path)
    return Page(Path(data.get("source") or Path(path).name).stem, data)


def gold_pages(folder: Path) -> List[Page]:
    files = sorted(Path(folder).glob("*.json"))
    if not files:
        raise ValueError(f"{folder}: no gold .json files")
    return [gold_page(path) for path in files]


def find_graph(folder: Path, name: str) -> Optional[Path]:
    """A page's graph in a folder of builds: NAME/graph.ttl (or .trig), else a file NAME.<rdf suffix>."""
    for candidate in [Path(folder) / name / f"graph{s}" for s in RDF_SUFFIXES] + [Path(folder) / f"{name}{s}" for s in RDF_SUFFIXES]:
        if candidate.is_file():
            return candidate
    return None


def score_pages(pages: Iterable[Page], graphs: Iterable[Optional[Graph]]) -> Report:
    """Score each page against its graph (None: nothing was built, scored as an empty graph); the micro sum."""
    total = Report()
    for page, graph in zip(pages, graphs):
        page.report = score(page.gold, graph if graph is not None else Graph())
        for name in ("missed_entities", "spurious_entities", "missed_relations", "spurious_relations"):
            setattr(page.report, name, [f"{page.name}: {item}" for item in getattr(page.report, name)])
        total.add(page.report)
    return total


def page_line(page: Page) -> str:
    report = page.report
    line = (f"{page.name:24s} entities F1 {report.entities.f1:.3f} (P {report.entities.precision:.3f} R {report.entities.recall:.3f})"
            f"  relations F1 {report.relations.f1:.3f} (P {report.relations.precision:.3f} R {report.relations.recall:.3f})")
    return line + (f"  [{page.problem}: scored as empty]" if page.problem else "")


def find_text(folder: Path, page: Page) -> Optional[Path]:
    """A page's text: the gold's source file name in the folder, else any page file with its stem."""
    from .ingest import PAGE_SUFFIXES

    source = Path(page.gold.get("source") or page.name).name
    exact = Path(folder) / source
    if exact.is_file():
        return exact
    for path in sorted(Path(folder).glob(f"{page.name}.*")):
        if path.suffix.lower() in PAGE_SUFFIXES:
            return path
    return None


def build_page_graphs(pages: List[Page], texts: Path, place: Optional[str] = None, ner_model: Optional[Path] = None,
                      use_ner: bool = True, overrides: Optional[Dict[str, Dict[str, object]]] = None) -> Iterable[Optional[Graph]]:
    """Build each page's text in-process with one loaded pipeline, as ``kg build`` would build it alone.

    A page whose text is missing or does not build yields None, and the reason is noted on the page.
    """
    from . import graph as rdf
    from .extract import build_pipeline, extract
    from .ingest import InputError, load_articles
    from .resolve import resolve

    nlp = build_pipeline(ner_model, use_ner=use_ner, overrides=overrides)
    for page in pages:
        path = find_text(texts, page)
        if path is None:
            page.problem = f"no text for {page.name} in {texts}"
            yield None
            continue
        try:
            articles = load_articles([path], place=place)
            graph = rdf.union_graph(rdf.to_dataset(resolve(list(extract(nlp, articles)))))
        except InputError as error:
            page.problem = str(error)
            graph = None
        except Exception as error:  # one page that breaks the pipeline must not hide the other pages' figures
            page.problem = f"build failed ({type(error).__name__}: {error})"
            graph = None
        yield graph
