"""Which files the trace reads, and reading them (in a worker process, like the code stage).

The trace reads what the code stage reads (Python, YAML, JSON) and what launches runs: shell
scripts, job files and Makefiles. Folders are walked as the code stage walks them (hidden,
virtualenv and build folders skipped); each file passes the same gates (a regular file inside
the audited folder, below the size cap) before a reader sees it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from paperlint.code.files import NOT_CONFIG_JSON, SKIP_DIRS, display_path, read_regular
from paperlint.errors import PaperlintError
from paperlint.trace.records import Search

SUFFIXES: dict[str, str] = {
    ".py": "python",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".slurm": "shell",
    ".sbatch": "shell",
    ".pbs": "shell",
    ".job": "shell",
}
NAMES: dict[str, str] = {"Makefile": "shell", "makefile": "shell", "GNUmakefile": "shell"}
#: configs larger than this are data, not settings (the code stage's cap for configs)
MAX_CONFIG_SIZE = 256_000
#: folders that by convention hold other projects' code (copied libraries, submodules)
VENDOR_DIRS = frozenset(
    {
        "third_party",
        "thirdparty",
        "3rdparty",
        "third-party",
        "vendor",
        "vendored",
        "external",
        "extern",
    }
)


@dataclass(frozen=True)
class TraceFile:
    path: str  # absolute
    display: str
    language: str


def code_test(path: str) -> bool:
    """A test of the code (``tests/test_model.py``): its values are fixtures, not settings,
    and the searches it defines test a tuner, they are not the project's."""
    name = path.rsplit("/", 1)[-1]
    return (
        not path
        or name.startswith("test_")
        or name.endswith("_test.py")
        or any(part in ("tests", "test") for part in path.split("/")[:-1])
    )


def vendored(path: str) -> bool:
    """A file of a library that the signature tables describe (``src/transformers/``, a copy
    of ``torch``) vendored into the repository: the library's code, not the project's. A
    package folder of that name (with ``__init__.py``) counts, a script named so does not."""
    from paperlint.code.signatures import table

    libraries = {k.split(".", 1)[0] for k in table()}
    p = Path(path)
    return any(
        parent.name in libraries and (parent / "__init__.py").is_file() for parent in p.parents
    )


def language_of(name: str) -> str | None:
    if name in NAMES:
        return NAMES[name]
    return SUFFIXES.get(os.path.splitext(name)[1].lower())


def _glob(pattern: str) -> re.Pattern[str]:
    out = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", ".")
    return re.compile(f"(^|/){out}($|/)")


def discover(paths: Iterable[str | Path], exclude: Iterable[str] = ()) -> list[TraceFile]:
    """Every file under ``paths`` a reader may read, in a stable order (missing paths are the
    code stage's to report)."""
    excluded = [_glob(g) for g in exclude]
    found: dict[str, TraceFile] = {}

    def add(path: Path, lang: str, rel: str) -> None:
        display = display_path(path)
        if any(r.search(display) for r in excluded) or NOT_CONFIG_JSON.search(display):
            return
        if code_test(rel):  # relative to the audited folder: a project may live in ~/test/
            return
        found.setdefault(str(path), TraceFile(str(path), display, lang))

    for arg in paths:
        p = Path(arg)
        if p.is_file():
            lang = language_of(p.name)
            if lang:
                add(p.absolute(), lang, p.name)
            continue
        if not p.is_dir():
            continue
        root = p.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not d.startswith(".")
                and d not in SKIP_DIRS
                and d.lower() not in VENDOR_DIRS
                and not d.endswith(".egg-info")
            )
            for name in sorted(filenames):
                lang = language_of(name)
                if lang is None or name.startswith("."):
                    continue
                full = Path(dirpath) / name
                try:
                    st = os.lstat(full)
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue  # symlinks, FIFOs, devices: never opened
                add(full, lang, full.relative_to(root).as_posix())
    return sorted(found.values(), key=lambda f: f.display)


def read_searches(
    files: list[TraceFile], max_file_size: int
) -> tuple[tuple[Search, ...], int, tuple[str, ...]]:
    """Run every reader over ``files`` (in the worker): the searches, how many files were read,
    and notes on the files that could not be read."""
    from paperlint.trace import readers
    from paperlint.trace.source import SourceFile

    searches: list[Search] = []
    notes: list[str] = []
    sources: list[SourceFile] = []
    read = 0
    skipped = 0
    for f in files:
        if vendored(f.path):
            skipped += 1
            continue
        cap = MAX_CONFIG_SIZE if f.language in ("yaml", "json") else max_file_size
        try:
            data = read_regular(f.path, f.display, cap, nofollow=True)
        except PaperlintError as e:
            if e.code != "E103" or f.language not in ("yaml", "json"):
                notes.append(f"{f.display}: {e.message}")
            continue
        if b"\x00" in data[:8192]:
            continue
        text = data.decode("utf-8", "replace")
        src = SourceFile(f.display, text, f.language)
        read += 1
        sources.append(src)
        for name in readers.for_language(f.language):
            reader = readers.module(name)
            if not any(h in text for h in reader.HINTS):
                continue
            try:
                searches.extend(reader.read(src))
            except (RecursionError, ValueError, TypeError, AttributeError, IndexError) as e:
                notes.append(f"{f.display}: the {name} reader failed ({type(e).__name__})")
    for name in readers.project_readers():
        try:
            searches.extend(readers.module(name).read_project(sources))
        except (RecursionError, ValueError, TypeError, AttributeError, IndexError) as e:
            notes.append(f"the {name} reader failed ({type(e).__name__})")
    if skipped:
        notes.append(
            f"{skipped} file(s) of vendored libraries (a copy of transformers, torch ...) not read"
        )
    return tuple(searches), read, tuple(notes)


def read_deleted(entries: list[tuple[str, str, str]]) -> tuple[Search, ...]:
    """The searches of definitions the history shows were deleted (in the worker): each entry
    is (display path, the deleting commit, the file's text before it)."""
    from dataclasses import replace

    from paperlint.trace import readers
    from paperlint.trace.source import SourceFile

    out: list[Search] = []
    for display, commit, text in entries:
        lang = language_of(display.rsplit("/", 1)[-1])
        if lang is None:
            continue
        src = SourceFile(display, text, lang)
        for name in readers.for_language(lang):
            reader = readers.module(name)
            if not any(h in text for h in reader.HINTS):
                continue
            try:
                found = reader.read(src)
            except (RecursionError, ValueError, TypeError, AttributeError, IndexError):
                continue
            out.extend(
                replace(
                    s,
                    id=f"{s.id}@{commit}",
                    deleted_in=commit,
                    detail=f"{s.detail}, deleted in {commit}",
                )
                for s in found
            )
    return tuple(out)
