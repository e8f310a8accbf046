"""Load on `kg serve`: throughput, latency and errors at 8 and 32 concurrent clients, beside the engine alone.

    python bench/serve_load.py [--store /tmp/x/store] [--requests 2000] [--clients 8 32] [--budget 900]

The store is built from the bundled page if it is missing:
``python -m kg build data/samples/000_348aeecdd38910cd.txt -o /tmp/x --place 通辽市 --store /tmp/x/store``.
Requests cycle through the shipped queries (queries/*.rq) and a one-entity lookup,
sent by clients that each keep one HTTP/1.1 connection to 127.0.0.1 (nothing else is
contacted). The baseline, in the same run, is the same requests answered by
pyoxigraph in this process, one after another, with no HTTP and no worker; with
``--before CHECKOUT`` the kg serve of another checkout (e.g. the code before the
endpoint ran queries in worker processes) takes the same load too. Each run
stops at --budget seconds (what was sent is then reported); a request waits at most
60 s. The server's memory is the peak resident size of it and its workers together.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "000_348aeecdd38910cd.txt"
LOOKUP = 'SELECT ?e ?type WHERE { ?e rdfs:label "通辽市科技局"@zh ; a ?type }'


def query_mix() -> List[Tuple[str, str]]:
    shipped = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted((ROOT / "queries").glob("*.rq"))]
    return shipped + [("lookup", LOOKUP)]


def ensure_store(store: Path) -> None:
    if store.is_dir():
        return
    command = [sys.executable, "-m", "kg", "build", str(SAMPLE), "-o", str(store.parent), "--place", "通辽市", "--store", str(store)]
    print("building the store:", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(store: Path, port: int, checkout: Path = ROOT) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(store), "--port", str(port)], cwd=checkout,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment)
    line = server.stdout.readline()  # printed once the workers are up
    if "SPARQL endpoint" not in line:
        server.kill()
        raise SystemExit(f"kg serve did not start: {line.strip()}")
    return server


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (Linux /proc), in MB."""
    total, pids = 0, [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
        for p in pids:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    except (OSError, ValueError):
        pass
    return total / 1024


def run_clients(port: int, mix, requests: int, clients: int, budget: float, server_pid: int):
    """(seconds, latencies of successes, errors, requests sent, peak MB) of `requests` spread over `clients`."""
    order = itertools.cycle(mix)
    lock, latencies, errors, sent = threading.Lock(), [], [0], [0]
    stop_at = time.monotonic() + budget

    def next_query():
        with lock:
            if sent[0] >= requests or time.monotonic() > stop_at:
                return None
            sent[0] += 1
            return next(order)[1]

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (sparql := next_query()) is not None:
            started = time.perf_counter()
            try:
                connection.request("POST", "/sparql", body=sparql.encode("utf-8"), headers={
                    "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()  # reconnects on the next request
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors[0] += 1
        connection.close()

    peak, done = [0.0], threading.Event()

    def sample_memory():
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_rss_mb(server_pid))

    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    done.set()
    return seconds, latencies, errors[0], sent[0], peak[0]


def run_in_process(store: Path, mix, requests: int, budget: float):
    sys.path.insert(0, str(ROOT))
    from kg.store import open_source, query_solutions

    source = open_source(store)
    latencies, stop_at, sent = [], time.monotonic() + budget, 0
    started = time.perf_counter()
    for _, sparql in itertools.islice(itertools.cycle(mix), requests):
        if time.monotonic() > stop_at:
            break
        sent += 1
        began = time.perf_counter()
        result = query_solutions(source, sparql)
        result.serialize(format=__import__("pyoxigraph").QueryResultsFormat.JSON)
        latencies.append(time.perf_counter() - began)
    return time.perf_counter() - started, latencies, 0, sent, None


def line(label: str, seconds: float, latencies: List[float], errors: int, sent: int, peak) -> str:
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=100)
        p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    else:
        p50 = p99 = float("nan")
    memory = f"{peak:9.0f}" if peak else f"{'-':>9}"
    return f"{label:<34}{sent:>6}{len(latencies) / seconds:>10.1f}{p50:>9.1f}{p99:>9.1f}{errors:>8}{memory}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/x/store"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--budget", type=float, default=900, help="seconds per run at most")
    parser.add_argument("--before", type=Path, default=None,
                        help="a checkout of kg from before the endpoint's hardening: its kg serve takes the same load")
    args = parser.parse_args()
    ensure_store(args.store)
    mix = query_mix()
    print(f"{args.requests} requests per run over {len(mix)} queries ({', '.join(name for name, _ in mix)}); "
          f"{os.cpu_count()} CPUs")
    print(f"{'run':<34}{'sent':>6}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'peak MB':>9}")
    print(line("baseline: pyoxigraph in-process", *run_in_process(args.store, mix, args.requests, args.budget)), flush=True)
    servers = [("kg serve", ROOT)] + ([(f"before ({args.before.name})", args.before)] if args.before else [])
    for label, checkout in servers:
        port = free_port()
        server = start_server(args.store, port, checkout)
        try:
            for clients in args.clients:
                result = run_clients(port, mix, args.requests, clients, args.budget, server.pid)
                print(line(f"{label}, {clients} clients", *result), flush=True)
        finally:
            server.send_signal(signal.SIGINT)  # kg serve stops its workers on Ctrl-C
            server.wait(timeout=30)

if __name__ == "__main__":
    main()
