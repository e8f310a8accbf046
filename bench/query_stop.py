"""What stops a long pyoxigraph query: a deadline checked between rows, a watchdog thread, or ending the process.

    python bench/query_stop.py [--triples 2000] [--wait 3]

Three queries over a cross join of three patterns on a generated in-memory store
(--triples³ rows): one that streams rows, a COUNT and an ORDER BY. Each runs in a
child process that checks a deadline of --wait seconds between rows, while another
thread of that process ticks every 10 ms and, as a watchdog, reports after the
deadline: the rows so far, whether the deadline was seen between rows, and the
ticks. Then the child is killed and the time to its end is measured. Many ticks
mean the engine let other threads run (it releases the GIL); a deadline not seen
means checking between rows cannot stop that query, and nothing else in pyoxigraph
can (it has no cancellation).
"""

from __future__ import annotations

import argparse
import multiprocessing
import time

QUERIES = {
    "streamed rows": "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
    "COUNT": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
    "ORDER BY": "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } ORDER BY ?f",
}


def child(sparql: str, triples: int, wait: float, report) -> None:
    import threading

    import pyoxigraph as ox

    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode(f"http://example.org/p{i % 7}"),
                         ox.Literal(str(i))) for i in range(triples))
    ticks, rows, deadline_seen = [0], [0], [False]

    def tick():
        while True:
            ticks[0] += 1
            time.sleep(0.01)

    def watchdog():  # reports after the deadline, if the engine lets another thread run at all
        time.sleep(wait + 0.5)
        report.put((rows[0], deadline_seen[0], ticks[0]))

    threading.Thread(target=tick, daemon=True).start()
    report.put("started")
    deadline = time.monotonic() + wait
    threading.Thread(target=watchdog, daemon=True).start()
    for _ in store.query(sparql):
        rows[0] += 1
        if time.monotonic() > deadline:
            deadline_seen[0] = True  # a deadline between rows works for this query
            break
    time.sleep(3600)  # wait to be killed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=2000)
    parser.add_argument("--wait", type=float, default=3.0)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    print(f"{'query':<15}{'rows':>10}{'deadline seen':>15}{'other thread ticks':>20}{'kill ms':>9}")
    for name, sparql in QUERIES.items():
        report = context.Queue()
        process = context.Process(target=child, args=(sparql, args.triples, args.wait, report))
        process.start()
        report.get(timeout=120)  # the store is built and the query starts
        try:
            rows, seen, ticks = report.get(timeout=args.wait + 10)
            rows, seen, ticks = str(rows), "yes" if seen else "no", f"{ticks} of ~{(args.wait + 0.5) / 0.01:.0f}"
        except Exception:  # the watchdog never ran
            rows, seen, ticks = "?", "?", "0"
        started = time.perf_counter()
        process.kill()
        process.join()
        print(f"{name:<15}{rows:>10}{seen:>15}{ticks:>20}{(time.perf_counter() - started) * 1000:>9.0f}")


if __name__ == "__main__":
    main()
