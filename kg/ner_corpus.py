"""Readers for the public NER corpora, and conversion to spaCy ``DocBin`` files.

Two formats occur in ``../shared/corpora``:

* character-per-line BIO (MSRA, People's Daily): ``CHAR<TAB or SPACE>TAG``, a
  blank line between sentences;
* CLUENER2020 JSON lines with character spans over ten fine labels, mapped here
  onto PER / LOC / ORG.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, Tuple

LABELS = ("PER", "LOC", "ORG")

# CLUENER's fine labels that correspond to the three coarse ones; the rest
# (book, game, movie, position, scene) are not entities of these types.
CLUENER_TO_COARSE = {
    "name": "PER",
    "address": "LOC",
    "company": "ORG",
    "government": "ORG",
    "organization": "ORG",
}


@dataclass(frozen=True)
class Sentence:
    text: str
    spans: Tuple[Tuple[int, int, str], ...]  # (start, end exclusive, label)


class CorpusFormatError(ValueError):
    pass


def bio_spans(tags: List[str]) -> List[Tuple[int, int, str]]:
    """Entity spans from BIO tags; an ``I-`` after ``O`` or another label starts an entity."""
    spans = []
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and label == kind and start is not None
        if continues:
            continue
        if start is not None:
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and kind:
            start, label = i, kind
    return spans


def read_bio(path: Path) -> Iterator[Sentence]:
    try:
        yield from _read_bio(path)
    except UnicodeDecodeError:
        raise CorpusFormatError(f"{path}: not a UTF-8 text file") from None


def _read_bio(path: Path) -> Iterator[Sentence]:
    chars: List[str] = []
    tags: List[str] = []
    with open(path, encoding="utf-8") as handle:
        for line_number, raw in enumerate(handle, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if chars:
                    yield Sentence("".join(chars), tuple(bio_spans(tags)))
                    chars, tags = [], []
                continue
            # the character itself may be a space-like symbol, so split from the right
            parts = line.rsplit("\t", 1) if "\t" in line else line.rsplit(" ", 1)
            if len(parts) != 2 or len(parts[0]) != 1:
                raise CorpusFormatError(f"{path}:{line_number}: expected 'CHAR<TAB>TAG', got {line!r}")
            chars.append(parts[0])
            tags.append(parts[1].strip())
    if chars:
        yield Sentence("".join(chars), tuple(bio_spans(tags)))


def read_cluener(path: Path) -> Iterator[Sentence]:
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise CorpusFormatError(f"{path}:{line_number}: {error}") from None
            spans = []
            for fine, mentions in record.get("label", {}).items():
                coarse = CLUENER_TO_COARSE.get(fine)
                if coarse is None:
                    continue
                for offsets in mentions.values():
                    for start, end_inclusive in offsets:
                        spans.append((start, end_inclusive + 1, coarse))
            yield Sentence(record["text"], tuple(_drop_overlaps(spans)))


def _drop_overlaps(spans: Iterable[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """Keep the longest of overlapping spans (CLUENER nests a few)."""
    kept: List[Tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= other[0] or span[0] >= other[1] for other in kept):
            kept.append(span)
    return sorted(kept)


def to_docbin(nlp, sentences: Iterable[Sentence], path: Path) -> int:
    """Write sentences with their entities as a spaCy DocBin; returns the number of docs."""
    from spacy.tokens import DocBin, Span

    docbin = DocBin(attrs=["ORTH", "NORM", "ENT_IOB", "ENT_TYPE"])
    count = 0
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        # character tokens: token index == character offset
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in sentence.spans]
        docbin.add(doc)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    return count
