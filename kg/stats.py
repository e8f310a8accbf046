"""Graph analytics for researchers: counts by type and predicate, central entities, components."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Tuple

import networkx as nx

from .model import ENTITY_TYPES, RELATION_TYPES, SUBTYPES
from .store import run_query

ENTITY_FILTER = ", ".join(f"kg:{t}" for t in ENTITY_TYPES)
CLASS_FILTER = ", ".join(f"kg:{t}" for t in ENTITY_TYPES + tuple(SUBTYPES) + ("Article",))
RELATION_FILTER = ", ".join(f"kg:{p}" for p in RELATION_TYPES)


@dataclass
class Stats:
    types: List[Tuple[str, int]] = field(default_factory=list)
    predicates: List[Tuple[str, int]] = field(default_factory=list)
    degree: List[Tuple[str, str, int]] = field(default_factory=list)
    betweenness: List[Tuple[str, str, float]] = field(default_factory=list)
    components: List[int] = field(default_factory=list)  # sizes, largest first
    nodes: int = 0
    edges: int = 0

    def lines(self, top: int = 10) -> List[str]:
        out = ["entities by type:"]
        out += [f"  {name:<16} {count}" for name, count in self.types]
        out.append("relations by predicate:")
        out += [f"  {name:<18} {count}" for name, count in self.predicates]
        out.append(f"entity graph: {self.nodes} nodes, {self.edges} edges, {len(self.components)} connected components"
                   + (f" (largest {self.components[0]})" if self.components else ""))
        out.append(f"top {top} by degree:")
        out += [f"  {degree:>4}  {label} ({kind})" for label, kind, degree in self.degree[:top]]
        out.append(f"top {top} by betweenness:")
        out += [f"  {value:.3f}  {label} ({kind})" for label, kind, value in self.betweenness[:top]]
        return out


def entity_graph(store) -> nx.Graph:
    """Entities as nodes (label, type), relations between entities as edges (articles left out)."""
    graph = nx.Graph()
    rows = run_query(store, f"""
        SELECT DISTINCT ?e ?label ?type WHERE {{
          ?e a ?type ; rdfs:label ?label . FILTER(?type IN ({ENTITY_FILTER}))
        }}""").rows
    for entity, label, kind in rows:
        graph.add_node(entity.value, label=label.value, type=kind.value.rsplit("#", 1)[-1])
    predicates = ", ".join(f"kg:{p}" for p in RELATION_TYPES if p != "authorOf")
    for s, p, o in run_query(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(?p IN ({predicates})) }}").rows:
        if s.value in graph and o.value in graph:
            graph.add_edge(s.value, o.value, predicate=p.value.rsplit("#", 1)[-1])
    return graph


def compute(store) -> Stats:
    stats = Stats()
    stats.types = [(r[0].value.rsplit("#", 1)[-1], int(r[1].value)) for r in run_query(store, f"""
        SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?c . FILTER(?c IN ({CLASS_FILTER})) }}
        GROUP BY ?c ORDER BY DESC(?n) ?c""").rows]
    stats.predicates = [(r[0].value.rsplit("#", 1)[-1], int(r[1].value)) for r in run_query(store, f"""
        SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(?p IN ({RELATION_FILTER})) }} }}
        GROUP BY ?p ORDER BY DESC(?n) ?p""").rows]
    graph = entity_graph(store)
    stats.nodes, stats.edges = graph.number_of_nodes(), graph.number_of_edges()
    label = lambda n: (graph.nodes[n]["label"], graph.nodes[n]["type"])  # noqa: E731
    stats.degree = sorted(((*label(n), d) for n, d in graph.degree()), key=lambda x: (-x[2], x[0]))
    # exact betweenness up to a few thousand nodes, sampled beyond
    k = None if graph.number_of_nodes() <= 3000 else 500
    centrality = nx.betweenness_centrality(graph, k=k, seed=7) if graph.number_of_nodes() else {}
    stats.betweenness = sorted(((*label(n), v) for n, v in centrality.items()), key=lambda x: (-x[2], x[0]))
    stats.components = sorted((len(c) for c in nx.connected_components(graph)), reverse=True)
    return stats
