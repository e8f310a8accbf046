"""What the span tagger adds to extraction time, beside the pipeline without it, in the same run.

    python bench/span_tagger_speed.py [/tmp/c300.jsonl] [--rounds 3]

Both pipelines (the shipped config, and the same config with ``span_model`` emptied) extract
every article of the corpus, alternating, ``--rounds`` times; the best CPU time (process time,
so other processes on a shared machine weigh less) of each is printed with the ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from spacy.util import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import PIPELINE_CONFIG, build_pipeline, extract  # noqa: E402
from kg.ingest import load_articles  # noqa: E402


def _without_model(folder: Path) -> Path:
    config = load_config(PIPELINE_CONFIG)
    config["components"]["kg_domain_entities"]["span_model"] = ""
    path = folder / "rules-only.cfg"
    config.to_disk(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("/tmp/c300.jsonl"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles = load_articles([args.corpus])
    characters = sum(len(a.text) for a in articles)
    shipped = load_config(PIPELINE_CONFIG)["components"]["kg_domain_entities"].get("span_model", "")
    if not shipped:
        sys.exit("error: the shipped pipeline config names no span model")
    pipelines = {"without span tagger": build_pipeline(config=_without_model(Path(tempfile.mkdtemp()))),
                 f"with {shipped}": build_pipeline()}
    best = {name: float("inf") for name in pipelines}
    for _ in range(args.rounds):
        for name, nlp in pipelines.items():
            start = time.process_time()
            for _ in extract(nlp, articles):
                pass
            best[name] = min(best[name], time.process_time() - start)
    print(f"{len(articles)} articles, {characters} characters; best CPU seconds of {args.rounds} rounds")
    for name, seconds in best.items():
        print(f"  {name:28s} {seconds:6.2f} s  {characters / seconds:8.0f} chars/s")
    base, model = best.values()
    print(f"  span tagger adds {100 * (model - base) / base:.1f}% to extraction")


if __name__ == "__main__":
    main()
