"""Read inputs into :class:`kg.model.Article` objects.

Accepted: plain-text or Markdown pages (split into articles by
:mod:`kg.layout`), JSONL corpora (one article per line: ``id``, ``title``,
``date``, ``source``, ``text``, optional ``place`` and ``authors``) and
directories of either. Bytes are decoded as UTF-8, GB18030 or Big5; text in
traditional characters is converted to simplified with OpenCC, character for
character, so that offsets still point into the printed page.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple

from .layout import split_page
from .model import Article, TextMap

PAGE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson"}


class InputError(ValueError):
    """A problem with the user's input, reported as one line."""


def _common_share(text: str) -> float:
    """Share of CJK characters that are frequent characters in GB2312 level 1 or Big5 level 1."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    common = 0
    for ch in cjk:
        try:
            code = ch.encode("gb2312")
            if 0xB0A1 <= int.from_bytes(code, "big") <= 0xD7F9:
                common += 1
                continue
        except UnicodeEncodeError:
            pass
        try:
            code = ch.encode("big5")
            if 0xA440 <= int.from_bytes(code, "big") <= 0xC67E:
                common += 1
        except UnicodeEncodeError:
            pass
    return common / len(cjk)


def decode(data: bytes, name: str) -> Tuple[str, str]:
    """Decode bytes as UTF-8, GB18030 or Big5; returns (text, encoding)."""
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), expected text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_common_share(text), encoding, text))
    if not candidates:
        raise InputError(f"{name}: not UTF-8, GB18030 or Big5 text")
    share, encoding, text = max(candidates)
    if share < 0.5:
        raise InputError(f"{name}: not UTF-8, GB18030 or Big5 text")
    return text, encoding


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> Tuple[str, bool]:
    """Convert traditional characters to simplified without changing the length.

    Returns (text, was_traditional). OpenCC's phrase tables can change length;
    where they would, the character table alone is used for that line.
    """
    converter = _t2s()
    converted_lines = []
    changed = 0
    for line in text.splitlines(keepends=True):
        converted = converter.convert(line)
        if len(converted) != len(line):
            converted = "".join(converter.convert(ch) if len(converter.convert(ch)) == 1 else ch for ch in line)
        changed += sum(1 for a, b in zip(line, converted) if a != b)
        converted_lines.append(converted)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") or 1
    was_traditional = changed / cjk > 0.05
    return ("".join(converted_lines) if was_traditional else text), was_traditional


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    text, _ = decode(data, str(path))
    return text


_PAPER_NAME = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:日报|晚报|新闻网|新闻|融媒体中心|广播电视台)")


def _infer_place(text: str, source: str = "") -> Optional[str]:
    """The paper's place: from a paper named after its city (呼伦贝尔日报), else the prefecture the text names most."""
    from .gazetteer import default_gazetteer, infer_place

    gazetteer = default_gazetteer()
    paper = _PAPER_NAME.search(source or "")
    if paper:
        division = gazetteer.find(paper.group(1))
        if division is not None and division.level <= 3:
            return division.name
    division = infer_place(gazetteer, text)
    return division.name if division else None


def _page_articles(text: str, source: str, place: Optional[str]) -> List[Article]:
    simplified, was_traditional = to_simplified(text)
    place = place or _infer_place(simplified)
    articles = split_page(simplified, source, Path(source).stem, place)
    for article in articles:
        if was_traditional:
            article.original_script = "traditional"
            article.source_text = text
    return articles


def _corpus_articles(text: str, path: Path, place: Optional[str]) -> List[Article]:
    articles = []
    for line_number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{line_number}: invalid JSON ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            raise InputError(f"{path}:{line_number}: each line needs an object with a non-empty 'text'")
        body, was_traditional = to_simplified(record["text"])
        title = record.get("title") or ""
        title_simplified, _ = to_simplified(title) if title else ("", False)
        # The title is the first line of the article text, as for pages; its
        # offsets are outside the body, so they map to the body's start.
        full = f"{title_simplified}\n{body}" if title_simplified else body
        shift = len(title_simplified) + 1 if title_simplified else 0
        pieces = [(shift, 0, len(body))]
        if title_simplified:
            pieces.insert(0, (0, 0, 0))
        authors = record.get("authors") or []
        if isinstance(authors, str):
            authors = re.split(r"[\s、,，]+", authors.strip())
        record_id = str(record.get("id") or f"{path.stem}-{line_number}")
        articles.append(
            Article(
                id=record_id,
                title=title_simplified or body[:40],
                text=full,
                source=str(record.get("source") or path.name),
                authors=[(a, "") for a in authors if a],
                date=record.get("date"),
                place=record.get("place") or place or _infer_place(body, str(record.get("source") or "")),
                text_map=TextMap(pieces),
                source_text=record["text"],
                original_script="traditional" if was_traditional else None,
            )
        )
    if not articles:
        raise InputError(f"{path}: no articles")
    return articles


def _expand(paths: Iterable[Path]) -> List[Path]:
    files: List[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES | CORPUS_SUFFIXES
            )
            if not found:
                raise InputError(f"{path}: directory holds no .txt, .md or .jsonl files")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def iter_articles(paths: Iterable[Path], place: Optional[str] = None) -> Iterator[Article]:
    """The articles of the given files and directories, in input order, one file at a time
    (a build streams them; only the ids seen so far are kept, to refuse duplicates)."""
    seen: set = set()
    for path in _expand([Path(p) for p in paths]):
        text = read_text(path)
        if path.suffix.lower() in CORPUS_SUFFIXES:
            found = _corpus_articles(text, path, place)
        else:
            found = _page_articles(text, path.name, place)
            if not found:
                raise InputError(f"{path}: no article text found")
        del text
        for article in found:
            if article.id in seen:
                raise InputError(f"duplicate article ids across inputs: {article.id}")
            seen.add(article.id)
            yield article


def load_articles(paths: Iterable[Path], place: Optional[str] = None) -> List[Article]:
    """All articles of the given files and directories, in input order."""
    return list(iter_articles(paths, place))


def count_documents(paths: Iterable[Path]) -> int:
    """Pages plus corpus records, counted without parsing: the total a progress bar shows."""
    total = 0
    for path in _expand([Path(p) for p in paths]):
        if path.suffix.lower() in CORPUS_SUFFIXES:
            with open(path, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


def check_inputs(paths: Iterable[Path]) -> None:
    """Fail before any work when an input is missing or a folder holds nothing to read."""
    _expand([Path(p) for p in paths])
