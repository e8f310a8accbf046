"""The HTML graph explorer: one self-contained, offline page.

vis-network is inlined from the copy that pyvis ships. pyvis's own page
template is not used: it links Bootstrap from a CDN and writes node titles
with ``innerHTML``, so article text could run as markup. Our page carries the
graph as JSON in a ``<script type="application/json">`` block (with ``<``, ``>``
and ``&`` escaped), its script writes every string with ``textContent``, and a
Content-Security-Policy forbids any network request.

The page offers a legend, type and relation filters, search over names and
aliases, neighbour highlighting, and a side panel with labels, aliases, the
articles that mention a node and, for every relation, the evidence sentence
and the article it comes from.

Big graphs: above ``max_nodes`` nodes (2,000 by default) the page draws only the
most connected nodes with the edges between them and says so; every name and
every edge still ships, in a compact index, so that search finds any entity and
brings it into view with its neighbourhood.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from importlib import resources
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .model import ENTITY_TYPES, RELATION_TYPES
from .vocab import KG

TYPE_STYLE = {
    "Person": ("#e4572e", "dot", "人物"),
    "Organisation": ("#1f77b4", "box", "组织机构"),
    "Place": ("#2ca02c", "triangle", "地点"),
    "Project": ("#9467bd", "diamond", "项目"),
    "Programme": ("#ff7f0e", "star", "计划/活动"),
    "Product": ("#8c564b", "square", "产品"),
    "Article": ("#cbd2d9", "ellipse", "文章"),
}
# vis-network writes the label inside these shapes (on the node's colour), below the others (on the page)
LABEL_INSIDE = {"box", "ellipse", "circle", "database", "text"}
DARK_TEXT, LIGHT_TEXT, PAGE = "#1f2933", "#ffffff", "#ffffff"
DEFAULT_MAX_NODES = 2000  # above this many nodes the page draws the most connected ones only
RELATION_LABELS = {
    "holdsPost": "任职", "locatedIn": "位于", "subOrganisationOf": "下属", "investsIn": "投资", "hasCustomer": "客户",
    "produces": "生产", "implements": "实施", "administers": "主管", "funds": "资助", "leads": "负责",
    "partnersWith": "合作", "participatesIn": "参与", "authorOf": "作者",
}
RELATION_PREDICATES = {KG[name]: name for name in RELATION_TYPES}
# found without importing pyvis, which imports IPython (more than a second of a build's start)
VIS_DIR = Path(importlib.util.find_spec("pyvis").origin).parent / "templates" / "lib" / "vis-9.1.2"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
LAYOUT_THRESHOLD = 800  # above this many nodes the layout is computed here, not in the browser


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio (1 to 21) between two #rrggbb colours."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def label_colour(fill: str, shape: str) -> str:
    """The label colour that reads best where vis-network draws the label."""
    background = fill if shape in LABEL_INSIDE else PAGE
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda text: contrast(text, background))


def _pairs(graph, predicate) -> Iterator[Tuple[str, str]]:
    """(subject, object) of every triple with ``predicate``, as strings. The store view answers
    from one index scan; an rdflib graph through ``subject_objects``."""
    bulk = getattr(graph, "value_pairs", None)
    if bulk is not None:
        return bulk(predicate)
    return ((str(s), str(o)) for s, o in graph.subject_objects(predicate))


def _rows(graph, subject: str) -> Iterator[Tuple[str, str]]:
    """(predicate, object) of every triple about ``subject``, as strings: from the store view without
    making rdflib terms, from an rdflib graph through ``predicate_objects``."""
    bulk = getattr(graph, "value_rows", None)
    if bulk is not None:
        return bulk(subject)
    return ((str(p), str(o)) for p, o in graph.predicate_objects(URIRef(subject)))


def _first_values(graph, predicate) -> Dict[str, str]:
    """Each subject's first object of ``predicate`` (what ``graph.value`` gives), in one pass."""
    values: Dict[str, str] = {}
    for subject, obj in _pairs(graph, predicate):
        values.setdefault(subject, obj)
    return values


def _kinds(graph) -> Dict[str, tuple]:
    """IRI → (type, subtype) for every node with a type the explorer draws."""
    prefix = str(KG)
    local: Dict[str, set] = {}
    for node, cls in _pairs(graph, RDF.type):
        if cls.startswith(prefix):
            local.setdefault(node, set()).add(cls[len(prefix) :])
    kinds = {}
    for node, names in local.items():
        kind = next((t for t in TYPE_STYLE if t in names), None)
        if kind is not None:
            subtype = next((t for t in sorted(names) if t not in TYPE_STYLE and t not in ("Entity", "Assertion")), None)
            kinds[node] = (kind, subtype)
    return kinds


def viewer_data(graph: Graph, with_layout: Optional[bool] = None, max_nodes: int = DEFAULT_MAX_NODES) -> dict:
    """The explorer's data from any built graph: nodes, edges with evidence, articles; above ``max_nodes``
    nodes, the most connected ones drawn and a compact index of all (see ``_most_connected``).

    Each property is read in one pass over its triples (not per node), and the per-node lists that
    only a drawn node shows (the articles mentioning it) are filled for drawn nodes only."""
    kinds = _kinds(graph)
    titles, labels = _first_values(graph, DCTERMS.title), _first_values(graph, RDFS.label)
    sources = _first_values(graph, KG.sourceDocument)
    articles: Dict[str, dict] = {}
    for node in sorted(n for n, (kind, _) in kinds.items() if kind == "Article"):
        articles[node] = {"id": len(articles), "title": titles.get(node) or labels.get(node) or "", "source": sources.get(node, "")}
    article_index = {iri: a["id"] for iri, a in articles.items()}
    codes = _first_values(graph, KG.divisionCode)
    aliases: Dict[str, set] = {}
    for node, alias in _pairs(graph, SKOS.altLabel):
        aliases.setdefault(node, set()).add(alias)

    nodes: Dict[str, dict] = {}

    def add_node(node: str) -> Optional[dict]:
        if node in nodes:
            return nodes[node]
        kind, subtype = kinds.get(node, (None, None))
        if kind is None:
            return None
        label = labels.get(node) or titles.get(node) or node
        nodes[node] = {
            "id": f"n{len(nodes)}",
            "iri": node,
            "label": label,
            "type": kind,
            "subtype": subtype,
            "aliases": sorted(aliases.get(node, set()) - {label}),
            "articles": [],
            "code": codes.get(node) or None,
            "degree": 0,
        }
        return nodes[node]

    for kind in ENTITY_TYPES:
        for node in sorted(n for n, (k, _) in kinds.items() if k == kind):
            add_node(node)

    edges = []
    keys = {}  # edge id → (subject, predicate, object), to find its evidence once it is known to be drawn
    for predicate, name in RELATION_PREDICATES.items():
        for subject, obj in sorted(_pairs(graph, predicate)):
            s, o = add_node(subject), add_node(obj)
            if s is None or o is None:
                continue
            s["degree"] += 1
            o["degree"] += 1
            edge_id = f"e{len(edges)}"
            keys[edge_id] = (subject, str(predicate), obj)
            edges.append({"id": edge_id, "from": s["id"], "to": o["id"], "predicate": name,
                          "label": RELATION_LABELS[name], "evidence": []})

    node_list = list(nodes.values())
    data = {
        "nodes": node_list,
        "edges": edges,
        "articles": [{"title": a["title"], "source": a["source"]} for a in articles.values()],
        "types": {k: {"color": c, "shape": s, "label": zh, "fontColor": label_colour(c, s)} for k, (c, s, zh) in TYPE_STYLE.items()},
        "relationLabels": RELATION_LABELS,
        "total": {"nodes": len(node_list), "edges": len(edges)},
    }
    if len(node_list) > max_nodes:
        data.update(_most_connected(node_list, edges, max_nodes))
    drawn = {n["iri"]: n for n in data["nodes"]}
    for node, article in _pairs(graph, KG.mentionedIn):
        if node in drawn and article in article_index:
            drawn[node]["articles"].append(article_index[article])
    for node in drawn.values():
        node["articles"].sort()
    # evidence only for the edges the page draws: a big build has far more sentences than it shows
    evidence = _evidence(graph, [keys[edge["id"]] for edge in data["edges"]], article_index)
    for edge in data["edges"]:
        edge["evidence"] = evidence.get(keys[edge["id"]], [])
    if with_layout is None:
        with_layout = len(data["nodes"]) > LAYOUT_THRESHOLD
    if with_layout:
        _precompute_layout(data["nodes"], data["edges"])
    return data


def _evidence(graph, wanted: List[Tuple[str, str, str]], article_index: Dict) -> Dict[Tuple[str, str, str], List[dict]]:
    """The evidence records (kg:Assertion) of the ``wanted`` relations, each list sorted by sentence.
    Records are looked up once per subject, however many of its relations are drawn."""
    wanted_set = set(wanted)
    found: Dict[Tuple[str, str, str], List[dict]] = {}
    for subject in sorted({s for s, _, _ in wanted}):
        for record in graph.subjects(RDF.subject, URIRef(subject)):
            values: Dict[str, str] = {}
            for predicate, obj in _rows(graph, str(record)):  # one scan of the record, first value wins
                values.setdefault(predicate, obj)
            relation, obj = values.get(str(RDF.predicate)), values.get(str(RDF.object))
            key = (subject, str(relation), str(obj))
            if key not in wanted_set:
                continue

            def text(term) -> str:
                return values.get(str(term), "")

            source = values.get(str(PROV_DERIVED))
            article = obj if relation == str(KG.authorOf) else None
            found.setdefault(key, []).append({
                "sentence": text(KG.evidence),
                "article": article_index.get(source if source is not None else article),
                "method": text(KG.method),
                "confidence": text(KG.confidence),
                "role": text(KG.role) or None,
                "amount": text(KG.amount) or None,
                "year": text(KG.year) or None,
            })
    for records in found.values():
        records.sort(key=lambda r: r["sentence"])
    return found


def _most_connected(node_list: List[dict], edges: List[dict], max_nodes: int) -> dict:
    """The ``max_nodes`` nodes of highest degree (ties by id, so the choice is stable) with the edges among
    them, in full; and an index of every node and edge, in a compact form the page searches and expands:
    labels and type numbers by node position, aliases as [position, alias...] rows, edges as a flat list
    of (from position, to position, predicate number). Node ids are "n" + position, edge ids "e" + position."""
    ranked = sorted(node_list, key=lambda n: (-n["degree"], int(n["id"][1:])))[:max_nodes]
    kept = {n["id"] for n in ranked}
    type_names = list(TYPE_STYLE)
    predicates = list(RELATION_LABELS)
    flat_edges: List[int] = []
    for e in edges:
        flat_edges += [int(e["from"][1:]), int(e["to"][1:]), predicates.index(e["predicate"])]
    return {
        "nodes": sorted(ranked, key=lambda n: int(n["id"][1:])),
        "edges": [e for e in edges if e["from"] in kept and e["to"] in kept],
        "index": {
            "labels": [n["label"] for n in node_list],
            "types": [type_names.index(n["type"]) for n in node_list],
            "typeNames": type_names,
            "aliases": [[position] + n["aliases"] for position, n in enumerate(node_list) if n["aliases"]],
            "edges": flat_edges,
            "predicates": predicates,
        },
    }


def _precompute_layout(node_list: List[dict], edges: List[dict]) -> None:
    """Seed positions for large graphs (spectral layout per connected component, components
    on a grid), so that the browser only refines for a bounded number of iterations. Nodes without
    edges get none here: the page packs them in a block beside the rest."""
    import math

    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in node_list)
    g.add_edges_from((e["from"], e["to"]) for e in edges)
    components = sorted((c for c in nx.connected_components(g) if len(c) > 1), key=len, reverse=True)
    positions = {}
    cursor_x, cursor_y, row_height = 0.0, 0.0, 0.0
    row_width = 40 * math.sqrt(len(node_list)) * 4
    for component in components:
        size = 12 * math.sqrt(len(component)) + 20
        sub = g.subgraph(component)
        local = _spectral_layout(sub, size) if len(component) > 2 else {n: (i * 20.0, 0.0) for i, n in enumerate(component)}
        if cursor_x + 2 * size > row_width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height, 0.0
        for node, (x, y) in local.items():
            positions[node] = (cursor_x + size + x, cursor_y + size + y)
        cursor_x += 2 * size
        row_height = max(row_height, 2 * size)
    for n in node_list:
        if n["id"] in positions:
            x, y = positions[n["id"]]
            n["x"], n["y"] = round(float(x), 1), round(float(y), 1)


def _spectral_layout(graph, scale: float) -> dict:
    """networkx's spectral layout, always solved densely: for 500 nodes and more networkx uses ARPACK
    from a random start, which made graph.html differ from run to run. Only the two eigenvectors the
    layout needs are computed (a drawn component has at most ``max_nodes`` nodes)."""
    import networkx as nx
    import numpy as np
    from scipy.linalg import eigh
    from threadpoolctl import threadpool_limits

    nodes = list(graph)
    adjacency = nx.to_numpy_array(graph, nodelist=nodes, weight=None)
    laplacian = np.diag(adjacency.sum(axis=1)) - adjacency
    # one BLAS thread: on a busy machine a threaded solve of 1,800 nodes took 20 s instead of 1.5 s
    with threadpool_limits(1):
        _, vectors = eigh(laplacian, subset_by_index=[1, 2])
    return dict(zip(nodes, nx.rescale_layout(vectors, scale=scale)))


def _script_json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, only "</" can end the element; escape the characters HTML cares about anyway.
    # "/" as "\\/" keeps IRIs in the data from reading as addresses in the file.
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("/", "\\/"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _resource(name: str) -> str:
    return resources.files("kg").joinpath("resources", name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    """Inline JavaScript, with '://' written ':\\/\\/' (the same string to JavaScript, no address in the file)."""
    return code.replace("</script", "<\\/script").replace("://", ":\\/\\/")


def _html_text(value: str) -> str:
    """Escaped for HTML, with "/" as a character reference: a URL in a title (a crawled source) reads
    the same in the browser but is no address in the file, so the external-address check below holds."""
    return html.escape(value).replace("/", "&#47;")


def render_html(data: dict, title: str = "知识图谱 Knowledge graph") -> str:
    page = _resource("viewer.html")
    replacements = {
        "@@TITLE@@": _html_text(title),
        "@@VIS_CSS@@": (VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        "@@VIEWER_CSS@@": _resource("viewer.css"),
        "@@DATA@@": _script_json(data),
        "@@VIS_JS@@": _inline_script((VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        "@@VIEWER_JS@@": _inline_script(_resource("viewer.js")),
    }
    pattern = re.compile("|".join(re.escape(k) for k in replacements))
    page = pattern.sub(lambda m: replacements[m.group()], page)
    if re.search(r"https?://", page):
        raise RuntimeError("the generated page still references an external address")
    return page


def render_graph(graph: Graph, title: str = "知识图谱 Knowledge graph", max_nodes: int = DEFAULT_MAX_NODES) -> str:
    return render_html(viewer_data(graph, max_nodes=max_nodes), title)
