"""Store benchmark: Oxigraph beside rdflib on a generated graph of about a million triples.

    python bench/store.py [--triples 1000000] [--timeout 150]

Each engine runs in its own process (so peak memory is its own) and does:
load (parse Turtle), a join query with type patterns, an aggregate query, and an
export to N-Quads. A step that exceeds --timeout is reported as not finished.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import tempfile
import time
from pathlib import Path

KG = "https://w3id.org/kg-zh-news/ontology#"
BASE = "https://w3id.org/kg-zh-news/id/"
JOIN = f"""PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?org ?place WHERE {{
  ?p a kg:Person ; kg:holdsPost ?o ; rdfs:label ?person .
  ?o a kg:Company ; kg:locatedIn ?l ; rdfs:label ?org .
  ?l a kg:Place ; rdfs:label ?place .
  FILTER(STRSTARTS(?place, "地点1"))
}}"""
AGGREGATE = f"""PREFIX kg: <{KG}>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?type ; kg:mentionedIn ?a }} GROUP BY ?type ORDER BY DESC(?n)"""


def generate(path: Path, triples: int, seed: int = 7) -> int:
    """A graph shaped like the builder's output: entities, articles, relations and reified assertions."""
    rng = random.Random(seed)
    n_entities = max(100, triples // 20)
    lines = [f"@prefix kg: <{KG}> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix prov: <http://www.w3.org/ns/prov#> .", "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ."]
    kinds = [("Person", "人物"), ("Company", "公司"), ("Place", "地点"), ("Programme", "计划")]
    count = 0
    articles = max(10, n_entities // 10)
    for a in range(articles):
        lines.append(f'<{BASE}article/{a}> a kg:Article ; rdfs:label "文章{a}"@zh .')
        count += 2
    entity_iris = {kind: [] for kind, _ in kinds}
    for i in range(n_entities):
        kind, word = kinds[i % len(kinds)]
        iri = f"<{BASE}{kind.lower()}/{i}>"
        entity_iris[kind].append(iri)
        extra = " , kg:Organisation" if kind == "Company" else ""
        lines.append(f'{iri} a kg:{kind}{extra} ; rdfs:label "{word}{i}"@zh ; kg:mentionedIn <{BASE}article/{rng.randrange(articles)}> .')
        count += 3 + (1 if extra else 0)
    relations = [("Person", "holdsPost", "Company"), ("Company", "locatedIn", "Place"), ("Company", "implements", "Programme")]
    i = 0
    while count < triples:
        s_kind, predicate, o_kind = relations[i % len(relations)]
        s, o = rng.choice(entity_iris[s_kind]), rng.choice(entity_iris[o_kind])
        a = f"<{BASE}assertion/{i}>"
        lines.append(f"{s} kg:{predicate} {o} .")
        lines.append(f'{a} a rdf:Statement ; rdf:subject {s} ; rdf:predicate kg:{predicate} ; rdf:object {o} ; '
                     f'kg:evidence "第{i}句证据。"@zh ; kg:confidence {rng.random():.3f} ; prov:wasDerivedFrom <{BASE}article/{rng.randrange(articles)}> .')
        count += 9
        i += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def _timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def run_oxigraph(path: str, out: str, queue) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    steps = {
        "load": lambda: store.bulk_load(path=path, format=ox.RdfFormat.TURTLE),
        "aggregate": lambda: list(store.query(AGGREGATE)),
        "export": lambda: ox.serialize(store.quads_for_pattern(None, None, None, None), out, format=ox.RdfFormat.N_QUADS),
        "join": lambda: len(list(store.query(JOIN))),
    }
    _run_steps(steps, queue)


def run_rdflib(path: str, out: str, queue) -> None:
    from rdflib import Graph

    graph = Graph()
    steps = {
        "load": lambda: graph.parse(path, format="turtle"),
        "aggregate": lambda: list(graph.query(AGGREGATE)),
        "export": lambda: graph.serialize(out, format="nt"),
        "join": lambda: len(list(graph.query(JOIN))),  # last: it may not finish
    }
    _run_steps(steps, queue)


def _run_steps(steps, queue) -> None:
    """Report after every step, so that an overrun keeps the figures measured so far."""
    results = {}
    for name, step in steps.items():
        results[name], value = _timed(step)
        if name == "join":
            results["join rows"] = value
        results["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put(dict(results))


def measure(target, path: Path, out: Path, timeout: float) -> dict:
    """Run an engine in its own process; keep the last partial result if it overruns."""
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=target, args=(str(path), str(out), queue))
    process.start()
    deadline = time.monotonic() + timeout
    latest: dict = {}
    while process.is_alive() and time.monotonic() < deadline:
        try:
            latest = queue.get(timeout=1)
        except Exception:
            pass
    while not queue.empty():
        latest = queue.get()
    if process.is_alive():
        process.kill()
        latest["unfinished"] = True
    process.join()
    return latest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=150, help="seconds per engine for all its steps after loading")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.ttl"
        count = generate(data, args.triples)
        print(f"generated {count:,} triples ({data.stat().st_size / 1e6:.0f} MB Turtle)")
        rows = {}
        for name, target in (("oxigraph", run_oxigraph), ("rdflib", run_rdflib)):
            rows[name] = measure(target, data, Path(tmp) / f"{name}.nq", args.timeout + 120)
        steps = ["load", "join", "aggregate", "export"]
        print(f"{'engine':<10}" + "".join(f"{s + ' s':>12}" for s in steps) + f"{'peak MB':>10}{'join rows':>11}")
        for name, result in rows.items():
            cells = [f"{result[s]:>12.2f}" if s in result else f"{'not done':>12}" for s in steps]
            print(f"{name:<10}" + "".join(cells) + f"{result.get('peak MB', 0):>10.0f}{result.get('join rows', '-'):>11}")
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
