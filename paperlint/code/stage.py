"""The code stage as an audit runs it: files found here, parsed in worker processes.

The calling process never imports libcst or the analyzer (:mod:`paperlint.code.project` and
what it imports): an audit's main process spends that time loading the sentence pipeline while
the workers parse, and a cache hit imports neither. The workers (:mod:`paperlint.sandbox`) get
three kinds of task:

1. per file, the gates and the file's imports (``gate_file``);
2. per Python file, libcst's reading of it, knowing what ``from module import *`` gives it —
   worked out here, from the imports every file reported in step 1 (``analyze_file``);
3. once, the project-wide step: building blocks expanded across files, settings resolved
   (``inventory_of``), which returns the :class:`~paperlint.model.CodeInventory`.

Steps 1 and 2 run on one worker, or on two side by side when there is enough code to read for
a second worker's start to pay (:func:`workers_for`). A file that hangs or crashes its worker
costs that file (the worker is restarted). The facts of a file travel between the steps as
opaque JSON text (:mod:`paperlint.jsonrecords`): this process hands them back to the workers and
decodes only the inventory's records, through the sandbox's allow-list.

**Per-file cache.** With a :class:`FileCache`, each file's outcome (its facts, or the error
that stopped it) is kept under a key of its content hash, its path, module name and kind, the
size limit and the tool fingerprint. A Python file's facts also depend on other files: what
its ``from module import *`` lines give it, so the entry records that, and is used only when it
is still what the other files give. Everything else one file learns from the others is the
project-wide step's, which always runs again, from the files' facts: after an edit, only the
edited file is read again, and nothing resolved across files is ever stale.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperlint.errors import PaperlintError
from paperlint.model import CodeInventory, SourceFile

#: how the cross-file step is named in its errors
PROJECT_STEP = "the project's cross-file reading"
#: Python source (bytes, of the files not answered by the cache) that one worker reads in about
#: the time a second worker takes to start (fork, import libcst and the analyzer: ~0.25 CPU s),
#: twice over: below it, one worker
SECOND_WORKER_BYTES = 150_000


@dataclass
class Options:
    exclude: tuple[str, ...] = ()
    max_file_size: int = 2_000_000
    code_timeout: float = 10.0  # seconds per file, in the worker process
    code_memory: int | None = 2 << 30  # bytes of address space for the worker
    debug: bool = False
    niceness: int = 0  # added to the worker's nice value (see paperlint.sandbox.Worker)
    workers: int = 0  # worker processes that read the files; 0: by the amount of code


@dataclass
class ImportSummary:
    """What step 2 needs to know of a module's imports (all of it plain data)."""

    module: str
    star_modules: list[str] = field(default_factory=list)  # `from x import *`, in order
    names: dict[str, str] = field(default_factory=dict)  # local name → qualified name
    defined: tuple[str, ...] = ()  # public names the module defines at top level

    def to_list(self) -> list:
        return [self.module, self.star_modules, self.names, list(self.defined)]

    @classmethod
    def from_list(cls, data: list) -> ImportSummary:
        module, stars, names, defined = data
        return cls(str(module), list(stars), dict(names), tuple(defined))


@dataclass
class FileOutcome:
    """What reading one file gave: its facts (JSON text) or the error that stopped it."""

    language: str = ""
    digest: str = ""
    lines: int = 0
    summary: ImportSummary | None = None  # Python files: their imports (step 1)
    inherited: dict[str, str] | None = None  # what its star imports gave it (step 2)
    facts: bytes = b""
    error: PaperlintError | None = None
    stage: str = "gate"  # where an error stopped it: gate | analyze


class FileCache:
    """Each file's outcome in the cache (:mod:`paperlint.cache`), by :meth:`key`.

    ``digests``: each file's sha256 as the caller hashed it for its own keys (the display path
    → digest, or an error text when it could not be read); a file read afresh is stored only
    if the worker read those same bytes."""

    KIND = "file"

    def __init__(self, store: Any, fingerprint: str, digests: dict[str, str]) -> None:
        self.store = store
        self.fingerprint = fingerprint
        self.digests = digests
        self.reads = 0  # files read afresh by this run (for tests and the trace)

    def key(self, f: Any, options: Options) -> str | None:
        from paperlint import cache as caching

        digest = self.digests.get(f.display)
        if digest is None:
            return None
        return caching.key(
            self.KIND,
            self.fingerprint,
            f.display,
            f.language,
            f.module,
            f.path.name,
            digest,
            options.max_file_size,
        )

    def load(self, key: str) -> FileOutcome | None:
        """The outcome stored under ``key`` (the facts left as text), or None."""
        payload = self.store.get_bytes(self.KIND, key)
        if payload is None:
            return None
        try:
            head, _, facts = payload.partition(b"\n")
            meta = json.loads(head)
            out = FileOutcome(
                language=str(meta["language"]),
                digest=str(meta["digest"]),
                lines=int(meta["lines"]),
                summary=ImportSummary.from_list(meta["summary"]) if meta["summary"] else None,
                inherited=meta["inherited"],
                facts=facts,
                stage=str(meta["stage"]),
            )
            if meta["error"]:
                code, message, hint = meta["error"]
                out.error = PaperlintError(str(code), str(meta["display"]), str(message), str(hint))
            elif not facts.startswith(b"{"):
                raise ValueError("an entry without facts")
            return out
        except (ValueError, TypeError, KeyError, AttributeError):
            self.store.discard(self.KIND, key)
            return None

    def save(self, key: str, f: Any, out: FileOutcome) -> None:
        """Store ``out`` unless it says something about the run (a timeout, a crash) rather
        than the file, or the file changed since the caller hashed it."""
        from paperlint import cache as caching

        if out.error is not None:
            if out.error.code in caching.VOLATILE_CODES:
                return
        elif out.digest != self.digests.get(f.display) or not out.facts.startswith(b"{"):
            return
        meta = {
            "display": f.display,
            "language": out.language,
            "digest": out.digest,
            "lines": out.lines,
            "summary": out.summary.to_list() if out.summary else None,
            "inherited": out.inherited,
            "stage": out.stage,
            "error": [out.error.code, out.error.message, out.error.hint] if out.error else None,
        }
        head = json.dumps(meta, separators=(",", ":")).encode("ascii")
        self.store.put_bytes(self.KIND, key, head + b"\n" + out.facts)


def call(target: str, *args: Any) -> Any:
    """Run ``module:function`` (in the worker): lets this module name the analyzer's functions
    without importing them."""
    module, _, name = target.partition(":")
    if not module.startswith("paperlint."):
        raise ValueError(f"not a paperlint function: {target}")
    return getattr(importlib.import_module(module), name)(*args)


def extract(
    paths: Iterable[str | Path], options: Options | None = None, cache: FileCache | None = None
) -> CodeInventory:
    """Every choice in the code under ``paths`` (files or folders)."""
    from paperlint.code.files import discover

    options = options or Options()
    errors: list[PaperlintError] = []
    files = discover(paths, errors, options.exclude)
    return extract_files(files, errors, options, cache)


def workers_for(files: list, options: Options) -> int:
    """How many workers read ``files`` (those the cache does not answer): a second one when
    there is enough Python to read for its start to pay, and a core for it."""
    if options.workers > 0:
        return options.workers
    size = 0
    for f in files:
        if f.language in ("python", "notebook"):
            with contextlib.suppress(OSError):
                size += os.stat(f.path).st_size
    return 2 if size >= SECOND_WORKER_BYTES and (os.cpu_count() or 1) > 1 else 1


def extract_files(
    files: list,
    errors: list[PaperlintError],
    options: Options,
    cache: FileCache | None = None,
) -> CodeInventory:
    """The inventory of already discovered ``files`` (``errors``: what discovery refused)."""
    from paperlint.sandbox import Pool

    outcomes: dict[str, FileOutcome] = {}
    keys: dict[str, str] = {}
    if cache is not None:
        for f in files:
            k = cache.key(f, options)
            if k is None:
                continue
            keys[f.display] = k
            got = cache.load(k)
            if got is not None:
                outcomes[f.display] = got
    fresh = [f for f in files if f.display not in outcomes]
    with Pool(
        workers_for(fresh, options),
        memory=options.code_memory,
        kind="code",
        debug=options.debug,
        niceness=options.niceness,
    ) as pool:

        def task(fn: str, *args: Any, display: str) -> tuple:
            return (call, (f"paperlint.code.project:{fn}", *args), options.code_timeout, display)

        gated: dict[str, bytes] = {}  # display → the gated source, for step 2

        def gate(batch: list) -> None:
            """Step 1 for ``batch``: each file's outcome, or its source for step 2."""
            for i, got in pool.run(
                [task("gate_file", f, options.max_file_size, display=f.display) for f in batch]
            ):
                f = batch[i]
                if isinstance(got, PaperlintError):
                    outcomes[f.display] = FileOutcome(error=got, stage="gate")
                elif got[0] == "facts":
                    _, facts, language, digest, lines = got
                    outcomes[f.display] = FileOutcome(language, digest, lines, facts=facts)
                else:
                    _, blob, summary, language, digest = got
                    gated[f.display] = blob
                    outcomes[f.display] = FileOutcome(
                        language, digest, summary=ImportSummary.from_list(list(summary))
                    )

        gate(fresh)
        # what `from module import *` gives each module: from every Python file's imports
        summaries = [
            (f, o.summary)
            for f in files
            if (o := outcomes.get(f.display)) is not None
            and o.summary is not None
            and (o.error is None or o.stage == "analyze")
        ]
        inherited = star_inherited([s for _, s in summaries])
        # a cached file read with what other files no longer give it is read again
        stale = [
            f
            for f, s in summaries
            if f.display not in gated
            and outcomes[f.display].inherited != inherited.get(s.module, {})
        ]
        gate(stale)
        for f, s in summaries:
            if f.display in gated:
                outcomes[f.display].inherited = inherited.get(s.module, {})

        def analyze(batch: list) -> None:
            """Step 2 for the files of ``batch`` that step 1 left to libcst."""
            todo = [f for f in batch if f.display in gated]
            for i, got in pool.run(
                [
                    task(
                        "analyze_file",
                        gated[f.display],
                        outcomes[f.display].inherited or {},
                        display=f.display,
                    )
                    for f in todo
                ]
            ):
                o = outcomes[todo[i].display]
                if isinstance(got, PaperlintError):
                    o.error, o.stage = got, "analyze"
                else:
                    o.facts, o.lines = got

        analyze(files)
        if cache is not None:
            for f in fresh + stale:
                if f.display in keys and f.display in outcomes:
                    cache.save(keys[f.display], f, outcomes[f.display])
            cache.reads += len(fresh) + len(stale)
        got = _project_step(pool, files, outcomes, errors, options)
        if isinstance(got, list):
            # facts from the cache that are not paperlint's records (another program wrote
            # the entry): those files are read again, their entries replaced
            redo = [f for f in files if f.display in got]
            gate(redo)
            for f in redo:
                o = outcomes[f.display]
                if o.summary is not None:
                    o.inherited = inherited.get(o.summary.module, {})
            analyze(redo)
            if cache is not None:
                for f in redo:
                    if f.display in keys:
                        cache.save(keys[f.display], f, outcomes[f.display])
                cache.reads += len(redo)
            got = _project_step(pool, files, outcomes, errors, options)
        if isinstance(got, list):  # the files read again cannot be read back either
            failed = PaperlintError("E109", PROJECT_STEP, "a file's facts could not be read back")
            return CodeInventory((), (), (*(e.problem() for e in errors), failed.problem()))
        return got


def _project_step(
    pool: Any,
    files: list,
    outcomes: dict[str, FileOutcome],
    errors: list[PaperlintError],
    options: Options,
) -> CodeInventory | list[str]:
    """Step 3, on every file's outcome: the inventory, or the files whose facts (from the
    cache) are not paperlint's records."""
    # the errors in the order a reading file by file meets them: the gates, then libcst's
    met = [
        o.error
        for stage in ("gate", "analyze")
        for f in files
        if (o := outcomes.get(f.display)) is not None and o.error is not None and o.stage == stage
    ]
    order = [
        f.display
        for f in files
        if (o := outcomes.get(f.display)) is not None and o.error is None and o.facts
    ]
    problems = [e.problem() for e in (*errors, *met)]
    if not order:
        return CodeInventory((), (), tuple(problems))
    sources = [
        SourceFile(d, outcomes[d].language, outcomes[d].lines, outcomes[d].digest) for d in order
    ]
    try:
        got = pool.call(
            call,
            "paperlint.code.project:inventory_of",
            [outcomes[d].facts for d in order],
            sources,
            problems,
            display=PROJECT_STEP,
            timeout=options.code_timeout * max(3, len(order)),
        )
    except PaperlintError as e:
        # the files were read, the project step failed: keep the files, say what happened
        return CodeInventory((), tuple(sources), (*problems, e.problem()))
    if isinstance(got, CodeInventory):
        return got
    return [order[i] for i in got]


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
