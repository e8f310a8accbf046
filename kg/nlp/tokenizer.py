"""One spaCy token per character, with the half-width form in ``norm_``.

Character tokens never cut through an entity, so NER spans map straight back to
character offsets of the article (token i is character i). Word-level context
comes in as features (see :mod:`kg.nlp.features`), not as token boundaries.
"""

from __future__ import annotations

import srsly
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from ..text import to_halfwidth


class CharTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        normalised = to_halfwidth(text)
        if normalised != text:
            for token, norm in zip(doc, normalised):
                if norm != token.text:
                    token.norm_ = norm
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # The tokenizer has no state, but spaCy serialises every tokenizer.
    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps({"kind": "char"})

    def from_bytes(self, data: bytes, **kwargs) -> "CharTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        srsly.write_json(path, {"kind": "char"})

    def from_disk(self, path, **kwargs) -> "CharTokenizer":
        return self


@registry.tokenizers("kg.CharTokenizer.v1")
def create_char_tokenizer():
    def make(nlp):
        return CharTokenizer(nlp.vocab)

    return make
