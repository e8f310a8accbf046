"""SHACL validation of built graphs against the shipped shapes (``kg/resources/ontology/shapes.ttl``, pyshacl).

The shapes see the classes the graph asserts with ``rdf:type``, closed under the
ontology's ``rdfs:subClassOf`` (a kg:Company counts as a kg:Organisation), and
nothing more. RDFS inference is deliberately not run: it would also type every
subject of ``kg:produces`` as an Organisation from the property's domain, so a
Person that produces a Place would pass the very check meant to catch it.
"""

from __future__ import annotations

from typing import Dict, List, Set, Tuple

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .bundled import ONTOLOGY, SHAPES


def superclasses(ontology: Graph) -> Dict[URIRef, Set[URIRef]]:
    """Every named class's named superclasses, transitively (the class itself excluded)."""
    direct: Dict[URIRef, Set[URIRef]] = {}
    for child, parent in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            direct.setdefault(child, set()).add(parent)
    closure: Dict[URIRef, Set[URIRef]] = {}
    for start in direct:
        seen: Set[URIRef] = set()
        pending = list(direct[start])
        while pending:
            parent = pending.pop()
            if parent not in seen and parent != start:
                seen.add(parent)
                pending.extend(direct.get(parent, ()))
        closure[start] = seen
    return closure


def with_asserted_superclasses(data: Graph, ontology: Graph) -> Graph:
    """A copy of ``data`` in which each asserted type also brings its superclasses."""
    closure = superclasses(ontology)
    expanded = Graph()
    expanded += data
    for node, cls in data.subject_objects(RDF.type):
        for parent in closure.get(cls, ()):
            expanded.add((node, RDF.type, parent))
    return expanded


def validate(data: Graph) -> Tuple[bool, List[str]]:
    """(conforms, one line per violation)."""
    import pyshacl
    from rdflib.namespace import SH

    shapes = Graph().parse(SHAPES)
    checked = with_asserted_superclasses(data, Graph().parse(ONTOLOGY))
    conforms, report, _ = pyshacl.validate(checked, shacl_graph=shapes, inference="none", allow_warnings=False, inplace=True)
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        lines.append(f"{focus} {path or ''}: {message}")
    return bool(conforms), sorted(lines)
