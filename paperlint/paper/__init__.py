"""The paper side: read a PDF, LaTeX source or plain text into a :class:`~paperlint.model.Document`.

A paper is untrusted input. Before any parser sees it, cheap gates run in this process: the
path exists, is a regular file (never a FIFO or a device: opened non-blocking and checked with
``fstat``), is below ``--max-paper-size``, and a PDF starts with ``%PDF-``. Everything else runs
in a worker process (:mod:`paperlint.sandbox`) with a wall-clock and a memory limit: pdfminer,
the text-layer gate (E203: a scan is never an empty audit), and the document builder with its
sentence pipeline, which is quadratic on pathological text (a 40,000-character "word"). So a
file that makes a reader loop or inflate fails with E206/E207 and costs only the paper. Only
plain records (a :class:`~paperlint.model.Document`) come back.

:func:`start_paper` starts the read and returns a handle, so a caller can parse the code while
the PDF is read; :func:`read_paper` is ``start_paper(...).result()``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperlint.errors import PaperlintError
from paperlint.limits import DEFAULT, Limits
from paperlint.model import Document

_LATEX_SUFFIXES = (".tex", ".gz", ".tgz", ".tar")
_TEXT_SUFFIXES = (".txt", ".md")
#: a PDF with fewer characters than this (on all pages) has no usable text layer
MIN_TEXT_CHARACTERS = 200


@dataclass
class PaperJob:
    """A paper being read; :meth:`result` returns its Document or raises PaperlintError.

    A PDF may be read by several workers, each drawing every k-th page
    (:func:`paperlint.paper.pdf.read_pdf_part`); :meth:`pages` joins their pages in order.
    """

    display: str
    kind: str  # pdf | latex | text
    path: Path
    _handle: Any = None
    _index: Any = None
    # a PDF: its pages are drawn by these workers (each every k-th page) while ...
    _parts: list[Any] = field(default_factory=list)
    # ... this one loads the sentence pipeline, then builds the document and its index
    _builder: Any = None
    _warm: Any = None
    _limits: Limits = DEFAULT
    # the pages handed to the builder as soon as they are read, by a thread (:meth:`start_build`)
    _starter: Any = None
    _building: Any = None
    _start_error: PaperlintError | None = None
    _cancelled: bool = False
    # a task the builder runs once it has built the index (see :meth:`run_in_builder`)
    _after_build: tuple[Any, tuple] | None = None
    _after_handle: Any = None

    def result(self) -> Document:
        """The paper as a Document (raises PaperlintError if it could not be read)."""
        return self.index().document

    def index(self):
        """The paper's :class:`~paperlint.paper.index.PaperIndex` (mentions and cues), built in
        a worker with the document: the sentence pipeline and the cue patterns run on the
        stranger's text under the same limits as the PDF reader."""
        if self._index is None:
            if self._builder is None:
                self._index = self._handle.result()
            else:
                try:
                    self._index = self._build()
                finally:
                    if self._after_handle is None:
                        self._builder.close()
        return self._index

    @property
    def has_builder(self) -> bool:
        """True when a worker builds the index (a PDF read for speed), and so can link too."""
        return self._builder is not None and self._index is None

    def run_in_builder(self, task: Any, *args: Any) -> None:
        """Have the builder run ``task(*args)`` right after it has built the index, while this
        process goes on: ``task`` is a module-level function that reads the index through
        :func:`built_index` (the linker's share of the choices, see
        :func:`paperlint.link.linker.assess_with_built_index`), so the work is shared by two
        cores. Call before :meth:`index`; collect the result with :meth:`after_build_result`."""
        if self.has_builder:
            self._after_build = (task, args)

    def after_build_result(self) -> Any:
        """What the task given to :meth:`run_in_builder` returned; None when there was none or
        the builder failed (the caller then does the work itself)."""
        handle, self._after_handle = self._after_handle, None
        if handle is None:
            return None
        try:
            return handle.result()
        except PaperlintError:
            return None
        finally:
            self._builder.close()

    def start_build(self) -> None:
        """Hand the pages to the builder as soon as the page workers have read them, from a
        thread, while this process goes on with other work (the code): the index is then
        built while the code is still being parsed. :meth:`index` collects it."""
        if self._builder is None or self._starter is not None:
            return
        import threading

        self._starter = threading.Thread(
            target=self._submit_build, name="paperlint-paper-build", daemon=True
        )
        self._starter.start()

    def wait_pages(self) -> None:
        """Wait until the pages have been handed to the builder (or failed to be): the page
        workers are done then, and a core is free. Returns at once without a builder."""
        if self._starter is not None:
            self._starter.join()

    def _submit_build(self) -> None:
        import contextlib

        try:
            pages, total = self.pages()
            # a failed warm-up (memory?) restarts the worker: the build says what goes wrong
            with contextlib.suppress(PaperlintError):
                self._warm.result()
            if self._cancelled:  # the audit stopped meanwhile: start no builder again
                raise PaperlintError("E205", self.display, "cancelled")
            self._building = self._builder.submit(
                _pdf_index_from_pages,
                str(self.path),
                self.display,
                pages,
                total,
                timeout=self._limits.pdf_timeout,
                display=self.display,
            )
        except PaperlintError as e:
            self._start_error = e
        except Exception as e:  # a bug here must not hang the audit: say it like a crash
            self._start_error = PaperlintError(
                "E205", self.display, f"the paper's pages could not be handed over ({e})"
            )

    def _build(self):
        self.start_build()
        self._starter.join()
        if self._start_error is not None:
            raise self._start_error
        index = self._building.result()
        if self._after_build is not None:
            # sent once the index is in: a task sent while the worker is still sending its
            # reply could fill both directions of the pipe at once
            task, args = self._after_build
            self._after_handle = self._builder.submit(
                task, *args, timeout=self._limits.pdf_timeout, display=self.display
            )
        return index

    def pages(self) -> tuple[list, int]:
        """A PDF's pages, joined from the workers that drew them, and its page count."""
        results = []
        for h in self._parts:
            try:
                results.append(h.result())
            except PaperlintError:
                self.cancel()  # the file is bad for every worker alike: stop the others
                raise
        pages = sorted((p for got in results for p in got[0]), key=lambda p: p.number)
        total = results[0][1]
        failed = [name for got in results for name in got[2]]
        if failed and not pages:
            raise PaperlintError(
                "E205", self.display, f"PDF could not be parsed: {failed[0]} on every page"
            )
        return pages, total

    def cancel(self) -> None:
        self._cancelled = True
        for h in [self._handle, self._warm, self._building, self._after_handle, *self._parts]:
            if h is not None:
                h.cancel()
        if self._builder is not None:
            self._builder.close()


def start_paper(
    path: str | Path,
    *,
    display: str | None = None,
    password: str = "",
    limits: Limits = DEFAULT,
    debug: bool = False,
    workers: int = 0,
) -> PaperJob:
    """Run the gates, then start reading ``path`` in a worker. Raises PaperlintError at a gate.

    With ``workers`` > 0 a PDF is read for speed: up to that many workers draw its pages (each
    every k-th page, when the paper is long enough to share, see
    :data:`paperlint.paper.pdf.MIN_PAGES_PER_PART`) while one more loads the sentence pipeline,
    then builds the document and its index from the pages; every step under the paper's limits.
    """
    from paperlint import sandbox

    p = Path(path)
    display = display or str(path)
    kind = _kind(p)
    _gate(p, display, kind, limits)
    if kind == "pdf" and workers > 0:
        return _start_pdf(p, display, password, limits, debug, workers)
    if kind == "text":
        fn, args = _text_document, (str(p), display, limits)
    elif kind == "latex":
        fn, args = _latex_document, (str(p), display, limits)
    else:
        fn, args = _pdf_document_from_file, (str(p), password, limits.max_pages, display)
    handle = sandbox.submit(
        fn,
        *args,
        timeout=limits.pdf_timeout,
        memory=limits.pdf_memory,
        kind="paper",
        display=display,
        debug=debug,
    )
    return PaperJob(display, kind, p, _handle=handle)


def _start_pdf(
    p: Path, display: str, password: str, limits: Limits, debug: bool, workers: int
) -> PaperJob:
    from paperlint import sandbox
    from paperlint.paper.pdf import page_count_hint, parts_for, read_pdf_part_plain

    job = PaperJob(display, "pdf", p, _limits=limits)
    # the document builder starts first: it has the longest way to go (importing spaCy)
    job._builder = sandbox.Worker(memory=limits.pdf_memory, kind="paper", debug=debug)
    job._warm = job._builder.submit(_load_pipeline, timeout=limits.pdf_timeout, display=display)
    hint = page_count_hint(p)  # start no page worker that would find no page to draw
    if hint is not None:
        workers = parts_for(hint, workers)
    for k in range(workers):
        job._parts.append(
            sandbox.submit(
                read_pdf_part_plain,
                str(p),
                password,
                limits.max_pages,
                display,
                (k, workers),
                timeout=limits.pdf_timeout,
                memory=limits.pdf_memory,
                kind="paper",
                display=display,
                debug=debug,
            )
        )
    return job


def read_paper(
    path: str | Path,
    *,
    display: str | None = None,
    password: str = "",
    max_pages: int | None = None,
    limits: Limits = DEFAULT,
    debug: bool = False,
) -> Document:
    """The paper at ``path`` as a Document. Raises PaperlintError for input that can't be read."""
    if max_pages is not None:
        from dataclasses import replace

        limits = replace(limits, max_pages=max_pages)
    return start_paper(
        path, display=display, password=password, limits=limits, debug=debug
    ).result()


def _kind(p: Path) -> str:
    name = p.name.lower()
    if name.endswith(_TEXT_SUFFIXES):
        return "text"
    if name.endswith(_LATEX_SUFFIXES):
        return "latex"
    return "pdf"


def _gate(p: Path, display: str, kind: str, limits: Limits) -> None:
    if not os.path.lexists(p):
        raise PaperlintError("E201", display)
    try:
        st = os.stat(p)
    except OSError as e:
        raise PaperlintError("E201", display, f"cannot open: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise PaperlintError("E102", display)
    if st.st_size > limits.max_paper_size:
        raise PaperlintError(
            "E210", display, f"file too large ({st.st_size:,} bytes > {limits.max_paper_size:,})"
        )
    if kind != "pdf":
        return
    if st.st_size == 0:
        raise PaperlintError("E202", display, "empty file (0 bytes)")
    from paperlint.code.files import open_regular

    fd = open_regular(p, display)
    try:
        head = os.read(fd, 1024)
    finally:
        os.close(fd)
    if b"%PDF-" not in head:
        raise PaperlintError("E202", display, _what_it_is(head))


def _what_it_is(head: bytes) -> str:
    """A hint of what a file that is not a PDF is (never its content)."""
    h = head.lstrip()[:64].lower()
    if h.startswith((b"<!doctype html", b"<html")):
        return "not a PDF: an HTML page (a download that returned an error page?)"
    if h.startswith(b"\x1f\x8b"):
        return "not a PDF: a gzip file (an arXiv source archive? name it .tar.gz)"
    if h.startswith(b"pk\x03\x04"):
        return "not a PDF: a zip file"
    if h.startswith((b"\\documentclass", b"%")):
        return "not a PDF: looks like LaTeX source (name it .tex)"
    return "not a PDF: the file does not start with %PDF-"


def _pdf_document(path: Path, display: str, pages: list, total: int) -> Document:
    from paperlint.paper.document import document_from_pages, sha256_of

    # the text-layer gate, before the sentence pipeline is even loaded
    raw = sum(len(line.text.strip()) for page in pages for line in page.lines)
    if raw < MIN_TEXT_CHARACTERS:
        raise PaperlintError("E203", display, f"no text layer ({raw} characters on {total} pages)")
    doc = document_from_pages(pages, path=display, sha256=sha256_of(path), total_pages=total)
    if doc.coverage.characters < MIN_TEXT_CHARACTERS or doc.coverage.pages_with_text == 0:
        raise PaperlintError(
            "E203",
            display,
            f"no text layer ({doc.coverage.characters} characters on {total} pages)",
        )
    return doc


# ── what runs in the worker ──────────────────────────────────────────────────────────────────


def _indexed(doc: Document):
    from paperlint.paper.index import build_index

    return build_index(doc)


def _load_pipeline() -> None:
    """The sentence pipeline and the index's matchers and cue patterns, loaded ahead of the
    pages (the import of spaCy is most of it)."""
    from paperlint.paper.index import preload

    preload()


#: the index this worker built last, for a task run after the build (a builder worker serves
#: one paper and is closed after it)
_built_index: Any = None


def built_index() -> Any:
    """The index this worker process has just built (:meth:`PaperJob.run_in_builder`)."""
    if _built_index is None:
        raise PaperlintError("E205", "the paper", "no index was built to link against")
    return _built_index


def _pdf_index_from_pages(path: str, display: str, pages: list, total: int):
    global _built_index
    _built_index = None
    _built_index = _indexed(_pdf_document(Path(path), display, pages, total))
    return _built_index


def _pdf_document_from_file(path: str, password: str, max_pages: int, display: str):
    from paperlint.paper.pdf import read_pdf

    pages, total = read_pdf(path, password=password, max_pages=max_pages, display=display)
    return _indexed(_pdf_document(Path(path), display, pages, total))


def _text_document(path: str, display: str, limits: Limits):
    from paperlint.code.files import read_regular
    from paperlint.paper.document import document_from_text

    data = read_regular(Path(path), display, limits.max_paper_size, "E210")
    return _indexed(document_from_text(data.decode("utf-8", errors="replace"), path=display))


def _latex_document(path: str, display: str, limits: Limits):
    return _indexed(_latex_only(path, display, limits))


def _latex_only(path: str, display: str, limits: Limits) -> Document:
    from paperlint.paper.latex import read_latex  # its archive caps are in that module

    return read_latex(Path(path), display=display)
