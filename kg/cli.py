"""Command-line interface: thin click commands over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__


class UserError(click.ClickException):
    """Printed as one line, exit status 1."""

    def show(self, file=None) -> None:
        message = " ".join(self.format_message().split())
        click.echo(f"kg: error: {message}", err=True)


def _fail_cleanly(function):
    """Turn expected errors into one-line messages instead of tracebacks."""
    import functools

    from .ingest import InputError
    from .ner import ModelMissing
    from .push import PushError
    from .store import StoreError

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (InputError, ModelMissing, StoreError, PushError, FileNotFoundError, ValueError) as error:
            raise UserError(str(error)) from None
        except Exception as error:  # a parser error from rdflib, for example
            if type(error).__module__.startswith(("rdflib", "pyoxigraph", "json")):
                raise UserError(f"{type(error).__name__}: {error}") from None
            raise

    return wrapper


@click.group()
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build and query knowledge graphs from Chinese news."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help="Output directory.")
@click.option("--place", help="The place the paper reports from (resolves 我市, 市科技局), e.g. 通辽市.")
@click.option("--base", default=None, help="Base IRI for minted entity and article IRIs.")
@click.option("--ner-model", type=click.Path(path_type=Path), default=None, help="A trained NER pipeline (default: the shipped one).")
@click.option("--no-ner", is_flag=True, help="Use only the rule-based recognisers.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Also write into this persistent Oxigraph store (one named graph per article, replaced on rebuild).")
@_fail_cleanly
def build(inputs, outdir, place, base, ner_model, no_ner, store_dir):
    """Build graph.ttl, graph.trig and graph.html from pages, JSONL corpora or directories."""
    from .build import build_graph, write_outputs
    from .vocab import DEFAULT_BASE

    def progress(items, total):
        if total < 20:
            return items
        from tqdm import tqdm

        return tqdm(items, total=total, unit="article", file=sys.stderr)

    resolved = build_graph(inputs, place=place, ner_model=ner_model, use_ner=not no_ner, progress=progress)
    summary = write_outputs(resolved, outdir, base or DEFAULT_BASE, store_dir=store_dir)
    for line in summary.lines():
        click.echo(line)


@main.command("eval")
@click.argument("gold", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("graph", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--details", is_flag=True, help="Also list missed and spurious entities and relations.")
@_fail_cleanly
def evaluate(gold, graph, details):
    """Score GRAPH (an RDF file) against a GOLD file: P/R/F1 per type, per relation and micro."""
    from .evaluate import load_graph, score

    report = score(gold, load_graph(graph))
    for line in report.lines():
        click.echo(line)
    if details:
        for title, items in (
            ("missed entities", report.missed_entities),
            ("spurious entities", report.spurious_entities),
            ("missed relations", report.missed_relations),
            ("spurious relations", report.spurious_relations),
        ):
            click.echo(f"{title} ({len(items)}):")
            for item in items:
                click.echo(f"  {item}")


@main.command("eval-ner")
@click.argument("bio_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--model", type=click.Path(path_type=Path), default=None, help="NER pipeline (default: the shipped one).")
@_fail_cleanly
def eval_ner(bio_file, model):
    """Score the NER on a character-per-line BIO file: a line per label, speed, then micro P/R/F1."""
    from .ner import load_ner
    from .ner_corpus import CorpusFormatError
    from .ner_eval import evaluate_bio

    try:
        report = evaluate_bio(load_ner(model), bio_file)
    except CorpusFormatError as error:
        raise UserError(str(error)) from None
    for line in report.lines():
        click.echo(line)


@main.command("train-ner")
@click.option("--corpora", type=click.Path(path_type=Path, file_okay=False), default=Path("../shared/corpora"), show_default=True)
@click.option("--output", type=click.Path(path_type=Path), required=True, help="Training directory (model-best/ is the result).")
@click.option("--config", type=click.Path(path_type=Path, exists=True), default=None, help="spaCy config (default: training/config.cfg).")
@click.option("--cluener/--no-cluener", default=False, show_default=True,
              help="Add CLUENER2020 train mapped to PER/LOC/ORG (measured: lowers People's Daily dev F1).")
@click.option("--finetune/--no-finetune", default=False, show_default=True,
              help="Also run stage two (training/finetune.cfg, lower learning rate); measured no better than a longer stage one.")
@click.option("--limit", type=int, default=None, help="Use only the first N training sentences (smoke runs).")
@click.option("--max-steps", type=int, default=None, help="Stop after N optimizer steps.")
@click.option("--max-epochs", type=int, default=None)
@_fail_cleanly
def train_ner_command(corpora, output, config, cluener, finetune, limit, max_steps, max_epochs):
    """Train the Chinese NER on MSRA (+ CLUENER) and select it on People's Daily dev."""
    from .ner import DEFAULT_CONFIG, DEFAULT_FINETUNE, train_ner

    best = train_ner(corpora, output, config or DEFAULT_CONFIG, use_cluener=cluener, limit=limit, max_steps=max_steps,
                     max_epochs=max_epochs, finetune_config=DEFAULT_FINETUNE if finetune else None)
    click.echo(f"best model: {best}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("graph.html"), show_default=True)
@click.option("--title", default="知识图谱 Knowledge graph", show_default=True)
@_fail_cleanly
def view(source, output, title):
    """Write the offline HTML explorer for SOURCE (an RDF file or a store directory)."""
    from . import export, viewer
    from .store import open_graph

    export.write_text(output, viewer.render_graph(open_graph(source), title))
    click.echo(f"wrote {output}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.argument("query")
@click.option("-f", "--format", "output_format", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds before the query is stopped.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (they make this machine connect to the addresses they name).")
@_fail_cleanly
def query(source, query, output_format, timeout, allow_service):
    """Run a read-only SPARQL QUERY (a string or a .rq file) against SOURCE (a store directory or an RDF file)."""
    from .query_guard import QueryRefused, check_query
    from .query_worker import run_once
    from .store import read_query

    sparql = read_query(query)
    try:
        check_query(sparql, allow_service=allow_service)
    except QueryRefused as refused:
        raise UserError(str(refused)) from None
    text = b"".join(run_once(str(source), {"query": sparql, "writer": output_format}, timeout)).decode("utf-8")
    click.echo(text, nl=output_format == "table")


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Rows (or triples) per answer; a longer answer is cut and says so in X-Result-Truncated.")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True, help="Queries answered at once (one process each).")
@click.option("--max-connections", type=click.IntRange(min=1), default=64, show_default=True,
              help="Open connections; more are answered 503.")
@click.option("--worker-memory", type=click.IntRange(min=1024), default=4096, show_default=True,
              help="Address space (MB) of each query worker; a query needing more fails with 500.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (they make this machine connect to the addresses they name).")
@_fail_cleanly
def serve(source, port, timeout, max_rows, workers, max_connections, worker_memory, allow_service):
    """Serve SOURCE over the SPARQL 1.1 Protocol on 127.0.0.1 (read-only), with a query page at /."""
    import signal

    from .serve import make_server

    try:
        server = make_server(source, port, query_timeout=timeout, max_rows=max_rows, workers=workers,
                             allow_service=allow_service, max_connections=max_connections, worker_memory=worker_memory)
    except OSError as error:
        raise UserError(f"cannot listen on 127.0.0.1:{port} ({error.strerror})") from None
    click.echo(f"SPARQL endpoint: http://127.0.0.1:{server.server_address[1]}/sparql  (query page at /; Ctrl-C stops)")

    def stop(signum, frame):  # SIGTERM as Ctrl-C: the finally below ends the query workers too
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("-f", "--format", "format_name", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]), default="nquads", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--void", "void_path", type=click.Path(path_type=Path), default=None, help="Also write a VoID description here.")
@_fail_cleanly
def export(source, format_name, output, void_path):
    """Export SOURCE as Turtle, TriG, N-Quads, N-Triples or JSON-LD (Oxigraph's serialisers)."""
    from . import export as exporter
    from .store import open_source

    store = open_source(source)
    count = exporter.export_store(store, output, format_name)
    click.echo(f"wrote {output} ({count} statements)")
    if void_path:
        from .void import describe

        exporter.write_rdf(describe(store, dumps=[output.resolve().as_uri()]), void_path, "turtle")
        click.echo(f"wrote {void_path}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@_fail_cleanly
def validate(source):
    """Validate SOURCE against the SHACL shapes (ontology/shapes.ttl); prints each violation."""
    from .store import open_graph
    from .validate import validate as run_shacl

    conforms, violations = run_shacl(open_graph(source))
    for line in violations:
        click.echo(line)
    click.echo("conforms" if conforms else f"{len(violations)} violation(s)")
    if not conforms:
        sys.exit(1)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("--top", type=int, default=10, show_default=True)
@_fail_cleanly
def stats(source, top):
    """Counts by type and predicate, central entities (degree, betweenness), connected components."""
    from .stats import compute
    from .store import open_source

    for line in compute(open_source(source)).lines(top):
        click.echo(line)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth")
@click.option("--graph", default=None, help="Put everything into this one graph instead of one graph per article.")
@click.option("--user", default=None)
@click.option("--password", default=None)
@_fail_cleanly
def push(source, endpoint, graph, user, password):
    """Upload SOURCE to a triple store through the SPARQL 1.1 Graph Store HTTP Protocol."""
    from .push import push as upload
    from .store import open_source

    total = 0
    for name, count in upload(open_source(source), endpoint, graph, user, password):
        total += count
    click.echo(f"uploaded {total} triples to {endpoint}")
