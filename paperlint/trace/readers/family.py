"""Families of configs: files of one folder and format that set the same settings and differ
in one or two of them (``lr_1e-3.yaml`` and ``lr_3e-4.yaml``, ``dropout_0.1.json`` and
``dropout_0.3.json``). Each differing setting was run with every value the family holds.

Only settings the vocabulary names are compared (a learning rate, a dropout rate, a batch size):
configs also differ in names, paths and dataset switches, which are not searched. And a member's
file name must carry its value (``lr_3e-4.yaml``): configs named for a model or a dataset
(``config_stgcn.yaml``, ``config_dcrnn.yaml``) are other experiments, even when they differ in
one setting only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath

from paperlint.trace.records import Search, Space
from paperlint.trace.source import SourceFile, number, space

LANGUAGES = ("yaml", "json")
HINTS = ("",)
#: the most settings two members may differ in, and the least share of settings they share
MAX_DIFFERENCES = 2
MIN_SHARED = 0.8


def _settings(src: SourceFile) -> dict[str, tuple[str, int]] | None:
    """The file's leaf settings: dotted path → (value as written, line). None if unreadable."""
    docs = src.yaml_documents()
    if len(docs) != 1 or not docs[0].is_map:
        return None
    out: dict[str, tuple[str, int]] = {}
    for path, node in docs[0].walk():
        if node.is_scalar:
            out[".".join(path)] = (node.text, node.at)
        elif node.is_list and node.scalars() and len(node.scalars()) == len(node.value):
            out[".".join(path)] = ("[" + ", ".join(n.text for n in node.value) + "]", node.at)
    return out


def _known(path: str) -> bool:
    from paperlint.code.settings import is_known_setting

    leaf = path.rsplit(".", 1)[-1]
    return space(leaf, "values", "", 0) is not None and is_known_setting(leaf)


def read_project(files: list[SourceFile]) -> list[Search]:
    folders: dict[tuple[str, str], list[tuple[SourceFile, dict]]] = defaultdict(list)
    for f in files:
        if f.language not in LANGUAGES:
            continue
        got = _settings(f)
        if got and len(got) >= 2:
            folders[(str(PurePosixPath(f.path).parent), f.language)].append((f, got))
    out: list[Search] = []
    for members in folders.values():
        if len(members) < 2:
            continue
        for family in _families(members):
            found = _search(family)
            if found is not None:
                out.append(found)
    return out


def _differences(a: dict, b: dict) -> list[str] | None:
    """The known settings two configs differ in, or None when they are not one family."""
    keys = set(a) | set(b)
    shared = set(a) & set(b)
    if not keys or len(shared) / len(keys) < MIN_SHARED:
        return None
    differ = [k for k in shared if a[k][0] != b[k][0]]
    if any(not _known(k) for k in differ):
        # another kind of difference (a name, a path, a switch): another experiment
        return None
    return differ if 0 < len(differ) <= MAX_DIFFERENCES else None


def _families(members: list[tuple[SourceFile, dict]]) -> list[list[tuple[SourceFile, dict]]]:
    """Groups of configs that pairwise differ in the same one or two settings."""
    members = sorted(members, key=lambda m: m[0].path)
    groups: list[tuple[frozenset[str], list[tuple[SourceFile, dict]]]] = []
    for m in members:
        for keys, group in groups:
            diffs = [_differences(g[1], m[1]) for g in group]
            if all(d is not None and set(d) <= keys for d in diffs):
                group.append(m)
                break
        else:
            for other in members:
                if other is m:
                    continue
                d = _differences(other[1], m[1])
                if d is not None and not any(m in g for _, g in groups):
                    groups.append((frozenset(d), [m]))
                    break
    return [g for _, g in groups if len(g) >= 2]


def _named_for(f: SourceFile, settings: dict, keys: list[str]) -> bool:
    """The file's name carries its value of a differing setting (``lr_1e-3.yaml``,
    ``dropout0p1.json``): configs named for something else (``config_stgcn.yaml``,
    ``config_dcrnn.yaml``) are other models or datasets, not a search over what they differ in."""
    stem = re.sub(r"[^a-z0-9]", "", PurePosixPath(f.path).stem.lower())
    for k in keys:
        if k not in settings:
            continue
        value = settings[k][0].lower().strip("'\"")
        forms = {re.sub(r"[^a-z0-9]", "", v) for v in (value, value.replace(".", "p"))}
        if any(form and form in stem for form in forms):
            return True
    return False


def _search(family: list[tuple[SourceFile, dict]]) -> Search | None:
    first = family[0][1]
    keys = sorted({k for _, s in family[1:] for k in s if k in first and s[k][0] != first[k][0]})
    family = [(f, s) for f, s in family if _named_for(f, s, keys)]
    if len(family) < 2:
        return None
    first_file, first = family[0]
    spaces: list[Space] = []
    for k in keys:
        values = tuple(dict.fromkeys(s[k][0] for _, s in family if k in s))
        if all(number(v) is not None for v in values):
            values = tuple(sorted(values, key=lambda v: number(v) or 0.0))
        if len(values) < 2:
            continue
        got = space(k, "values", first_file.path, first[k][1], values=values)
        if got is not None:
            spaces.append(got)
    if not spaces:
        return None
    names = ", ".join(PurePosixPath(f.path).name for f, _ in family)
    return Search(
        id=f"family:{first_file.path}:{spaces[0].line}",
        source="family",
        file=first_file.path,
        line=spaces[0].line,
        method="family",
        spaces=tuple(spaces),
        configurations=len(family),
        detail=f"{len(family)} configs: {names}",
    )
