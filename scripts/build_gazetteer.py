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
    parents = {}
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if not fields[0] or depth > 3:
            continue
        level = depth + 1
        name = fields[0]
        code = fields[1] if len(fields) > 1 else ""
        short = fields[2] if len(fields) > 2 else ""
        parent = parents.get(level - 1, "")
        if level == 2 and name == parents.get("name1"):
            # municipalities repeat themselves one level down (上海市 / 上海市)
            parents[2] = parent
            continue
        identifier = code or f"{parent}:{name}"
        parents[level] = identifier
        parents[f"name{level}"] = name
        yield identifier, name, short, str(level), parent


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    text = read_location_text(Path(sys.argv[1]))
    lines = ["\t".join(row) for row in rows(text)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("id\tname\tshort\tlevel\tparent\n")
        handle.write("\n".join(lines) + "\n")
    print(f"wrote {OUT} ({len(lines)} divisions)")


if __name__ == "__main__":
    main()
