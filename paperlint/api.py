"""paperlint's one public entry point: :func:`audit`.

    code paths ──► choices            paperlint.code.project.extract
    paper      ──► document, index    paperlint.paper.read_paper, paperlint.paper.index
    link       ──► assessments        paperlint.link.linker
    rules      ──► findings           paperlint.engine
               ──► AuditResult        (reporters take it from here)

The CLI is a thin layer over this function; so are the tests.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from paperlint import __version__
from paperlint.errors import PaperlintError
from paperlint.limits import DEFAULT as DEFAULT_LIMITS
from paperlint.limits import Limits
from paperlint.model import (
    Assessment,
    AuditResult,
    Choice,
    CodeInventory,
    Coverage,
    Document,
    Finding,
    PaperInfo,
    Problem,
)

#: How much lower the code worker's priority is than the paper's workers', when they run side
#: by side (nice values: 0 is normal, 19 the lowest).
CODE_NICENESS = 5


@dataclass(frozen=True)
class Config:
    """What a user can set (on the command line or in ``[tool.paperlint]``)."""

    select: tuple[str, ...] = ()  # rule ids or prefixes; empty = all
    ignore: tuple[str, ...] = ()
    fail_on: str = "low"  # lowest severity that fails the run; info notices don't by default
    baseline: str = ""  # a --write-baseline file: its findings are accepted (suppressed)
    exclude: tuple[str, ...] = ()  # glob patterns of code paths to skip
    pdf_password: str = ""
    max_pages: int = 300
    max_file_size: int = 2_000_000
    # limits on untrusted input (paperlint.limits): readers run in worker processes
    max_paper_size: int = DEFAULT_LIMITS.max_paper_size
    pdf_timeout: float = DEFAULT_LIMITS.pdf_timeout
    pdf_memory: int = DEFAULT_LIMITS.pdf_memory
    code_timeout: float = DEFAULT_LIMITS.code_timeout
    code_memory: int = DEFAULT_LIMITS.code_memory
    debug: bool = False  # keep tracebacks and the workers' output in error messages
    # speed (paperlint.cache): results are cached unless turned off here, by --no-cache or by
    # PAPERLINT_NO_CACHE=1; cache_dir overrides the user cache directory
    cache: bool = True
    cache_dir: str = ""
    paper_workers: int = 0  # processes that share a long PDF; 0: one per core, at most 4
    # read the code and the paper's pages, load the sentence pipeline and link in parallel
    # workers: an audit on its own finishes sooner. Without, one stage runs at a time (the
    # code, then the paper, then the links), on one core: what a batch that already runs an
    # audit per core wants (each overlapping worker loads its own patterns and tables)
    overlap: bool = True
    # the tuning trace's git history (paperlint.trace.history): off, or bounded in commits and
    # seconds; the trace's coverage says when it stopped early
    history: bool = True
    history_max_commits: int = 20_000
    history_timeout: float = 15.0
    # the scope (paperlint.scope): every run, file and minor setting (--all), or only the runs
    # named here (--run NAME, `runs` in [tool.paperlint]); by default the runs the paper describes
    audit_all: bool = False
    runs: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def limits(self) -> Limits:
        return replace(
            DEFAULT_LIMITS,
            max_pages=self.max_pages,
            max_file_size=self.max_file_size,
            max_paper_size=self.max_paper_size,
            pdf_timeout=self.pdf_timeout,
            pdf_memory=self.pdf_memory,
            code_timeout=self.code_timeout,
            code_memory=self.code_memory,
        )


def audit(
    code_paths: Sequence[str | Path], paper: str | Path | None, config: Config | None = None
) -> AuditResult:
    """Audit the code under ``code_paths`` against ``paper`` (a PDF, .tex or .txt), if given.

    Shaped for speed (issue 8): the paper's pages are read in worker processes (several for a
    long PDF) while another loads the sentence pipeline, then builds the document and its index,
    and another parses the code; every stage's output is cached (:mod:`paperlint.cache`), and an
    unchanged audit is answered from the cache without importing any parser. This process
    imports none of them.
    """
    config = config or Config()
    from paperlint import cache as caching

    store = caching.Cache.open(config.cache, config.cache_dir or None)
    plan = _Plan(code_paths, paper, config, store)
    if store is not None:
        hit = plan.cached_result()
        if hit is not None:
            return hit
    return plan.run()


class _Plan:
    """One audit: the cache keys of its inputs, then the stages that the cache can't answer."""

    def __init__(
        self,
        code_paths: Sequence[str | Path],
        paper: str | Path | None,
        config: Config,
        store: Any,
    ) -> None:
        from paperlint.code.stage import Options

        self.code_paths = list(code_paths)
        self.paper = paper
        self.config = config
        self.store = store
        self.options = Options(
            exclude=config.exclude,
            max_file_size=config.max_file_size,
            code_timeout=config.code_timeout,
            code_memory=config.code_memory,
            debug=config.debug,
            # Side by side with the paper's workers, the code's yields to them: the inventory
            # is needed only once the sentence pipeline has loaded and the index is built (the
            # audit's critical path), and at equal priority the code worker took a third of
            # the two cores from that path. Mildly: other programs' load must not starve it.
            niceness=CODE_NICENESS if config.overlap and paper is not None else 0,
            # a batch that runs one audit per core reads each audit's code on one worker
            workers=0 if config.overlap else 1,
        )
        self.files: list | None = None  # discovered code files, when the keys were computed
        self.discovery_errors: list[PaperlintError] = []
        self.file_hashes: dict[str, str] = {}
        self.code_key = self.paper_key = self.result_key = self.trace_key = None
        self.head = ""  # the commit the git history is read at, with the keys
        self.history_key: str | None = None
        self.fingerprint = ""  # paperlint's own (paperlint.cache.fingerprint), with the keys
        self.paper_sha = ""
        self.paper_display = ""
        if paper is not None:
            from paperlint.code.files import display_path

            self.paper_display = display_path(Path(paper).absolute())
        if store is not None:
            self._keys()
        else:
            from paperlint import resources

            resources.keep_parsed_in(None, "")  # no cache: nothing read from one, or kept
            from paperlint.code import filefacts

            filefacts.keep_in(None, "")

    # ── keys ──
    def _keys(self) -> None:
        from paperlint import cache as caching
        from paperlint import resources
        from paperlint.code.files import discover, read_bytes

        fingerprint = self.fingerprint = caching.fingerprint(self.store)
        resources.keep_parsed_in(self.store, fingerprint)  # the rule files, read as JSON
        from paperlint.code import filefacts

        filefacts.keep_in(self.store, fingerprint)  # the re-reading passes' facts, per file
        files = discover(self.code_paths, self.discovery_errors, self.options.exclude)
        entries = []
        for f in files:
            try:
                digest = hashlib.sha256(read_bytes(f, self.options.max_file_size)).hexdigest()
                self.file_hashes[f.display] = digest
            except PaperlintError as e:
                digest = f"{e.code}:{e.message}"
            entries.append((f.display, f.language, f.module, digest))
        self.files = files
        self.code_key = caching.key(
            "code",
            fingerprint,
            list(self.options.exclude),
            self.options.max_file_size,
            entries,
            [(e.code, e.path, e.message) for e in self.discovery_errors],
        )
        self.trace_key = self._trace_key(fingerprint)
        if self.paper is not None:
            self.paper_key = self._paper_key(fingerprint)
            if self.paper_key is None:
                return  # the paper can't be hashed: the run reports why, uncached
        baseline = ""
        if self.config.baseline:
            try:
                baseline = caching.file_sha256(self.config.baseline)
            except OSError:
                return
        self.result_key = caching.key(
            "result",
            fingerprint,
            self.code_key,
            self.paper_key,
            self.paper_display,
            self.trace_key,
            [s.upper() for s in self.config.select],
            [s.upper() for s in self.config.ignore],
            baseline,
            self.config.audit_all,
            list(self.config.runs),
        )

    def trace_options(self) -> Any:
        return trace_options(self.config)

    def _trace_key(self, fingerprint: str) -> str:
        """The trace's inputs: the files its readers read, the commit the history is read
        from, and the history's bounds."""
        from paperlint import cache as caching
        from paperlint.code.files import read_regular
        from paperlint.trace.files import discover
        from paperlint.trace.history import head_commit

        entries = []
        for f in discover(self.code_paths, self.config.exclude):
            try:
                digest = hashlib.sha256(
                    read_regular(f.path, f.display, self.config.max_file_size, nofollow=True)
                ).hexdigest()
            except PaperlintError as e:
                digest = e.code
            entries.append((f.display, f.language, digest))
        c = self.config
        if c.history:
            self.head = head_commit(self.code_paths)
            self.history_key = caching.key(
                "history",
                fingerprint,
                self.head,
                [(str(Path(p).resolve()), Path(p).is_dir()) for p in self.code_paths],
                c.history_max_commits,
            )
        history = [self.head, c.history_max_commits, c.history_timeout] if c.history else ["off"]
        return caching.key("trace", fingerprint, entries, history, c.max_file_size)

    def _read_history(self, paths: list[str | Path], options: Any) -> Any:
        """The git history (:func:`paperlint.trace.history.read`), from the cache when it was
        read whole at the same commit: it depends on the commits, not on the files as they are
        now, so an edit (which changes the trace's other inputs) does not read it again."""
        from paperlint.trace import history

        key = self.history_key if self.head else None
        if key is not None:
            got = self._cached_record("history", key, history.History)
            if got is not None:
                return got
        found = history.read(paths, options)
        # a history cut short by time depends on the machine: not cached
        whole = found.stopped in ("", "max-commits", "size")
        if key is not None and found.status == "read" and found.head == self.head and whole:
            self._store_record("history", key, found)
        return found

    def _paper_key(self, fingerprint: str) -> str | None:
        import os
        import stat

        from paperlint import cache as caching
        from paperlint.paper import _kind

        path = Path(self.paper)  # type: ignore[arg-type]
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > self.config.max_paper_size:
                return None
            self.paper_sha = caching.file_sha256(path)
        except OSError:
            return None
        return caching.key(
            "paper",
            fingerprint,
            _kind(path),
            self.paper_sha,
            hashlib.sha256(self.config.pdf_password.encode()).hexdigest(),
            self.config.max_pages,
            os.environ.get("PAPERLINT_SPACY_MODEL", ""),
        )

    # ── cache entries ──
    def cached_result(self) -> AuditResult | None:
        if self.result_key is None:
            return None
        return self._cached_record("result", self.result_key, AuditResult)

    def _cached_record(self, kind: str, key: str, cls: type) -> Any:
        """The record of class ``cls`` stored under ``kind``/``key`` (as
        :mod:`paperlint.jsonrecords` writes it), or None; an entry of another shape is dropped,
        to be rebuilt."""
        payload = self.store.get_bytes(kind, key)
        if payload is None:
            return None
        try:
            from paperlint import jsonrecords

            record = jsonrecords.loads(payload)
            if type(record) is not cls:
                raise ValueError(f"not a {cls.__name__}")
            return record
        except Exception:
            self.store.discard(kind, key)
            return None

    def _store_record(self, kind: str, key: str, record: Any) -> None:
        from paperlint import jsonrecords

        self.store.put_later(kind, key, lambda: jsonrecords.dumps(record))

    def _cached_paper(self) -> tuple[Document, Any, Any] | None:
        """The paper's document, its index and its statistical facts (None when the entry
        has none), from the cache."""
        if self.paper_key is None or self.store is None:
            return None
        from paperlint import scope as scoping

        memo = (self.paper_key, self.paper_display)
        if memo in _papers_read:  # a long-running process (the daemon) read it before
            doc, index, facts, names = _papers_read[memo]
            if names is not None:
                scoping.remember_names(doc, names)
            return doc, index, facts
        payload = self.store.get_bytes("paper", self.paper_key)
        if payload is None:
            return None
        try:
            from paperlint import jsonrecords
            from paperlint.paper.index import PaperIndex

            data = jsonrecords.loads(payload)
            index = data["index"]
            if not isinstance(index, PaperIndex) or not isinstance(index.document, Document):
                raise ValueError("not a paper entry")
            doc = replace(index.document, path=self.paper_display)
            names = data.get("names")
            if isinstance(names, scoping.PaperNames):
                scoping.remember_names(doc, names)  # the scope's and first screen's reading
            index = replace(index, document=doc)
            found = data.get("groups")
            if isinstance(found, list):
                from paperlint.link import groups

                if all(isinstance(g, groups.GroupStatement) for g in found):
                    groups.remember_statements(index, found)  # the linker's reading of them
            _papers_read.clear()  # one paper kept: the one the edit loop audits against
            _papers_read[memo] = (
                doc,
                index,
                data["facts"],
                names if isinstance(names, scoping.PaperNames) else None,
            )
            return doc, index, data["facts"]
        except Exception:
            self.store.discard("paper", self.paper_key)
            return None

    def _store_paper(self, document: Document, index: Any, facts: Any = None) -> None:
        """Cache the paper's index (with its document), the names it uses
        (:func:`paperlint.scope.paper_names`), its group statements
        (:func:`paperlint.link.groups.statements`) and, when given, its statistical facts
        (:func:`_paper_facts`): a later audit of the same paper needs neither spaCy nor the
        statistical cues' patterns, nor to read the names or the group statements again."""
        if self.store is None or self.paper_key is None:
            return
        if document.coverage.source == "pdf" and document.sha256 != self.paper_sha:
            return  # the file changed while it was read
        from paperlint import jsonrecords
        from paperlint import scope as scoping
        from paperlint.link import groups
        from paperlint.link.paper_view import PaperView

        # the fields only: a linker keeps its memos in the index's __dict__
        fields = {f.name: getattr(index, f.name) for f in dataclasses.fields(index)}
        entry = {
            "index": type(index)(**fields),
            "facts": facts,
            "names": scoping.paper_names(document),
            # found already when this process linked a choice of a group (kept with the index)
            "groups": groups.statements(PaperView(index)),
        }
        try:
            payload = jsonrecords.dumps(entry)
        except TypeError:
            return
        self.store.put_bytes("paper", self.paper_key, payload)

    # ── links ──
    def _links_key(self, inventory: CodeInventory, modules: tuple[str, ...]) -> str | None:
        """The key of the links of ``inventory``'s choices to the paper: what a choice's
        assessment depends on besides the choice itself (the paper, the code's datasets, the
        classes that hold choices: :class:`paperlint.link.linker.Linker`'s inputs)."""
        if self.store is None or self.paper_key is None:
            return None
        from paperlint import cache as caching
        from paperlint.model import to_dict

        return caching.key(
            "links",
            self.fingerprint,
            self.paper_key,
            self.paper_display,
            [to_dict(c) for c in inventory.context],
            list(modules),
        )

    def _linked(
        self,
        inventory: CodeInventory,
        index: Any,
        shared: tuple[list[int], list[int]] | None = None,
        job: Any = None,
        meanwhile: Any = None,
    ) -> tuple[Assessment, ...]:
        """Every choice's assessment: from the cache for a choice linked before (the same
        choice, bar its id, under the same :meth:`_links_key`), else made now (here, or shared
        with the paper's builder, ``job``, as ``shared`` splits the choices), and cached.
        ``meanwhile()`` runs once this process has nothing to do but wait for the builder."""
        from paperlint.link.linker import code_modules, inherit_argument_mismatches

        choices = list(inventory.choices)
        modules = code_modules(choices)
        key = self._links_key(inventory, modules)
        known = self._cached_links(key)
        digests = [_choice_digest(c) for c in choices]
        out: list[Assessment | None] = [None] * len(choices)
        for i, d in enumerate(digests):
            got = known.get(d)
            if got is not None:
                out[i] = replace(got, choice=choices[i].id)
        missing = [i for i, a in enumerate(out) if a is None]
        if missing and shared is not None and job is not None:
            made = _link_shared(inventory, index, shared, job, meanwhile, raw=True)
            for i in missing:
                out[i] = made[i]
        else:
            if meanwhile is not None:
                meanwhile()
            linker = _linker(key, index, inventory.context, modules) if missing else None
            for i in missing:
                out[i] = linker.assess(choices[i])  # type: ignore[union-attr]
        trace_stage(f"links: {len(missing)} of {len(choices)} choices linked")
        if key is not None and (missing or len(known) != len(set(digests))):
            self._store_links(key, dict(zip(digests, out, strict=True)))
        return tuple(inherit_argument_mismatches(choices, out))  # type: ignore[arg-type]

    def _cached_links(self, key: str | None) -> dict[str, Assessment]:
        if key is None:
            return {}
        payload = self.store.get_bytes("links", key)
        if payload is None:
            return {}
        try:
            from paperlint import jsonrecords

            known = jsonrecords.loads(payload)
            if not isinstance(known, dict) or not all(
                isinstance(a, Assessment) for a in known.values()
            ):
                raise ValueError("not a links entry")
            return known
        except Exception:
            self.store.discard("links", key)
            return {}

    def _store_links(self, key: str, links: dict[str, Assessment | None]) -> None:
        from paperlint import jsonrecords

        kept = {d: replace(a, choice="") for d, a in links.items() if a is not None}
        self.store.put_later("links", key, lambda: jsonrecords.dumps(kept))

    def _cached_code(self) -> CodeInventory | None:
        if self.code_key is None or self.store is None:
            return None
        return self._cached_record("code", self.code_key, CodeInventory)

    def _file_cache(self) -> Any:
        """Each code file's facts in the cache (:class:`paperlint.code.stage.FileCache`)."""
        if self.store is None or self.code_key is None:
            return None
        from paperlint.code.stage import FileCache

        return FileCache(self.store, self.fingerprint, self.file_hashes)

    def _store_code(self, inventory: CodeInventory) -> None:
        from paperlint import cache as caching

        if self.store is None or self.code_key is None or caching.volatile(inventory.problems):
            return
        if any(self.file_hashes.get(s.path) != s.sha256 for s in inventory.files):
            return  # a file changed while it was read
        self._store_record("code", self.code_key, inventory)

    def _start_trace(self) -> Any:
        """The trace from the cache, or its readers started in their worker (a job)."""
        if self.store is not None and self.trace_key is not None:
            data = self.store.get("trace", self.trace_key)
            if data is not None:
                try:
                    from paperlint.model import from_dict
                    from paperlint.trace.records import Trace

                    return from_dict(Trace, data)
                except Exception:
                    self.store.discard("trace", self.trace_key)
        from paperlint.trace.stage import TraceJob

        reader = self._read_history if self.history_key is not None else None
        return TraceJob(self.code_paths, self.trace_options(), reader)

    def _finish_trace(self, job: Any, problems: list[Problem]) -> Any:
        """The trace (the history is read now, while the paper's workers run)."""
        from paperlint.trace.records import Trace

        if isinstance(job, Trace):
            return job
        trace, trouble = job.result()
        problems.extend(trouble)
        # a history cut short by time depends on the machine: not cached
        complete = trace.coverage.stopped in ("", "max-commits")
        if self.store is not None and self.trace_key is not None and not trouble and complete:
            from paperlint.model import to_dict

            self.store.put("trace", self.trace_key, to_dict(trace))
        trace_stage("trace read")
        return trace

    # ── the stages ──
    def run(self) -> AuditResult:
        config = self.config
        store = self.store
        paper_cached = bool(store and self.paper_key and store.has("paper", self.paper_key))
        code_cached = bool(store and self.code_key and store.has("code", self.code_key))
        code_reader = None
        if paper_cached and self.options.niceness:
            # no paper worker runs beside the code's: the code is the audit's critical path,
            # and yielding to the machine's other programs would only make the audit wait
            self.options = replace(self.options, niceness=0)
        if (self.paper is not None and not paper_cached) or not code_cached:
            from paperlint import sandbox

            sandbox.trace("audit started")
            only_code = self.paper is None or paper_cached
            # the edit loop (only the code is read, a few files of it) forks its workers from
            # this process, before any thread starts; else the fork server starts them
            if not (config.overlap and not code_cached and only_code and self._fork_ahead()):
                if only_code:
                    # only the code is read: its workers start with the code reader loaded
                    sandbox.preload_code()
                sandbox.warm_up()  # the fork server imports the readers while the rules load
            if config.overlap and not code_cached and only_code:
                # the code is the audit's critical path: it is read while this process loads
                # the rules and the paper's cached index and links
                code_reader = _in_background(lambda: self._read_code(False, None))
        try:
            select_rules(config)  # unknown rule ids fail before any input is read
            if config.baseline:
                from paperlint import baseline as baselines

                baselines.load(config.baseline)  # so does a missing or malformed baseline
        except BaseException:
            if code_reader is not None:
                code_reader.join()
            _discard_ahead()
            raise
        problems: list[Problem] = []
        cached_paper = self._cached_paper() if paper_cached else None
        trace_job = self._start_trace()
        if not config.overlap:  # one stage at a time: the trace first, whole
            trace_job = self._finish_trace(trace_job, problems)
        if cached_paper is not None and code_reader is not None:
            # the edit loop: the paper is cached, the code is read in its worker (and the
            # trace in its own). What linking the changed choices needs whatever they are (the
            # linker's tables and patterns) is made ready while the worker starts, not after
            # it answers
            from paperlint.link.linker import prepare

            prepare(cached_paper[1])
            _load_the_rules_stage()
            trace_stage("linker ready")
        job = None
        warm = None
        inventory = None
        if not config.overlap:
            # one stage at a time, on one core: the code, then the paper (a batch that runs
            # as many audits at once as it has cores)
            inventory = self._read_code(code_cached, None)
        if self.paper is not None and cached_paper is None:
            from paperlint.paper import start_paper

            # the paper is read in worker processes (its pages drawn by some while another
            # loads the sentence pipeline, then builds the document and its index as soon as
            # the pages are in), the code parsed in another
            try:
                job = start_paper(
                    self.paper,
                    display=self.paper_display,
                    password=config.pdf_password,
                    limits=config.limits(),
                    debug=config.debug,
                    workers=paper_workers(config) if config.overlap else 0,
                )
            except PaperlintError as e:
                problems.append(e.problem())
            else:
                job.start_build()
        if inventory is None and code_reader is not None:
            try:
                inventory = code_reader.result()
            except BaseException:
                if job is not None:
                    job.cancel()
                raise
        if inventory is None:
            inventory = self._read_code(code_cached, job)
        problems[:0] = inventory.problems
        trace = self._finish_trace(trace_job, problems)
        _discard_ahead()  # a worker forked ahead that nothing took (the trace was cached)
        if job is not None and config.overlap:
            # this process now waits for the index: compile the linker's patterns meanwhile,
            # once the pages are read (before, the readers and the sentence pipeline's loading
            # have the cores to themselves)
            warm = _background_linker(after=job.wait_pages)
        document: Document | None = None
        index = assessments = paper_facts = None
        if cached_paper is not None:
            document, index, paper_facts = cached_paper
            assessments = self._linked(inventory, index)
            trace_stage("linked")
        elif job is not None:
            try:
                index, assessments, paper_facts = self._index_and_links(job, inventory, warm)
                trace_stage("paper read and linked")
            except PaperlintError as e:
                problems.append(e.problem())
            else:
                document = index.document
        if warm is not None:
            warm.join()
        result = assemble(
            inventory,
            document,
            problems,
            config,
            paper_given=self.paper is not None,
            index=index,
            assessments=assessments,
            paper_facts=paper_facts,
            trace=trace,
        )
        trace_stage("rules run")
        if self.store is not None and self.result_key is not None:
            from paperlint import cache as caching

            if not caching.volatile(result.problems):
                self._store_record("result", self.result_key, result)
            self.store.maybe_trim()
            trace_stage("result cached")
        return result

    def _fork_ahead(self) -> bool:
        """Fork the code's worker (its reader loaded as it starts) and, unless the trace is
        cached, the trace readers' worker, from this process now: no fork server starts, and
        the code reader is loaded while this process loads the rules and the paper. False
        where forking is not safe (:func:`paperlint.sandbox.fork_ahead`), and where more
        code is to be read than one worker reads (the fork server starts a pool)."""
        from paperlint import sandbox
        from paperlint.code.stage import workers_for

        cache = self._file_cache()
        if self.files is None or cache is None:
            return False
        # the files the per-file cache does not answer: after an edit, the edited ones
        fresh = [
            f
            for f in self.files
            if (k := cache.key(f, self.options)) is None or not self.store.has(cache.KIND, k)
        ]
        o = self.options
        if workers_for(fresh, o) > 1:
            return False
        if not sandbox.fork_ahead(
            memory=o.code_memory, niceness=o.niceness, imports=sandbox.CODE_PRELOAD
        ):
            return False
        if (
            self.store is None
            or self.trace_key is None
            or not self.store.has("trace", self.trace_key)
        ):
            t = self.trace_options()
            sandbox.fork_ahead(
                memory=t.memory, cpu=sandbox.task_cpu(t.timeout), niceness=t.niceness
            )
        return True

    def _read_code(self, cached: bool, job: Any) -> CodeInventory:
        """The code's inventory, from the cache or read afresh (and cached); cancels the
        paper's ``job`` when reading fails."""
        inventory = self._cached_code() if cached else None
        if inventory is None:
            from paperlint.code import stage

            try:
                if self.files is None:
                    inventory = stage.extract(self.code_paths, self.options)
                else:
                    errors = list(self.discovery_errors)
                    inventory = stage.extract_files(
                        self.files, errors, self.options, self._file_cache()
                    )
            except BaseException:
                if job is not None:
                    job.cancel()
                raise
            self._store_code(inventory)
            trace_stage("code read")
        return inventory

    def _index_and_links(
        self, job: Any, inventory: CodeInventory, warm: Any
    ) -> tuple[Any, tuple[Assessment, ...] | None, Any]:
        """The paper's index from its workers; and, when the worker that builds it can share
        the linking, the choices' assessments and the paper's statistical facts (else None:
        :func:`assemble` makes them). Raises PaperlintError when the paper can't be read."""
        shared: tuple[list[int], list[int]] | None = None
        if job.has_builder:
            # the worker that builds the index assesses about half of the choices after it,
            # while this process assesses the rest
            from paperlint.link.linker import assess_with_built_index, code_modules

            shared = split_for_linking(inventory.choices)
            if shared[0]:
                job.run_in_builder(
                    assess_with_built_index,
                    tuple(inventory.choices[i] for i in shared[0]),
                    tuple(inventory.context),
                    code_modules(inventory.choices),
                )
        index = job.index()  # built in the paper's worker, with the document
        trace_stage("index received")
        document = index.document
        if warm is not None:
            warm.join()
        facts: list[Any] = []

        def meanwhile() -> None:  # what needs no assessment, done while the builder assesses
            facts.append(_paper_facts(document, index))
            self._store_paper(document, index, facts[0])

        assessments = self._linked(inventory, index, shared, job, meanwhile)
        return index, assessments, facts[0] if facts else None


#: the linker this process last made, by its links key (:meth:`_Plan._links_key`: the paper
#: and what else a choice's assessment depends on) and its index: what it worked out of the
#: paper once for every choice (each concept's stated values, the paper's symbols), which a
#: long-running process (:mod:`paperlint.daemon`) reuses to link the choices an edit changed
_last_linker: tuple[str, Any] | None = None


def _linker(key: str | None, index: Any, context: Any, modules: tuple[str, ...]) -> Any:
    """A :class:`~paperlint.link.linker.Linker` of ``index`` for the links ``key``: the one
    this process made last for them, else a new one (kept, when there is a key)."""
    global _last_linker
    from paperlint.link.linker import Linker

    if key is not None and _last_linker is not None:
        last_key, linker = _last_linker
        if last_key == key and linker.index is index:
            return linker
    linker = Linker(index, context, modules)
    _last_linker = (key, linker) if key is not None else None
    return linker


#: the paper entry this process last read from the cache, as :meth:`_Plan._cached_paper` gives
#: it, by (its key, its display path): records of the paper alone (their memos too), which a
#: long-running process (:mod:`paperlint.daemon`) reuses instead of reading the entry again
_papers_read: dict[tuple[str, str], tuple[Document, Any, Any, Any]] = {}


def trace_options(config: Config) -> Any:
    """The trace readers' options (:class:`paperlint.trace.stage.TraceOptions`) under
    ``config``."""
    from paperlint.trace.history import HistoryOptions
    from paperlint.trace.stage import TraceOptions

    c = config
    return TraceOptions(
        history=HistoryOptions(
            enabled=c.history, max_commits=c.history_max_commits, timeout=c.history_timeout
        ),
        exclude=c.exclude,
        max_file_size=c.max_file_size,
        timeout=max(c.code_timeout, 30.0),
        memory=c.code_memory,
        debug=c.debug,
        # its result is needed with the code's, and it has less to read: it yields
        niceness=CODE_NICENESS + 2 if c.overlap else 0,
    )


def edit_loop_workers(config: Config) -> list[tuple]:
    """The workers (:func:`paperlint.sandbox.keep_spares`' kind, memory, CPU and niceness)
    an audit under ``config`` starts after an edit, its paper cached: the code's (at full
    priority: it is the audit's critical path) and the trace readers'."""
    from paperlint import sandbox

    t = trace_options(config)
    return [
        ("code", config.code_memory, None, 0),
        ("code", t.memory, sandbox.task_cpu(t.timeout), t.niceness),
    ]


def _load_the_rules_stage() -> None:
    """Import what :func:`assemble` uses once the links are made (the first screen, the trace's
    link to the paper, the settings' names) and compile the statistical cues, ahead of the
    code: in the edit loop this process waits for its code worker with nothing else to do,
    and after it, each import and pattern is waited for."""
    from paperlint import firstscreen, ranking, setaside  # noqa: F401
    from paperlint.checks import statistics
    from paperlint.code import settings  # noqa: F401
    from paperlint.paper import text  # noqa: F401
    from paperlint.trace import build, link  # noqa: F401

    # the statistical rules' and the trace's cues (their joined forms are searched mostly for
    # the paper's own facts, which came from the cache with it)
    statistics.cues()


def _discard_ahead() -> None:
    """:func:`paperlint.sandbox.discard_ahead`, if the sandbox is loaded."""
    import sys

    sandbox = sys.modules.get("paperlint.sandbox")
    if sandbox is not None:
        sandbox.discard_ahead()


def trace_stage(event: str) -> None:
    """:func:`paperlint.sandbox.trace`, if the sandbox is loaded (a cold run): a cache hit
    imports none of it."""
    import sys

    sandbox = sys.modules.get("paperlint.sandbox")
    if sandbox is not None:
        sandbox.trace(event)


def paper_workers(config: Config) -> int:
    """How many processes may share a long PDF's pages: ``config.paper_workers``, else
    ``PAPERLINT_PDF_WORKERS``, else one per core (at most 4)."""
    import os

    if config.paper_workers > 0:
        return config.paper_workers
    env = os.environ.get("PAPERLINT_PDF_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(4, os.cpu_count() or 1))


def split_for_linking(choices: Sequence[Choice]) -> tuple[list[int], list[int]]:
    """Positions of the choices for two processes to assess, about half the work each.
    Choices that share a concept go to the same side: a linker caches its work per concept."""
    from paperlint.link.naming import concepts_for

    groups: dict[str, list[int]] = {}
    for i, c in enumerate(choices):
        concepts = concepts_for(c)
        groups.setdefault(concepts[0] if concepts else f"{c.kind}:{c.concept}", []).append(i)
    # the builder (side 0) starts cold: it compiles the value patterns it uses, which this
    # process has done while it waited
    costed = sorted(
        (
            (
                linking_cost([choices[i] for i in g], cold=True),
                linking_cost([choices[i] for i in g]),
                g,
            )
            for g in groups.values()
        ),
        key=lambda c: (-c[1], c[2][0]),
    )
    sides: tuple[list[int], list[int]] = ([], [])
    loads = [0.0, 0.0]
    for cold, warm, group in costed:
        side = 0 if loads[0] + cold <= loads[1] + warm else 1
        sides[side].extend(group)
        loads[side] += cold if side == 0 else warm
    return sorted(sides[0]), sorted(sides[1])


def linking_cost(choices: Iterable[Choice], cold: bool = False) -> float:
    """A rough, relative cost of assessing ``choices`` with one linker (to share the work
    between processes): a unit per choice, and a few per value pattern its concepts scan the
    paper with (done once per concept per linker, and most of the time); ``cold``: in a
    process that has not compiled the patterns yet (:func:`paperlint.link.linker.warm_up`)."""
    from paperlint import vocab
    from paperlint.link.naming import concepts_for

    choices = list(choices)
    concepts = {c for ch in choices for c in concepts_for(ch)}
    if any(ch.kind == "epochs" for ch in choices):  # _epochs_from_iterations
        concepts |= {"training_iterations", "batch_size", "training_set_size"}
    patterns = 0
    for name in concepts:
        spec = vocab.concept(name)
        patterns += len(spec.value_patterns) if spec is not None else 0
    return len(choices) + (9.0 if cold else 3.0) * patterns


def _link_shared(
    inventory: CodeInventory,
    index: Any,
    shared: tuple[list[int], list[int]],
    job: Any,
    meanwhile: Any = None,
    raw: bool = False,
) -> tuple[Assessment, ...]:
    """Assess this process's share of the choices, run ``meanwhile()``, then take the builder's
    share (or assess it here too, if the builder failed): the assessments :func:`link` makes
    (``raw``: before components inherit their arguments' mismatches)."""
    from paperlint.link.linker import Linker, code_modules, inherit_argument_mismatches

    choices = list(inventory.choices)
    linker = Linker(index, inventory.context, code_modules(choices))
    out: list[Assessment | None] = [None] * len(choices)
    for i in shared[1]:
        out[i] = linker.assess(choices[i])
    if meanwhile is not None:
        meanwhile()
    theirs = job.after_build_result()
    if not isinstance(theirs, list) or len(theirs) != len(shared[0]):
        theirs = None  # the builder failed: this process assesses its share too
    for k, i in enumerate(shared[0]):
        got = theirs[k] if theirs is not None else None
        out[i] = (
            got if got is not None and got.choice == choices[i].id else linker.assess(choices[i])
        )
    if raw:
        return tuple(out)  # type: ignore[arg-type]
    return tuple(inherit_argument_mismatches(choices, out))  # type: ignore[arg-type]


def _paper_facts(document: Document, index: Any) -> Any:
    """The paper's statistical-reporting facts (they need no choice): read ahead of the rules."""
    from paperlint import engine
    from paperlint.checks import statistics

    return statistics.paper_facts(engine.RuleContext((), {}, document, index))


def _background_linker(after: Any = None) -> Any:
    """Compile the linker's and the statistical rules' regular expressions (a few hundred; 0.2 s
    that would otherwise follow the paper) in a thread, while the workers read. paperlint's
    modules are imported here first, so the thread imports nothing."""
    from paperlint.checks import statistics
    from paperlint.link import linker

    def warm() -> None:
        if after is not None:
            after()
        linker.warm_up()
        statistics.warm_up()

    return _background(warm)


def _choice_digest(choice: Choice) -> str:
    """What identifies a choice for the links cache: all of it but its id, which is a hash of
    some of the rest (every field is kept, so that no field the linker reads, now or later, can
    make a reused link stale)."""
    state = [(k, v) for k, v in vars(choice).items() if k != "id"]
    return hashlib.sha256(repr(state).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class _InBackground:
    """``fn()`` run in a thread; :meth:`result` waits for it and returns its value, or raises
    what it raised."""

    def __init__(self, fn: Any) -> None:
        import threading

        self._value: Any = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = fn()
            except BaseException as e:  # handed to the caller of result()
                self._error = e

        self._thread = threading.Thread(target=run, name="paperlint-code", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._thread.join()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _in_background(fn: Any) -> _InBackground:
    return _InBackground(fn)


def _background(fn: Any) -> Any:
    """Run ``fn`` in a daemon thread (its errors are dropped: the caller redoes the work and
    sees them); ``.join()`` waits for it."""
    import threading

    def quiet() -> None:
        import contextlib

        with contextlib.suppress(BaseException):
            fn()

    t = threading.Thread(target=quiet, name="paperlint-warm-up", daemon=True)
    t.start()
    return t


def assemble(
    inventory: CodeInventory,
    document: Document | None,
    problems: list[Problem],
    config: Config,
    *,
    paper_given: bool | None = None,
    index: Any = None,
    assessments: tuple[Assessment, ...] | None = None,
    paper_facts: Any = None,
    trace: Any = None,
) -> AuditResult:
    """Link, run the rules and build the result from already-read inputs (``index``: the
    document's :class:`~paperlint.paper.index.PaperIndex`, when it was built or cached;
    ``assessments``: the choices' links to it, and ``paper_facts``: the statistical checks'
    reading of it, when they were made already)."""
    from paperlint import engine, firstscreen, mainrun
    from paperlint import scope as scoping
    from paperlint.checks import statistics

    choices = inventory.choices
    scope = scoping.decide(inventory, document, audit_all=config.audit_all, named=config.runs)
    if config.runs and inventory.runs and not any(r.audited for r in scope.runs):
        raise PaperlintError(
            "E007",
            ", ".join(config.runs),
            "no run of the audited code has this name",
        )
    if document is None:
        index = None
        assessments = tuple(Assessment(c.id) for c in choices)
    else:
        from paperlint.link.linker import link
        from paperlint.paper.index import build_index

        if index is None or index.document is not document:
            index = build_index(document)
            assessments = paper_facts = None
        if assessments is None or len(assessments) != len(choices):
            assessments = tuple(link(choices, index, inventory.context))
    baseline = None
    if config.baseline:
        from paperlint import baseline as baselines

        baseline = baselines.load(config.baseline)
    if trace is not None:
        from paperlint.trace.link import search_definition_files, with_kept_values

        # a sweep file's `values`, `min` and `method` describe a search, not the run's
        # choices: the trace reports them (TR4xx); the run's own value is kept elsewhere
        definitions = search_definition_files(trace)
        if definitions:
            choices = tuple(c for c in choices if c.file not in definitions)
            kept_ids = {c.id for c in choices}
            assessments = tuple(a for a in assessments if a.choice in kept_ids)
        trace = with_kept_values(trace, choices)
    audited = scoping.in_scope(choices, scope)
    ctx = engine.RuleContext(
        audited,
        {a.choice: a for a in assessments},
        document,
        index,
        problems=tuple(problems),
        suppressions=inventory.suppressions,
        paper_given=document is not None if paper_given is None else paper_given,
        trace=trace,
    )
    if paper_facts is not None and document is not None:
        ctx.cache["paper_facts"] = paper_facts
    findings = engine.run(ctx, select_rules(config))
    trace_paper = None
    if trace is not None and document is not None:
        from paperlint.checks.tuning import trace_paper as link_trace

        trace_paper = link_trace(ctx)
    from paperlint import setaside

    task = setaside.other_task(inventory.context, document) if not config.runs else None
    if not config.audit_all:
        from paperlint import callsites
        from paperlint.code import filefacts, loaded
        from paperlint.code import inert as inertness

        # the call sites, the inert settings and the loaded checkpoints each read every Python
        # file again: one parse a file serves all three
        filefacts.prepare(
            (
                (f.path, f.sha256)
                for f in inventory.files
                if f.language in ("python", "python2") and f.path.endswith(".py")
            ),
            ".",
            {
                "callsites": callsites.file_facts,
                "inert": inertness.scan,
                "loaded": loaded.file_facts,
            },
        )
    sites = setaside.call_sites(inventory) if not config.audit_all else None
    library = pretrained = frozenset()
    if document is not None and not config.audit_all and not config.runs:
        names = scoping.paper_names(document)
        library = scoping.library_choices(choices, [f.path for f in inventory.files], names)
        pretrained = scoping.pretrained_definitions(
            choices, names, sites.loads if sites else (), sites.defined_in if sites else None
        )
    inert: frozenset[str] = frozenset()
    inert_why: dict[str, str] = {}
    if not config.audit_all:
        from paperlint.code import inert as inertness
        from paperlint.code import loaded

        inert_why = dict(
            inertness.inert_choices(
                scoping.in_scope(choices, scope),
                inventory,
                audited_runs=frozenset(r.run for r in scope.runs if r.audited),
                left_out=frozenset(f.path for f in scope.files),
            )
        )
        inert = frozenset(inert_why) | frozenset(
            loaded.overwritten_inits(scoping.in_scope(choices, scope), inventory)
        )
    main_runs = (
        mainrun.of_document(
            (r for r in inventory.runs if r.name in {x.run for x in scope.runs if x.audited}),
            document,
            inventory.reaches,
        )
        if not config.runs and not config.audit_all
        else mainrun.NO_MAIN_RUN
    )
    from paperlint import builtby

    audited_runs = frozenset(r.run for r in scope.runs if r.audited)
    screen = firstscreen.arrange(
        findings,
        {c.id: c for c in choices},
        {a.choice: a for a in assessments},
        everything=config.audit_all,
        out_of_scope=frozenset(f.path for f in scope.files),
        audited_runs=audited_runs,
        task=task,
        sites=sites,
        library=library,
        pretrained=pretrained,
        inert=inert,
        reached=_reached_by_audited_runs(inventory, scope),
        document=document,
        main=main_runs,
        built=builtby.built_by(r for r in inventory.runs if r.name in audited_runs),
    )
    findings = screen.findings
    # the baseline accepts the findings as the report shows them (one question per setting or
    # concept): applied before the grouping, accepting a mismatch would leave the finding it
    # had absorbed standing alone in the next run
    baseline_stats = None
    if baseline is not None:
        findings, baseline_stats = baselines.apply(findings, baseline)
    paper_info = (
        PaperInfo(document.path, document.coverage.pages, document.sha256, document.title)
        if document
        else None
    )
    coverage = document.coverage if document else Coverage()
    choices, assessments, findings, problems = (
        visible(choices),
        visible(assessments),
        visible(tuple(findings)),
        visible(tuple(problems)),
    )
    return AuditResult(
        tool_version=__version__,
        paper=paper_info,
        choices=choices,
        assessments=assessments,
        findings=findings,
        files=inventory.files,
        problems=tuple(problems),
        coverage=coverage,
        summary={
            **summarize(audited, assessments, findings),
            "suppressions": suppression_summary(inventory, findings, baseline_stats),
            "statistics": statistics.summary(statistics.paper_facts(ctx)),
            "trace": trace_summary(trace, trace_paper),
            "scope": scope_summary(scope, choices),
            "first_screen": {
                "listed": screen.listed,
                "grouped": screen.grouped,
                "by_class": screen.by_class,
                "set_aside": screen.set_aside,
                "set_aside_findings": set_aside_findings(screen.set_aside_findings, inert_why),
                "main_runs": sorted(main_runs.main),
                "other_task": task.describe() if task is not None else "",
            },
        },
        trace=visible(trace) if trace is not None else None,
        trace_paper=visible(trace_paper) if trace_paper is not None else None,
        scope=scope,
    )


def set_aside_findings(
    aside: Sequence[tuple[Finding, str]], inert_why: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each finding the first screen set aside, where it is and why: the rule of
    :mod:`paperlint.setaside` that set it aside, and for a value that never takes effect in the
    run the data flow that shows it ("inside Extra, which Net builds only when ...")."""
    out = []
    for f, why in aside:
        entry: dict[str, Any] = {"rule": f.rule, "file": f.file, "line": f.line, "why": why}
        if f.choice and f.choice in inert_why:
            entry["detail"] = inert_why[f.choice]
        out.append(entry)
    return sorted(out, key=lambda e: (str(e["file"]), e["line"] or 0, e["rule"]))


def trace_summary(trace: Any, paper: Any) -> dict[str, Any]:
    """The tuning trace's figures for the report's summary."""
    if trace is None:
        return {"read": False}
    searched = [s for s in trace.settings if s.searched or s.history_values >= 3]
    reported = {r.key for r in paper.settings if r.reported} if paper is not None else set()
    return {
        "read": True,
        "searches": len(trace.searches),
        "settings_searched": len(searched),
        "settings_reported": sum(1 for s in searched if s.key in reported),
        "configurations": sum(x.configurations for x in trace.searches),
        "history": trace.coverage.history,
        "commits_read": trace.coverage.commits,
        "history_stopped": trace.coverage.stopped,
    }


#: fields that identify a file, a record or a hash: kept byte for byte (a report must name the
#: real file); every other text field of a result is shown with invisible characters visible
_EXACT_FIELDS = frozenset(
    {"id", "file", "path", "sha256", "fingerprint", "choice", "rule", "via", "code", "parent"}
    | {"kept_at", "commit", "head"}
)


def visible(obj: Any) -> Any:
    """``obj`` with bidi controls, zero-width and control characters in its text made visible
    (``⟨RLO⟩``): code snippets and paper quotes are untrusted, and a report must show what is
    in the file, not what a Trojan-Source trick makes it look like. What holds no such
    character comes back as the same object."""
    from paperlint.paper.text import show_invisible

    return _visible(obj, show_invisible)


#: per record class: its fields that :func:`visible` looks into (None: not a record)
_TEXT_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _visible(obj: Any, show: Any) -> Any:
    if isinstance(obj, str):
        return show(obj)
    if isinstance(obj, tuple):
        new = [_visible(x, show) for x in obj]
        if type(obj) is tuple and all(a is b for a, b in zip(new, obj, strict=True)):
            return obj
        return tuple(new)
    t = type(obj)
    names = _TEXT_FIELDS.get(t, ())
    if names == ():
        names = _TEXT_FIELDS[t] = (
            tuple(f.name for f in dataclasses.fields(t) if f.name not in _EXACT_FIELDS)
            if dataclasses.is_dataclass(t) and not isinstance(obj, type)
            else None
        )
    if names is None:
        return obj
    changes = {}
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, (str, tuple)) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)
        ):
            new = _visible(value, show)
            if new is not value and new != value:
                changes[name] = new
    return replace(obj, **changes) if changes else obj


def _reached_by_audited_runs(inventory: CodeInventory, scope: Any) -> frozenset[str] | None:
    """The files the audited runs reach (None when the code has no run a reader can follow)."""
    audited = {r.run for r in scope.runs if r.audited}
    out = {f for reach in inventory.reaches if set(reach.runs) & audited for f in reach.files}
    return frozenset(out) or None


def scope_summary(scope: Any, choices: Sequence[Choice]) -> dict[str, Any]:
    """The scope in numbers: runs audited and left out (by rule), files and choices left out."""
    out_runs = Counter(r.rule for r in scope.runs if not r.audited)
    out_files = Counter(f.rule for f in scope.files)
    return {
        "mode": scope.mode,
        "runs": len(scope.runs),
        "runs_audited": sum(1 for r in scope.runs if r.audited),
        "runs_left_out": dict(sorted(out_runs.items())),
        "files_left_out": dict(sorted(out_files.items())),
        "choices": len(choices),
        "choices_left_out": len(scope.choices),
        "own_names": list(scope.own_names),
    }


def select_rules(config: Config) -> list[str]:
    from paperlint import engine

    ids = list(engine.all_rules())
    known = set(ids)
    select = [r.upper() for r in config.select]
    ignore = [r.upper() for r in config.ignore]
    for r in (*select, *ignore):
        if not any(i.startswith(r) for i in known):
            raise PaperlintError("E003", r, f"unknown rule or prefix {r!r}")
    if select:
        ids = [i for i in ids if any(i.startswith(s) for s in select)]
    if ignore:
        ids = [i for i in ids if not any(i.startswith(s) for s in ignore)]
    return ids


def failing(result: AuditResult, fail_on: str) -> tuple[Finding, ...]:
    """The active findings at least as severe as ``fail_on``: the run fails if there are any."""
    from paperlint.model import SEVERITIES

    floor = SEVERITIES.index(fail_on)
    return tuple(f for f in result.active_findings if SEVERITIES.index(f.severity) >= floor)


def apply_suppressions(findings: list[Finding], inventory: CodeInventory) -> list[Finding]:
    """Inline ``# paperlint: ignore[ID] -- reason`` on the flagged line (or the line above);
    :func:`paperlint.engine.run` already applies them, this is for callers with own findings."""
    from paperlint import engine

    return engine.suppress_inline(findings, inventory.suppressions)


def suppression_summary(
    inventory: CodeInventory, findings: Sequence[Finding], baseline: dict[str, Any] | None
) -> dict[str, Any]:
    """What was silenced and why: the inline comments (with their reasons) and the baseline."""
    from paperlint import engine

    by_line: dict[tuple[str, int], list] = {}
    for s in inventory.suppressions:
        by_line.setdefault((s.file, s.line), []).append(s)
    silenced: Counter = Counter()
    for f in findings:
        if f.suppressed:
            hit = engine.suppression_for(f, by_line)
            if hit is not None and f.suppressed == (hit.reason or "(no reason given)"):
                silenced[(hit.file, hit.line, hit.rules)] += 1
    inline = [
        {
            "file": s.file,
            "line": s.line,
            "rules": list(s.rules),
            "reason": s.reason,
            "silenced": silenced[(s.file, s.line, s.rules)],
        }
        for s in inventory.suppressions
    ]
    return {
        "inline": sum(silenced.values()),
        "baseline": baseline["matched"] if baseline else 0,
        "comments": inline,
        "without_reason": sum(1 for s in inventory.suppressions if not s.reason.strip()),
        "baseline_file": baseline,
    }


def summarize(
    choices: Sequence[Choice], assessments: Sequence[Assessment], findings: Sequence[Finding]
) -> dict[str, Any]:
    by_id = {a.choice: a for a in assessments}
    nonobvious = [
        c for c in choices if c.obviousness in ("deliberate", "irregular", "absent") and not c.via
    ]
    just = Counter(
        by_id[c.id].justification
        for c in nonobvious
        if by_id.get(c.id) and by_id[c.id].justification
    )
    ablated = sum(1 for c in nonobvious if by_id.get(c.id) and by_id[c.id].ablated)
    unjustified = sum(
        1
        for c in nonobvious
        if by_id.get(c.id) and not by_id[c.id].justification and not by_id[c.id].ablated
    )
    mismatched = sum(1 for c in choices if by_id.get(c.id) and by_id[c.id].mismatch)
    active = [f for f in findings if not f.suppressed]
    return {
        "choices": len(choices),
        "non_obvious": len(nonobvious),
        "mentioned": sum(1 for c in nonobvious if by_id.get(c.id) and by_id[c.id].mentioned),
        "justified": sum(just.values()),
        "justified_by": {k: just.get(k, 0) for k in ("reasoning", "citation", "empirical_claim")},
        "ablated": ablated,
        "unjustified": unjustified,
        "mismatched": mismatched,
        "findings": len(active),
        "suppressed": len(findings) - len(active),
        "by_severity": dict(Counter(f.severity for f in active)),
        "by_rule": dict(sorted(Counter(f.rule for f in active).items())),
        "by_kind": dict(Counter(c.kind for c in nonobvious)),
        "evidence_strength": evidence_strength(nonobvious, by_id),
    }


#: The evidence for a choice, strongest first: an experiment (ablation) or a stated reason,
#: then a citation, then "we found empirically", then nothing.
STRENGTH_ORDER = ("ablation", "reasoning", "citation", "empirical_claim", "none")


def strongest_evidence(a: Assessment | None) -> str:
    if a is None:
        return "none"
    if a.ablated:
        return "ablation"
    return a.justification or "none"


def evidence_strength(choices: Sequence[Choice], by_id: dict[str, Assessment]) -> dict[str, int]:
    """Each non-obvious choice counted once, by the strongest evidence the paper gives for it."""
    counts = Counter(strongest_evidence(by_id.get(c.id)) for c in choices)
    return {k: counts.get(k, 0) for k in STRENGTH_ORDER}
