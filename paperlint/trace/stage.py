"""The trace stage as an audit runs it: the readers in a worker process, the history here.

The readers parse untrusted files (YAML, Python, shell), so they run in a sandboxed worker
(:mod:`paperlint.sandbox`) with a wall-clock and a memory limit, while this process reads the
git history (``git`` is a subprocess, which the sandbox's workers may not start). A reader that
fails costs the trace its searches, named as a problem; the history that git cannot read is a
note in the trace's coverage, since the audit itself is not incomplete.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from paperlint.errors import PaperlintError
from paperlint.model import Problem
from paperlint.trace.history import History, HistoryOptions
from paperlint.trace.records import Trace

DISPLAY = "the tuning trace's readers"


@dataclass(frozen=True)
class TraceOptions:
    history: HistoryOptions = field(default_factory=HistoryOptions)
    exclude: tuple[str, ...] = ()
    max_file_size: int = 2_000_000
    timeout: float = 30.0  # seconds for the readers' worker, all files together
    memory: int | None = 2 << 30
    debug: bool = False
    niceness: int = 0  # the readers' worker yields the cores to the code's and the paper's


class TraceJob:
    """The readers started in their worker; :meth:`result` reads the history meanwhile
    (``read_history``: how, :func:`paperlint.trace.history.read` unless given: an audit reads
    it through its cache)."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        options: TraceOptions,
        read_history: Callable[[list[str | Path], HistoryOptions], History] | None = None,
    ) -> None:
        from paperlint import sandbox
        from paperlint.trace.files import discover, read_searches

        self.paths = list(paths)
        self.options = options
        self.read_history = read_history
        self.files = discover(self.paths, options.exclude)
        self.handle: Any = None
        if self.files:
            self.handle = sandbox.submit(
                read_searches,
                self.files,
                options.max_file_size,
                timeout=options.timeout,
                memory=options.memory,
                kind="code",
                display=DISPLAY,
                debug=options.debug,
                niceness=options.niceness,
            )

    def result(self) -> tuple[Trace, list[Problem]]:
        from paperlint.code.files import display_path
        from paperlint.trace import history
        from paperlint.trace.build import build

        found = (self.read_history or history.read)(self.paths, self.options.history)
        if found.top:
            top = Path(found.top)
            found.changes = [replace(c, file=display_path(top / c.file)) for c in found.changes]
        problems: list[Problem] = []
        searches: tuple = ()
        read, notes = 0, ()
        if self.handle is not None:
            try:
                searches, read, notes = self.handle.result()
            except PaperlintError as e:
                problems.append(e.problem())
        if found.deleted:
            searches = (*searches, *self._deleted(found, problems))
        live = {f.display for f in self.files}
        return build(searches, found, read, notes, live), problems

    def _deleted(self, found: Any, problems: list[Problem]) -> tuple:
        """The search definitions the history shows were deleted, read in a worker too."""
        from paperlint import sandbox
        from paperlint.code.files import display_path
        from paperlint.trace.files import read_deleted

        top = Path(found.top)
        entries = [(display_path(top / p), sha, text) for p, sha, _, _, text in found.deleted]
        try:
            return sandbox.run_limited(
                read_deleted,
                entries,
                timeout=self.options.timeout,
                memory=self.options.memory,
                kind="code",
                display=DISPLAY,
                debug=self.options.debug,
            )
        except PaperlintError as e:
            problems.append(e.problem())
            return ()

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()


def read_trace(
    paths: Sequence[str | Path], options: TraceOptions | None = None
) -> tuple[Trace, list[Problem]]:
    """The tuning trace of the code under ``paths``, and what could not be read."""
    return TraceJob(paths, options or TraceOptions()).result()
