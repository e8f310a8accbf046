import json
import os

import pytest

from kg.ingest import InputError, decode, load_articles, to_simplified
from kg.text import piece_spans

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
    text, was_traditional = to_simplified("内蒙古星河新能源材料有限公司生产铝箔。")
    assert not was_traditional and text == "内蒙古星河新能源材料有限公司生产铝箔。"


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


def test_corpus_lines_left_to_the_workers_become_the_same_articles(tmp_path):
    from kg.ingest import iter_articles, prepare
    from kg.model import CorpusRecord

    lines = [
        {"id": "t1", "title": "會議", "source": "呼倫貝爾日報", "text": "市發展和改革委員會召開會議，討論鐵路建設。"},  # traditional
        {"id": "t2", "source": "呼伦贝尔日报", "text": "口岸货运量创新高。"},  # no title: the body's start is the title
        {"title": "题", "text": "赤峰市和通辽市签署协议，赤峰市负责建设。", "authors": "李四"},  # place from the text
        {"id": "t4", "title": "题", "text": "旗政府启动新项目。", "place": "奈曼旗"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in lines), encoding="utf-8")
    raw = list(iter_articles([path], prepared=False))
    assert all(isinstance(record, CorpusRecord) for record in raw)
    prepared = [prepare(record) for record in raw]
    assert prepared == load_articles([path])
    assert [record.chars for record in raw] == [len(article.text) for article in prepared]
    assert prepared[0].original_script == "traditional" and prepared[1].place == "呼伦贝尔市"


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
    assert [a.id for a in articles] == [f"{tmp_path.name}/a.txt-1", "b1"]


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


# Article ids and source paths


def _two_days(root):
    for day, headline in (("day1", "第一天"), ("day2", "第二天")):
        (root / day).mkdir()
        (root / day / "page1.txt").write_text(f"## {headline}\n\n市科技局推出多项措施,支持企业创新。\n", encoding="utf-8")


def test_same_named_pages_in_two_folders_get_different_ids_and_source_paths(tmp_path):
    _two_days(tmp_path)
    (first,) = load_articles([tmp_path / "day1"])
    (second,) = load_articles([tmp_path / "day2"])
    assert (first.id, first.source_path) == ("day1/page1.txt-1", "day1/page1.txt")
    assert (second.id, second.source_path) == ("day2/page1.txt-1", "day2/page1.txt")
    both = load_articles([tmp_path])
    assert [a.id for a in both] == [f"{tmp_path.name}/day1/page1.txt-1", f"{tmp_path.name}/day2/page1.txt-1"]


def test_a_folder_and_a_file_in_it_give_the_same_ids_from_any_working_directory(tmp_path, monkeypatch):
    _two_days(tmp_path)
    from_folder = [a.id for a in load_articles([tmp_path / "day1"])]
    monkeypatch.chdir(tmp_path / "day2")
    from_file = [a.id for a in load_articles([os.path.join("..", "day1", "page1.txt")])]
    monkeypatch.chdir(tmp_path / "day1")
    from_dot = [a.id for a in load_articles(["."])]
    assert from_folder == from_file == from_dot == ["day1/page1.txt-1"]


def test_a_corpus_line_without_id_is_named_after_the_corpus_path_and_line(tmp_path):
    (tmp_path / "crawl").mkdir()
    corpus = tmp_path / "crawl" / "c.jsonl"
    corpus.write_text('{"id": "x9", "text": "正文一。"}\n\n{"text": "正文二。"}\n', encoding="utf-8")
    first, second = load_articles([corpus])
    assert (first.id, second.id) == ("x9", "crawl/c.jsonl-3")
    assert first.source_path == second.source_path == "crawl/c.jsonl"
    assert second.source == "crawl/c.jsonl"  # no 'source' field: the corpus's path stands for it


def test_a_file_given_twice_is_refused_as_duplicate_ids(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    with pytest.raises(InputError, match=f"duplicate article ids .*: {tmp_path.name}/p.txt-1"):
        load_articles([page, tmp_path])


# Encodings

ETEN_TEXT = "這裏的碁盤生銹了，墻上恒有字。市政府今年推出多項措施，支持企業創新。"


def test_big5_with_eten_extension_characters_decodes_exactly():
    text, encoding = decode(ETEN_TEXT.encode("cp950"), "page.txt")
    assert text == ETEN_TEXT and encoding in ("cp950", "big5hkscs")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_pages_with_or_without_byte_order_mark_are_read(tmp_path, encoding):
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.encode(encoding))
    (article,) = load_articles([path])
    assert article.title == "标题新闻" and article.authors == [("王明", "记者")]


def test_utf16_without_mark_holding_a_character_with_a_nul_byte_is_read():
    text = "一月一日\n市政府召开会议，部署一季度工作。\n"  # 一 is U+4E00: its NUL byte sits opposite those of "\n"
    assert decode(text.encode("utf-16-le"), "t.txt") == (text, "utf-16-le")
    assert decode(text.encode("utf-16-be"), "t.txt") == (text, "utf-16-be")


@pytest.mark.parametrize(
    "data, reason",
    [
        # Big5 and GBK halves in one file: every single reading is half mojibake
        ("市科技局推出多项措施，支持企业创新。".encode("gbk") + "市科技局推出多項措施，支持企業創新。".encode("cp950"), "best guess"),
        # Korean EUC-KR bytes read as GB18030 are all frequent characters, but form no words
        ("서울시는 올해 새로운 정책을 발표했습니다. 기업 지원을 강화합니다. 시장은 회의에서 경제 계획을 설명했다.".encode("euc-kr"), "in Chinese words"),
        ("東京都の会議で、新しい計画が発表されました。企業の支援を強化します。".encode("shift_jis"), "common Chinese characters"),
    ],
    ids=["gbk-and-big5", "euc-kr", "shift-jis"],
)
def test_a_doubtful_decode_is_refused_in_one_line_instead_of_making_mojibake(data, reason):
    with pytest.raises(InputError, match="cannot tell the encoding") as error:
        decode(data, "page.txt")
    assert reason in str(error.value) and "\n" not in str(error.value)


def test_a_short_legacy_text_with_one_rare_character_is_still_read():
    text = "王喆主持会议。"  # 喆, a given-name character outside the frequent sets
    assert decode(text.encode("gb18030"), "t.txt") == (text, "gb18030")


def test_a_short_gbk_text_that_is_valid_utf8_by_chance_is_read_as_gbk():
    assert decode("一".encode("gbk"), "t.txt") == ("一", "gb18030")  # D2 BB is also UTF-8 for Cyrillic һ
    assert decode("Привет, мир".encode("utf-8"), "t.txt") == ("Привет, мир", "utf-8")


def test_a_few_characters_common_in_both_gbk_and_big5_readings_are_refused_as_ambiguous():
    data = "乃乃".encode("gbk")  # the same bytes are 騰騰 in Big5
    with pytest.raises(InputError, match="too little text to tell GB18030 from CP950"):
        decode(data, "t.txt")


def test_utf8_full_of_control_characters_is_refused_as_binary():
    with pytest.raises(InputError, match="binary"):
        decode(("正文" + "\x01\x02\x03" * 10).encode("utf-8"), "t.txt")


# Folders


def test_an_unreadable_subfolder_is_an_error_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(PAGE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # chmod cannot lock out root, who runs CI containers
    with pytest.raises(InputError, match=r"locked: cannot read directory \(Permission denied\)"):
        load_articles([tmp_path])


def test_a_folder_build_skips_readme_json_and_hidden_files(tmp_path):
    (tmp_path / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "README.md").write_text("## 说明\n\n本目录存放报纸版面文本。\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"pages": 1}', encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(PAGE, encoding="utf-8")
    assert [a.source_path for a in load_articles([tmp_path])] == [f"{tmp_path.name}/a.md"]


def test_a_file_name_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    with open(os.path.join(os.fsencode(tmp_path), "版面".encode("gbk") + b".txt"), "wb") as page:
        page.write(PAGE.encode("utf-8"))
    with pytest.raises(InputError, match="file name is not valid UTF-8"):
        load_articles([tmp_path])


def test_a_json_file_named_on_the_command_line_is_read_as_json_lines(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"id": "j1", "text": "正文。"}', encoding="utf-8")
    assert [a.id for a in load_articles([path])] == ["j1"]


# JSON Lines


def test_line_and_paragraph_separators_inside_json_strings_do_not_split_records(tmp_path):
    path = tmp_path / "corpus.jsonl"
    body = "第一段。\u2028第二段。\u2029第三段。\u0085完。"
    path.write_text(json.dumps({"id": "s1", "text": body}, ensure_ascii=False) + "\r\n", encoding="utf-8")
    (article,) = load_articles([path])
    assert article.text == body


@pytest.mark.parametrize(
    "record, message",
    [
        ({"title": 5, "text": "正文。"}, "'title' must be a string, not int"),
        ({"authors": [1, 2], "text": "正文。"}, "'authors' must be a string or a list of strings"),
        ({"authors": {"name": "王明"}, "text": "正文。"}, "'authors' must be a string or a list of strings"),
        ({"id": ["a", "b"], "text": "正文。"}, "'id' must be a string or an integer, not list"),
        ({"id": True, "text": "正文。"}, "'id' must be a string or an integer, not bool"),
        ({"id": ".", "text": "正文。"}, "'id' '.' cannot name an article"),
        ({"id": "..", "text": "正文。"}, "'id' '..' cannot name an article"),
        ({"id": "  ", "text": "正文。"}, "'id' '' cannot name an article"),
        ({"id": "a\u0007b", "text": "正文。"}, "'id' holds a control"),
        ({"id": "x" * 501, "text": "正文。"}, "'id' is 501 characters long"),
        ({"text": ["正文。"]}, "'text' must be a string, not list"),
        ({"text": "正文。", "date": 20250501}, "'date' must be a string, not int"),
        ({"text": "正文。", "source": {"url": "x"}}, "'source' must be a string, not dict"),
        ([1, 2], "needs a JSON object, not list"),
    ],
)
def test_corpus_fields_of_the_wrong_kind_are_refused_naming_file_and_line(tmp_path, record, message):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "ok", "text": "正文。"}\n' + json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_articles([path])
    assert str(error.value).startswith(f"{path}:2: ") and message in str(error.value)


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"text": "\\ud800正文"}', "unpaired surrogate"),
        ('{"text": "正文", "n": ' + "9" * 5000 + "}", "invalid JSON"),
        ('{"text": "正文", "n": ' + "[" * 100_000 + "]" * 100_000 + "}", "invalid JSON"),
    ],
    ids=["unpaired-surrogate", "5000-digit-number", "nested-100000-deep"],
)
def test_json_that_python_cannot_hold_is_refused_in_one_line(tmp_path, line, message):
    path = tmp_path / "corpus.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"corpus.jsonl:1: .*{message}"):
        load_articles([path])


def test_an_integer_id_is_kept_as_its_decimal_string_and_string_ids_are_trimmed(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": 42, "text": "正文。"}\n{"id": " a/b ", "text": "正文。"}\n', encoding="utf-8")
    assert [a.id for a in load_articles([path])] == ["42", "a/b"]


# Long texts in pieces


def test_piece_spans_cover_the_text_in_order_within_the_limit():
    text = "".join(f"第{n}句话说明情况，内容较长。" + ("\n" if n % 7 == 0 else "") for n in range(400))
    spans = piece_spans(text, limit=300)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end == next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))
    assert all(0 < end - start <= 300 for start, end in spans)


def test_a_piece_ends_at_a_paragraph_break_when_one_lies_in_its_second_half():
    text = "甲" * 150 + "\n" + "乙。" * 200
    assert piece_spans(text, limit=200)[0] == (0, 151)


def test_without_a_paragraph_break_a_piece_ends_after_a_sentence_and_its_closing_quote():
    text = "甲" * 120 + "他说：“好。”" + "乙" * 300
    start, end = piece_spans(text, limit=200)[0]
    assert text[:end].endswith("好。”")


def test_a_line_without_punctuation_is_cut_hard_at_the_limit():
    text = "无标点" * 220_000  # 660,000 characters on one line
    spans = piece_spans(text, limit=4000)
    assert len(spans) == 165 and {end - start for start, end in spans} == {4000}


def test_a_short_text_is_one_piece():
    assert piece_spans("短文。", limit=4000) == [(0, 3)]
    assert piece_spans("", limit=4000) == [(0, 0)]


# Outputs


def test_a_corpus_whose_source_is_a_url_builds_and_the_page_shows_it_as_text(tmp_path, pipeline):
    from kg.build import write_outputs
    from kg.extract import extract
    from kg.resolve import resolve

    path = tmp_path / "crawl.jsonl"
    record = {"id": "u1", "title": "题", "source": "https://news.example.cn/a/1.html", "text": "市科技局推出惠企措施。"}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    resolved = resolve(list(extract(pipeline, load_articles([path], place="通辽市"))))
    write_outputs(resolved, tmp_path / "out")
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<title>知识图谱 · https:&#47;&#47;news.example.cn&#47;a&#47;1.html · 1 篇文章</title>" in page
