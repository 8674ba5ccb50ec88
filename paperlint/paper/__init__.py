"""The paper side: read a PDF, LaTeX source or plain text into a :class:`~paperlint.model.Document`."""

from __future__ import annotations

from pathlib import Path

from paperlint.errors import PaperlintError
from paperlint.model import Document


def read_paper(
    path: str | Path, *, display: str | None = None, password: str = "", max_pages: int = 300
) -> Document:
    """The paper at ``path`` as a Document. Raises PaperlintError for input that can't be read."""
    import os
    import stat

    p = Path(path)
    display = display or str(path)
    if not os.path.lexists(p):
        raise PaperlintError("E201", display)
    try:
        st = os.stat(p)
    except OSError as e:
        raise PaperlintError("E201", display, f"cannot open: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise PaperlintError("E102", display)
    suffix = p.suffix.lower()
    if suffix in (".txt", ".md"):
        from paperlint.paper.document import document_from_text

        return document_from_text(p.read_text(encoding="utf-8", errors="replace"), path=display)
    if suffix in (".tex", ".gz", ".tgz", ".tar") or p.name.endswith(".tar.gz"):
        from paperlint.paper.latex import read_latex

        return read_latex(p, display=display)
    return read_pdf_document(p, display=display, password=password, max_pages=max_pages)


def read_pdf_document(
    path: Path, *, display: str, password: str = "", max_pages: int = 300
) -> Document:
    from paperlint.paper.document import document_from_pages, sha256_of
    from paperlint.paper.pdf import read_pdf

    if os_size(path) == 0:
        raise PaperlintError("E202", display, "empty file")
    pages, total = read_pdf(path, password=password, max_pages=max_pages)
    doc = document_from_pages(pages, path=display, sha256=sha256_of(path), total_pages=total)
    if doc.coverage.characters < 200 or doc.coverage.pages_with_text == 0:
        raise PaperlintError(
            "E203",
            display,
            f"no text layer ({doc.coverage.characters} characters on {total} pages)",
        )
    return doc


def os_size(path: Path) -> int:
    return path.stat().st_size
