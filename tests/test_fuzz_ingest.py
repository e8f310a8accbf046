"""Property-based tests of ingestion and of ``kg build`` on hostile inputs.

The contract: whatever the bytes, ingestion yields articles or raises the
one-line :class:`InputError`; ``kg build`` exits 0 with its outputs or exits
non-zero with one ``kg: error:`` line. Time is bounded by hypothesis
deadlines, not by timed asserts. Examples are derandomised so that a CI run is
reproducible; set KG_FUZZ_EXAMPLES (e.g. 5000) and KG_FUZZ_BUILD_EXAMPLES
(the kg build runs, default 30) to explore further, and
KG_FUZZ_RANDOM=1 for fresh random examples.
"""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.ingest import InputError, decode, load_articles
from kg.text import piece_spans

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=10),
    derandomize=not os.environ.get("KG_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

# News is written in frequent characters (rare ones are tested in test_ingest); a text of rare
# characters is short of evidence for any decoder.
FREQUENT = sorted(
    {bytes([lead, trail]).decode("gb2312") for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF) if (lead, trail) < (0xD7, 0xFA)}
    | {bytes([lead, trail]).decode("big5") for lead in range(0xA4, 0xC7) for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
       if (lead, trail) <= (0xC6, 0x7E)}
)
CJK = st.sampled_from(FREQUENT)
PUNCTUATION = st.sampled_from(list("。，、；：！？“”（）《》—…·\n\n ") + ["\r\n", "\u2028", "\u3000"])
NEWS_WORDS = st.sampled_from(["本报讯", "(记者 王明)", "市科技局", "内蒙古", "有限公司", "## ", "### ", "# ", "通讯员", "图为", "http://x.cn/a"])
UNICODE = st.characters(exclude_categories=("Cs",))  # every code point UTF-8 can carry
MARKED_OR_LEGACY = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "gbk", "cp950", "big5hkscs"]
ENCODINGS = MARKED_OR_LEGACY + ["utf-16-le", "utf-16-be"]


def chinese_text(min_size: int = 0, max_size: int = 400):
    return st.lists(st.one_of(CJK, PUNCTUATION, NEWS_WORDS), min_size=min_size, max_size=max_size).map("".join)


def _write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def _reason(message: str) -> str:
    """The kind of refusal, for hypothesis statistics: the message without file name, line and figures."""
    message = re.sub(r"^(kg: error: )?\S+?:(\d+:)? ", "", message)
    return re.sub(r"[\d%]+", "N", message.split("(")[0]).strip()[:60]


def _check_ingest(path: Path) -> None:
    """Articles with consistent offsets, or a one-line InputError naming the input."""
    try:
        articles = load_articles([path])
    except InputError as error:
        message = str(error)
        assert message and "\n" not in message and "\r" not in message
        event(f"refused: {_reason(message)}")
        return
    event("articles")
    assert articles
    assert len({a.id for a in articles}) == len(articles)
    for article in articles:
        assert article.source_path and article.id
        source = article.source_text
        for article_start, source_start, length in article.text_map.pieces:
            # every piece of the article's text is that stretch of its source (pieces may be reordered:
            # a headline printed inside its article comes first)
            assert 0 <= source_start and source_start + length <= len(source)
            if article.original_script is None:
                assert article.text[article_start : article_start + length] == source[source_start : source_start + length]


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_give_articles_or_a_one_line_error(tmp_path_factory, data):
    _check_ingest(_write(tmp_path_factory.mktemp("bytes"), "page.txt", data))


@FUZZ
@given(text=st.text(UNICODE, max_size=2000), encoding=st.sampled_from(["utf-8", "utf-16", "utf-32", "gb18030"]))
def test_random_unicode_in_any_full_encoding_gives_articles_or_a_one_line_error(tmp_path_factory, text, encoding):
    _check_ingest(_write(tmp_path_factory.mktemp("unicode"), "page.md", text.encode(encoding)))


def _decodes_to_itself_or_is_refused(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="ignore")
    try:
        decoded, _ = decode(data, "page.txt")
    except InputError as error:
        assert "\n" not in str(error)
        return
    expected = data.decode(encoding)
    # a decode may choose a different encoding only when it reads the same characters
    assert decoded.lstrip("\ufeff") == expected.lstrip("\ufeff")


@FUZZ
@given(text=chinese_text(min_size=1), encoding=st.sampled_from(MARKED_OR_LEGACY))
def test_news_like_text_in_every_supported_encoding_decodes_to_itself_or_is_refused(text, encoding):
    _decodes_to_itself_or_is_refused(text, encoding)


@FUZZ
@given(text=chinese_text(min_size=1), encoding=st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_lines_of_utf16_without_a_mark_decode_to_themselves_or_are_refused(text, encoding):
    # A line break gives the decoder an ASCII character to tell the byte order by; without one,
    # two bytes such as 00 4E are honestly both "N" and "一".
    _decodes_to_itself_or_is_refused(text + "\n", encoding)


@FUZZ
@given(parts=st.lists(st.tuples(chinese_text(max_size=80), st.sampled_from(ENCODINGS)), min_size=2, max_size=6))
def test_mixed_encodings_in_one_file_give_articles_or_a_one_line_error(tmp_path_factory, parts):
    data = b"\n".join(text.encode(encoding, errors="ignore") for text, encoding in parts)
    _check_ingest(_write(tmp_path_factory.mktemp("mixed"), "page.txt", data))


@settings(FUZZ, deadline=timedelta(seconds=30))  # up to 90,000 characters on a shared machine
@given(
    unit=chinese_text(min_size=1, max_size=30),
    repeat=st.integers(min_value=100, max_value=3000),
    with_breaks=st.booleans(),
)
def test_long_lines_give_articles_or_a_one_line_error(tmp_path_factory, unit, repeat, with_breaks):
    text = unit * repeat if with_breaks else unit.replace("\n", "") * repeat
    _check_ingest(_write(tmp_path_factory.mktemp("long"), "page.txt", text.encode("utf-8")))


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(UNICODE, max_size=40))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
# Text a crawler could store: any assigned, non-control, non-private character.
CRAWLED = st.text(st.characters(exclude_categories=("Cs", "Cn", "Co", "Cc")), max_size=40)
TITLED = st.one_of(CRAWLED, chinese_text(max_size=20))
# Records of the right shape with hostile contents: odd ids, URLs, separators, any script.
WELL_TYPED_RECORDS = st.fixed_dictionaries(
    {"text": st.one_of(chinese_text(min_size=1, max_size=200), CRAWLED)},
    optional={
        "id": st.one_of(CRAWLED, st.integers(), st.sampled_from([".", "..", "", " a/b ", "x#y", "%2e", "../etc", "a\u2028b"])),
        "title": TITLED,
        "source": st.one_of(CRAWLED, st.just("https://news.example.cn/a?b=1&c=<2>")),
        "authors": st.one_of(TITLED, st.lists(TITLED, max_size=3)),
        "date": CRAWLED,
        "place": TITLED,
    },
)
# Records whose fields may be of any JSON type.
RECORDS = st.fixed_dictionaries(
    {},
    optional={key: st.one_of(JSON_VALUES, TITLED) for key in ("id", "title", "text", "source", "authors", "date", "place")},
)


@FUZZ
@given(records=st.lists(WELL_TYPED_RECORDS, min_size=1, max_size=5))
def test_well_typed_json_lines_with_hostile_contents_give_articles_or_a_one_line_error(tmp_path_factory, records):
    text = "\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    _check_ingest(_write(tmp_path_factory.mktemp("jsonl"), "corpus.jsonl", text.encode("utf-8")))


@FUZZ
@given(lines=st.lists(st.one_of(RECORDS, JSON_VALUES).map(lambda v: json.dumps(v, ensure_ascii=False)), min_size=1, max_size=5),
       noise=st.lists(st.sampled_from(["", " ", "{", "\u2028", "\r"]), max_size=2))
def test_random_json_lines_give_articles_or_a_one_line_error(tmp_path_factory, lines, noise):
    text = "\n".join(lines + noise)
    _check_ingest(_write(tmp_path_factory.mktemp("jsonl"), "corpus.jsonl", text.encode("utf-8")))


@FUZZ
@given(text=chinese_text(max_size=3000), limit=st.integers(min_value=2, max_value=700))
def test_pieces_cover_any_text_in_order_within_the_limit(text, limit):
    spans = piece_spans(text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a_end == b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    assert all(end - start <= limit for start, end in spans)
    assert all(end - start >= limit // 2 for start, end in spans[:-1])


BUILD_INPUTS = st.one_of(
    st.tuples(st.just("page.txt"), chinese_text(min_size=1, max_size=300).map(lambda t: t.encode("utf-8"))),
    st.tuples(st.just("page.txt"), st.binary(max_size=300)),
    st.tuples(st.just("corpus.jsonl"), st.lists(st.one_of(WELL_TYPED_RECORDS, RECORDS), min_size=1, max_size=3).map(
        lambda rs: "\n".join(json.dumps(r, ensure_ascii=False) for r in rs).encode("utf-8"))),
)


@settings(FUZZ, max_examples=int(os.environ.get("KG_FUZZ_BUILD_EXAMPLES", "30")), deadline=timedelta(seconds=60))
@given(item=BUILD_INPUTS)
def test_kg_build_on_fuzzed_input_builds_or_fails_in_one_line(tmp_path_factory, item):
    name, data = item
    directory = tmp_path_factory.mktemp("build")
    path = _write(directory, name, data)
    out = directory / "out"
    result = CliRunner().invoke(main, ["build", str(path), "--no-ner", "-o", str(out)])
    event("built" if result.exit_code == 0 else f"refused: {_reason(result.output.strip())}")
    if result.exit_code == 0:
        assert all((out / f).stat().st_size > 0 for f in ("graph.ttl", "graph.trig", "graph.html"))
        return
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.output


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "cp950", "utf-16"])
def test_each_supported_encoding_builds_end_to_end(tmp_path, encoding):
    page = "## 科技新闻\n\n本报讯(记者 王明) 市科技局今年推出多项措施，支持企业创新。\n"
    if encoding == "cp950":
        page = "## 科技新聞\n\n本報訊(記者 王明) 市科技局今年推出多項措施，支持企業創新。\n"
    path = _write(tmp_path, "page.txt", page.encode(encoding))
    result = CliRunner().invoke(main, ["build", str(path), "--no-ner", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "articles: 1" in result.output
