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
    return feature_hashes(text, word_context=False)


def word_context_features(text: str) -> numpy.ndarray:
    """Two more columns: the jieba words before and after the one containing each character.

    They widen the view by a word on each side for the price of two table look-ups."""
    return feature_hashes(text, word_context=True)[:, N_FEATURES:]


def feature_hashes(text: str, word_context: bool) -> numpy.ndarray:
    """The N_FEATURES columns (plus the two word-context ones) in one pass: one normalisation,
    one jieba cut, columns built as lists and converted once (numpy item assignment in a
    per-character loop cost the NER a tenth of its time)."""
    normalised = to_halfwidth(text)
    padded = _BOS + normalised + _EOS
    n = len(normalised)
    # the bigram starting at a character is the one ending at the next: each is hashed once
    bigrams = [hash_string(padded[i : i + 2]) for i in range(n + 1)]
    columns = [[hash_string(ch) for ch in normalised], bigrams[:n], bigrams[1:]]
    words = rjieba.cut(normalised)
    in_word: List[int] = []
    for word in words:
        size = len(word)
        if size == 1:
            in_word.append(hash_string(word + "|S"))
        else:
            in_word.append(hash_string(word + "|B"))
            in_word.extend([hash_string(word + "|M")] * (size - 2))
            in_word.append(hash_string(word + "|E"))
    columns.append(in_word)
    if word_context:
        hashes = [hash_string(w) for w in words]
        before = [hash_string("<s>")] + hashes[:-1]
        after = hashes[1:] + [hash_string("</s>")]
        columns.append([h for word, h in zip(words, before) for _ in word])
        columns.append([h for word, h in zip(words, after) for _ in word])
    return numpy.array(columns, dtype="uint64").reshape(len(columns), n).T.copy()


def _extract_forward(model: Model, docs, is_train: bool) -> Tuple[List[Ints2d], callable]:
    with_context = model.attrs["word_context"]
    features = [model.ops.asarray2i(feature_hashes(doc_text(doc), with_context), dtype="uint64") for doc in docs]
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
