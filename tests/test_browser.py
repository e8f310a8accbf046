"""The HTML explorer in a real browser: Debian's Chromium driven by Playwright (no browser download)."""

import shutil
from pathlib import Path
from typing import Optional

import pytest

from kg import ingest
from kg.build import write_outputs
from kg.extract import extract
from kg.resolve import resolve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PLANTED = (
    "## 通报<img src=x onerror=\"window.__xss=1\">新闻<script>window.__xss=2</script>\n\n"
    "本报讯(记者 王明) 市科技局局长张伟表示,将推行“<b onclick=x>惠企</b>”活动。内蒙古测试<script>window.__xss=3</script>有限公司投产。\n"
)


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: .ci/run installs it")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-stable=true]", timeout=60000)
    return page, problems, requests


def test_page_loads_offline_without_errors_or_requests(browser, built):
    outdir, _, _ = built
    page, problems, requests = _open(browser, outdir / "graph.html")
    assert problems == []
    assert requests == [(outdir / "graph.html").as_uri()]
    assert page.evaluate("kgViewer.nodes.length") == page.evaluate("kgViewer.data.nodes.length") > 50
    page.close()


def test_search_focuses_a_node_by_name_or_alias(browser, built):
    outdir, _, _ = built
    page, _, _ = _open(browser, outdir / "graph.html")
    page.fill("#search", "科区")  # an alias of 科尔沁区
    page.press("#search", "Enter")
    page.wait_for_timeout(500)
    selected = page.evaluate("kgViewer.network.getSelectedNodes()")
    labels = page.evaluate("ids => ids.map(id => kgViewer.data.nodes.find(n => n.id === id).label)", selected)
    assert labels == ["科尔沁区"]
    assert page.text_content("#panel-body h2") == "科尔沁区"
    page.close()


def test_type_filter_hides_nodes_of_that_type(browser, built):
    outdir, _, _ = built
    page, _, _ = _open(browser, outdir / "graph.html")
    page.uncheck('input[data-type="Person"]')
    hidden = page.evaluate("kgViewer.nodes.get({filter: n => n.group === 'Person'}).every(n => n.hidden === true)")
    others = page.evaluate("kgViewer.nodes.get({filter: n => n.group === 'Place'}).every(n => !n.hidden)")
    assert hidden and others
    page.uncheck('input[data-relation="implements"]')
    assert page.evaluate("kgViewer.edges.get({filter: e => e.relation === 'implements'}).every(e => e.hidden)")
    page.close()


def test_clicking_a_node_shows_its_relations_with_evidence(browser, built):
    outdir, _, _ = built
    page, _, _ = _open(browser, outdir / "graph.html")
    node = page.evaluate("kgViewer.data.nodes.find(n => n.label === '塔娜').id")
    # out of the crowd first, so that no neighbour drawn over it takes the click
    page.evaluate("id => { kgViewer.network.stopSimulation(); kgViewer.network.moveNode(id, 20000, 20000); }", node)
    page.evaluate("id => kgViewer.network.focus(id, {scale: 1.5})", node)
    page.wait_for_timeout(300)
    x, y = page.evaluate("""id => { const p = kgViewer.network.getPositions([id])[id];
                                    const d = kgViewer.network.canvasToDOM(p);
                                    const r = document.getElementById('network').getBoundingClientRect();
                                    return [r.left + d.x, r.top + d.y]; }""", node)
    page.mouse.click(x, y)
    page.wait_for_timeout(300)
    assert page.text_content("#panel-body h2") == "塔娜"
    evidence = page.locator("#panel-body .sentence").all_text_contents()
    assert any("市科技局局长塔娜表示" in text for text in evidence)
    page.close()


def test_markup_planted_in_an_article_never_runs(browser, tmp_path, pipeline):
    source = tmp_path / "planted.txt"
    source.write_text(PLANTED, encoding="utf-8")
    resolved = resolve(list(extract(pipeline, ingest.load_articles([source], place="通辽市"))))
    write_outputs(resolved, tmp_path / "out")
    page, problems, _ = _open(browser, tmp_path / "out" / "graph.html")
    assert page.evaluate("window.__xss") is None
    for node in page.evaluate("kgViewer.data.nodes.map(n => n.id)"):
        page.evaluate("id => kgViewer.focusNode(id)", node)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#panel-body img, #panel-body script, #panel-body b").count() == 0
    article = page.evaluate("kgViewer.data.nodes.find(n => n.type === 'Article').id")
    page.evaluate("id => kgViewer.focusNode(id)", article)
    assert '<img src=x onerror="window.__xss=1">' in page.text_content("#panel-body h2")  # shown as text
    assert problems == []
    page.close()


# --------------------------------------------------------------------------
# Readability, search placement, nodes without edges, and big graphs (generated, not extracted)

def _generated_page(tmp_path, linked: int, unlinked: int, edges: int, max_nodes: Optional[int] = None, seed: int = 5) -> Path:
    """A graph of ``linked`` nodes joined by ``edges`` random relations plus ``unlinked`` nodes without any."""
    import random

    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import RDF, RDFS

    from kg.viewer import render_html, viewer_data
    from kg.vocab import KG

    rng = random.Random(seed)
    ids = Namespace("https://example.org/id/")
    g = Graph()
    kinds = ["Person", "Organisation", "Place"]
    for i in range(linked + unlinked):
        g.add((ids[f"n{i}"], RDF.type, KG[kinds[i % 3]]))
        g.add((ids[f"n{i}"], RDFS.label, Literal(f"测试{kinds[i % 3]}{i}号", lang="zh")))
    people, bodies = range(0, linked, 3), range(1, linked, 3)
    while len(set(g.subject_objects(KG.holdsPost))) < edges:
        # skewed choice of bodies, so that degrees differ and "most connected" means something
        body = bodies[min(int(rng.expovariate(6 / len(bodies))), len(bodies) - 1)]
        g.add((ids[f"n{rng.choice(people)}"], KG.holdsPost, ids[f"n{body}"]))
    path = tmp_path / "generated.html"
    data = viewer_data(g) if max_nodes is None else viewer_data(g, max_nodes=max_nodes)
    path.write_text(render_html(data, "generated"), encoding="utf-8")
    return path


def _contrast(first: str, second: str) -> float:
    from kg.viewer import contrast

    return contrast(first, second)


def test_labels_inside_nodes_contrast_with_the_node_colour(browser, built):
    outdir, _, _ = built
    page, _, _ = _open(browser, outdir / "graph.html")
    drawn = page.evaluate("""() => Object.values(kgViewer.network.body.nodes)
        .filter(n => ['box', 'ellipse'].includes(n.options.shape))
        .map(n => [n.options.group, n.options.font.color, n.options.color.background])""")
    assert {group for group, _, _ in drawn} >= {"Article", "Organisation"}
    for group, text, fill in drawn:
        assert _contrast(text, fill) >= 4.5, (group, text, fill)
    page.close()


def test_node_colours_survive_a_filter_round_trip(browser, built):
    outdir, _, _ = built
    page, _, _ = _open(browser, outdir / "graph.html")
    page.uncheck('input[data-relation="implements"]')
    page.check('input[data-relation="implements"]')
    wrong = page.evaluate("""() => Object.values(kgViewer.network.body.nodes)
        .filter(n => n.options.color.background !== kgViewer.data.types[n.options.group].color).map(n => n.options.label)""")
    assert wrong == []
    page.close()


def test_search_results_drop_down_under_the_search_box(browser, built):
    outdir, _, _ = built
    page, _, _ = _open(browser, outdir / "graph.html")
    page.fill("#search", "通辽")
    box = page.locator("#search").bounding_box()
    first = page.locator(".result").first
    assert first.is_visible()
    result = first.bounding_box()
    assert abs(result["y"] - (box["y"] + box["height"])) <= 3
    assert box["x"] - 1 <= result["x"] <= box["x"] + box["width"]
    first.click()
    assert page.locator(".result").count() == 0  # a choice closes the list
    page.close()


def test_nodes_without_edges_are_packed_under_the_rest(browser, tmp_path):
    page, problems, _ = _open(browser, _generated_page(tmp_path, linked=45, unlinked=300, edges=60))
    linked, unlinked = page.evaluate("""() => {
        const ids = new Set(kgViewer.data.edges.flatMap(e => [e.from, e.to]));
        const at = kgViewer.network.getPositions();
        const part = (keep) => kgViewer.data.nodes.filter(n => ids.has(n.id) === keep).map(n => at[n.id]);
        return [part(true), part(false)];
    }""")
    assert len(unlinked) >= 300 and problems == []
    lowest = max(p["y"] for p in linked)
    assert all(p["y"] > lowest for p in unlinked)
    width = lambda points: max(p["x"] for p in points) - min(p["x"] for p in points)
    height = lambda points: max(p["y"] for p in points) - min(p["y"] for p in points)
    # a compact block: no wider than the linked part or a square of the same nodes, and not taller than wide
    assert width(unlinked) <= max(width(linked), 90 * 19) and height(unlinked) <= width(unlinked)
    page.close()


def test_a_big_graph_shows_its_most_connected_nodes_and_says_so(browser, tmp_path):
    page, problems, _ = _open(browser, _generated_page(tmp_path, linked=900, unlinked=300, edges=1500, max_nodes=250))
    assert problems == []
    assert page.evaluate("kgViewer.nodes.length") == 250
    assert "showing 250 of 1200" in page.text_content("#subset") and page.is_visible("#subset")
    shown = set(page.evaluate("kgViewer.nodes.getIds()"))
    degree = page.evaluate("""() => { const d = {}; const x = kgViewer.data.index.edges;
        for (let k = 0; k < x.length; k += 3) { d[x[k]] = (d[x[k]] || 0) + 1; d[x[k + 1]] = (d[x[k + 1]] || 0) + 1; } return d; }""")
    lowest_shown = min(degree.get(node[1:], 0) for node in shown)
    assert all(degree.get(str(i), 0) <= lowest_shown for i in range(1200) if f"n{i}" not in shown)
    # every name of the graph is searchable, drawn or not
    assert page.evaluate("kgViewer.data.index.labels.every((label, i) => kgViewer.search(label).includes('n' + i))")
    page.close()


def test_searching_a_node_off_view_brings_it_in_with_its_neighbours(browser, tmp_path):
    page, problems, _ = _open(browser, _generated_page(tmp_path, linked=900, unlinked=300, edges=1500, max_nodes=250))
    target = page.evaluate("""() => { const drawn = new Set(kgViewer.nodes.getIds()); const x = kgViewer.data.index.edges;
        for (let k = 0; k < x.length; k += 3) if (!drawn.has('n' + x[k])) return x[k]; }""")
    label = page.evaluate(f"kgViewer.data.index.labels[{target}]")
    page.fill("#search", label)
    assert "off view" in page.locator(".result").first.text_content()
    page.press("#search", "Enter")
    page.wait_for_timeout(500)
    assert page.evaluate("kgViewer.network.getSelectedNodes()") == [f"n{target}"]
    assert page.text_content("#panel-body h2") == label
    neighbours = page.evaluate(f"""() => {{ const x = kgViewer.data.index.edges, out = new Set();
        for (let k = 0; k < x.length; k += 3) {{ if (x[k] === {target}) out.add('n' + x[k + 1]); if (x[k + 1] === {target}) out.add('n' + x[k]); }}
        return [...out]; }}""")
    assert neighbours and page.evaluate("ids => ids.every(id => kgViewer.nodes.get(id) !== null)", neighbours)
    drawn_edges = page.evaluate(f"kgViewer.edges.get({{filter: e => e.from === 'n{target}' || e.to === 'n{target}'}}).length")
    assert drawn_edges == len(neighbours)
    assert "showing 250 of 1200" not in page.text_content("#subset")  # the count follows what is drawn
    assert problems == []
    page.close()
