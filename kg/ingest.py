"""Read inputs into :class:`kg.model.Article` objects.

Accepted: plain-text or Markdown pages (split into articles by
:mod:`kg.layout`), JSONL corpora (one article per line: ``id``, ``title``,
``date``, ``source``, ``text``, optional ``place`` and ``authors``) and
directories of either. Bytes are decoded by :mod:`kg.decoding` (UTF-8,
UTF-16/32, GB18030, CP950/Big5-HKSCS; a doubtful guess is refused); text in
traditional characters is converted to simplified with OpenCC, character for
character, so that offsets still point into the printed page.

Which files a folder build reads: pages ending ``.txt``, ``.md``,
``.markdown``, ``.text`` and corpora ending ``.jsonl``, ``.ndjson``, found
recursively; hidden files and folders (``.git``) and ``README.*`` files are
skipped, and so is ``.json``, which in a data folder is metadata (a manifest,
annotations), not articles. Symbolic links to folders are not followed. A
folder or file that cannot be read is an error, never skipped. A file named on
the command line is always read: ``.jsonl``, ``.ndjson`` and ``.json`` as JSON
Lines, anything else as a page.

Source paths and article ids: every input file gets a *source path*, the name
of the folder it was found in (the folder given on the command line, or the
file's own folder when the file is given) joined with its path below that
folder, in POSIX form and NFC: ``kg build news/day1`` and ``kg build
news/day1/page1.txt`` both give ``day1/page1.txt`` from any working directory,
while ``day2/page1.txt`` stays distinct. A page's articles get the ids
``<source path>-1``, ``-2``, … in page order; a corpus line without an ``id``
gets ``<source path>-<line number>``. A corpus ``id`` is kept as given (it is
the crawler's identity of the article), after the checks in :func:`_record_id`.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple, Union

from .decoding import InputError, decode
from .lexicon import words
from .nlp.cues import alternation
from .model import Article, CorpusRecord, TextMap
from .text import t2s_converter, t2s_triggers

PAGE_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson"}
NAMED_CORPUS_SUFFIXES = CORPUS_SUFFIXES | {".json"}
MAX_ID_LENGTH = 500

__all__ = ["InputError", "decode", "load_articles", "prepare", "to_simplified", "read_text"]


def to_simplified(text: str) -> Tuple[str, bool]:
    """Convert traditional characters to simplified without changing the length.

    Returns (text, was_traditional). OpenCC's phrase tables can change length;
    where they would, the character table alone is used for that line.
    """
    converter = t2s_converter()
    triggers = t2s_triggers()
    converted_lines = []
    changed = 0
    for line in text.splitlines(keepends=True):
        if triggers and triggers.isdisjoint(line):
            converted_lines.append(line)
            continue
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


_PAPER_NAME = re.compile(rf"([\u4e00-\u9fff]{{2,6}}?)(?:{alternation(words('media_credits', 'paper_names'))})")


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


def _page_articles(text: str, source_path: str, place: Optional[str]) -> List[Article]:
    from .layout import split_page  # imported here: layout loads jieba's dictionary, which corpus builds never use

    simplified, was_traditional = to_simplified(text)
    place = place or _infer_place(simplified)
    articles = split_page(simplified, source_path, source_path, place)
    for article in articles:
        article.source_path = source_path
        if was_traditional:
            article.original_script = "traditional"
            article.source_text = text
    return articles


def _bad_character(value: str) -> Optional[str]:
    """The first character no RDF literal or IRI can carry (an unpaired surrogate from a JSON escape), if any."""
    return next((ch for ch in value if "\ud800" <= ch <= "\udfff"), None)


def _optional_string(record: dict, key: str, where: str) -> Optional[str]:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: '{key}' must be a string, not {type(value).__name__}")
    bad = _bad_character(value)
    if bad is not None:
        raise InputError(f"{where}: '{key}' holds an unpaired surrogate (U+{ord(bad):04X})")
    return value


def _record_id(record: dict, where: str) -> Optional[str]:
    """The record's own id: a string (NFC, outer spaces removed) or an integer; None when absent.

    Refused: other types (a list would land in an IRI as a Python repr), empty ids, ``.`` and
    ``..`` (dot segments that IRI resolution removes), control characters and ids over
    MAX_ID_LENGTH characters. Everything else is safe because article IRIs percent-encode the id.
    """
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: 'id' must be a string or an integer, not {type(value).__name__}")
    value = unicodedata.normalize("NFC", value.strip())
    if value in ("", ".", ".."):
        raise InputError(f"{where}: 'id' {value!r} cannot name an article")
    if len(value) > MAX_ID_LENGTH:
        raise InputError(f"{where}: 'id' is {len(value)} characters long (at most {MAX_ID_LENGTH})")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Cn") for ch in value):
        raise InputError(f"{where}: 'id' holds a control or unassigned character")
    return value


def _record_authors(record: dict, where: str) -> List[str]:
    authors = record.get("authors")
    if authors is None:
        return []
    if isinstance(authors, str):
        authors = re.split(r"[\s、,，]+", authors.strip())
    elif not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise InputError(f"{where}: 'authors' must be a string or a list of strings")
    if any(_bad_character(a) for a in authors):
        raise InputError(f"{where}: 'authors' holds an unpaired surrogate")
    return [a.strip() for a in authors if a.strip()]


def _records(text: str, path: Path) -> Iterable[Tuple[int, dict]]:
    """(line number, object) for each non-blank line. Records are split on "\\n" only: U+2028,
    U+2029 and U+0085 are valid inside JSON strings, and str.splitlines would cut there."""
    for line_number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{line_number}: invalid JSON ({error.msg})") from None
        except (ValueError, RecursionError) as error:  # a 5,000-digit number, arrays nested 10,000 deep
            reason = "nested too deeply" if isinstance(error, RecursionError) else str(error).split(";")[0]
            raise InputError(f"{path}:{line_number}: invalid JSON ({reason})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{line_number}: each line needs a JSON object, not {type(record).__name__}")
        yield line_number, record


def _corpus_records(text: str, path: Path, source_path: str, place: Optional[str]) -> List[CorpusRecord]:
    """The corpus's lines checked, not yet converted (see :func:`prepare`)."""
    records = []
    for line_number, record in _records(text, path):
        where = f"{path}:{line_number}"
        raw_text = _optional_string(record, "text", where)
        if raw_text is None or not raw_text.strip():
            raise InputError(f"{where}: each line needs an object with a non-empty 'text'")
        raw_title = _optional_string(record, "title", where) or ""
        source = _optional_string(record, "source", where)
        date = _optional_string(record, "date", where)
        record_place = _optional_string(record, "place", where)
        authors = _record_authors(record, where)
        record_id = _record_id(record, where) or f"{source_path}-{line_number}"
        records.append(CorpusRecord(record_id, raw_title, raw_text, source, source_path, authors, date, record_place or place))
    if not records:
        raise InputError(f"{path}: no articles")
    return records


def prepare(item: Union[Article, CorpusRecord]) -> Article:
    """The article a corpus record becomes: its text converted to simplified characters and its
    place inferred when neither the record nor the build gives one. A build does this where the
    article is extracted (in the worker); an :class:`Article` is returned as it is."""
    if isinstance(item, Article):
        return item
    body, was_traditional = to_simplified(item.text)
    title_simplified, _ = to_simplified(item.title) if item.title else ("", False)
    # The title is the first line of the article text, as for pages; its
    # offsets are outside the body, so they map to the body's start.
    full = f"{title_simplified}\n{body}" if title_simplified else body
    shift = len(title_simplified) + 1 if title_simplified else 0
    pieces = [(shift, 0, len(body))]
    if title_simplified:
        pieces.insert(0, (0, 0, 0))
    return Article(
        id=item.id,
        title=title_simplified or body[:40],
        text=full,
        source=item.source or item.source_path,
        source_path=item.source_path,
        authors=[(a, "") for a in item.authors],
        date=item.date,
        place=item.place or _infer_place(body, item.source or ""),
        text_map=TextMap(pieces),
        source_text=item.text,
        original_script="traditional" if was_traditional else None,
    )


def _source_path(root_name: str, relative: str) -> str:
    path = f"{root_name}/{relative}" if root_name else relative
    if any("\udc80" <= ch <= "\udcff" for ch in path):  # bytes os.fsdecode could not decode
        raise InputError(f"{os.fsencode(path)!r}: file name is not valid UTF-8; rename it")
    return unicodedata.normalize("NFC", path)


def _is_input_page(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    if name.startswith(".") or name.upper().startswith("README."):
        return False
    return suffix in PAGE_SUFFIXES or suffix in CORPUS_SUFFIXES


def _walk(folder: Path) -> List[Tuple[Path, str]]:
    """The input files under folder with their source paths, sorted; an unreadable folder is an InputError."""
    root = Path(os.path.abspath(folder))

    def fail(error: OSError) -> None:
        raise InputError(f"{error.filename or folder}: cannot read directory ({error.strerror})")

    found = []
    for directory, subdirectories, names in os.walk(root, onerror=fail):
        subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
        for name in names:
            path = Path(directory) / name
            if _is_input_page(name) and path.is_file():
                found.append((path, _source_path(root.name, path.relative_to(root).as_posix())))
    return sorted(found, key=lambda item: item[1])


def _expand(paths: Iterable[Path]) -> List[Tuple[Path, str]]:
    files: List[Tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = _walk(path)
            if not found:
                raise InputError(f"{path}: directory holds no .txt, .md or .jsonl files")
            files.extend(found)
        elif path.exists():
            files.append((path, _source_path(Path(os.path.abspath(path)).parent.name, path.name)))
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def iter_articles(paths: Iterable[Path], place: Optional[str] = None,
                  prepared: bool = True) -> Iterator[Union[Article, CorpusRecord]]:
    """The articles of the given files and directories, in input order, one file at a time
    (a build streams them; only the ids seen so far are kept, to refuse duplicates).

    With ``prepared=False`` corpus lines come as :class:`kg.model.CorpusRecord`, checked but
    not converted: a build converts them with :func:`prepare` in its workers."""
    seen: set = set()
    for path, source_path in _expand([Path(p) for p in paths]):
        text = read_text(path)
        if path.suffix.lower() in NAMED_CORPUS_SUFFIXES:
            found = _corpus_records(text, path, source_path, place)
            if prepared:
                found = [prepare(record) for record in found]
        else:
            found = _page_articles(text, source_path, place)
            if not found:
                raise InputError(f"{path}: no article text found")
        del text
        for article in found:
            if article.id in seen:
                raise InputError(f"duplicate article ids (a file given twice, or a corpus id used twice): {article.id}")
            seen.add(article.id)
            yield article


def load_articles(paths: Iterable[Path], place: Optional[str] = None) -> List[Article]:
    """All articles of the given files and directories, in input order."""
    return list(iter_articles(paths, place))


def count_documents(paths: Iterable[Path]) -> int:
    """Pages plus corpus records, counted without parsing: the total a progress bar shows."""
    total = 0
    for path, _ in _expand([Path(p) for p in paths]):
        if path.suffix.lower() in NAMED_CORPUS_SUFFIXES:
            with open(path, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


def check_inputs(paths: Iterable[Path]) -> int:
    """Fail before any work when an input is missing or a folder holds nothing to read;
    returns the inputs' total size in bytes."""
    total = 0
    for path, _ in _expand([Path(p) for p in paths]):
        try:
            total += path.stat().st_size
        except OSError:
            pass  # unreadable files are reported, in one line, when they are read
    return total
