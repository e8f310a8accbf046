"""Writing graphs to files: serialisers chosen by name, every write atomic."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional, Union

from rdflib import BNode, Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID


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
        temporary.write_text(clean_text(text), encoding="utf-8")


def write_rdf(graph: Union[Graph, Dataset], path: Path, format_name: str) -> None:
    """Write an rdflib graph (or a dataset, for quad formats) sorted, with clean text, by Oxigraph's serialisers:
    identical graphs give identical files, and every output parses with strict readers such as rapper."""
    import pyoxigraph as ox

    fmt = FORMATS[format_name]
    if isinstance(graph, Dataset) and not fmt.quads:
        raise TypeError(f"{fmt.name} holds a single graph: pass the union graph")
    if isinstance(graph, Dataset):
        statements = sorted((ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), _ox_graph_name(g)) for s, p, o, g in graph.quads()),
                            key=_sort_key)
    else:
        statements = sorted((ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in graph), key=_sort_key)
    with atomic_path(path) as temporary:
        _serialize(statements, str(temporary), format_name)


# --------------------------------------------------------------------------
# Text that strict RDF readers refuse. Unicode non-characters (U+FDD0..U+FDEF and the last two code points
# of every plane, U+FFFE/U+FFFF among them) are not for interchange, and rapper rejects a file holding one;
# unpaired surrogates (from JSON escapes such as "\\ud800") cannot be encoded as UTF-8 at all.
# Both become U+FFFD, the replacement character.

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_UNSAFE = re.compile(f"[{_NONCHARACTERS}\ud800-\udfff]")


def clean_text(text: str) -> str:
    return _UNSAFE.sub("\ufffd", text)


def _ox_term(term):
    import pyoxigraph as ox

    if isinstance(term, Literal):
        text = clean_text(str(term))
        if term.language:
            return ox.Literal(text, language=term.language)
        return ox.Literal(text, datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(text)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def _ox_graph_name(name):
    import pyoxigraph as ox

    return ox.DefaultGraph() if name is None or str(name) == str(DATASET_DEFAULT_GRAPH_ID) else _ox_term(name)


def _sort_key(statement) -> tuple:
    import pyoxigraph as ox

    graph = getattr(statement, "graph_name", None)
    graph = "" if graph is None or isinstance(graph, ox.DefaultGraph) else str(graph)  # the default graph first
    return (graph, str(statement.subject), str(statement.predicate), str(statement.object))


def _clean_statement(statement):
    """The statement with its literal's text cleaned (only literals can carry text from the articles)."""
    import pyoxigraph as ox

    obj = statement.object
    if not isinstance(obj, ox.Literal) or not _UNSAFE.search(obj.value):
        return statement
    text = clean_text(obj.value)
    obj = ox.Literal(text, language=obj.language) if obj.language else ox.Literal(text, datatype=obj.datatype)
    if isinstance(statement, ox.Quad):
        return ox.Quad(statement.subject, statement.predicate, obj, statement.graph_name)
    return ox.Triple(statement.subject, statement.predicate, obj)


# --------------------------------------------------------------------------
# Exports from a store, written by Oxigraph's serialisers (fast at a million triples).

STDOUT = "-"


def _oxigraph_format(name: str):
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[name]


def _serialize(statements, output, format_name: str) -> None:
    import pyoxigraph as ox

    from .vocab import PREFIXES

    kwargs = {"prefixes": {name: str(ns) for name, ns in PREFIXES.items()}} if format_name in ("turtle", "trig") else {}
    ox.serialize(statements, output, format=_oxigraph_format(format_name), **kwargs)


def output_format(output: Union[str, Path], requested: Optional[str] = None) -> str:
    """The format to write ``output`` in: ``requested`` if given, else the one its suffix names.
    A suffix naming another format than the requested one is refused, not silently overridden;
    standard output ("-") defaults to N-Quads, which keeps the named graphs."""
    if str(output) == STDOUT:
        return requested or "nquads"
    by_suffix = next((fmt.name for fmt in FORMATS.values() if str(output).endswith(fmt.suffix)), None)
    if requested and by_suffix and requested != by_suffix:
        raise ValueError(f"-f {requested} does not match {Path(output).name} (its suffix means {by_suffix}): "
                         f"change the suffix or the format")
    if requested or by_suffix:
        return requested or by_suffix
    known = ", ".join(f"{fmt.suffix} ({fmt.name})" for fmt in FORMATS.values())
    raise ValueError(f"cannot tell the format of {Path(output).name} from its suffix: use one of {known}, or pass -f")


def export_store(store, output: Union[str, Path], format_name: str) -> int:
    """Write a store's contents to a file or, for "-", to standard output; triple formats get the union
    (deduplicated), quad formats keep graphs. Returns the number of statements written."""
    import pyoxigraph as ox

    from .store import content_quads

    fmt = FORMATS[format_name]
    if fmt.quads:
        found = content_quads(store)
    else:  # the union, each triple once
        found = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in content_quads(store)))
    statements = [_clean_statement(statement) for statement in found]
    if str(output) == STDOUT:
        sys.stdout.flush()
        _serialize(statements, sys.stdout.buffer, format_name)
        sys.stdout.buffer.flush()
    else:
        with atomic_path(Path(output)) as temporary:
            _serialize(statements, str(temporary), format_name)
    return len(statements)
