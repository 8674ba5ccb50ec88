"""PDF → positioned text lines, with pdfminer.six kept behind this one module.

Every other part of paperlint sees plain records: a :class:`PageText` per page holding
:class:`Line` records with their box, font size and boldness, grouped into the text boxes
pdfminer found. Superscripts are marked (``10^-4``), ``(cid:N)`` noise dropped, ligatures and
unicode minus normalized (see :mod:`paperlint.paper.text`).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from paperlint.errors import PaperlintError
from paperlint.paper.text import clean_line


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    y0: float  # bottom, in PDF coordinates (origin bottom-left)
    x1: float
    y1: float  # top
    size: float  # median character size
    bold: bool
    box: int  # index of the pdfminer text box on its page

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]


_BOLD_MARKERS = (
    "bold",
    "black",
    "heavy",
    "semibold",
    "demi",
    ".b",
    ",b",
    "-b",
    "cmbx",
    "nimbussanl-bold",
)


def _is_bold(fontname: str) -> bool:
    f = fontname.lower()
    return any(m in f for m in _BOLD_MARKERS) or f.endswith(("-bd", "bd"))


def read_pdf(
    path: str | Path,
    *,
    password: str = "",
    max_pages: int = 300,
    first_page: int = 1,
    last_page: int | None = None,
) -> tuple[list[PageText], int]:
    """Positioned text of pages ``first_page..last_page``, and the page count of the document.

    Raises :class:`PaperlintError` (E202 not a PDF, E204 encrypted, E205 damaged, E208 too long).
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psexceptions import PSException

    display = str(path)
    with open(path, "rb") as fh:
        if fh.read(1024).find(b"%PDF-") < 0:
            raise PaperlintError("E202", display)
        fh.seek(0)
        try:
            parser = PDFParser(fh)
            doc = PDFDocument(parser, password=password)
        except PDFPasswordIncorrect:
            raise PaperlintError(
                "E204", display, "encrypted PDF: the password is missing or wrong"
            ) from None
        except PDFEncryptionError as e:
            raise PaperlintError("E204", display, f"encrypted PDF: {e}") from None
        except (
            PDFSyntaxError,
            PSException,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
        ) as e:
            raise PaperlintError(
                "E205", display, f"PDF could not be parsed: {type(e).__name__}"
            ) from None
        if not doc.is_extractable:
            # The author set "no copying"; reading text for an audit is what this flag is not for.
            pass
        rsrcmgr = PDFResourceManager(caching=True)
        laparams = LAParams(
            line_overlap=0.25,
            line_margin=0.5,
            char_margin=2.0,
            word_margin=0.1,
            boxes_flow=None,
            detect_vertical=False,
        )
        device = PDFPageAggregator(rsrcmgr, laparams=laparams)
        interpreter = PDFPageInterpreter(rsrcmgr, device)
        pages: list[PageText] = []
        total = 0
        try:
            for number, page in enumerate(PDFPage.create_pages(doc), start=1):
                total = number
                if number > max_pages:
                    raise PaperlintError("E208", display, f"more than {max_pages} pages")
                if number < first_page or (last_page is not None and number > last_page):
                    continue
                interpreter.process_page(page)
                layout = device.get_result()
                pages.append(_page_text(number, layout))
        except PaperlintError:
            raise
        except (
            PDFSyntaxError,
            PSException,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
            AssertionError,
        ) as e:
            if not pages:
                raise PaperlintError(
                    "E205", display, f"PDF could not be parsed: {type(e).__name__}"
                ) from None
            # keep what was read; the coverage shows the rest is missing
    return pages, total


def count_pages(path: str | Path, password: str = "") -> int:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as fh:
        doc = PDFDocument(PDFParser(fh), password=password)
        return sum(1 for _ in PDFPage.create_pages(doc))


def _page_text(number: int, layout) -> PageText:
    from pdfminer.layout import LTTextBox, LTTextLine

    lines: list[Line] = []
    box_index = 0
    for element in _text_containers(layout):
        if isinstance(element, LTTextBox):
            for tl in element:
                if isinstance(tl, LTTextLine):
                    line = _line(tl, box_index)
                    if line is not None:
                        lines.append(line)
            box_index += 1
        elif isinstance(element, LTTextLine):
            line = _line(element, box_index)
            if line is not None:
                lines.append(line)
            box_index += 1
    x0, y0, x1, y1 = layout.bbox
    return PageText(number, x1 - x0, y1 - y0, tuple(lines))


def _text_containers(layout) -> Iterator:
    from pdfminer.layout import LTFigure, LTTextBox, LTTextLine

    for element in layout:
        if isinstance(element, (LTTextBox, LTTextLine)):
            yield element
        elif isinstance(element, LTFigure):
            # text drawn inside figures (axis labels) is not prose; skipped on purpose
            continue


def _line(tl, box: int) -> Line | None:
    from pdfminer.layout import LTAnno, LTChar

    chars = [c for c in tl if isinstance(c, LTChar)]
    if not chars:
        return None
    sizes = [c.size for c in chars if c.get_text().strip()]
    if not sizes:
        return None
    size = statistics.median(sizes)
    base = statistics.median(c.y0 for c in chars if c.size >= size * 0.9) if sizes else tl.y0
    parts: list[str] = []
    sup = False
    for c in tl:
        if isinstance(c, LTAnno):
            if sup:
                parts.append(" ")
                sup = False
            parts.append(c.get_text())
            continue
        if not isinstance(c, LTChar):
            continue
        t = c.get_text()
        small_raised = c.size < size * 0.8 and c.y0 > base + size * 0.2
        if (
            small_raised
            and (t.isdigit() or t in "-−–")
            and parts
            and parts[-1][-1:].isdigit()
            and not sup
        ):
            parts.append("^")
            sup = True
        elif sup and not small_raised:
            sup = False
        parts.append(t)
    text = clean_line("".join(parts))
    if not text.strip():
        return None
    bold_chars = sum(1 for c in chars if _is_bold(c.fontname))
    return Line(
        text, tl.x0, tl.y0, tl.x1, tl.y1, round(size, 2), bold_chars > 0.6 * len(chars), box
    )
