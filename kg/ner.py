"""The shipped Chinese NER pipeline: loading it, and the recipe that trains it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional

import numpy
import spacy
from thinc.api import use_ops

from . import ner_corpus
from .bundled import FINETUNE_CONFIG, TRAINING_CONFIG
from .nlp import features as _features  # noqa: F401  (registers kg.CharNgramEmbed.v1)
from .nlp import tokenizer as _tokenizer  # noqa: F401  (registers kg.CharTokenizer.v1)
from .nlp import ner_head  # registers the kg_ner_head factory
from .nlp import transition_ner as _transition_ner  # noqa: F401  (registers kg_ner)

PACKAGE_DIR = Path(__file__).parent
DEFAULT_MODEL = PACKAGE_DIR / "models" / "ner_zh"
DEFAULT_CONFIG = TRAINING_CONFIG
DEFAULT_FINETUNE = FINETUNE_CONFIG


class ModelMissing(RuntimeError):
    pass


# NER decoders a pipeline may hold over its encoder: spaCy's transition-based one (the default)
# and the faster BIOES + Viterbi one of kg/nlp/ner_head.py (opt-in: kg build --fast-ner).
DECODERS = {"transition": "ner", "fast": "kg_ner_head"}


def load_ner(path: Optional[Path] = None, decoder: Optional[str] = None):
    """Load a trained NER pipeline (the shipped one by default). ``decoder`` names the NER decoder
    to run (kg.ner.DECODERS); None runs the one the pipeline was saved with enabled. When that is
    a fast decoder reading an earlier encoder block, the encoder stops there (:func:`cut_encoder`),
    so the pipeline serves that decoder only: enabling the other one by hand would feed it the
    wrong layer."""
    path = Path(path) if path else DEFAULT_MODEL
    nlp = _load_whole(path)
    if decoder is not None:
        wanted = DECODERS[decoder]
        held = [name for name in DECODERS.values() if name in nlp.component_names]
        if wanted not in held:
            raise ModelMissing(f"{path}: the NER pipeline has no {decoder} decoder ({wanted}); see kg train-ner-head")
        for name in held:
            if name == wanted and name in nlp.disabled:
                nlp.enable_pipe(name)
            elif name != wanted and name not in nlp.disabled:
                nlp.disable_pipe(name)
    blocks = nlp.get_pipe("kg_ner_head").encoder_blocks if "kg_ner_head" in nlp.pipe_names else 0
    if blocks:  # the fast decoder reads an earlier layer of the encoder: the later blocks are not run
        cut_encoder(nlp, blocks, path)
    return nlp


def _load_whole(path: Path):
    """The pipeline as saved: every component, the whole encoder."""
    if not (path / "config.cfg").exists():
        raise ModelMissing(f"no trained NER pipeline at {path}")
    # Thinc's default CPU ops multiply matrices with the bundled BLIS, which this kind of machine
    # runs at a third of numpy's OpenBLAS speed (bench/ner_speed.py prints both). Same weights,
    # same predictions; the ops are fixed when the layers are built, so choose them at load time.
    with use_ops("numpy", use_blis=False):
        return spacy.load(path)


def _encoder_stack(nlp):
    """The chain of residual blocks in the pipeline's tok2vec encoder (spacy.MaxoutWindowEncoder)."""
    try:
        stack = nlp.get_pipe("tok2vec").model.layers[-1].layers[0]
    except (KeyError, IndexError, AttributeError):
        stack = None
    if stack is None or not stack.layers or not all(layer.name.startswith("residual") for layer in stack.layers):
        raise ModelMissing("the NER pipeline's encoder is not a stack of residual blocks that can be cut short")
    return stack


def cut_encoder(nlp, blocks: int, where: object = "the NER pipeline") -> Callable[[], None]:
    """Make the tok2vec encoder run only its first ``blocks`` residual blocks; returns a function
    that makes it run them all again. The blocks stay in the model, so a pipeline saved while cut
    is saved whole (and cut again on loading, by the decoder that asks for it)."""
    stack = _encoder_stack(nlp)
    if not 0 < blocks <= len(stack.layers):
        raise ModelMissing(f"{where}: the decoder reads encoder block {blocks}, but the encoder has {len(stack.layers)}")
    run_all = stack._func  # thinc's chain forward; replaced by one over the first blocks

    def run_first_blocks(model, X, is_train):
        backprops = []
        for layer in model.layers[:blocks]:
            X, backprop = layer(X, is_train=is_train)
            backprops.append(backprop)

        def backprop_all(dY):
            for backprop in reversed(backprops):
                dY = backprop(dY)
            return dY

        return X, backprop_all

    stack._func = run_first_blocks

    def restore() -> None:
        stack._func = run_all

    return restore


def blank_char_pipeline():
    """A blank Chinese pipeline with the character tokenizer (the host for rulers when no NER is wanted)."""
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.CharTokenizer.v1"}}})


@dataclass
class TrainingCorpora:
    train: Path
    dev: Path
    train_docs: int
    dev_docs: int


def prepare_corpora(
    corpora: Path, workdir: Path, use_cluener: bool = False, limit: Optional[int] = None, seed: int = 0
) -> TrainingCorpora:
    """Convert MSRA train (+ mapped CLUENER train) and People's Daily dev to DocBin files."""
    msra = corpora / "msra_ner" / "train.bio"
    dev = corpora / "peoples_daily_ner" / "example.dev"
    cluener = corpora / "cluener2020" / "train.json"
    needed = [msra, dev] + ([cluener] if use_cluener else [])
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise FileNotFoundError(f"corpus file(s) not found: {', '.join(missing)}")
    train_sentences: List[ner_corpus.Sentence] = list(ner_corpus.read_bio(msra))
    if use_cluener:
        train_sentences += list(ner_corpus.read_cluener(cluener))
    random.Random(seed).shuffle(train_sentences)
    dev_sentences = list(ner_corpus.read_bio(dev))
    if limit:
        train_sentences = train_sentences[:limit]
        dev_sentences = dev_sentences[: max(1, limit // 4)]
    nlp = blank_char_pipeline()
    train_path, dev_path = workdir / "train.spacy", workdir / "dev.spacy"
    n_train = ner_corpus.to_docbin(nlp, train_sentences, train_path)
    n_dev = ner_corpus.to_docbin(nlp, dev_sentences, dev_path)
    return TrainingCorpora(train_path, dev_path, n_train, n_dev)


def train_ner(
    corpora: Path,
    output: Path,
    config: Path = DEFAULT_CONFIG,
    use_cluener: bool = False,
    limit: Optional[int] = None,
    max_steps: Optional[int] = None,
    max_epochs: Optional[int] = None,
    finetune_config: Optional[Path] = None,
) -> Path:
    """Train the NER (stage one, then an optional lower-rate stage two); returns the directory of
    the best model, selected on the dev split."""
    from spacy.cli.train import train as spacy_train

    output = Path(output)
    prepared = prepare_corpora(Path(corpora), output / "corpus", use_cluener=use_cluener, limit=limit)
    overrides = {"paths.train": str(prepared.train), "paths.dev": str(prepared.dev)}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(1, min(500, max_steps // 2))
    if max_epochs is not None:
        overrides["training.max_epochs"] = max_epochs
    # numpy's OpenBLAS multiplies about 3x faster than thinc's BLIS here (see load_ner); the ops
    # are fixed when the layers are built, so the whole training runs under them
    with use_ops("numpy", use_blis=False):
        spacy_train(config, output, overrides=overrides, use_gpu=-1)
    best = output / "model-best"
    if finetune_config is None:
        return best
    # stage two: the same data at a lower learning rate, starting from stage one's best model
    stage_two = output / "finetune"
    overrides["paths.source"] = str(best)
    with use_ops("numpy", use_blis=False):
        spacy_train(finetune_config, stage_two, overrides=overrides, use_gpu=-1)
    return stage_two / "model-best"


@dataclass
class HeadEpoch:
    epoch: int
    dev_f1: float
    seconds: float


def _sentence_arrays(nlp, sentences: List[ner_corpus.Sentence], window: int, labels):
    """Windowed encoder vectors and BIOES targets of every character of ``sentences``."""
    features, targets, lengths = [], [], []
    with nlp.select_pipes(enable=["tok2vec"]):
        for sentence, doc in zip(sentences, nlp.pipe((s.text for s in sentences), batch_size=64)):
            features.append(ner_head.windowed(doc.tensor.astype("float32"), window))
            targets.append(ner_head.bioes_tags(len(doc), sentence.spans, labels))
            lengths.append(len(doc))
    return numpy.concatenate(features), numpy.concatenate(targets), lengths


def _span_f1(head, features, lengths, sentences) -> float:
    probabilities = head.model.predict(features)
    bounds = numpy.cumsum([0] + lengths)
    log_probs = numpy.log(numpy.maximum(probabilities, 1e-9))
    found = right = expected = 0
    for start in range(0, len(lengths), 256):  # a batch of sentences per Viterbi pass
        pieces = [log_probs[bounds[i] : bounds[i + 1]] for i in range(start, min(start + 256, len(lengths)))]
        for offset, tags in enumerate(head.best_paths(pieces)):
            predicted = set(ner_head.tag_spans(tags, head.labels))
            gold = set(sentences[start + offset].spans)
            found, right, expected = found + len(predicted), right + len(predicted & gold), expected + len(gold)
    precision, recall = right / max(found, 1), right / max(expected, 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def unlabelled_sentences(corpora: Path) -> List[str]:
    """Sentences of the relation and fine-label corpora, without their labels (distillation text)."""
    import json

    texts: List[str] = []
    cluener = corpora / "cluener2020" / "train.json"
    if cluener.exists():
        with cluener.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    finre = corpora / "finre" / "train.txt"
    if finre.exists():
        with finre.open(encoding="utf-8") as handle:
            texts += [line.rstrip("\n").split("\t")[-1] for line in handle if line.count("\t") >= 3]
    return list(dict.fromkeys(t for t in texts if t.strip()))


def _teacher_labelled(teacher, texts: List[str]) -> List[ner_corpus.Sentence]:
    names = [n for n in teacher.pipe_names if n not in ("tok2vec", "ner", "kg_ner_head")]
    with teacher.select_pipes(disable=names):
        return [ner_corpus.Sentence(doc.text, tuple((e.start, e.end, e.label_) for e in doc.ents))
                for doc in teacher.pipe(texts, batch_size=64)]


def train_ner_head(
    encoder: Path,
    corpora: Path,
    output: Path,
    window: int = 1,
    hidden: int = 64,
    epochs: int = 6,
    limit: Optional[int] = None,
    seed: int = 0,
    teacher: Optional[Path] = None,
    encoder_blocks: int = 0,
    report=lambda epoch: None,
) -> List[HeadEpoch]:
    """Fit the NER decoder (kg/nlp/ner_head.py) on the frozen encoder of the pipeline at
    ``encoder`` (its tok2vec), with MSRA train, selecting the epoch on People's Daily dev; write
    the pipeline tok2vec + kg_ner_head to ``output``. ``report`` is called after each epoch.

    With ``teacher`` (a pipeline, usually the one the encoder comes from), the unlabelled
    sentences of CLUENER2020 and FinRE are added, labelled by the teacher: the decoder then learns
    to read the encoder as the teacher does on text beyond People's Daily 1998, whose names the
    rest of the pipeline was tuned on.

    With ``encoder_blocks`` N, the decoder reads the encoder's output after its first N residual
    blocks (the later ones are skipped at prediction too); the saved encoder stays whole."""
    import time

    from thinc.api import Adam, fix_random_seed

    msra = corpora / "msra_ner" / "train.bio"
    dev = corpora / "peoples_daily_ner" / "example.dev"
    missing = [str(p) for p in (msra, dev) if not p.exists()]
    if missing:
        raise FileNotFoundError(f"corpus file(s) not found: {', '.join(missing)}")
    fix_random_seed(seed)
    train_sentences = list(ner_corpus.read_bio(msra))
    random.Random(seed).shuffle(train_sentences)
    dev_sentences = list(ner_corpus.read_bio(dev))
    if limit:
        train_sentences, dev_sentences = train_sentences[:limit], dev_sentences[: max(1, limit // 4)]
    if teacher is not None:
        train_sentences += _teacher_labelled(load_ner(teacher), unlabelled_sentences(corpora)[:limit])
    nlp = _load_whole(Path(encoder))
    if "tok2vec" not in nlp.pipe_names:
        raise ValueError(f"{encoder}: the pipeline has no tok2vec encoder to fit a decoder on")
    for name in [n for n in nlp.component_names if n != "tok2vec"]:
        nlp.remove_pipe(name)
    restore_encoder = cut_encoder(nlp, encoder_blocks, encoder) if encoder_blocks else (lambda: None)
    with use_ops("numpy", use_blis=False):
        head = nlp.add_pipe("kg_ner_head", config={"window": window, "hidden": hidden, "encoder_blocks": encoder_blocks})
        x_train, y_train, _ = _sentence_arrays(nlp, train_sentences, window, head.labels)
        x_dev, _, dev_lengths = _sentence_arrays(nlp, dev_sentences, window, head.labels)
        one_hot = numpy.eye(len(ner_head.tag_names(head.labels)), dtype="float32")
        head.model.initialize(X=x_train[:256], Y=one_hot[y_train[:256]])
        optimizer = Adam(0.001)
        shuffle = numpy.random.default_rng(seed)
        history: List[HeadEpoch] = []
        best, best_f1 = head.model.to_bytes(), -1.0
        for epoch in range(epochs):
            started = time.perf_counter()
            order = shuffle.permutation(len(x_train))
            for begin in range(0, len(order), 1024):
                rows = order[begin : begin + 1024]
                predicted, backprop = head.model.begin_update(x_train[rows])
                backprop((predicted - one_hot[y_train[rows]]) / len(rows))  # softmax cross-entropy gradient
                head.model.finish_update(optimizer)
            f1 = _span_f1(head, x_dev, dev_lengths, dev_sentences)
            history.append(HeadEpoch(epoch + 1, f1, time.perf_counter() - started))
            report(history[-1])
            if f1 > best_f1:
                best, best_f1 = head.model.to_bytes(), f1
        head.model.from_bytes(best)
    if "kg_ner_head" in nlp.disabled:  # the encoder's pipeline shipped a disabled decoder of that name
        nlp.enable_pipe("kg_ner_head")
    restore_encoder()
    output = Path(output)
    nlp.to_disk(output)
    return history
