"""NER throughput: the shipped pipeline (one and two processes) beside jieba.posseg, same text, same run.

    python bench/ner_speed.py [--text ../shared/corpora/peoples_daily_ner/example.dev] [--repeat 2]
    python bench/ner_speed.py --model /work/runs/candidate/model-best --one-process

With --model, a candidate pipeline runs on the same text right after the shipped one, and
the line gives its speed relative to the shipped model's.

Prints characters per second and peak resident memory. The text is sentence
per document (the BIO file's sentences, or the bundled page split at 。！？).
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_texts(path: Path):
    if path.suffix in (".dev", ".bio", ".test", ".train"):
        from kg.ner_corpus import read_bio

        return [s.text for s in read_bio(path)]
    text = path.read_text(encoding="utf-8")
    return [s for s in re.split(r"(?<=[。！？])|\n+", text) if s.strip()]


_WORKER_NLP = None


def _load_worker() -> None:
    global _WORKER_NLP
    from kg.ner import load_ner

    _WORKER_NLP = load_ner()


def _entities(texts):
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in _WORKER_NLP.pipe(texts, batch_size=256)]


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def timed(label: str, function, n_chars: int) -> float:
    started = time.perf_counter()
    function()
    seconds = time.perf_counter() - started
    print(f"{label:<46} {n_chars / seconds:>10,.0f} chars/s  ({seconds:.1f} s)")
    return n_chars / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT.parent / "shared" / "corpora" / "peoples_daily_ner" / "example.dev"
    if not default.exists():
        default = ROOT / "data" / "samples" / "000_348aeecdd38910cd.txt"
    parser.add_argument("--text", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the text N times")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--model", type=Path, default=None, help="a candidate NER pipeline to time beside the shipped one")
    parser.add_argument("--one-process", action="store_true", help="skip the two-process timings")
    args = parser.parse_args()
    if args.model is not None and not (args.model / "config.cfg").exists():
        parser.error(f"no trained NER pipeline at {args.model}")

    texts = load_texts(args.text) * args.repeat
    n_chars = sum(map(len, texts))
    print(f"text: {args.text.name}, {len(texts)} sentences, {n_chars:,} characters")

    from kg.ner import load_ner

    nlp = load_ner()
    list(nlp.pipe(texts[:50]))  # warm up
    shipped = timed("spaCy NER, 1 process", lambda: list(nlp.pipe(texts, batch_size=args.batch_size)), n_chars)
    if args.model is not None:
        candidate = load_ner(args.model)
        list(candidate.pipe(texts[:50]))
        speed = timed(f"candidate {args.model.name}, 1 process", lambda: list(candidate.pipe(texts, batch_size=args.batch_size)), n_chars)
        print(f"candidate / shipped: {speed / shipped:.2f}x")
    if not args.one_process:
        time_two_processes(texts, n_chars, args.batch_size, nlp)

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    timed("jieba.posseg, 1 process", lambda: [list(pseg.cut(t)) for t in texts], n_chars)
    print(f"peak memory at the end: {peak_mb():,.0f} MB")


def time_two_processes(texts, n_chars: int, batch_size: int, nlp) -> None:
    timed("spaCy NER, 2 processes (nlp.pipe n_process=2)", lambda: list(nlp.pipe(texts, batch_size=batch_size, n_process=2)), n_chars)
    # nlp.pipe(n_process=2) ships every Doc back to the parent, one token per character;
    # a pool whose workers return only the entity spans shows what two cores give.
    with multiprocessing.get_context("fork").Pool(2, initializer=_load_worker) as pool:
        pool.map(_entities, [texts[:20], texts[20:40]])  # warm up both workers
        chunks = [texts[i : i + 500] for i in range(0, len(texts), 500)]
        timed("spaCy NER, 2 worker processes", lambda: pool.map(_entities, chunks), n_chars)
    print(f"peak memory after NER: {peak_mb():,.0f} MB (this process), {peak_mb(resource.RUSAGE_CHILDREN):,.0f} MB (largest worker)")


if __name__ == "__main__":
    main()
