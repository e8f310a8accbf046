import json

import pytest

from kg.ingest import InputError, decode, load_articles, to_simplified

PAGE = "## 标题新闻\n\n本报讯(记者 王明) 市科技局今年推出多项措施,支持企业创新。\n"


def test_utf8_gb18030_and_big5_pages_decode_to_the_same_text(tmp_path):
    for encoding in ("utf-8", "gb18030"):
        path = tmp_path / f"page-{encoding}.txt"
        path.write_bytes(PAGE.encode(encoding))
        (article,) = load_articles([path])
        assert article.title == "标题新闻"
        assert article.authors == [("王明", "记者")]


def test_big5_page_in_traditional_characters_is_converted_keeping_offsets(tmp_path):
    traditional = "## 標題新聞\n\n本報訊(記者 王明) 市科技局今年推出多項措施,支持企業創新。\n"
    path = tmp_path / "page-big5.txt"
    path.write_bytes(traditional.encode("big5"))
    (article,) = load_articles([path])
    assert article.title == "标题新闻"
    assert "支持企业创新" in article.text
    assert article.original_script == "traditional"
    start = article.text.index("企业")
    source_start = article.text_map.to_source(start)
    assert article.source_text[source_start : source_start + 2] == "企業"


def test_simplified_text_is_left_alone():
    text, was_traditional = to_simplified("内蒙古联晟新能源材料有限公司生产铝箔。")
    assert not was_traditional and text == "内蒙古联晟新能源材料有限公司生产铝箔。"


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary", "binary"), (bytes(range(128, 256)) * 4, "not UTF-8")],
)
def test_bad_bytes_are_rejected_with_a_clear_message(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "input")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_articles([tmp_path / "absent.txt"])


def test_jsonl_corpus_gives_one_article_per_line_with_metadata(tmp_path):
    lines = [
        {"id": "a1", "title": "第一篇", "date": "2025-05-01", "source": "通辽日报", "text": "市发改委召开会议。", "place": "通辽市"},
        {"id": "a2", "title": "第二篇", "text": "旗政府启动新项目。", "authors": ["张三"]},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in lines), encoding="utf-8")
    first, second = load_articles([path])
    assert (first.id, first.title, first.date, first.source, first.place) == ("a1", "第一篇", "2025-05-01", "通辽日报", "通辽市")
    assert first.text.endswith("市发改委召开会议。")
    assert second.authors == [("张三", "")]


def test_jsonl_line_without_text_is_rejected(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "x", "title": "t"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="corpus.jsonl:1"):
        load_articles([path])


def test_directory_input_reads_pages_and_corpora(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "b1", "title": "题", "text": "正文。"}\n', encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    articles = load_articles([tmp_path])
    assert [a.id for a in articles] == ["a-1", "b1"]


def test_a_paper_named_after_its_city_gives_the_place(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"id": "x", "title": "题", "source": "呼伦贝尔日报", "text": "口岸货运量创新高。"}, ensure_ascii=False), encoding="utf-8")
    (only,) = load_articles([path])
    assert only.place == "呼伦贝尔市"


def test_without_place_the_page_place_is_the_prefecture_it_names_most(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("## 题\n\n本报讯 通辽市科尔沁区和奈曼旗今年新建学校10所,通辽市教育局介绍。\n", encoding="utf-8")
    (only,) = load_articles([page])
    assert only.place == "通辽市"
