"""Command-line interface: thin click commands over the library."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__


class UserError(click.ClickException):
    """Printed as one line, exit status 1."""

    def show(self, file=None) -> None:
        message = " ".join(self.format_message().split())
        click.echo(f"kg: error: {message}", err=True)


# The library's own "bad input" errors, by module. They are looked up only among modules already
# imported when the error arrives (a module that was never imported cannot have raised): importing
# them up front would load spaCy and rdflib for every command, --help included.
EXPECTED_ERRORS = (("kg.ingest", "InputError"), ("kg.ner", "ModelMissing"), ("kg.store", "StoreError"), ("kg.push", "PushError"))


def _expected_errors() -> tuple:
    loaded = (getattr(sys.modules.get(module), name, None) for module, name in EXPECTED_ERRORS)
    return tuple(cls for cls in loaded if cls is not None) + (FileNotFoundError, ValueError)


def _fail_cleanly(function):
    """Turn expected errors into one-line messages instead of tracebacks."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as error:
            if isinstance(error, _expected_errors()):
                raise UserError(str(error)) from None
            if type(error).__module__.startswith(("rdflib", "pyoxigraph", "json")):  # a parser error, for example
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
@click.option("--fast-ner", is_flag=True,
              help="The NER's fast decoder, which runs 4 of the encoder's 6 blocks: one worker spends about 0.77x the CPU; "
                   "cross-validated dev-page entity F1 0.878 against 0.886 (README).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Also write into this persistent Oxigraph store (one named graph per article, replaced on rebuild).")
@click.option("--replace-source", is_flag=True,
              help="With --store: drop the article graphs of each source built that this build no longer produces.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Extraction processes on this machine.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="Extract on this Dask cluster instead.")
@click.option("--limit", type=click.IntRange(0), default=None, help="Build only the first N articles (try a corpus quickly).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@_fail_cleanly
def build(inputs, outdir, place, base, ner_model, no_ner, fast_ner, store_dir, replace_source, workers, scheduler, limit, progress):
    """Build graph.ttl, graph.trig and graph.html from pages, JSONL corpora or directories."""
    from .build import BuildOptions, build as run_build
    from .vocab import DEFAULT_BASE

    options = BuildOptions(place=place, base=_checked_base(base or DEFAULT_BASE), ner_model=ner_model, use_ner=not no_ner,
                           ner_decoder="fast" if fast_ner else None, workers=workers, scheduler=scheduler, limit=limit, store_dir=store_dir,
                           replace_source=replace_source)
    if replace_source and store_dir is None:
        raise UserError("--replace-source needs --store")
    show = sys.stderr.isatty() if progress is None else progress
    with _progress_bar(inputs, limit, show) as (on_article, on_phase):
        summary = run_build(inputs, outdir, options, on_article=on_article, on_phase=on_phase)
    for line in summary.lines():
        click.echo(line)


def _checked_base(base: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    if parts.scheme not in ("http", "https", "urn") or (parts.scheme != "urn" and not parts.netloc) or any(c in base for c in ' <>"{}|\\^`'):
        raise UserError(f"--base {base!r} is not an absolute http(s) IRI")
    return base


class _progress_bar:
    """A tqdm bar of articles (rate and time left when the total is known) plus phase names."""

    def __init__(self, inputs, limit, show: bool):
        self.inputs, self.limit, self.show = inputs, limit, show
        self.bar = None

    def __enter__(self):
        if not self.show:
            return (lambda n: None), (lambda phase: None)
        from tqdm import tqdm

        from .ingest import CORPUS_SUFFIXES, InputError, count_documents

        total = None
        paths = [Path(p) for p in self.inputs]
        try:
            if all(p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES for p in paths):
                total = count_documents(paths)  # one article a record
        except (InputError, OSError):
            total = None
        if self.limit is not None:
            total = min(total, self.limit) if total is not None else self.limit
        self.bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True)

        def on_phase(phase: str) -> None:
            self.bar.set_description(phase)

        return self.bar.update, on_phase

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


@main.command()
@click.argument("store_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.argument("sources", nargs=-1, required=True)
@_fail_cleanly
def delete(store_dir, sources):
    """Remove from STORE_DIR every article graph built from SOURCES (as kg:sourceDocument names them)."""
    from .store import delete_source

    for source in sources:
        dropped = delete_source(store_dir, source)
        click.echo(f"{source}: {dropped} article graphs removed")


@main.command("eval")
@click.argument("gold", type=click.Path(path_type=Path, exists=True))
@click.argument("graphs", required=False, type=click.Path(path_type=Path, exists=True))
@click.option("--texts", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Build each gold page from its text in this folder (one pipeline, in-process) instead of reading graphs.")
@click.option("--place", help="With --texts: the paper's place for every page (default: inferred per page, as kg build does).")
@click.option("--details", is_flag=True, help="Also break relations down by method and list missed and spurious items.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (the reference scorer's fields, plus pages).")
@click.option("--folds", type=click.IntRange(min=2), default=None,
              help="With --texts and a gold folder: page-level cross-validation; each fold's pages are built by a span tagger and a relation "
                   "classifier trained on the other pages (+ --corpora).")
@click.option("--corpora", type=click.Path(path_type=Path, file_okay=False), default=Path("../shared/corpora"), show_default=True,
              help="With --folds: DuIE and FinRE for the classifier (see --corpus-weight).")
@click.option("--corpus-weight", type=click.FloatRange(min=0), default=None,
              help="With --folds: weight of the corpus examples (0: dev pages only; default: as the shipped model was trained).")
@click.option("--ner-model", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="With --texts: build with this trained NER pipeline instead of the shipped one (to judge a retrained NER).")
@_fail_cleanly
def evaluate(gold, graphs, texts, place, details, as_json, folds, corpora, corpus_weight, ner_model):
    """Score graphs against gold: GOLD GRAPH (one file each), GOLD_DIR GRAPHS_DIR (NAME/graph.ttl or NAME.ttl
    per gold page, NAME being the stem of the gold's source), or GOLD_DIR --texts TEXTS_DIR.
    Prints P/R/F1 per type, per relation and micro, and a line per page."""
    import json

    from . import evaluate as ev

    if (graphs is None) == (texts is None):
        raise UserError("give either a GRAPH file or folder, or --texts FOLDER")
    if place and texts is None:
        raise UserError("--place only applies with --texts")
    if folds is not None and (texts is None or not gold.is_dir()):
        raise UserError("--folds needs a gold folder and --texts")
    if ner_model is not None and texts is None:
        raise UserError("--ner-model only applies with --texts")
    if folds is not None:
        pages = ev.gold_pages(gold)
        from .relation_training import TrainingError, cross_validated_report

        try:
            report = cross_validated_report(pages, texts, folds, corpora, corpus_weight, place=place, ner_model=ner_model)
        except TrainingError as error:
            raise UserError(str(error)) from None
    elif gold.is_file() and graphs is not None:
        if graphs.is_dir():
            raise UserError(f"{graphs}: for one gold file give one graph file")
        report = ev.score(gold, ev.load_graph(graphs))
        pages = []
    else:
        pages = ev.gold_pages(gold) if gold.is_dir() else [ev.gold_page(gold)]
        if texts is not None:
            built = ev.build_page_graphs(pages, texts, place=place, ner_model=ner_model)
        elif graphs.is_file():
            raise UserError(f"{graphs}: for a gold folder give a folder of graphs")
        else:
            built = (_page_graph(ev, graphs, page) for page in pages)
        report = ev.score_pages(pages, built)
    if as_json:
        data = report.as_json()
        if folds is not None:
            data["cross_validated"] = {"folds": folds, "by": "page"}
        if pages:
            data["pages"] = {p.name: dict(p.report.as_json(), problem=p.problem) for p in pages}
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for page in pages:
        click.echo(ev.page_line(page))
    if folds is not None:
        click.echo(f"cross-validated: {folds} folds by page (fold k = gold pages k, k+{folds}, ...), "
                   "the span tagger and the relation classifier trained without the pages they build")
    for line in report.lines():
        click.echo(line)
    if details:
        for line in report.method_lines() + report.detail_lines():
            click.echo(line)


def _page_graph(ev, folder: Path, page):
    path = ev.find_graph(folder, page.name)
    if path is None:
        page.problem = f"no graph for {page.name} in {folder}"
        return None
    return ev.load_graph(path)


@main.command("eval-ner")
@click.argument("bio_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--model", type=click.Path(path_type=Path), default=None, help="NER pipeline (default: the shipped one).")
@click.option("--fast-ner", is_flag=True, help="Score the pipeline's fast decoder (kg_ner_head) instead of the transition-based one.")
@_fail_cleanly
def eval_ner(bio_file, model, fast_ner):
    """Score the NER on a character-per-line BIO file: a line per label, speed, then micro P/R/F1."""
    from .ner import load_ner
    from .ner_corpus import CorpusFormatError
    from .ner_eval import evaluate_bio

    try:
        report = evaluate_bio(load_ner(model, decoder="fast" if fast_ner else None), bio_file)
    except CorpusFormatError as error:
        raise UserError(str(error)) from None
    for line in report.lines():
        click.echo(line)


@main.command("train-ner")
@click.option("--corpora", type=click.Path(path_type=Path, file_okay=False), default=Path("../shared/corpora"), show_default=True)
@click.option("--output", type=click.Path(path_type=Path), required=True, help="Training directory (model-best/ is the result).")
@click.option("--config", type=click.Path(path_type=Path, exists=True), default=None, help="spaCy config (default: the shipped kg/resources/training/config.cfg).")
@click.option("--cluener/--no-cluener", default=False, show_default=True,
              help="Add CLUENER2020 train mapped to PER/LOC/ORG (measured: lowers People's Daily dev F1).")
@click.option("--finetune/--no-finetune", default=False, show_default=True,
              help="Also run stage two (kg/resources/training/finetune.cfg, lower learning rate); measured no better than a longer stage one.")
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


@main.command("train-ner-head")
@click.option("--encoder", type=click.Path(path_type=Path, exists=True, file_okay=False), required=True,
              help="A pipeline trained by train-ner (its tok2vec is kept frozen; its NER decoder is dropped).")
@click.option("--corpora", type=click.Path(path_type=Path, file_okay=False), default=Path("../shared/corpora"), show_default=True)
@click.option("--output", type=click.Path(path_type=Path), required=True, help="Pipeline folder (tok2vec + kg_ner_head).")
@click.option("--window", type=click.IntRange(0, 4), default=1, show_default=True, help="Neighbouring characters' vectors on each side.")
@click.option("--hidden", type=click.IntRange(min=0), default=64, show_default=True, help="Hidden maxout width (0: a linear softmax).")
@click.option("--epochs", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--distil-from", "teacher", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Also train on CLUENER2020 and FinRE sentences labelled by this pipeline (usually --encoder's).")
@click.option("--encoder-blocks", type=click.IntRange(min=0), default=0, show_default=True,
              help="Read the encoder's output after its first N residual blocks, skipping the rest at prediction too (0: all).")
@click.option("--limit", type=int, default=None, help="Use only the first N training sentences (smoke runs).")
@_fail_cleanly
def train_ner_head_command(encoder, corpora, output, window, hidden, epochs, teacher, encoder_blocks, limit):
    """Fit the fast NER decoder (BIOES + constrained Viterbi) on a trained encoder; the epoch is chosen on People's Daily dev."""
    from .ner import train_ner_head

    def report(epoch):
        click.echo(f"epoch {epoch.epoch}: People's Daily dev F1 {epoch.dev_f1:.4f} ({epoch.seconds:.0f} s)")

    history = train_ner_head(encoder, corpora, output, window=window, hidden=hidden, epochs=epochs, limit=limit,
                             teacher=teacher, encoder_blocks=encoder_blocks, report=report)
    best = max(history, key=lambda h: h.dev_f1)
    click.echo(f"kept epoch {best.epoch} (F1 {best.dev_f1:.4f}): {output}")


@main.command("train-relations")
@click.option("--gold", type=click.Path(path_type=Path, exists=True, file_okay=False), default=Path("../shared/dev/gold"), show_default=True)
@click.option("--texts", type=click.Path(path_type=Path, exists=True, file_okay=False), default=Path("../shared/dev/texts"), show_default=True)
@click.option("--corpora", type=click.Path(path_type=Path, file_okay=False), default=Path("../shared/corpora"), show_default=True,
              help="Holds duie2_sample/ and finre/ (not read with --corpus-weight 0).")
@click.option("--corpus-weight", type=click.FloatRange(min=0), default=None, help="Weight of the corpus examples (default: as the shipped model).")
@click.option("--c", "c", type=click.FloatRange(min=0, min_open=True), default=None, help="Inverse regularisation strength (default: as the shipped model).")
@click.option("--corpus-limit", type=click.IntRange(min=1), default=None, help="Read only the first N lines of each corpus (smoke runs).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Model folder (kg/models/relations replaces the shipped one).")
@_fail_cleanly
def train_relations(gold, texts, corpora, corpus_weight, c, corpus_limit, output):
    """Train the relation classifier on every gold page (+ DuIE and FinRE) and write it as JSON + npz."""
    from . import evaluate as ev
    from .relation_training import RelationFit, TrainingError, shipped_settings

    settings = shipped_settings()
    weight = settings["corpus_weight"] if corpus_weight is None else corpus_weight
    try:
        fit = RelationFit(texts, output, corpora=corpora if weight > 0 else None, corpus_weight=weight,
                          c=settings["C"] if c is None else c, corpus_limit=corpus_limit)
        model = fit.model(ev.gold_pages(gold))
    except TrainingError as error:
        raise UserError(str(error)) from None
    model.save(output)
    labels = ", ".join(f"{k} {n}" for k, n in model.info["labels"].items())
    click.echo(f"{output}: {len(model.vocabulary)} features, {model.info['examples']} examples ({labels})")


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("graph.html"), show_default=True)
@click.option("--title", default="知识图谱 Knowledge graph", show_default=True)
@click.option("--max-nodes", type=click.IntRange(min=1), default=2000, show_default=True,  # kg.viewer.DEFAULT_MAX_NODES, not imported here (rdflib)
              help="Above this many nodes, draw the most connected ones (search still finds every name).")
@_fail_cleanly
def view(source, output, title, max_nodes):
    """Write the offline HTML explorer for SOURCE (an RDF file or a store directory)."""
    from . import export, viewer
    from .store import open_graph

    export.write_text(output, viewer.render_graph(open_graph(source), title, max_nodes=max_nodes))
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
              help="Writable memory (MB) each query worker may take beyond what it holds idle; a query needing more fails with 500.")
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


def _absolute_iri(ctx, param, value):
    """Check an IRI option before any work starts."""
    if value is not None:
        import pyoxigraph as ox

        try:
            ox.NamedNode(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not an absolute IRI") from None
    return value


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("-f", "--format", "format_name", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]), default=None,
              help="Default: the one the output's suffix names (.ttl .nt .trig .nq .jsonld); nquads for -o -.")
@click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True), required=True, help="A file, or - for standard output.")
@click.option("--void", "void_path", type=click.Path(path_type=Path), default=None, help="Also write a VoID description here.")
@click.option("--license", "license_iri", default=None, metavar="IRI", callback=_absolute_iri,
              help="The licence IRI the VoID states for the data (none is stated without it).")
@_fail_cleanly
def export(source, format_name, output, void_path, license_iri):
    """Export SOURCE as Turtle, TriG, N-Quads, N-Triples or JSON-LD (Oxigraph's serialisers)."""
    from . import export as exporter
    from .store import open_source

    if license_iri and not void_path:
        raise click.UsageError("--license states the licence in the VoID description: add --void FILE")
    format_name = exporter.output_format(output, format_name)
    store = open_source(source)
    count = exporter.export_store(store, output, format_name)
    to_stdout = str(output) == exporter.STDOUT
    click.echo(f"wrote {'standard output' if to_stdout else output} ({count} statements)", err=to_stdout)
    if void_path:
        from .void import describe

        dumps = [] if to_stdout else [output.resolve().as_uri()]
        exporter.write_rdf(describe(store, dumps=dumps, licence=license_iri), void_path, "turtle")
        click.echo(f"wrote {void_path}", err=to_stdout)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@_fail_cleanly
def validate(source):
    """Validate SOURCE against the SHACL shapes (shipped in kg/resources/ontology); prints each violation."""
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


def _refuse_password_argument(ctx, param, value):
    if value is not None:
        raise click.BadParameter("a password on the command line shows in ps and the shell history: "
                                 "set KG_PUSH_PASSWORD or answer the prompt")
    return value


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth")
@click.option("--graph", default=None, help="Put everything into this one graph instead of one graph per article.")
@click.option("--user", default=None, help="Log in as USER; the password is read from KG_PUSH_PASSWORD, else prompted for.")
@click.option("--password", hidden=True, expose_value=False, callback=_refuse_password_argument)
@_fail_cleanly
def push(source, endpoint, graph, user):
    """Upload SOURCE to a triple store through the SPARQL 1.1 Graph Store HTTP Protocol."""
    import os

    from .push import push as upload
    from .store import open_source

    password = None
    if user is not None:
        password = os.environ.get("KG_PUSH_PASSWORD")
        if password is None:
            password = click.prompt(f"password for {user}", hide_input=True, err=True)
    total = 0
    for name, count in upload(open_source(source), endpoint, graph, user, password):
        total += count
    click.echo(f"uploaded {total} triples to {endpoint}")
