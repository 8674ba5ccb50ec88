"""Run a parser on untrusted input where a hang or a crash cannot take paperlint down.

A PDF or a source file comes from a stranger. The parsers that read them (pdfminer.six, libcst)
can loop forever, allocate gigabytes or crash the interpreter on crafted input, so they run in a
worker process with

* a wall-clock limit, enforced by the parent, which kills the worker when it is exceeded;
* a memory limit (``RLIMIT_AS``) set inside the worker, so a decompression bomb fails fast;
* no core dumps;
* as defence in depth, an audit hook in the worker that refuses ``socket``, ``subprocess``,
  ``os.system``, ``os.exec*`` and ``os.spawn*``. CPython documents audit hooks as unsuitable
  for a sandbox (code running in the process can get around them), so the hook is not the
  guarantee: the guarantee is that the parsers run in separate worker processes, under the
  limits above, whose results the parent unpickles with an allow-list (below), and that the
  audited code itself is never imported or run;
* its stdout and stderr kept away from the user's terminal (shown with ``--debug``).

The API is small::

    handle = submit(read_document, path, timeout=60, memory=1 << 30, kind="paper", display=...)
    ...                                  # do other work while the worker reads
    document = handle.result()           # the value, or PaperlintError(E206/E207/E205 ...)

    run_limited(fn, *args, ...)          # submit(...).result()

    with Worker(memory=..., kind="code") as w:     # one process for many small tasks;
        w.call(read_file, f, timeout=10, display=f.display)   # restarted after a kill

``fn`` must be a module-level function (it is sent by reference) and return paperlint records
or builtins. Results come back pickled, but the parent unpickles them with an allow-list (only
dataclasses defined in ``paperlint`` and a few builtins): a worker that a crafted file managed to
subvert still cannot make the parent run anything.

Processes come from a ``forkserver`` (POSIX), so a new worker costs a ``fork`` (a few
milliseconds) rather than an interpreter start; a caller that starts many has the server import
the parsers once (``preload_pdf``, ``preload_code``, ``preload_nlp``). On Windows
``spawn`` is used and the memory limit is not available. ``PAPERLINT_SANDBOX=0`` runs
everything in-process (no limits; for debugging with a debugger).
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import io
import os
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from paperlint.errors import PaperlintError

#: What a failure of each kind of reader is called: (timed out, out of memory, crashed, too deep).
ERRORS: dict[str, tuple[str, str, str, str]] = {
    "paper": ("E206", "E207", "E205", "E205"),
    "code": ("E110", "E111", "E109", "E106"),
}


def worker_hint(error: BaseException) -> str:
    """What to do when a worker process cannot be started. A daemonic process (a Dask worker
    started the default way) may not have children: the README's remedy is a non-daemonic
    worker, which keeps the limits, rather than reading in-process without them."""
    if "daemonic" in str(error):
        return (
            "this process is daemonic and may not start the readers' processes: start the Dask "
            "workers non-daemonic, `DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker ADDRESS "
            "--nthreads 1` (README, Many papers)"
        )
    return "set PAPERLINT_SANDBOX=0 to read in-process, without time and memory limits"


#: Largest result a worker may send back (bytes of pickle).
MAX_RESULT = 512 << 20
#: Modules imported once in the fork server, so that every worker starts with them loaded. No
#: worker can start before the server has imported these, and in a one-off audit the worker
#: that loads the sentence pipeline is the critical path, so the list is kept to what every
#: worker needs (the worker's module, the records, the paper job's module), once for all:
#: each worker imports its reader itself, side by side with the others.
PRELOAD: tuple[str, ...] = ("paperlint.sandbox", "paperlint.paper")
#: The PDF reader's modules. A long-running caller that starts page readers for every paper
#: (``paperlint batch``) preloads them, with ``preload_pdf()`` before its first worker.
PDF_PRELOAD: tuple[str, ...] = (
    "paperlint.paper.pdf",
    "pdfminer.pdfinterp",
    "pdfminer.layout",
    "pdfminer.pdfpage",
)
#: The code reader's modules (libcst, the signature tables). A one-off audit's code worker imports
#: them itself, while the PDF is read; a long-running caller that starts a code worker per audit
#: (``paperlint batch``) preloads them too, with ``preload_code()`` before its first worker.
CODE_PRELOAD: tuple[str, ...] = ("paperlint.code.project", "paperlint._worker_preload")
#: A small project of our own read by the fork server with the code reader, so that its
#: workers start with the reader's tables and patterns built (what a worker's first file
#: otherwise builds): for a long-running caller that starts a code worker per audit (the daemon).
CODE_WARM: tuple[str, ...] = ("paperlint._code_warmup",)
#: The sentence pipeline (spaCy) and the index's matchers. A one-off audit loads them in its
#: builder worker while the pages are read; ``paperlint batch`` preloads them once, so that each
#: pair's builder starts with them instead of importing spaCy again.
NLP_PRELOAD: tuple[str, ...] = ("paperlint._nlp_preload",)


def _preload(modules: tuple[str, ...]) -> None:
    global PRELOAD
    if _context is None:  # the server imports its list when it starts
        PRELOAD = tuple(dict.fromkeys((*PRELOAD, *modules)))


def preload_pdf() -> None:
    """Have the fork server import the PDF reader as well (call before the first worker)."""
    _preload(PDF_PRELOAD)


def preload_code(warm: bool = False) -> None:
    """Have the fork server import the code reader as well (call before the first worker);
    with ``warm``, also read a small project of our own with it (:data:`CODE_WARM`)."""
    _preload((*CODE_PRELOAD, *CODE_WARM) if warm else CODE_PRELOAD)


def preload_nlp() -> None:
    """Have the fork server load the sentence pipeline and the index's matchers as well (call
    before the first worker): worth it for a caller that audits many papers."""
    _preload(NLP_PRELOAD)


#: whether :func:`fork_ahead` may fork this process. A long-running one (the daemon,
#: :mod:`paperlint.daemon`) turns it off: its fork server's workers start as fast, with the
#: readers loaded, and a fork of the daemon would copy its sockets into a reader.
FORK_AHEAD = True
#: workers forked ahead of their first task (:func:`fork_ahead`), each waiting for the first
#: :class:`Worker` of its kind and limits to start: (kind, memory, cpu, niceness) → process
_ahead: list[tuple[tuple, Any, Any, str]] = []


def fork_ahead(
    *,
    memory: int | None,
    kind: str = "code",
    cpu: float | None = None,
    niceness: int = 0,
    imports: tuple[str, ...] = (),
) -> bool:
    """Start a worker now by forking this process, its reader's modules (``imports``) imported
    in it while the caller goes on; the next :class:`Worker` of the same kind and limits takes
    it rather than asking the fork server for one. For a caller that needs a worker or two
    soon and no more (an audit after an edit, its paper cached): the fork server would first
    start an interpreter and import every reader before the first worker could start.

    Done only where a fork is safe: on Linux, with the sandbox on, in a process that runs no
    other thread (a fork copies the locks another thread holds); else nothing is started and
    False is returned. A worker nobody takes is ended by :func:`discard_ahead` (or dies with
    this process)."""
    import threading

    if not FORK_AHEAD or not enabled() or not sys.platform.startswith("linux"):
        return False
    if threading.active_count() != 1:
        return False
    import multiprocessing
    import tempfile

    try:
        ctx = multiprocessing.get_context("fork")
        parent_conn, child_conn = ctx.Pipe(duplex=True)
    except (ValueError, OSError):
        return False
    fd, log = tempfile.mkstemp(prefix="paperlint-worker-", suffix=".log")
    os.close(fd)
    # the fork copies every descriptor: the worker lets go of this process's ends of its own
    # pipe and of the other workers forked ahead, so that each sees its end close (EOF)
    others = (parent_conn, *(conn for _sig, _proc, conn, _log in _ahead))
    proc = ctx.Process(
        target=_forked_main,
        args=(others, child_conn, memory, log, cpu, niceness, imports),
        name=f"paperlint-{kind}-worker",
        daemon=True,
    )
    try:
        proc.start()
    except Exception:
        for end in (parent_conn, child_conn):
            end.close()
        with contextlib.suppress(OSError):
            os.unlink(log)
        return False
    child_conn.close()
    _ahead.append(((kind, memory, cpu, niceness), proc, parent_conn, log))
    trace(f"forked ahead {proc.pid}")
    return True


def _launch(signature: tuple) -> tuple[Any, Any, str]:
    """A worker process of ``signature`` (kind, memory, cpu, niceness) from the fork server:
    (process, this process's end of its pipe, its log file)."""
    import tempfile

    kind, memory, cpu, niceness = signature
    ctx = _mp_context()
    _start_server(ctx)
    parent_conn, child_conn = ctx.Pipe(duplex=True)
    fd, log = tempfile.mkstemp(prefix="paperlint-worker-", suffix=".log")
    os.close(fd)
    proc = ctx.Process(
        target=_child_main,
        args=(child_conn, memory, log, cpu, niceness),
        name=f"paperlint-{kind}-worker",
        daemon=True,
    )
    try:
        with _without_main():
            proc.start()
    except BaseException:
        parent_conn.close()
        with contextlib.suppress(OSError):
            os.unlink(log)
        raise
    finally:
        child_conn.close()
    return proc, parent_conn, log


#: the signature (kind, memory, cpu, niceness) of each worker process a :class:`Worker` started
#: since :func:`started_since_last` was last called (None: not recorded, until it is called)
_started: list[tuple] | None = None


def started_since_last() -> list[tuple]:
    """The signature of each worker process started since the last call, in order (the
    first call starts the record and returns none)."""
    global _started
    out, _started = _started or [], []
    return out


def keep_spares(signatures: list[tuple]) -> int:
    """Have a started worker of each of ``signatures`` (kind, memory, cpu, niceness) waiting,
    as :func:`fork_ahead` leaves one, for the next :class:`Worker` of its kind and limits to
    take; those missing are started now from the fork server. For a long-running caller (the
    daemon) whose next audit would otherwise wait for its workers to start. Each is a fresh
    process that has run nothing: no audit ever reuses another's worker. How many were
    started (none with the sandbox off, or where none can start)."""
    if not enabled():
        return 0
    waiting = [ready for ready, proc, _conn, _log in _ahead if proc.is_alive()]
    count = 0
    for signature in map(tuple, signatures):
        if signature in waiting:
            waiting.remove(signature)
            continue
        try:
            proc, conn, log = _launch(signature)
        except Exception:
            break
        _ahead.append((signature, proc, conn, log))
        count += 1
    return count


def discard_ahead() -> None:
    """End the workers :func:`fork_ahead` started that no :class:`Worker` took."""
    while _ahead:
        _sig, proc, conn, log = _ahead.pop()
        with contextlib.suppress(OSError):
            conn.close()  # the worker sees EOF and exits
        proc.join(timeout=2)
        if proc.is_alive():
            with contextlib.suppress(OSError, ValueError):
                proc.kill()
            proc.join(timeout=5)
        with contextlib.suppress(OSError):
            os.unlink(log)


def task_cpu(timeout: float) -> float:
    """The CPU seconds a worker that runs one task of ``timeout`` seconds may use (a backstop,
    see :class:`Worker`): what :func:`submit` gives its worker."""
    return 2 * timeout + 10


def enabled() -> bool:
    return os.environ.get("PAPERLINT_SANDBOX", "1").strip().lower() not in ("0", "no", "false")


# ── the parent side ──────────────────────────────────────────────────────────────────────────

_context = None


def _mp_context():
    global _context
    if _context is None:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(list(PRELOAD))
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


@contextlib.contextmanager
def _without_main():
    """Start a worker without re-running the caller's ``__main__`` in it.

    multiprocessing re-imports the parent's main script in every spawned or forkserver child,
    which fails when there is no script (``python -``, a notebook, an embedding) and costs an
    import of pytest or click per worker otherwise. A worker only runs functions of paperlint's
    own modules, so it needs no ``__main__``: for the instant of ``start()`` the parent's is
    swapped for an empty module, which multiprocessing then has nothing to send.
    """
    import types

    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


@contextlib.contextmanager
def _server_output():
    """Start the fork server with nowhere to write: its stdout and stderr, inherited from this
    process, are ``/dev/null`` while it starts. Else a caller that reads paperlint's output
    through a pipe (CI, ``| tee``, ``subprocess.run``) waits, after paperlint has exited, for
    the server to notice and exit too, the last holder of the pipe. The workers write to
    their own logs."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    saved: list[tuple[int, int]] = []
    try:
        for fd in (1, 2):
            with contextlib.suppress(OSError):
                saved.append((fd, os.dup(fd)))
                os.dup2(devnull, fd)
        yield
    finally:
        for fd, copy in saved:
            with contextlib.suppress(OSError):
                os.dup2(copy, fd)
            os.close(copy)
        os.close(devnull)


def warm_up() -> None:
    """Start the fork server now (it imports the parsers in the background), so the first
    worker is ready sooner. Safe to call many times; does nothing when sandboxing is off."""
    if not enabled():
        return
    _start_server(_mp_context())


def _start_server(ctx: Any) -> None:
    """Start the fork server if it is not running (``ensure_running``, with this process's
    ``__main__`` and output kept from it)."""
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    server = forkserver._forkserver
    if getattr(server, "_forkserver_pid", None) is not None:
        return  # running (ensure_running checks it is alive when a worker starts)
    with contextlib.suppress(Exception), _without_main(), _server_output():
        server.ensure_running()


class Handle:
    """A task running in a worker; :meth:`result` waits for it (up to its deadline)."""

    def __init__(
        self, worker: Worker, timeout: float, display: str, close_after: bool, value: Any = None
    ):
        self._worker = worker
        self._deadline = time.monotonic() + timeout
        self._timeout = timeout
        self._display = display
        self._close_after = close_after
        self._done = False
        self._value = value
        self._error: PaperlintError | None = None
        self._timer: Any = None

    def _arm_watchdog(self) -> None:
        """Kill the worker at its deadline even if nobody is waiting for the result yet, so a
        hung reader never burns a core while the caller does other work."""
        import threading

        proc = self._worker._proc
        if proc is None:
            return

        worker = self._worker

        def expire() -> None:
            with contextlib.suppress(Exception):
                if proc.is_alive():
                    worker._expired = True
                    proc.kill()

        timer = threading.Timer(self._timeout + 0.5, expire)
        timer.daemon = True
        timer.start()
        self._timer = timer

    def done(self) -> bool:
        """True when the result is ready (without waiting)."""
        if self._done:
            return True
        conn = self._worker._conn
        return conn is None or conn.poll(0)

    def result(self) -> Any:
        """The task's value; raises :class:`PaperlintError` if it failed, hung or crashed."""
        if not self._done:
            try:
                self._value = self._worker._collect(self._deadline, self._timeout, self._display)
            except PaperlintError as e:
                self._error = e
            finally:
                self._done = True
                if self._timer is not None:
                    self._timer.cancel()
                if self._close_after:
                    self._worker.close()
        if self._error is not None:
            raise self._error
        return self._value

    def cancel(self) -> None:
        """Stop the task (kills its worker) if it is still running."""
        if not self._done:
            self._worker._kill()
            self._done = True
            self._error = PaperlintError(ERRORS[self._worker.kind][2], self._display, "cancelled")
            if self._close_after:
                self._worker.close()


class Worker:
    """A worker process that runs one task at a time under a memory limit.

    It is started on first use and restarted after a task kills it (timeout or crash), so a bad
    file costs one process, never the run. Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        memory: int | None,
        kind: str = "code",
        debug: bool = False,
        cpu: float | None = None,
        niceness: int = 0,
    ) -> None:
        if kind not in ERRORS:
            raise ValueError(f"unknown worker kind {kind!r}")
        self.memory = memory
        self.cpu = cpu  # CPU seconds for the worker's whole life (a backstop; None: no limit)
        # added to the worker's nice value: a worker whose result is needed later than its
        # siblings' yields the cores to them while they compete (POSIX; ignored elsewhere)
        self.niceness = niceness
        self.kind = kind
        self.debug = debug
        self.in_process = not enabled()
        self._proc = None
        self._conn = None
        self._log: str | None = None
        self._expired = False  # set when a watchdog killed the worker at its deadline
        self.started = 0  # how many processes this worker has started (for tests and tuning)

    # lifecycle
    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()  # the worker sees EOF and exits
            self._conn = None
        if self._proc is not None:
            self._proc.join(timeout=2)
            if self._proc.is_alive():
                self._kill()
            self._proc = None
        self._drop_log()

    def _start(self) -> None:
        signature = (self.kind, self.memory, self.cpu, self.niceness)
        for i, (ready, proc, conn, log) in enumerate(_ahead):
            if ready == signature and proc.is_alive():
                del _ahead[i]  # started ahead for a worker like this one (fork_ahead, spare)
                self._proc, self._conn, self._log = proc, conn, log
                break
        else:
            self._proc, self._conn, self._log = _launch(signature)
        self.started += 1
        if _started is not None:
            _started.append(signature)

    def _kill(self) -> None:
        if self._proc is not None:
            with contextlib.suppress(OSError, ValueError):
                self._proc.kill()
            self._proc.join(timeout=5)
            self._proc = None
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None

    def _drop_log(self) -> None:
        if self._log:
            with contextlib.suppress(OSError):
                os.unlink(self._log)
            self._log = None

    # tasks
    def submit(self, fn: Callable[..., Any], *args: Any, timeout: float, display: str) -> Handle:
        """Start ``fn(*args)`` in the worker; collect it with ``.result()``."""
        return self._submit(fn, args, timeout, display, close_after=False)

    def call(self, fn: Callable[..., Any], *args: Any, timeout: float, display: str) -> Any:
        """``fn(*args)`` in the worker, or a PaperlintError naming what went wrong."""
        return self.submit(fn, *args, timeout=timeout, display=display).result()

    def _submit(
        self, fn: Callable[..., Any], args: tuple, timeout: float, display: str, close_after: bool
    ) -> Handle:
        if self.in_process:
            value, error = None, None
            try:
                value = _decode(self, _run(fn, args), display)
            except PaperlintError as e:
                error = e
            h = Handle(self, timeout, display, close_after, value)
            h._done, h._error = True, error
            return h
        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._drop_log()
            self._expired = False
            try:
                self._start()
            except Exception as e:  # no processes here (a locked-down container?)
                self._kill()
                h = Handle(self, timeout, display, close_after)
                h._done = True
                h._error = PaperlintError(
                    ERRORS[self.kind][2],
                    display,
                    f"could not start the reader's worker process ({type(e).__name__}: {e})",
                    worker_hint(e),
                )
                return h
        assert self._conn is not None
        task = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError, ValueError):  # a worker that died is noticed later
            self._conn.send_bytes(task)
        handle = Handle(self, timeout, display, close_after)
        if close_after:
            handle._arm_watchdog()
        return handle

    def _collect(self, deadline: float, timeout: float, display: str) -> Any:
        timed_out, _, crash_code, _ = ERRORS[self.kind]
        conn = self._conn
        if conn is None:
            raise PaperlintError(crash_code, display, "the reader's worker process is gone")
        try:
            ready = conn.poll(max(0.0, deadline - time.monotonic()))
        except (OSError, EOFError):
            ready = True
        if not ready:
            self._kill()
            raise PaperlintError(timed_out, display, f"reading took longer than {timeout:g} s")
        try:
            data = conn.recv_bytes(MAX_RESULT)
        except (EOFError, OSError) as e:
            if self._expired:
                self._kill()
                raise PaperlintError(
                    timed_out, display, f"reading took longer than {timeout:g} s"
                ) from None
            if isinstance(e, OSError) and "bad message length" in str(e):
                self._kill()
                raise PaperlintError(
                    crash_code, display, "the reader's result is too large"
                ) from None
            raise self._crashed(display) from None
        return _decode(self, _restricted_loads(data), display)

    def _crashed(self, display: str) -> PaperlintError:
        _, memory_code, crash_code, _ = ERRORS[self.kind]
        proc = self._proc
        code = None
        if proc is not None:
            proc.join(timeout=5)
            code = proc.exitcode
        tail = self._log_tail()
        self._kill()
        how = "exited"
        if code is not None and code < 0:
            try:
                how = f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"was killed by signal {-code}"
        elif code is not None:
            how = f"exited with status {code}"
        if self.memory and ("memory allocation" in tail or "MemoryError" in tail):
            return PaperlintError(
                memory_code, display, f"ran out of memory (limit {_size(self.memory)})"
            )
        detail = f"; --debug shows its output: {tail.strip()[-300:]}" if self.debug and tail else ""
        return PaperlintError(
            crash_code, display, f"the reader crashed (its process {how}){detail}"
        )

    def _log_tail(self) -> str:
        if not self._log:
            return ""
        try:
            with open(self._log, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - 4096))
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""


class Pool:
    """Up to ``size`` workers (:class:`Worker`) that run a list of tasks side by side: a task
    goes to the first idle worker, and the results come back as the tasks end. A worker is
    started when a task is there for it, so a pool of two with one task starts one process.
    Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        size: int,
        *,
        memory: int | None,
        kind: str = "code",
        debug: bool = False,
        niceness: int = 0,
    ) -> None:
        self.workers = [
            Worker(memory=memory, kind=kind, debug=debug, niceness=niceness)
            for _ in range(max(1, size))
        ]

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            w.close()

    @property
    def started(self) -> int:
        """How many processes the pool's workers have started (for tests and tuning)."""
        return sum(w.started for w in self.workers)

    def call(self, fn: Callable[..., Any], *args: Any, timeout: float, display: str) -> Any:
        """``fn(*args)`` in the pool's first worker."""
        return self.workers[0].call(fn, *args, timeout=timeout, display=display)

    def run(
        self, tasks: list[tuple[Callable[..., Any], tuple, float, str]]
    ) -> Iterator[tuple[int, Any]]:
        """``(position, value)`` of each task ``(fn, args, timeout, display)`` as it ends; the
        value is the :class:`PaperlintError` the task raised when it failed, hung or crashed."""
        from multiprocessing.connection import wait

        todo = list(enumerate(tasks))
        todo.reverse()
        busy: dict[int, tuple[int, Handle]] = {}  # worker's position → (task, handle)
        while todo or busy:
            for w, worker in enumerate(self.workers):
                if w not in busy and todo:
                    i, (fn, args, timeout, display) = todo.pop()
                    busy[w] = (i, worker.submit(fn, *args, timeout=timeout, display=display))
            ready = [w for w, (_i, h) in busy.items() if h.done()]
            if not ready:
                conns = {self.workers[w]._conn: w for w in busy}
                soonest = min(h._deadline for _i, h in busy.values())
                got = wait(
                    [c for c in conns if c is not None], max(0.0, soonest - time.monotonic())
                )
                ready = [conns[c] for c in got] or [
                    w for w, (_i, h) in busy.items() if h._deadline <= time.monotonic()
                ]
            for w in ready:
                i, handle = busy.pop(w)
                try:
                    yield i, handle.result()
                except PaperlintError as e:
                    yield i, e


def submit(
    fn: Callable[..., Any],
    *args: Any,
    timeout: float,
    memory: int | None,
    kind: str,
    display: str,
    debug: bool = False,
    niceness: int = 0,
) -> Handle:
    """Start ``fn(*args)`` in a fresh worker process; ``.result()`` collects it later
    (``niceness``: added to the worker's nice value, for a task whose result is needed last)."""
    w = Worker(memory=memory, kind=kind, debug=debug, cpu=task_cpu(timeout), niceness=niceness)
    return w._submit(fn, args, timeout, display, close_after=True)


def run_limited(
    fn: Callable[..., Any],
    *args: Any,
    timeout: float,
    memory: int | None,
    kind: str,
    display: str,
    debug: bool = False,
) -> Any:
    """``fn(*args)`` in a fresh worker process with a wall-clock and a memory limit."""
    return submit(
        fn, *args, timeout=timeout, memory=memory, kind=kind, display=display, debug=debug
    ).result()


def _decode(worker: Worker, reply: tuple, display: str) -> Any:
    """A worker's reply as a value, or the PaperlintError it stands for."""
    _, memory_code, crash_code, deep_code = ERRORS[worker.kind]
    tag = reply[0]
    if tag == "ok":
        return reply[1]
    if tag == "error":
        _, code, message, hint = reply
        if code not in _known_codes():
            code, message = crash_code, f"{code}: {message}"
        return _raise(PaperlintError(code, display, message, hint))
    if tag == "memory":
        limit = f" (limit {_size(worker.memory)})" if worker.memory else ""
        return _raise(PaperlintError(memory_code, display, f"ran out of memory{limit}"))
    if tag == "recursion":
        return _raise(
            PaperlintError(deep_code, display, "nested too deeply for the reader (recursion limit)")
        )
    _, name, message, tb = reply
    detail = f"\n{tb}" if worker.debug else ""
    return _raise(
        PaperlintError(crash_code, display, f"the reader failed: {name}: {message}{detail}")
    )


def _raise(e: PaperlintError) -> Any:
    raise e


def _known_codes() -> set[str]:
    from paperlint.errors import CODES

    return set(CODES)


def _size(n: int | None) -> str:
    if not n:
        return "none"
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n:,} bytes"


# ── the result allow-list ────────────────────────────────────────────────────────────────────

_SAFE_BUILTINS = frozenset(
    {"set", "frozenset", "complex", "Ellipsis", "slice", "range", "bytearray", "NotImplemented"}
)


#: paths in records (a CodeFile's path) are rebuilt from their strings: nothing else runs
_SAFE_PATHS = frozenset({"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath", "Path"})


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _SAFE_BUILTINS:
            return getattr(builtins, name)
        if module == "pathlib" and name in _SAFE_PATHS:
            import pathlib

            return getattr(pathlib, name)
        if module.startswith("paperlint.") and not module.endswith("__main__"):
            # paperlint's own modules define records and functions only (bar __main__)
            import importlib

            try:
                obj = getattr(importlib.import_module(module), name, None)
            except ImportError:
                obj = None
            if isinstance(obj, type) and dataclasses.is_dataclass(obj):
                return obj
        raise pickle.UnpicklingError(f"a worker sent a forbidden object: {module}.{name}")


def _restricted_loads(data: bytes) -> tuple:
    try:
        reply = _RecordUnpickler(io.BytesIO(data)).load()
    except Exception as e:
        return ("exception", "UnpicklingError", str(e)[:200], "")
    if not isinstance(reply, tuple) or not reply or not isinstance(reply[0], str):
        return ("exception", "ProtocolError", "malformed reply", "")
    return reply


def load_records(data: bytes) -> Any:
    """Records that one worker task pickled for another (the code reader's per-file facts),
    decoded with the same allow-list as a reply: what a subverted worker wrote stays data."""
    return _RecordUnpickler(io.BytesIO(data)).load()


# ── the worker side ──────────────────────────────────────────────────────────────────────────

_BLOCKED_EVENTS = ("socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn")


def _deny(event: str, _args: tuple) -> None:
    if event.startswith(_BLOCKED_EVENTS) or event in ("os.fork", "os.forkpty"):
        raise PermissionError(f"paperlint's reader may not use {event}")


def _harden(memory: int | None, log: str | None, cpu: float | None = None) -> None:
    """Inside the worker: limits, quiet output, no network and no child processes."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        resource = None
    if resource is not None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if memory:
            with contextlib.suppress(ValueError, OSError):
                _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
                limit = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if cpu and resource is not None:
        # a backstop where the parent cannot kill us (it was killed itself, on a system
        # without PR_SET_PDEATHSIG): CPU seconds, not wall clock
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 5))
    # Die with paperlint: a killed run leaves no reader running.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    # multiprocessing hands every forkserver child the write end of the pipe by which the fork
    # server learns that paperlint is gone; while a reader held it, a killed paperlint left the
    # server (and so this reader, its child) running until the read ended. A reader starts no
    # processes, so it lets go of it: the server exits with paperlint, and the reader with it.
    with contextlib.suppress(Exception):
        from multiprocessing import forkserver

        server = forkserver._forkserver
        if server._forkserver_alive_fd is not None:
            os.close(server._forkserver_alive_fd)
            server._forkserver_alive_fd = None
            if os.getppid() == 1:  # the parent died before the signal was armed
                os._exit(1)
    if log:
        with contextlib.suppress(OSError):
            fd = os.open(log, os.O_WRONLY | os.O_APPEND)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.close(fd)
    import logging
    import warnings

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    sys.addaudithook(_deny)


def trace(event: str) -> None:
    """With ``PAPERLINT_TRACE=FILE``, append ``<unix time> <pid> <process CPU s> <event>`` to
    FILE: every worker task's start and end and the main process's stages, from every process
    of an audit, so the critical path, and what each process spent on the way, can be read off
    (``benchmarks/timeline.py``). Off, and free, by default."""
    path = os.environ.get("PAPERLINT_TRACE")
    if path:
        with contextlib.suppress(OSError), open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{time.time():.4f} {os.getpid()} {time.process_time():.3f} {event}\n")


def _task_name(fn: Callable[..., Any], args: tuple) -> str:
    name = getattr(fn, "__name__", "task")
    if name == "call" and args and isinstance(args[0], str):  # paperlint.code.stage.call
        name = args[0].rsplit(":", 1)[-1]
        display = getattr(args[1], "display", None) if len(args) > 1 else None
        if isinstance(display, str):  # a file's task names the file
            name = f"{name} {display}"
    return name


def _run(fn: Callable[..., Any], args: tuple) -> tuple:
    traced = bool(os.environ.get("PAPERLINT_TRACE"))
    if traced:
        trace(f"start {_task_name(fn, args)}")
    try:
        return ("ok", fn(*args))
    except PaperlintError as e:
        return ("error", e.code, e.message, e.hint)
    except MemoryError:
        return ("memory",)
    except RecursionError:
        return ("recursion",)
    except Exception as e:
        return ("exception", type(e).__name__, str(e)[:300], traceback.format_exc(limit=20))
    finally:
        if traced:
            trace(f"end {_task_name(fn, args)}")


def _forked_main(others: tuple, conn: Any, *args: Any) -> None:
    """:func:`_child_main` in a worker forked from paperlint's process (:func:`fork_ahead`),
    once it has closed its copies of ``others``, the parent's ends of the workers' pipes."""
    for other in others:
        with contextlib.suppress(OSError):
            other.close()
    _child_main(conn, *args)


def _child_main(
    conn: Any,
    memory: int | None,
    log: str | None,
    cpu: float | None = None,
    niceness: int = 0,
    imports: tuple[str, ...] = (),
) -> None:
    _harden(memory, log, cpu)
    if niceness > 0:
        with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
            os.nice(niceness)
    if imports:  # a worker forked ahead loads its reader (paperlint's modules) before its task
        import importlib

        for module in imports:
            with contextlib.suppress(Exception):  # a task that needs it reports what failed
                importlib.import_module(module)
    while True:
        try:
            fn, args = pickle.loads(conn.recv_bytes())  # from the parent: trusted
        except (EOFError, OSError):
            return
        reply = _run(fn, args)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory",))
        except Exception as e:
            data = pickle.dumps(("exception", type(e).__name__, str(e)[:300], ""))
        reply = None
        try:
            conn.send_bytes(data)
        except (OSError, ValueError):
            return
