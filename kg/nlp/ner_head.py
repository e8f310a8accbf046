"""The NER decoder: BIOES tag probabilities from each character's encoder vector and its
neighbours', then the best valid tag sequence by a constrained Viterbi pass.

It sits on the trained character encoder (the ``tok2vec`` component, which leaves its vectors
in ``doc.tensor``) in place of spaCy's transition-based NER. The transition-based decoder
spends about half as much CPU per character as the whole encoder, one state update per
character in a loop; this one is two matrix products over a batch plus a Viterbi pass vectorised over
the batch's documents. Trained on the same corpus over the frozen encoder it scored People's
Daily dev within a few thousandths of the decoder it replaces (README, "The NER").

It may read an earlier layer of the encoder (``encoder_blocks``: the output after that many
residual blocks), and then the later blocks are not run: the shipped one reads block 4 of 6.

Reads ``doc.tensor``; sets ``doc.ents`` (labels LOC, ORG, PER).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, List, Sequence

import numpy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.api import Maxout, Model, Softmax, chain

from .tokenizer import doc_text  # the tokenizer's cached text: Doc.text rebuilds it token by token

LABELS = ("LOC", "ORG", "PER")
PREFIXES = "BIES"  # begin, inside, end, single; tag 0 is O (outside)


def tag_names(labels: Sequence[str] = LABELS) -> List[str]:
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in PREFIXES]


def transition_scores(labels: Sequence[str] = LABELS):
    """(allowed[i, j] as 0 / -inf, may start, may end): B and I go on to I or E of their label,
    the rest to O, B or S; a sequence starts at O, B or S and ends at O, E or S."""
    tags = tag_names(labels)
    closed = [tag[0] in "OES" for tag in tags]
    opens = [tag[0] in "OBS" for tag in tags]
    allowed = numpy.zeros((len(tags), len(tags)), dtype=bool)
    for i, before in enumerate(tags):
        for j, after in enumerate(tags):
            if closed[i]:
                allowed[i, j] = opens[j]
            else:
                allowed[i, j] = after[0] in "IE" and after[2:] == before[2:]
    forbidden = numpy.float32(-1e9)
    return (numpy.where(allowed, 0, forbidden).astype("f"), numpy.where(opens, 0, forbidden).astype("f"),
            numpy.where(closed, 0, forbidden).astype("f"))


def edge_tags(labels: Sequence[str] = LABELS) -> numpy.ndarray:
    """Ids of the tags that begin or end a name (B, E, S)."""
    return numpy.array([i for i, tag in enumerate(tag_names(labels)) if tag[0] in "BES"])


def bioes_tags(length: int, spans: Iterable[tuple], labels: Sequence[str] = LABELS) -> numpy.ndarray:
    """Tag ids of a sentence with (start, end, label) spans: the training targets."""
    index = {name: i for i, name in enumerate(tag_names(labels))}
    tags = numpy.zeros(length, dtype="int64")
    for start, end, label in spans:
        if end - start == 1:
            tags[start] = index[f"S-{label}"]
            continue
        tags[start] = index[f"B-{label}"]
        tags[start + 1 : end - 1] = index[f"I-{label}"]
        tags[end - 1] = index[f"E-{label}"]
    return tags


def windowed(vectors: numpy.ndarray, window: int) -> numpy.ndarray:
    """Each row followed by the rows ``1..window`` before and after it (zeros past the ends)."""
    if window == 0:
        return vectors
    length, width = vectors.shape
    padded = numpy.zeros((length + 2 * window, width), dtype=vectors.dtype)
    padded[window : window + length] = vectors
    columns = [vectors]
    for distance in range(1, window + 1):
        columns.append(padded[window - distance : window - distance + length])
        columns.append(padded[window + distance : window + distance + length])
    return numpy.concatenate(columns, axis=1)


def viterbi(log_probs: List[numpy.ndarray], transitions, may_start, may_end) -> List[numpy.ndarray]:
    """The best valid tag sequence of each document, all documents stepped together."""
    lengths = numpy.array([len(scores) for scores in log_probs])
    n_docs, longest, n_tags = len(log_probs), int(lengths.max(initial=0)), transitions.shape[0]
    if longest == 0:
        return [numpy.zeros(0, dtype="int64") for _ in log_probs]
    table = numpy.zeros((n_docs, longest, n_tags), dtype="f")
    for i, scores in enumerate(log_probs):
        table[i, : len(scores)] = scores
    score = table[:, 0] + may_start
    back = numpy.zeros((n_docs, longest, n_tags), dtype="int8")
    rows = numpy.arange(n_docs)
    for position in range(1, longest):
        candidates = score[:, :, None] + transitions  # [doc, previous tag, tag]
        best = candidates.argmax(axis=1)
        stepped = numpy.take_along_axis(candidates, best[:, None, :], axis=1)[:, 0, :] + table[:, position]
        running = (lengths > position)[:, None]
        score = numpy.where(running, stepped, score)  # a finished document keeps its final scores
        back[:, position] = best
    last = (score + may_end).argmax(axis=1)
    tags = numpy.zeros((n_docs, longest), dtype="int64")
    current = numpy.zeros(n_docs, dtype="int64")
    for position in range(longest - 1, -1, -1):
        current = numpy.where(lengths - 1 == position, last, current)  # each document starts at its end
        tags[:, position] = current
        current = back[rows, position, current]
    return [tags[i, :length] for i, length in enumerate(lengths)]


def tag_spans(tags: numpy.ndarray, labels: Sequence[str] = LABELS) -> List[tuple]:
    """(start, end, label) of a valid BIOES sequence."""
    prefix = (tags - 1) % len(PREFIXES)
    tagged = tags > 0
    starts = numpy.flatnonzero(tagged & ((prefix == 0) | (prefix == 3)))
    ends = numpy.flatnonzero(tagged & ((prefix == 2) | (prefix == 3))) + 1
    return [(int(s), int(e), labels[(int(tags[s]) - 1) // len(PREFIXES)]) for s, e in zip(starts, ends)]


def build_model(n_tags: int, hidden: int) -> Model:
    if hidden == 0:
        return Softmax(n_tags)
    return chain(Maxout(hidden, nP=2, normalize=True), Softmax(n_tags))


class NerHead:
    def __init__(self, name: str, labels: Sequence[str], window: int, hidden: int, encoder_blocks: int = 0):
        self.name = name
        self.labels = tuple(labels)
        self.window = window
        self.hidden = hidden
        # the encoder's output this head was trained on: after its first N residual blocks (0: all);
        # kg.ner.load_ner cuts the encoder to them when this decoder is the one that runs
        self.encoder_blocks = encoder_blocks
        self.model = build_model(len(tag_names(self.labels)), hidden)
        self._transitions = transition_scores(self.labels)
        self._edge_tags = edge_tags(self.labels)

    # -- prediction ----------------------------------------------------------------------
    def features(self, doc: Doc) -> numpy.ndarray:
        if doc.tensor is None or doc.tensor.shape[0] != len(doc):
            raise ValueError(f"{self.name} needs the encoder's vectors in doc.tensor: put tok2vec before it")
        return windowed(numpy.asarray(doc.tensor, dtype="f"), self.window)

    def best_paths(self, log_probs: List[numpy.ndarray]) -> List[numpy.ndarray]:
        """The best valid tag sequence of each document's tag log-probabilities."""
        return viterbi(log_probs, *self._transitions)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        batch: List[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, docs: List[Doc]) -> List[Doc]:
        nonempty = [doc for doc in docs if len(doc)]
        if not nonempty:
            return docs
        probabilities = self.model.predict(numpy.concatenate([self.features(doc) for doc in nonempty]))
        log_probs = numpy.log(numpy.maximum(probabilities, 1e-9))
        bounds = numpy.cumsum([0] + [len(doc) for doc in nonempty])
        # as spaCy's decoder: a name neither starts nor ends on white space (a line break before a name)
        spaces = numpy.concatenate([numpy.fromiter((c.isspace() for c in doc_text(doc)), bool, len(doc)) for doc in nonempty])
        log_probs[numpy.ix_(spaces, self._edge_tags)] = -1e9
        paths = self.best_paths([log_probs[a:b] for a, b in zip(bounds[:-1], bounds[1:])])
        for doc, tags in zip(nonempty, paths):
            doc.ents = [Span(doc, start, end, label=label) for start, end, label in tag_spans(tags, self.labels)]
        return docs

    # -- serialisation (spaCy saves and loads components through these) -------------------
    def _settings(self) -> dict:
        return {"labels": list(self.labels), "window": self.window, "hidden": self.hidden}

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps({"settings": self._settings(), "model": self.model.to_bytes()})

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "NerHead":
        content = srsly.msgpack_loads(data)
        self._configure(content["settings"])
        self.model.from_bytes(content["model"])
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "settings.json", self._settings())
        self.model.to_disk(path / "model")

    def from_disk(self, path, *, exclude=tuple()) -> "NerHead":
        path = Path(path)
        self._configure(srsly.read_json(path / "settings.json"))
        self.model.from_disk(path / "model")
        return self

    def _configure(self, settings: dict) -> None:
        labels, window, hidden = tuple(settings["labels"]), int(settings["window"]), int(settings["hidden"])
        if (labels, window, hidden) != (self.labels, self.window, self.hidden):
            self.labels, self.window, self.hidden = labels, window, hidden
            self.model = build_model(len(tag_names(labels)), hidden)
            self._transitions = transition_scores(labels)
            self._edge_tags = edge_tags(labels)


@Language.factory(
    "kg_ner_head",
    default_config={"labels": list(LABELS), "window": 1, "hidden": 64, "encoder_blocks": 0},
    requires=["doc.tensor"],
    assigns=["doc.ents"],
)
def make_ner_head(nlp: Language, name: str, labels: List[str], window: int, hidden: int, encoder_blocks: int) -> NerHead:
    return NerHead(name, labels, window, hidden, encoder_blocks)
