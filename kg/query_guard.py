"""Checks on a SPARQL query's text before any engine parses it.

Oxigraph's parser and optimiser recurse over the query: thousands of nested
brackets overflow the stack and kill the process (a segfault, not an error),
and a ``SERVICE`` clause makes the engine open an HTTP connection to any address
the query names. Both are found here on the query's tokens, with strings, IRIs
and comments skipped, so that a ``"SERVICE"`` literal or an IRI ending in
``#{`` neither hides nor fakes them.
"""

from __future__ import annotations

import re

MAX_NESTING = 200  # far above any hand-written query; far below what overflows Oxigraph's parser

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
_COMMENT = re.compile(r"#[^\n]*")
# SERVICE as a keyword: not part of a variable (?SERVICE), a prefixed name (ex:SERVICE, SERVICE:x) or a longer word.
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.I)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*<>\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


class QueryRefused(ValueError):
    """A query the checks refuse, with the HTTP status an endpoint answers it with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def code_text(sparql: str) -> str:
    """The query with every string and IRI emptied and comments removed: what is left is keywords and punctuation."""
    out, position = [], 0
    while position < len(sparql):
        char = sparql[position]
        if char == "#":
            match = _COMMENT.match(sparql, position)
        elif char in "\"'":
            match = _STRING.match(sparql, position)
            if match is None:  # an unterminated string: the parser will refuse it; keep nothing of it
                break
            out.append('""')
            position = match.end()
            continue
        elif char == "<":
            match = _IRI.match(sparql, position)
            if match is not None:
                out.append("<>")
                position = match.end()
                continue
            out.append(char)  # the less-than operator
            position += 1
            continue
        else:
            match = None
        if match is not None:
            position = match.end()
            continue
        out.append(char)
        position += 1
    return "".join(out)


def nesting_depth(code: str) -> int:
    depth = deepest = 0
    for char in code:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]" and depth:
            depth -= 1
    return deepest


def check_query(sparql: str, allow_service: bool = False, max_nesting: int = MAX_NESTING) -> None:
    """Raise :class:`QueryRefused` for an update, a query nested too deep, or a SERVICE clause not allowed."""
    code = code_text(sparql)
    if _UPDATE.match(code):
        raise QueryRefused("SPARQL UPDATE is refused: this is a read-only query interface", status=403)
    depth = nesting_depth(code)
    if depth > max_nesting:
        raise QueryRefused(f"the query nests brackets {depth} levels deep; the limit is {max_nesting}")
    if not allow_service and _SERVICE.search(code):
        raise QueryRefused("SERVICE (federated query) is off: it would make this machine connect to other addresses; "
                           "start with --allow-service to allow it")
