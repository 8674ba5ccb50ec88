"""The paper side: read a PDF, LaTeX source or plain text into a :class:`~paperlint.model.Document`.

A paper is untrusted input. Before any parser sees it, cheap gates run in this process: the
path exists, is a regular file (never a FIFO or a device: opened non-blocking and checked with
``fstat``), is below ``--max-paper-size``, and a PDF starts with ``%PDF-``. The parser then
runs in a worker process (:mod:`paperlint.sandbox`) with a wall-clock and a memory limit, so a
file that makes pdfminer loop or inflate fails in seconds with E206/E207. Only plain records
come back; the document (sections, sentences) is built here. A PDF without a text layer
(scanned) is E203, never an empty audit.

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
    (:func:`paperlint.paper.pdf.read_pdf_part`); :meth:`raw` joins their pages in order.
    """

    display: str
    kind: str  # pdf | latex | text
    path: Path
    _handle: Any = None
    _document: Document | None = None
    _parts: list[Any] = field(default_factory=list)

    def raw(self) -> Any:
        """What the worker(s) sent: a PDF's ``(pages, total)``, else the Document."""
        if self.kind != "pdf" or not self._parts:
            return self._handle.result()
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

    def result(self) -> Document:
        if self._document is not None:
            return self._document
        value = self.raw()
        if self.kind == "pdf":
            self._document = _pdf_document(self.path, self.display, *value)
        else:
            self._document = value
        return self._document

    def cancel(self) -> None:
        for h in [self._handle, *self._parts]:
            if h is not None:
                h.cancel()


def start_paper(
    path: str | Path,
    *,
    display: str | None = None,
    password: str = "",
    limits: Limits = DEFAULT,
    debug: bool = False,
    workers: int = 1,
) -> PaperJob:
    """Run the gates, then start reading ``path`` in a worker (a PDF in up to ``workers``
    workers, each reading every k-th page). Raises PaperlintError at a gate."""
    from paperlint import sandbox

    p = Path(path)
    display = display or str(path)
    kind = _kind(p)
    _gate(p, display, kind, limits)
    if kind == "text":
        from paperlint.code.files import read_regular
        from paperlint.paper.document import document_from_text

        data = read_regular(p, display, limits.max_paper_size, "E210")
        text = data.decode("utf-8", errors="replace")
        return PaperJob(display, kind, p, _document=document_from_text(text, path=display))
    if kind == "pdf" and workers > 1:
        from paperlint.paper.pdf import page_count_hint, parts_for

        hint = page_count_hint(p)  # start no worker that would find no page to read
        if hint is not None:
            workers = parts_for(hint, workers)
    if kind == "pdf" and workers > 1:
        from paperlint.paper.pdf import read_pdf_part_plain

        job = PaperJob(display, kind, p)
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
    if kind == "latex":
        fn, args = _read_latex_plain, (str(p), display, limits)
    else:
        from paperlint.paper.pdf import read_pdf_plain

        fn, args = read_pdf_plain, (str(p), password, limits.max_pages, display)
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


def _read_latex_plain(path: str, display: str, limits: Limits) -> Document:
    """The LaTeX reader, in the worker process."""
    try:
        from paperlint.paper.latex import read_latex
    except ImportError:
        raise PaperlintError(
            "E209", display, "this paperlint cannot read LaTeX source yet", "pass the PDF"
        ) from None
    return read_latex(Path(path), display=display)
