"""Whole-build speed and memory on real newspaper text, beside jieba.posseg in the same run.

    python bench/build_speed.py                       # 1,000 and 10,000 articles
    python bench/build_speed.py --sizes 300 --big 0   # a quick look
    python bench/build_speed.py --sizes 1000 10000 --workers 2   # the memory ratio, two workers only
    python bench/build_speed.py --big 100000          # also the 100,000-article build (--workers 2)
    python bench/build_speed.py --sizes 1000 --fast-ner   # each size also with the opt-in fast NER decoder

Corpora come from ``make_corpus.py N`` (real People's Daily sentences, ~700 characters an
article; default ``../shared/tools/make_corpus.py``). For each size the script runs
``kg build`` as a child process, the whole way to graph.ttl/graph.trig/graph.html, and
samples the resident memory of the build's whole process tree (the client and its worker
processes) every 0.2 s. Printed: characters per second (wall clock, start-up included), peak
RSS, and jieba.posseg's characters per second on the same text, measured in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MAKER = ROOT.parent / "shared" / "tools" / "make_corpus.py"


def make_corpus(maker: Path, size: int, folder: Path) -> Path:
    path = folder / f"corpus-{size}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(maker), str(size), "-o", str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def corpus_text(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        return "".join(json.loads(line)["text"] for line in handle if line.strip())


def jieba_speed(text: str) -> float:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    list(jieba.posseg.cut("预热词典。"))
    start = time.perf_counter()
    for _ in jieba.posseg.cut(text):
        pass
    return len(text) / (time.perf_counter() - start)


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    children: dict = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    total, stack = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * page
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


def run_build(corpus: Path, workers: int, out: Path, extra: tuple = ()) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--workers", str(workers), "--no-progress", *extra]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"kg build failed: {stderr.strip().splitlines()[-1:]}")
    triples = next((line for line in stdout.splitlines() if line.startswith("triples:")), "")
    return {"seconds": elapsed, "peak_mb": peak / 2**20, "triples": triples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--maker", type=Path, default=DEFAULT_MAKER)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to build each size with")
    parser.add_argument("--big", type=int, default=0, help="also build this many articles with --workers 2 (e.g. 100000)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--fast-ner", action="store_true", help="also build each size with kg build --fast-ner (the opt-in NER decoder)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; corpora in {workdir}")
    rss = {}
    for size in args.sizes:
        corpus = make_corpus(args.maker, size, workdir)
        text = corpus_text(corpus)
        baseline = jieba_speed(text)
        print(f"\n{size} articles, {len(text):,} characters")
        print(f"  {'jieba.posseg, one process':<30}{baseline:10,.0f} chars/s   (baseline)")
        for extra in [()] + ([("--fast-ner",)] if args.fast_ner else []):
            one = None
            for workers in args.workers:
                result = run_build(corpus, workers, workdir / f"out-{size}-{workers}", extra)
                speed = len(text) / result["seconds"]
                one = speed if workers == 1 else one
                versus_one = f"{speed / one:4.2f}x one worker" if one else "                "
                label = f"kg build --workers {workers} {' '.join(extra)}"
                print(f"  {label:<30}{speed:10,.0f} chars/s   {speed / baseline:5.2f}x jieba"
                      f"   {versus_one}   peak RSS {result['peak_mb']:,.0f} MB   {result['seconds']:.1f} s   {result['triples']}")
                if not extra:
                    rss[(size, workers)] = result["peak_mb"]
    sizes = sorted(args.sizes)
    if len(sizes) >= 2:
        for workers in args.workers:
            small, large = rss[(sizes[0], workers)], rss[(sizes[-1], workers)]
            print(f"\npeak RSS, --workers {workers}: {large:,.0f} MB at {sizes[-1]} articles = {large / small:.2f}x the {small:,.0f} MB at {sizes[0]}")
    if args.big:
        corpus = make_corpus(args.maker, args.big, workdir)
        chars = len(corpus_text(corpus))
        result = run_build(corpus, 2, workdir / f"out-{args.big}-2")
        print(f"\n{args.big} articles ({chars:,} characters) with --workers 2: {result['seconds'] / 60:.1f} min, "
              f"{chars / result['seconds']:,.0f} chars/s, peak RSS {result['peak_mb']:,.0f} MB, {result['triples']}")


if __name__ == "__main__":
    main()
