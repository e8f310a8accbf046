"""Build kg/resources/divisions.tsv.gz from jionlp's packaged division data.

Source: the ``jionlp`` wheel on PyPI (Apache-2.0), file
``jionlp/dictionary/china_location.zip`` → ``china_location.txt``: the
national administrative divisions (province → prefecture → county → township →
village) with division codes and official short forms down to county level.
Villages are left out (hundreds of thousands of highly ambiguous names).

    pip download --no-deps jionlp -d /tmp/jionlp
    python scripts/build_gazetteer.py /tmp/jionlp/jionlp-*.whl

Output columns: id, name, short, level (1 province … 4 township), parent id.
A township has no code of its own in the source: its id is the county code
plus the name.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "resources" / "divisions.tsv.gz"


def read_location_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        if path.suffix == ".whl":
            inner = archive.read("jionlp/dictionary/china_location.zip")
            archive = zipfile.ZipFile(io.BytesIO(inner))
        return archive.read("china_location.txt").decode("utf-8")


def rows(text: str):
    """(id, name, short, level, parent) rows with unique ids and a parent chain that ends.

    The source repeats codes: a pseudo-county 市直辖行政区划 carries its prefecture's code
    (东莞, 中山, 儋州, 嘉峪关 have no county level), 香港/澳门 repeat the SAR's code one level
    down and give every district that code too, and a few zones share one code. A node
    that repeats its parent's code is folded into the parent (its children move up); any
    other repeated code gets a name-qualified id."""
    stack = {}  # depth -> id of the nearest kept node at or above that depth
    names = {}  # depth -> the printed name and short form at that depth
    seen = set()
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t\r").split("\t")
        if not fields[0] or depth > 3:
            continue
        level = depth + 1
        name = fields[0]
        code = fields[1] if len(fields) > 1 else ""
        short = fields[2] if len(fields) > 2 else ""
        parent = stack.get(depth - 1, "") if depth else ""
        names[depth] = (name, short)
        if depth and (name == "市直辖行政区划" or name in names.get(depth - 1, ())):
            # a level that only repeats its parent (上海市/上海市, 香港特别行政区/香港, 东莞市/市直辖)
            stack[depth] = parent
            continue
        identifier = code if code and code != parent and code not in seen else f"{parent or code}:{name}"
        if identifier in seen:
            continue  # a verbatim repeat of a row already written
        seen.add(identifier)
        stack[depth] = identifier
        yield identifier, name, short, str(level), parent


def check(rows_):
    """Every id once, every parent present, no node its own ancestor."""
    parent_of = {}
    for identifier, _, _, _, parent in rows_:
        if identifier in parent_of:
            raise SystemExit(f"duplicate id {identifier}")
        parent_of[identifier] = parent
    for identifier in parent_of:
        walked, current = set(), identifier
        while current:
            if current in walked or (current != identifier and current not in parent_of):
                raise SystemExit(f"broken parent chain at {identifier}")
            walked.add(current)
            current = parent_of[current]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    text = read_location_text(Path(sys.argv[1]))
    table = list(rows(text))
    check(table)
    lines = ["\t".join(row) for row in table]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("id\tname\tshort\tlevel\tparent\n")
        handle.write("\n".join(lines) + "\n")
    print(f"wrote {OUT} ({len(lines)} divisions)")


if __name__ == "__main__":
    main()
