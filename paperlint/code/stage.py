"""The code stage as an audit runs it: files found here, parsed in a worker process.

The calling process never imports libcst or the analyzer (:mod:`paperlint.code.project` and
what it imports): an audit's main process spends that time loading the sentence pipeline while
the worker parses, and a cache hit imports neither. The worker (:mod:`paperlint.sandbox`) gets
three kinds of task:

1. per file, the gates and the file's imports (``gate_file``);
2. per Python file, libcst's reading of it, knowing what ``from module import *`` gives it —
   worked out here, from the imports every file reported in step 1 (``analyze_file``);
3. once, the project-wide step: building blocks expanded across files, settings resolved
   (``inventory_of``), which returns the :class:`~paperlint.model.CodeInventory`.

A file that hangs or crashes its worker costs that file (the worker is restarted). The facts of
a file travel between the steps as opaque bytes: this process hands them back to the worker and
decodes only the inventory's records, through the sandbox's allow-list.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperlint.errors import PaperlintError
from paperlint.model import CodeInventory, SourceFile


@dataclass
class Options:
    exclude: tuple[str, ...] = ()
    max_file_size: int = 2_000_000
    code_timeout: float = 10.0  # seconds per file, in the worker process
    code_memory: int | None = 2 << 30  # bytes of address space for the worker
    debug: bool = False
    niceness: int = 0  # added to the worker's nice value (see paperlint.sandbox.Worker)


@dataclass
class ImportSummary:
    """What step 2 needs to know of a module's imports (all of it plain data)."""

    module: str
    star_modules: list[str] = field(default_factory=list)  # `from x import *`, in order
    names: dict[str, str] = field(default_factory=dict)  # local name → qualified name
    defined: tuple[str, ...] = ()  # public names the module defines at top level


def call(target: str, *args: Any) -> Any:
    """Run ``module:function`` (in the worker): lets this module name the analyzer's functions
    without importing them."""
    module, _, name = target.partition(":")
    if not module.startswith("paperlint."):
        raise ValueError(f"not a paperlint function: {target}")
    return getattr(importlib.import_module(module), name)(*args)


def extract(paths: Iterable[str | Path], options: Options | None = None) -> CodeInventory:
    """Every choice in the code under ``paths`` (files or folders)."""
    from paperlint.code.files import discover

    options = options or Options()
    errors: list[PaperlintError] = []
    files = discover(paths, errors, options.exclude)
    return extract_files(files, errors, options)


def extract_files(files: list, errors: list[PaperlintError], options: Options) -> CodeInventory:
    """The inventory of already discovered ``files`` (``errors``: what discovery refused)."""
    from paperlint.sandbox import Worker

    blobs: dict[str, bytes] = {}  # display → the file's facts (pickled by the worker)
    sources: dict[str, SourceFile] = {}
    pending: list[tuple[Any, bytes, ImportSummary, str, str]] = []
    project = "the project's cross-file reading"
    with Worker(
        memory=options.code_memory, kind="code", debug=options.debug, niceness=options.niceness
    ) as worker:

        def run(fn: str, *args: Any, display: str, timeout: float | None = None) -> Any:
            return worker.call(
                call,
                f"paperlint.code.project:{fn}",
                *args,
                timeout=timeout or options.code_timeout,
                display=display,
            )

        for f in files:
            try:
                got = run("gate_file", f, options.max_file_size, display=f.display)
            except PaperlintError as e:
                errors.append(e)
                continue
            if got[0] == "facts":
                _, blob, language, digest, lines = got
                blobs[f.display] = blob
                sources[f.display] = SourceFile(f.display, language, lines, digest)
            else:
                _, blob, (module, stars, names, defined), language, digest = got
                summary = ImportSummary(module, list(stars), dict(names), tuple(defined))
                pending.append((f, blob, summary, language, digest))
        inherited = star_inherited([s for _, _, s, _, _ in pending])
        for f, blob, summary, language, digest in pending:
            try:
                facts, lines = run(
                    "analyze_file", blob, inherited.get(summary.module, {}), display=f.display
                )
            except PaperlintError as e:
                errors.append(e)
                continue
            blobs[f.display] = facts
            sources[f.display] = SourceFile(f.display, language, lines, digest)
        order = [f.display for f in files if f.display in blobs]
        problems = [e.problem() for e in errors]
        if not order:
            return CodeInventory((), (), tuple(problems))
        try:
            return run(
                "inventory_of",
                [blobs[d] for d in order],
                [sources[d] for d in order],
                problems,
                display=project,
                timeout=options.code_timeout * max(3, len(order)),
            )
        except PaperlintError as e:
            # the files were read, the project step failed: keep the files, say what happened
            return CodeInventory((), tuple(sources[d] for d in order), (*problems, e.problem()))


def star_inherited(summaries: list[ImportSummary]) -> dict[str, dict[str, str]]:
    """For each module, the names ``from local_module import *`` gives it (transitively)."""
    by_module = {s.module: s for s in summaries}
    by_last: dict[str, list[ImportSummary]] = defaultdict(list)
    for s in summaries:
        by_last[s.module.rsplit(".", 1)[-1]].append(s)

    def local(name: str, importer: ImportSummary) -> ImportSummary | None:
        if name in by_module:
            return by_module[name]
        cands = [
            s
            for s in by_last.get(name.rsplit(".", 1)[-1], [])
            if s.module.endswith("." + name) or s.module == name.rsplit(".", 1)[-1]
        ]
        if len(cands) > 1:  # sys.path hacks: prefer the importer's own folder
            folder = importer.module.rsplit(".", 1)[0]
            cands = [c for c in cands if c.module.rsplit(".", 1)[0] == folder] or cands
        return cands[0] if cands else None

    memo: dict[str, dict[str, str]] = {}

    def names_of(s: ImportSummary, seen: frozenset[str]) -> dict[str, str]:
        if s.module in memo:
            return memo[s.module]
        out: dict[str, str] = {}
        for mod in s.star_modules:
            other = local(mod, s)
            if other is None or other.module in seen:
                continue
            out.update(names_of(other, seen | {other.module}))
            out.update({k: v for k, v in other.names.items() if not k.startswith("_")})
            out.update({n: f"{other.module}.{n}" for n in other.defined})
        memo[s.module] = out
        return out

    return {s.module: names_of(s, frozenset({s.module})) for s in summaries}
