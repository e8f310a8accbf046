"""The HTML explorer in a real browser: Debian's Chromium driven by Playwright (no browser download)."""

import shutil
from pathlib import Path

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
