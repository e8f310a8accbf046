"""Writing SPARQL results: an aligned table for people, CSV / TSV / SPARQL JSON for programs.

Writers are chosen by name from :data:`WRITERS`. CSV and TSV follow the SPARQL
1.1 CSV/TSV spec (CSV: plain values; TSV: terms in N-Triples syntax); JSON is
the SPARQL 1.1 Query Results JSON format.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Callable, Dict, Iterable, Iterator, List, Optional
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .store import QueryResult, term_text


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _graph_text(result: QueryResult, fmt=ox.RdfFormat.TURTLE) -> str:
    data = ox.serialize(result.triples, format=fmt, prefixes={"kg": "https://w3id.org/kg-zh-news/ontology#"} if fmt == ox.RdfFormat.TURTLE else None)
    return data.decode("utf-8") if isinstance(data, bytes) else data


def write_table(result: QueryResult) -> str:
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return _graph_text(result)
    cells = [[term_text(term) for term in row] for row in result.rows]
    widths = [max([_display_width(v)] + [_display_width(row[i]) for row in cells]) for i, v in enumerate(result.variables)]
    lines = [" | ".join(_pad(v, w) for v, w in zip(result.variables, widths)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def write_csv(result: QueryResult) -> str:
    if result.kind != "select":
        return write_table(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(t) for t in row])
    return buffer.getvalue()


def write_tsv(result: QueryResult) -> str:
    if result.kind != "select":
        return write_table(result)
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return "\n".join(lines) + "\n"


def write_json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    if result.kind == "graph":
        return _graph_text(result, ox.RdfFormat.JSON_LD)
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


WRITERS: Dict[str, Callable[[QueryResult], str]] = {
    "table": write_table,
    "csv": write_csv,
    "tsv": write_tsv,
    "json": write_json,
}


# Streamed serialisations of SELECT results, for the endpoint: a head, one piece per row, a tail,
# so that a large answer is never held whole in memory and can be cut at a row limit.

def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return "<triple>" + "".join(f"<{name}>{_xml_term(t)}</{name}>" for name, t in parts) + "</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_line(values: List[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


class SolutionStream:
    """SELECT solutions as text pieces in one format; ``rows`` and ``truncated`` are known when the pieces end."""

    def __init__(self, variables: List[str], solutions: Iterable, media_type: str, max_rows: Optional[int] = None):
        self.variables, self.solutions, self.media_type, self.max_rows = variables, solutions, media_type, max_rows
        self.rows, self.truncated = 0, False

    def __iter__(self) -> Iterator[str]:
        head, row, separator, tail = self._parts()
        yield head
        for solution in self.solutions:
            if self.max_rows is not None and self.rows >= self.max_rows:
                self.truncated = True  # one solution past the limit was computed, no more
                break
            yield (separator if self.rows else "") + row([solution[v] for v in self.variables])
            self.rows += 1
        yield tail

    def _parts(self):
        names = self.variables
        if self.media_type in ("application/sparql-results+json", "application/json"):
            def row(terms):
                return json.dumps({v: _json_term(t) for v, t in zip(names, terms) if t is not None}, ensure_ascii=False)
            return '{"head":{"vars":' + json.dumps(names, ensure_ascii=False) + '},"results":{"bindings":[\n', row, ",\n", "\n]}}\n"
        if self.media_type == "text/csv":
            return _csv_line(names), lambda terms: _csv_line([_plain(t) for t in terms]), "", ""
        if self.media_type == "text/tab-separated-values":
            def tsv_row(terms):
                return "\t".join("" if t is None else str(t) for t in terms) + "\n"
            return "\t".join(f"?{v}" for v in names) + "\n", tsv_row, "", ""
        if self.media_type == "application/sparql-results+xml":
            head = ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
                    + "".join(f"<variable name={quoteattr(v)}/>" for v in names) + "</head><results>\n")

            def xml_row(terms):
                bindings = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(names, terms) if t is not None)
                return f"<result>{bindings}</result>\n"
            return head, xml_row, "", "</results></sparql>\n"
        raise ValueError(f"no streamed writer for {self.media_type}")
