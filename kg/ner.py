"""The shipped Chinese NER pipeline: loading it, and the recipe that trains it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import spacy
from thinc.api import use_ops

from . import ner_corpus
from .bundled import FINETUNE_CONFIG, TRAINING_CONFIG
from .nlp import features as _features  # noqa: F401  (registers kg.CharNgramEmbed.v1)
from .nlp import tokenizer as _tokenizer  # noqa: F401  (registers kg.CharTokenizer.v1)

PACKAGE_DIR = Path(__file__).parent
DEFAULT_MODEL = PACKAGE_DIR / "models" / "ner_zh"
DEFAULT_CONFIG = TRAINING_CONFIG
DEFAULT_FINETUNE = FINETUNE_CONFIG


class ModelMissing(RuntimeError):
    pass


def load_ner(path: Optional[Path] = None):
    """Load a trained NER pipeline (the shipped one by default)."""
    path = Path(path) if path else DEFAULT_MODEL
    if not (path / "config.cfg").exists():
        raise ModelMissing(f"no trained NER pipeline at {path}")
    # Thinc's default CPU ops multiply matrices with the bundled BLIS, which this kind of machine
    # runs at a third of numpy's OpenBLAS speed (bench/ner_speed.py prints both). Same weights,
    # same predictions; the ops are fixed when the layers are built, so choose them at load time.
    with use_ops("numpy", use_blis=False):
        return spacy.load(path)


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
