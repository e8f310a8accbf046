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


TEXT_KEY = "kg.text"


def doc_text(doc) -> str:
    """The text of a Doc (cheaply, when the character tokenizer made it) or of a Span."""
    if hasattr(doc, "user_data"):
        cached = doc.user_data.get(TEXT_KEY)
        if cached is not None and len(cached) == len(doc):
            return cached
    return doc.text


class CharTokenizer:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data[TEXT_KEY] = text  # doc.text would rebuild it token by token
        normalised = to_halfwidth(text)
        if normalised != text:
            # only the changed characters: making a Token object for every character costs
            # as much as the rest of tokenisation
            for i, (char, norm) in enumerate(zip(text, normalised)):
                if norm != char:
                    doc[i].norm_ = norm
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
