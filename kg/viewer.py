"""The HTML network view: pyvis, made self-contained and safe.

pyvis inlines vis-network with ``cdn_resources="in_line"`` but still links
Bootstrap from a CDN and carries URLs in vis-network's licence comments and
string constants. The Bootstrap tags are dropped (the page does not use its
components), and inside inline scripts ``://`` is written ``:\\/\\/``, which is
the same string to JavaScript but no longer an address in the file.

Everything taken from articles is HTML-escaped before it reaches the page:
pyvis's template writes node titles with ``innerHTML``.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Dict, List

import networkx as nx
from pyvis.network import Network
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .model import RELATION_TYPES
from .vocab import KG

RELATION_PREDICATES = {KG[name] for name in RELATION_TYPES}

TYPE_STYLE = {
    "Person": ("#e4572e", "dot"),
    "Organisation": ("#1f77b4", "box"),
    "Place": ("#2ca02c", "triangle"),
    "Project": ("#9467bd", "diamond"),
    "Programme": ("#ff7f0e", "star"),
    "Product": ("#8c564b", "square"),
    "Article": ("#7f7f7f", "ellipse"),
}
TYPE_LABEL_ZH = {
    "Person": "人物", "Organisation": "组织机构", "Place": "地点", "Project": "项目",
    "Programme": "计划/活动", "Product": "产品", "Article": "文章",
}
_SCRIPT = re.compile(r"(<script[^>]*>)(.*?)(</script>)", re.S)
_COMMENTED_TAGS = re.compile(r"<!--(?:(?!-->).)*?<(?:link|script)(?:(?!-->).)*?-->", re.S)
_EXTERNAL_TAG = re.compile(r"<(?:link|script)[^>]+(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?\s*", re.I)


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _entity_type(graph: Graph, node) -> str:
    types = {_local(t) for t in graph.objects(node, RDF.type) if str(t).startswith(str(KG))}
    for kind in TYPE_STYLE:
        if kind in types:
            return kind
    return "Article" if "Article" in types else ""


def network_from_rdf(graph: Graph) -> nx.MultiDiGraph:
    """Entities and articles as nodes, kg: relations as edges carrying their evidence."""
    network = nx.MultiDiGraph()
    evidence: Dict[tuple, List[str]] = defaultdict(list)
    for record in graph.subjects(RDF.type, KG.Assertion):
        key = (graph.value(record, RDF.subject), graph.value(record, RDF.predicate), graph.value(record, RDF.object))
        sentence = graph.value(record, KG.evidence)
        if sentence is not None:
            evidence[key].append(str(sentence))

    def add_node(node) -> None:
        if node not in network:
            label = graph.value(node, RDFS.label)
            aliases = sorted(str(a) for a in graph.objects(node, SKOS.altLabel))
            network.add_node(node, kind=_entity_type(graph, node), label=str(label) if label else _local(node), aliases=aliases)

    for kind in TYPE_STYLE:
        if kind != "Article":
            for node in sorted(graph.subjects(RDF.type, KG[kind])):
                add_node(node)
    for subject, predicate, obj in graph:
        if predicate not in RELATION_PREDICATES or not isinstance(obj, URIRef):
            continue
        add_node(subject)
        add_node(obj)
        network.add_edge(subject, obj, predicate=_local(predicate), evidence=evidence.get((subject, predicate, obj), []))
    return network


def _node_title(data: dict) -> str:
    lines = [f"{data['label']} ({TYPE_LABEL_ZH.get(data['kind'], data['kind'])})"]
    if data["aliases"]:
        lines.append("别名: " + "、".join(data["aliases"]))
    return html.escape("\n".join(lines))


def render_html(network: nx.MultiDiGraph, title: str = "知识图谱") -> str:
    view = Network(height="90vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    degrees = dict(network.degree())
    ids = {node: index for index, node in enumerate(network.nodes)}
    for node, data in network.nodes(data=True):
        colour, shape = TYPE_STYLE.get(data["kind"], ("#999999", "dot"))
        view.add_node(
            ids[node], label=data["label"], title=_node_title(data), color=colour, shape=shape,
            size=10 + 3 * degrees.get(node, 0), group=data["kind"],
        )
    for subject, obj, data in network.edges(data=True):
        sentence = data["evidence"][0] if data["evidence"] else ""
        view.add_edge(
            ids[subject], ids[obj], label=data["predicate"],
            title=html.escape(f"{data['predicate']}\n{sentence}"),
        )
    view.toggle_physics(True)
    view.set_options('{"physics": {"stabilization": {"iterations": 300}}, "edges": {"font": {"size": 10}, "arrows": {"to": {"enabled": true}}}}')
    return make_offline(view.generate_html(), title)


def make_offline(page: str, title: str) -> str:
    page = _COMMENTED_TAGS.sub("", page)
    page = _EXTERNAL_TAG.sub("", page)
    page = _SCRIPT.sub(lambda m: m.group(1) + m.group(2).replace("://", ":\\/\\/") + m.group(3), page)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    if re.search(r"https?://", page):
        raise RuntimeError("the generated page still references an external address")
    return page
