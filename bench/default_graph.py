"""The union default graph against the deduplicated one, on a corpus-sized store made from a built one.

    python bench/default_graph.py STORE [--copies 200] [--share 8] [--timeout 300]

STORE is a store built by ``kg build --store`` (for example from data/samples). Its
article graphs are copied ``--copies`` times under new article, assertion and graph
IRIs; entity IRIs are shared by ``--share`` consecutive copies, as a popular entity
is mentioned by many articles, each graph repeating its label and type. Then
``queries/entities_by_mentions.rq`` runs on Oxigraph's union default graph and on
the default graph ``refresh_default_graph`` writes (each in a worker process,
stopped at --timeout), with the row counts and the seconds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query_worker import run_once  # noqa: E402
from kg.store import StoreError, refresh_default_graph  # noqa: E402

BASE = "https://w3id.org/kg-zh-news/id/"
PER_COPY = ("article/", "assertion/", "graph/")


def _renamed(term, copy: int, group: int):
    if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
        local = term.value[len(BASE):]
        return ox.NamedNode(f"{term.value}-c{copy}" if local.startswith(PER_COPY) else f"{term.value}-e{group}")
    return term


def replicate(source: Path, target: Path, copies: int, share: int) -> ox.Store:
    original = ox.Store.read_only(str(source))
    quads = [q for q in original.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]
    store = ox.Store(str(target))
    store.bulk_extend(
        ox.Quad(*(_renamed(t, copy, copy // share) for t in (q.subject, q.predicate, q.object, q.graph_name)))
        for copy in range(copies) for q in quads
    )
    store.flush()
    return store


def timed_query(store_path: Path, sparql: str, timeout: float) -> str:
    started = time.perf_counter()
    try:
        output = b"".join(run_once(str(store_path), {"query": sparql, "writer": "csv"}, timeout)).decode("utf-8")
    except StoreError as error:
        return f"not done: {error}"
    return f"{time.perf_counter() - started:7.2f} s  {len(output.splitlines()) - 1} rows, top: {output.splitlines()[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--share", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    sparql = (ROOT / "queries" / "entities_by_mentions.rq").read_text(encoding="utf-8")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with tempfile.TemporaryDirectory() as tmp:
        union_path, dedup_path = Path(tmp) / "union", Path(tmp) / "dedup"
        store = replicate(args.store, union_path, args.copies, args.share)
        union_count = next(iter(store.query(count, use_default_graph_as_union=True)))["n"].value
        del store
        shutil.copytree(union_path, dedup_path)
        store = ox.Store(str(dedup_path))
        started = time.perf_counter()
        refresh_default_graph(store)
        store.flush()
        refresh_seconds = time.perf_counter() - started
        dedup_count = next(iter(store.query(count)))["n"].value
        graphs = sum(1 for _ in store.named_graphs())
        del store
        print(f"{graphs} article graphs; default graph: union {union_count} triples, deduplicated {dedup_count} "
              f"(refresh_default_graph: {refresh_seconds:.2f} s)")
        print(f"entities_by_mentions.rq  union default graph:        {timed_query(union_path, sparql, args.timeout)}")
        print(f"entities_by_mentions.rq  deduplicated default graph: {timed_query(dedup_path, sparql, args.timeout)}")


if __name__ == "__main__":
    main()
