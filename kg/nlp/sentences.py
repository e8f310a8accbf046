"""Sentence boundaries for Chinese news: after 。！？；… (and any closing quotes) and at line ends."""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from .tokenizer import doc_text

FINAL = set("。！？!?；;…")
CLOSERS = set("”’」』)）")
# a line end, or a run of final punctuation with the closing quotes and brackets after it: the next
# sentence starts where the match ends (one regex scan instead of a Python loop over every character)
_BOUNDARY = re.compile("\n|[{final}][{final}{closers}]*".format(
    final="".join(map(re.escape, sorted(FINAL))), closers="".join(map(re.escape, sorted(CLOSERS)))))


class ChineseSentences:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        starts = {0} | {match.end() for match in _BOUNDARY.finditer(doc_text(doc))}
        # one array write: setting token.is_sent_start token by token checks the doc's
        # annotation state on every assignment, which cost more than the NER
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        for start in starts:
            if start < len(doc):
                flags[start, 0] = 1
        flags = flags.astype("uint64")  # spaCy's array type; -1 (not a start) wraps as it expects
        if len(doc):
            doc.from_array([SENT_START], flags)
        return doc


@Language.factory("kg_sentences")
def create_sentences(nlp: Language, name: str) -> ChineseSentences:
    return ChineseSentences(nlp, name)
