"""Home-grown grids: a YAML or JSON file named for a search (``sweep.yaml``, ``grid.json``,
``hparam_search.yaml``, ``tuning.yml``) that maps settings to lists of values, which a project's
own launcher expands into runs:

    optimizer.lr: [1e-1, 1e-2, 1e-3]
    model.nheads: [1, 2, 4, 8]

A list under a file of another name is a setting's value (a list of milestones, of channels),
not a grid; so is a list in a W&B sweep, which its own reader reads."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from paperlint.trace.records import Search, Space
from paperlint.trace.source import SourceFile, grid_size, space

LANGUAGES = ("yaml", "json")
HINTS = ("",)
#: words of a file name that say the file defines a search
#: a grid larger than this is not run whole: a launcher samples it (how many: not stated)
MAX_GRID = 10_000
NAME = re.compile(
    r"(?:^|[^a-z])(?:sweeps?|grids?|search|hparams?|hyper_?params?|tun(?:e|ing))(?:[^a-z]|$)"
)


#: a value a run takes: a number, a flag, a word (no spaces)
VALUE = re.compile(r"[\w.+\-/:]{1,60}")


def _entries(node, path: tuple[str, ...]):
    """Every entry of nested mappings, with its path; lists of records are not descended into
    (they are a job's description, not a grid's settings)."""
    for key, value in node.items():
        yield (*path, key), value
        if value.is_map:
            yield from _entries(value, (*path, key))


def read(src: SourceFile) -> list[Search]:
    stem = PurePosixPath(src.path).stem.lower()
    if not NAME.search(stem):
        return []
    out = []
    for doc in src.yaml_documents():
        if not doc.is_map or any(
            doc.get(k) is not None for k in ("parameters", "method", "search")
        ):
            continue  # a W&B sweep, a cluster job search: their own readers read them
        spaces: list[Space] = []
        for path, node in _entries(doc, ()):
            if not node.is_list or len(node.value) < 2 or len(node.scalars()) != len(node.value):
                continue
            if not all(VALUE.fullmatch(n.text) for n in node.value):
                continue  # commands, sentences: not values a run takes
            got = space(
                ".".join(path),
                "values",
                src.path,
                node.at,
                values=tuple(n.text for n in node.value),
            )
            if got is not None:
                spaces.append(got)
        if spaces:
            size = grid_size(spaces)
            whole = size <= MAX_GRID
            out.append(
                Search(
                    id=f"grid:{src.path}:{spaces[0].line}",
                    source="grid",
                    file=src.path,
                    line=spaces[0].line,
                    method="grid" if whole else "random",
                    spaces=tuple(spaces),
                    configurations=size if whole else 0,
                    detail="grid file"
                    if whole
                    else f"search space ({size:,} combinations: sampled)",
                )
            )
    return out
