"""Writing graphs to files: serialisers chosen by name, every write atomic."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Union

from rdflib import Dataset, Graph


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    rdflib_name: str
    quads: bool  # keeps named graphs


FORMATS: Dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ".ttl", "turtle", False),
        Format("ntriples", ".nt", "nt", False),
        Format("trig", ".trig", "trig", True),
        Format("nquads", ".nq", "nquads", True),
        Format("jsonld", ".jsonld", "json-ld", True),
    )
}


def format_for(path: Path) -> Format:
    for fmt in FORMATS.values():
        if str(path).endswith(fmt.suffix):
            return fmt
    raise ValueError(f"{path}: unknown RDF file type (known: {', '.join(f.suffix for f in FORMATS.values())})")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates 0600; outputs are meant to be shared
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def write_rdf(graph: Union[Graph, Dataset], path: Path, format_name: str) -> None:
    fmt = FORMATS[format_name]
    with atomic_path(path) as temporary:
        if fmt.quads or not isinstance(graph, Dataset):
            graph.serialize(destination=str(temporary), format=fmt.rdflib_name, encoding="utf-8")
        else:
            raise TypeError(f"{fmt.name} holds a single graph: pass the union graph")


# --------------------------------------------------------------------------
# Exports from a store, written by Oxigraph's serialisers (fast at a million triples).

def _oxigraph_format(name: str):
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[name]


def export_store(store, path: Path, format_name: str) -> int:
    """Write a store's contents; triple formats get the union (deduplicated), quad formats keep graphs.
    Returns the number of statements written."""
    import pyoxigraph as ox

    from .vocab import PREFIXES

    fmt = FORMATS[format_name]
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    if fmt.quads:
        statements = list(store.quads_for_pattern(None, None, None, None))
    else:
        statements = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    kwargs = {"prefixes": prefixes} if format_name in ("turtle", "trig") else {}
    with atomic_path(path) as temporary:
        ox.serialize(statements, str(temporary), format=_oxigraph_format(format_name), **kwargs)
    return len(statements)
