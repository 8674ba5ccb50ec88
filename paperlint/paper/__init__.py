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
from dataclasses import dataclass
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
    """A paper being read; :meth:`result` returns its Document or raises PaperlintError."""

    display: str
    kind: str  # pdf | latex | text
    path: Path
    _handle: Any = None
    _index: Any = None

    def result(self) -> Document:
        """The paper as a Document (raises PaperlintError if it could not be read)."""
        return self.index().document

    def index(self):
        """The paper's :class:`~paperlint.link.index.PaperIndex` (mentions and cues), built in
        the worker with the document: the sentence pipeline and the cue patterns run on the
        stranger's text under the same limits as the PDF reader."""
        if self._index is None:
            self._index = self._handle.result()
        return self._index

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()


def start_paper(
    path: str | Path,
    *,
    display: str | None = None,
    password: str = "",
    limits: Limits = DEFAULT,
    debug: bool = False,
) -> PaperJob:
    """Run the gates, then start reading ``path`` in a worker. Raises PaperlintError at a gate."""
    from paperlint import sandbox

    p = Path(path)
    display = display or str(path)
    kind = _kind(p)
    _gate(p, display, kind, limits)
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
    from paperlint.link.index import build_index

    return build_index(doc)


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
