"""Explorer benchmark: a generated graph of 5,000 nodes and 10,000 edges.

    python bench/viewer.py [--nodes 5000] [--edges 10000] [--max-nodes 2000]

Prints the time to compute the page (including the layout, precomputed in
Python above a threshold), the file size, and the time until the page is drawn
and stable in headless Chromium (Debian's /usr/bin/chromium via Playwright), plus
the time a search-and-focus takes there. Above --max-nodes the page draws the
most connected nodes only, and the searched node is brought in with its neighbours.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg.viewer import DEFAULT_MAX_NODES, render_html, viewer_data
from kg.vocab import KG

ID = Namespace("https://w3id.org/kg-zh-news/id/")
KINDS = ["Person", "Organisation", "Place", "Project", "Programme", "Product"]
PREDICATES = {("Person", "Organisation"): "holdsPost", ("Organisation", "Place"): "locatedIn",
              ("Organisation", "Programme"): "implements", ("Organisation", "Product"): "produces",
              ("Organisation", "Project"): "implements", ("Project", "Place"): "locatedIn"}


def generated_graph(nodes: int, edges: int, seed: int = 3) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    by_kind = {k: [] for k in KINDS}
    for i in range(nodes):
        kind = KINDS[i % len(KINDS)]
        node = ID[f"{kind.lower()}/{i}"]
        by_kind[kind].append(node)
        g.add((node, RDF.type, KG[kind]))
        g.add((node, RDFS.label, Literal(f"{kind}{i}号", lang="zh")))
    pairs = list(PREDICATES.items())
    added = 0
    while added < edges:
        (s_kind, o_kind), predicate = rng.choice(pairs)
        triple = (rng.choice(by_kind[s_kind]), KG[predicate], rng.choice(by_kind[o_kind]))
        if triple not in g:
            g.add(triple)
            added += 1
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES)
    args = parser.parse_args()
    graph = generated_graph(args.nodes, args.edges)
    started = time.perf_counter()
    page = render_html(viewer_data(graph, max_nodes=args.max_nodes), "benchmark")
    build_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        path.write_text(page, encoding="utf-8")
        drawn = min(args.nodes, args.max_nodes)
        print(f"{args.nodes} nodes ({drawn} drawn), {args.edges} edges: page built in {build_seconds:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync"])
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            tab.goto(path.as_uri())
            tab.wait_for_selector("body[data-stable=true]", timeout=300000)
            print(f"stable render in headless Chromium: {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            tab.fill("#search", f"Person{args.nodes // 2 // 6 * 6}号")
            tab.press("#search", "Enter")
            tab.wait_for_timeout(50)
            print(f"search and focus: {time.perf_counter() - started:.2f} s")
            browser.close()


if __name__ == "__main__":
    main()
