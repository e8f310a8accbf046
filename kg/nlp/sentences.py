"""Sentence boundaries for Chinese news: after 。！？；… (and any closing quotes) and at line ends."""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from .tokenizer import doc_text

FINAL = set("。！？!?；;…")
CLOSERS = set("”’」』)）")


class ChineseSentences:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        starts = {0}
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "\n":
                starts.add(i + 1)
            elif ch in FINAL:
                j = i + 1
                while j < len(text) and (text[j] in CLOSERS or text[j] in FINAL):
                    j += 1
                starts.add(j)
                i = j - 1
            i += 1
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
