"""Character n-gram and word-context features for the character-token NER.

With one character per token, spaCy's default PREFIX/SUFFIX/SHAPE features are
constant and the model sees only single characters. Chinese NER gains most from
character bigrams and from knowing where the surrounding *word* starts and ends,
so each token is described by four hashed features:

0. the character (half-width normalised),
1. the bigram ending at it, 2. the bigram starting at it,
3. the jieba word that contains it, tagged with the character's position in
   that word (B/M/E/S). Segmentation errors cost nothing structurally: the word
   is only a feature, never a token boundary.
"""

from __future__ import annotations

from typing import List, Tuple

import numpy
import rjieba

from spacy.strings import hash_string
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

from ..text import to_halfwidth
from .tokenizer import doc_text

N_FEATURES = 4
_BOS, _EOS = "\x02", "\x03"


def char_features(text: str) -> numpy.ndarray:
    """Feature hashes of shape (len(text), N_FEATURES) as uint64."""
    normalised = to_halfwidth(text)
    n = len(normalised)
    padded = _BOS + normalised + _EOS
    out = numpy.empty((n, N_FEATURES), dtype="uint64")
    for i in range(n):
        out[i, 0] = hash_string(normalised[i])
        out[i, 1] = hash_string(padded[i : i + 2])
        out[i, 2] = hash_string(padded[i + 1 : i + 3])
    i = 0
    for word in rjieba.cut(normalised):
        size = len(word)
        if size == 1:
            out[i, 3] = hash_string(word + "|S")
        else:
            out[i, 3] = hash_string(word + "|B")
            middle = hash_string(word + "|M")
            for j in range(i + 1, i + size - 1):
                out[j, 3] = middle
            out[i + size - 1, 3] = hash_string(word + "|E")
        i += size
    return out


def word_context_features(text: str) -> numpy.ndarray:
    """Two more columns: the jieba words before and after the one containing each character.

    They widen the view by a word on each side for the price of two table look-ups."""
    normalised = to_halfwidth(text)
    words = rjieba.cut(normalised)
    out = numpy.empty((len(normalised), 2), dtype="uint64")
    bos, eos = hash_string("<s>"), hash_string("</s>")
    hashes = [hash_string(w) for w in words]
    i = 0
    for index, word in enumerate(words):
        previous = hashes[index - 1] if index else bos
        following = hashes[index + 1] if index + 1 < len(words) else eos
        out[i : i + len(word), 0] = previous
        out[i : i + len(word), 1] = following
        i += len(word)
    return out


def _extract_forward(model: Model, docs, is_train: bool) -> Tuple[List[Ints2d], callable]:
    features = []
    with_context = model.attrs["word_context"]
    for doc in docs:  # Doc or Span
        text = doc_text(doc)
        columns = char_features(text)
        if with_context:
            columns = numpy.hstack([columns, word_context_features(text)])
        features.append(model.ops.asarray2i(columns, dtype="uint64"))
    return features, lambda d_features: []


def CharFeatureExtractor(word_context: bool = False) -> Model:
    return Model("char_features", _extract_forward, attrs={"word_context": word_context})


@registry.architectures("kg.CharNgramEmbed.v1")
def CharNgramEmbed(width: int, rows: List[int], feature_width: int, maxout_pieces: int = 3) -> Model[List, List[Floats2d]]:
    """Hash-embed the four character features and mix them to ``width`` with a Maxout layer."""
    return _embed(width, rows, feature_width, word_context=False, maxout_pieces=maxout_pieces)


@registry.architectures("kg.CharNgramEmbed.v2")
def CharNgramEmbedWithWordContext(
    width: int, rows: List[int], feature_width: int, maxout_pieces: int = 3
) -> Model[List, List[Floats2d]]:
    """v1 plus the neighbouring jieba words (six features)."""
    return _embed(width, rows, feature_width, word_context=True, maxout_pieces=maxout_pieces)


def _embed(width: int, rows: List[int], feature_width: int, word_context: bool, maxout_pieces: int) -> Model:
    expected = N_FEATURES + (2 if word_context else 0)
    if len(rows) != expected:
        raise ValueError(f"CharNgramEmbed needs {expected} row counts, got {len(rows)}")
    tables = [
        HashEmbed(feature_width, n_rows, column=column, seed=11 + column, dropout=0.0)
        for column, n_rows in enumerate(rows)
    ]
    return chain(
        CharFeatureExtractor(word_context),
        list2ragged(),
        with_array(concatenate(*tables)),
        with_array(Maxout(width, feature_width * expected, nP=maxout_pieces, dropout=0.0, normalize=True)),
        ragged2list(),
    )
