import json
import re

from kg import ingest
from kg.build import write_outputs
from kg.extract import extract
from kg.resolve import resolve

PLANTED = "## 测试<script>alert(1)</script><img src=x onerror=alert(2)>新闻\n\n本报讯(记者 王明) 市科技局推出惠企活动,支持企业创新。\n"


def _data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1))


def test_html_is_self_contained_with_no_external_reference(built):
    outdir, _, _ = built
    page = (outdir / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert '<meta charset="utf-8">' in page and "default-src 'none'" in page
    assert "vis.Network" in page  # vis-network is inlined, not linked
    labels = {n["label"] for n in _data(page)["nodes"]}
    assert {"包雷晶", "通辽市", "内蒙古联晟新能源材料有限公司"} <= labels


def test_every_relation_carries_its_evidence_and_article(built):
    outdir, _, _ = built
    data = _data((outdir / "graph.html").read_text(encoding="utf-8"))
    assert data["edges"] and all(edge["evidence"] for edge in data["edges"])
    titles = {a["title"] for a in data["articles"]}
    assert all(data["articles"][ev["article"]]["title"] in titles for e in data["edges"] for ev in e["evidence"])


def test_html_escapes_markup_planted_in_an_article(tmp_path, pipeline):
    page = tmp_path / "planted.txt"
    page.write_text(PLANTED, encoding="utf-8")
    resolved = resolve(list(extract(pipeline, ingest.load_articles([page], place="通辽市"))))
    write_outputs(resolved, tmp_path / "out")
    html = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    titles = " ".join(a["title"] for a in _data(html)["articles"])
    assert "<script>alert(1)</script>" in titles  # kept as text, escaped only in the file


def test_every_label_contrasts_with_what_it_is_drawn_on():
    from kg.viewer import LABEL_INSIDE, PAGE, TYPE_STYLE, contrast, label_colour

    for kind, (fill, shape, _) in TYPE_STYLE.items():
        background = fill if shape in LABEL_INSIDE else PAGE
        assert contrast(label_colour(fill, shape), background) >= 4.5, kind


def _star_graph(spokes_by_hub):
    """Hubs (organisations) with the given numbers of people holding posts there, plus one unlinked place."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.vocab import KG

    g = Graph()
    for h, spokes in enumerate(spokes_by_hub):
        hub = URIRef(f"https://example.org/org{h}")
        g.add((hub, RDF.type, KG.Organisation))
        g.add((hub, RDFS.label, Literal(f"机构{h}", lang="zh")))
        for s in range(spokes):
            person = URIRef(f"https://example.org/p{h}-{s}")
            g.add((person, RDF.type, KG.Person))
            g.add((person, RDFS.label, Literal(f"人{h}-{s}", lang="zh")))
            g.add((person, KG.holdsPost, hub))
    g.add((URIRef("https://example.org/place"), RDF.type, KG.Place))
    g.add((URIRef("https://example.org/place"), RDFS.label, Literal("某地", lang="zh")))
    return g


def test_a_small_graph_is_drawn_whole_without_an_index():
    from kg.viewer import viewer_data

    data = viewer_data(_star_graph([3, 2]), max_nodes=10)
    assert len(data["nodes"]) == 8 and "index" not in data
    assert data["total"] == {"nodes": 8, "edges": 5}


def test_a_big_graph_keeps_its_most_connected_nodes_and_indexes_every_node_and_edge():
    from kg.viewer import viewer_data

    data = viewer_data(_star_graph([5, 3, 2]), max_nodes=3)
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"机构0", "机构1", "机构2"}  # degrees 5, 3, 2 against 1 for every person
    assert data["edges"] == []  # no edge joins two of them
    index = data["index"]
    assert len(index["labels"]) == data["total"]["nodes"] == 14 and "某地" in index["labels"]
    assert len(index["edges"]) == 3 * data["total"]["edges"] == 30
    for node in data["nodes"]:
        assert index["labels"][int(node["id"][1:])] == node["label"]
    predicates = {index["predicates"][index["edges"][k + 2]] for k in range(0, len(index["edges"]), 3)}
    assert predicates == {"holdsPost"}


def test_view_command_draws_at_most_max_nodes(tmp_path, built):
    from click.testing import CliRunner

    from kg.cli import main

    outdir, _, _ = built
    page = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["view", str(outdir / "graph.ttl"), "-o", str(page), "--max-nodes", "20"])
    assert result.exit_code == 0, result.output
    data = _data(page.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 20 and len(data["index"]["labels"]) == data["total"]["nodes"] > 20


def test_view_command_defaults_to_the_library_threshold():
    from kg.cli import main
    from kg.viewer import DEFAULT_MAX_NODES

    (option,) = [p for p in main.commands["view"].params if p.name == "max_nodes"]
    assert option.default == DEFAULT_MAX_NODES


def test_the_layout_of_a_large_component_is_the_same_every_run():
    import networkx as nx

    from kg.viewer import _spectral_layout

    graph = nx.connected_watts_strogatz_graph(600, 4, 0.1, seed=3)  # above networkx's 500-node ARPACK switch
    first, second = _spectral_layout(graph, 100.0), _spectral_layout(graph, 100.0)
    assert set(first) == set(graph)
    assert all((first[n] == second[n]).all() for n in graph)
