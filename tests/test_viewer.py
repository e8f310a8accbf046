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
