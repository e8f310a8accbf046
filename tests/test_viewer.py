import json
import re

from kg import ingest
from kg.build import write_outputs
from kg.extract import extract
from kg.resolve import resolve

PLANTED = "## 测试<script>alert(1)</script><img src=x onerror=alert(2)>新闻\n\n本报讯(记者 王明) 市科技局推出惠企活动,支持企业创新。\n"


def test_html_is_self_contained_with_no_external_reference(built):
    outdir, _, _ = built
    page = (outdir / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)
    assert '<meta charset="utf-8">' in page
    assert "vis.Network" in page  # vis-network is inlined, not linked
    labels = {n["label"] for n in _nodes(page)}
    assert {"包雷晶", "通辽市"} <= labels


def _nodes(page):
    return json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))


def test_html_escapes_markup_planted_in_an_article(tmp_path, pipeline):
    page = tmp_path / "planted.txt"
    page.write_text(PLANTED, encoding="utf-8")
    resolved = resolve(list(extract(pipeline, ingest.load_articles([page], place="通辽市"))))
    write_outputs(resolved, tmp_path / "out")
    html = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert "<script>alert(1)" not in html
    # the data set handed to vis-network holds the text escaped
    titles = " ".join(n.get("title", "") for n in _nodes(html))
    assert "<img" not in titles and "&lt;img" in titles
