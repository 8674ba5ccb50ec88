"""PDF → positioned text lines, with pdfminer.six kept behind this one module.

Every other part of paperlint sees plain records: a :class:`PageText` per page holding
:class:`Line` records with their box, font size and boldness, grouped into the text boxes
pdfminer found. Superscripts are marked (``10^-4``), ``(cid:N)`` noise dropped, ligatures and
unicode minus normalized (see :mod:`paperlint.paper.text`).
"""

from __future__ import annotations

import functools
import os
import re
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
    # URW's Times and Helvetica clones name their bold "Medium" (NimbusRomNo9L-Medi,
    # NimbusSanL-Medi): pdfLaTeX with the times package sets every bold heading in it
    "-medi",
)


@functools.cache
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
    display: str | None = None,
) -> tuple[list[PageText], int]:
    """Positioned text of pages ``first_page..last_page``, and the page count of the document.

    Raises :class:`PaperlintError` (E102 not a regular file, E202 not a PDF, E204 encrypted,
    E205 damaged, E207 out of memory, E208 too long). Any other exception pdfminer raises on a
    damaged file becomes E205 too. Hangs are not handled here: callers run this in a worker
    process with a deadline (:func:`paperlint.paper.read_paper`).
    """
    display = display or str(path)
    pages, total, failed = read_pdf_part(
        path, password=password, max_pages=max_pages, display=display, span=(first_page, last_page)
    )
    if failed and not pages:
        raise PaperlintError("E205", display, f"PDF could not be parsed: {failed[0]} on every page")
    return pages, total


#: A long paper's pages are read by several workers at once (page ``n`` by worker ``(n-1) % k``),
#: but only when each gets at least this many. Meanwhile the audit's main process loads spaCy
#: and a worker parses the code (together about as much CPU as pdfminer spends on 15-20 pages),
#: and the document is built when all are done: on two cores, splitting a shorter paper only
#: takes CPU from them, and costs a process and a second parse of the cross-reference table.
MIN_PAGES_PER_PART = 12
_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
#: Bounds of the search in object streams: the bytes of the file looked at, the streams
#: inflated, what each may inflate to and what all may (a hint must stay cheap on any file).
_OBJSTM_SCAN = 16 << 20
_OBJSTM_STREAMS = 64
_OBJSTM_INFLATED = 1 << 20
_OBJSTM_INFLATED_TOTAL = 4 << 20


def page_count_hint(path: str | Path, scan: int = 1 << 20) -> int | None:
    """The page count the PDF's page tree states, if a ``/Pages`` node says it (no parser: a
    hint for how many workers to start, never trusted for anything else); None when not found.

    The node is looked for in the file's first and last MiB, then, as most of today's papers
    keep it compressed in an object stream, in the first object streams (deflated) of the
    file's first 16 MiB (each inflated to at most 1 MiB, all to 4 MiB)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(scan)
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(len(head), size - scan))
            tail = fh.read(scan)
            counts = [int(a or b) for m in (head, tail) for a, b in _COUNT.findall(m)]
            if not counts:
                fh.seek(0)
                counts = _counts_in_object_streams(fh.read(_OBJSTM_SCAN))
    except OSError:
        return None
    return max(counts) if counts else None


def _counts_in_object_streams(data: bytes) -> list[int]:
    import zlib

    counts: list[int] = []
    view = memoryview(data)
    inflated = 0
    for n, m in enumerate(_OBJECT_STREAM.finditer(data)):
        if n >= _OBJSTM_STREAMS or inflated >= _OBJSTM_INFLATED_TOTAL:
            break
        start = data.find(b"stream", m.end(), m.end() + 1024)
        if start < 0:
            continue
        start += len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        try:
            text = zlib.decompressobj().decompress(view[start:], _OBJSTM_INFLATED)
        except zlib.error:
            continue  # not deflated, or damaged: no hint from this one
        inflated += len(text)
        # every node of the tree (the root, which counts all pages, may be in a later one)
        counts.extend(int(a or b) for a, b in _COUNT.findall(text))
    return counts


def parts_for(total: int, wanted: int) -> int:
    """How many workers share a paper of ``total`` pages when ``wanted`` are offered."""
    return max(1, min(wanted, total // MIN_PAGES_PER_PART))


def read_pdf_part(
    path: str | Path,
    *,
    password: str = "",
    max_pages: int = 300,
    display: str | None = None,
    part: tuple[int, int] = (0, 1),
    span: tuple[int, int | None] = (1, None),
) -> tuple[list[PageText], int, list[str]]:
    """:func:`read_pdf` for one of ``part[1]`` workers sharing a paper: the pages of part
    ``part[0]`` (see :func:`parts_for`), the page count, and the errors of pages that could not
    be read (the caller decides whether that leaves anything; a page's text never depends on
    which process read it). Errors of the whole file are raised as in :func:`read_pdf`."""
    from paperlint.code.files import open_regular

    display = display or str(path)
    _guard_pdfminer()
    fd = open_regular(path, display)
    with os.fdopen(fd, "rb") as fh:
        if fh.read(1024).find(b"%PDF-") < 0:
            raise PaperlintError("E202", display)
        fh.seek(0)
        try:
            return _read(fh, display, password, max_pages, span, part)
        except PaperlintError:
            raise
        except MemoryError:
            raise PaperlintError("E207", display, "the PDF reader ran out of memory") from None
        except RecursionError:
            raise PaperlintError(
                "E205", display, "PDF could not be parsed: objects nest too deeply"
            ) from None
        except Exception as e:  # pdfminer raises anything on a damaged file
            raise PaperlintError(
                "E205", display, f"PDF could not be parsed: {type(e).__name__}"
            ) from None


def _read(
    fh,
    display: str,
    password: str,
    max_pages: int,
    span: tuple[int, int | None],
    part: tuple[int, int],
) -> tuple[list[PageText], int, list[str]]:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFResourceManager

    try:
        doc = _document(fh, password)
    except PDFPasswordIncorrect:
        what = "the password is wrong" if password else "it needs a password to open"
        raise PaperlintError("E204", display, f"encrypted PDF: {what}") from None
    except PDFEncryptionError as e:
        raise PaperlintError(
            "E204",
            display,
            f"encrypted PDF: {e}",
            "this encryption is not supported; decrypt it first (e.g. `qpdf --decrypt`)",
        ) from None
    page_objects = _pages(doc, display, max_pages)
    total = len(page_objects)
    if total == 0:
        raise PaperlintError("E205", display, "PDF could not be parsed: no pages found")
    rsrcmgr = PDFResourceManager(caching=True)
    device_class, interpreter_class = _machinery()
    device = device_class(rsrcmgr)
    interpreter = interpreter_class(rsrcmgr, device)
    pages: list[PageText] = []
    failed: list[str] = []
    first_page, last_page = span
    k, n = part[0], parts_for(total, part[1])
    for number, page in enumerate(page_objects, start=1):
        if number < first_page or (last_page is not None and number > last_page):
            continue
        if (number - 1) % n != k:  # another worker's page (none when k >= n)
            continue
        try:
            interpreter.process_page(page)
            pages.append(_page_text(number, device.bbox, device.chars, device.turned))
            device.chars = []
            device.turned = []
        except MemoryError:
            raise
        except Exception as e:  # RecursionError included: a page whose objects nest too deep
            # one damaged page: keep the others; the coverage shows what is missing
            failed.append(type(e).__name__)
    return pages, total, failed


def _document(fh, password: str):
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    return PDFDocument(PDFParser(fh), password=password)


def _pages(doc, display: str, max_pages: int) -> list:
    """The page objects, counted before any is drawn, so a 10,000-page file fails in a second."""
    from pdfminer.pdfpage import PDFPage

    pages = []
    for page in PDFPage.create_pages(doc):
        pages.append(page)
        if len(pages) > max_pages:
            raise PaperlintError("E208", display, f"more than {max_pages} pages")
    return pages


_MAX_REFERENCE_CHAIN = 64
_guarded = False


def _guard_pdfminer() -> None:
    """Make pdfminer refuse reference cycles instead of looping forever.

    ``resolve1`` follows ``PDFObjRef`` → object while the result is still a reference; a file
    whose object 2 is ``2 0 R`` (or 2 → 3 → 2) never ends. A reference that resolves to another
    reference is followed here at most 64 times, then the chain is treated as damaged.
    """
    global _guarded
    if _guarded:
        return
    import logging

    from pdfminer import pdftypes
    from pdfminer.pdfparser import PDFSyntaxError

    original = pdftypes.PDFObjRef.resolve

    def resolve(self, default=None):
        x = original(self, default)
        hops = 0
        while isinstance(x, pdftypes.PDFObjRef):
            hops += 1
            if hops > _MAX_REFERENCE_CHAIN:
                raise PDFSyntaxError(f"reference cycle at object {self.objid}")
            x = original(x, default)
        return x

    pdftypes.PDFObjRef.resolve = resolve
    # pdfminer logs every oddity of a damaged file as a warning; the error code says it all
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    # and its tokenizer and interpreter call log.debug for every token and operator: a few
    # percent of the reading time spent finding out that the level is above DEBUG
    from pdfminer import pdfinterp, psparser

    for module in (psparser, pdfinterp):
        if not isinstance(module.log, _NoDebug):
            module.log = _NoDebug(module.log)
    _guarded = True


class _NoDebug:
    """A pdfminer module's logger without ``debug`` (never shown: the level is ERROR)."""

    def __init__(self, logger) -> None:
        self._logger = logger

    def debug(self, *args, **kwargs) -> None:
        return None

    def __getattr__(self, name: str):
        return getattr(self._logger, name)


def read_pdf_plain(path: str, password: str, max_pages: int, display: str) -> tuple:
    """:func:`read_pdf` for a worker process: records only (see :mod:`paperlint.sandbox`)."""
    return read_pdf(path, password=password, max_pages=max_pages, display=display)


def read_pdf_part_plain(
    path: str, password: str, max_pages: int, display: str, part: tuple[int, int]
) -> tuple:
    """:func:`read_pdf_part` for a worker process: records only."""
    return read_pdf_part(path, password=password, max_pages=max_pages, display=display, part=part)


# ── the page reader ──────────────────────────────────────────────────────────────────────────
#
# pdfminer's own route to positioned lines (``PDFPageAggregator`` with ``LAParams``) builds an
# ``LTChar`` object per glyph, an ``LTCurve`` per path, an ``LTFigure`` per form XObject with
# everything drawn inside it, then groups characters into lines and lines into boxes. paperlint
# keeps only the text lines outside figures, so :func:`_machinery` draws just that: characters
# become plain tuples, paths are not recorded, and form XObjects and images are not drawn at all
# (pdfminer analyzes no text inside figures unless ``all_texts`` is set, and a form draws in its
# own graphics state). :func:`_page_text` then groups the tuples with the very rules of
# ``LTLayoutContainer.analyze`` for our parameters (line_overlap 0.25, char_margin 2.0,
# word_margin 0.1, line_margin 0.5, boxes_flow None, no vertical detection), so the lines are
# those the aggregator gives; tests/test_pdf_reader.py compares the two.

#: A character: text, x0, y0, x1, y1, size (its height; width in a vertical font), font name.
Char = tuple[str, float, float, float, float, float, str]

_LINE_OVERLAP = 0.25
_CHAR_MARGIN = 2.0
_WORD_MARGIN = 0.1
_LINE_MARGIN = 0.5
_INF = float("inf")


@functools.cache
def _machinery() -> tuple[type, type]:
    """The text-only device and interpreter classes (built on first use: pdfminer is imported
    only by the processes that read a PDF)."""
    from pdfminer.layout import LTChar
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import stream_value
    from pdfminer.psparser import PSKeyword, keyword_name
    from pdfminer.utils import apply_matrix_rect, mult_matrix

    from paperlint.paper.content import content_objects

    class TextDevice(PDFTextDevice):
        """Records the characters drawn on a page as :data:`Char` tuples, in drawing order."""

        def __init__(self, rsrcmgr) -> None:
            super().__init__(rsrcmgr)
            self.chars: list[Char] = []
            #: characters of quarter-turned text (a table's rotated column headers), read as
            #: runs of their own by :func:`_turned_lines`
            self.turned: list[Char] = []
            self.bbox: tuple[float, float, float, float] = (0, 0, 0, 0)
            self._page_turn: tuple[float, float, float, float] = (1, 0, 0, 1)
            self._glyphs: dict[object, dict[int, tuple[str, float]]] = {}

        def begin_page(self, page, ctm) -> None:
            # as PDFLayoutAnalyzer.begin_page: the page box in device space, from the origin
            (x0, y0, x1, y1) = apply_matrix_rect(ctm, page.mediabox)
            self.bbox = (0, 0, abs(x0 - x1), abs(y0 - y1))
            self._page_turn = ctm[:4]  # the page's own rotation (/Rotate)
            self.chars = []
            self.turned = []

        def _glyph(self, font, cid: int) -> tuple[str, float]:
            glyphs = self._glyphs.get(font)
            if glyphs is None:
                glyphs = self._glyphs[font] = {}
            glyph = glyphs.get(cid)
            if glyph is None:
                try:
                    text = font.to_unichr(cid)
                    assert isinstance(text, str), str(type(text))
                except PDFUnicodeNotDefined:
                    text = f"(cid:{cid})"
                glyph = glyphs[cid] = (text, font.char_width(cid))
            return glyph

        def render_string(self, textstate, seq, ncs, graphicstate) -> None:
            font = textstate.font
            if font is None or font.is_vertical():
                super().render_string(textstate, seq, ncs, graphicstate)
                return
            # PDFTextDevice.render_string + render_string_horizontal + LTChar, inlined: the same
            # arithmetic in the same order, so every coordinate is the very float LTChar has
            matrix = mult_matrix(textstate.matrix, self.ctm)
            (a, b, c, d, e, f) = matrix
            fontsize = textstate.fontsize
            scaling = textstate.scaling * 0.01
            charspace = textstate.charspace * scaling
            wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
            dxscale = 0.001 * fontsize * scaling
            descent = font.get_descent() * fontsize
            bottom = descent + textstate.rise
            top = descent + textstate.rise + fontsize
            fontname = font.fontname
            glyphs = self._glyphs.get(font) or {}
            # text turned a quarter (its baseline runs up or down the page): pdfminer's grouping
            # reads it one character per line, so it is kept apart and read along its baseline
            # on the page as it is read (a page set in landscape is turned as a whole)
            (pa, pb, pc, pd) = self._page_turn
            ra, rb = a * pa + b * pb, a * pc + b * pd
            rc, rd = c * pa + d * pb, c * pc + d * pd
            quarter = abs(ra) + abs(rd) < 0.05 * (abs(rb) + abs(rc))
            append = self.turned.append if quarter else self.chars.append
            (x, y) = textstate.linematrix
            needcharspace = False
            for obj in seq:
                if isinstance(obj, (int, float)):
                    x -= obj * dxscale
                    needcharspace = True
                elif isinstance(obj, bytes):
                    for cid in font.decode(obj):
                        if needcharspace:
                            x += charspace
                        glyph = glyphs.get(cid)
                        if glyph is None:
                            glyph = self._glyph(font, cid)
                            glyphs = self._glyphs[font]
                        text, width = glyph
                        adv = width * fontsize * scaling
                        # utils.translate_matrix, then utils.apply_matrix_rect of the glyph box
                        e1 = x * a + y * c + e
                        f1 = x * b + y * d + f
                        left1 = a * 0 + c * bottom + e1
                        bottom1 = b * 0 + d * bottom + f1
                        right1 = a * adv + c * bottom + e1
                        bottom2 = b * adv + d * bottom + f1
                        right2 = a * adv + c * top + e1
                        top1 = b * adv + d * top + f1
                        left2 = a * 0 + c * top + e1
                        top2 = b * 0 + d * top + f1
                        y0 = min(bottom1, bottom2, top1, top2)
                        y1 = max(bottom1, bottom2, top1, top2)
                        append(
                            (
                                text,
                                min(left1, left2, right1, right2),
                                y0,
                                max(left1, left2, right1, right2),
                                y1,
                                y1 - y0,
                                fontname,
                            )
                        )
                        x += adv
                        if cid == 32 and wordspace:
                            x += wordspace
                        needcharspace = True
            textstate.linematrix = (x, y)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            # vertical writing only (rare): pdfminer's own character box
            text, _ = self._glyph(font, cid)
            item = LTChar(
                matrix,
                font,
                fontsize,
                scaling,
                rise,
                text,
                font.char_width(cid),
                font.char_disp(cid),
                ncs,
                graphicstate,
            )
            self.chars.append((text, item.x0, item.y0, item.x1, item.y1, item.size, item.fontname))
            return item.adv

    class TextInterpreter(PDFPageInterpreter):
        """Draws no XObject and no inline image: whatever they hold is in a figure. Reads the
        content streams with :func:`paperlint.paper.content.content_objects` where it can."""

        def __init__(self, rsrcmgr, device) -> None:
            super().__init__(rsrcmgr, device)
            self._operators: dict = {}  # operator → (its bound method or None, its arity)

        def do_Do(self, xobjid_arg) -> None:
            return None

        def do_EI(self, obj) -> None:
            return None

        def execute(self, streams) -> None:
            objects = self._objects(streams)
            if objects is None:
                super().execute(streams)
                return
            # PDFPageInterpreter.execute's loop: an operator takes as many operands off the
            # stack as its method has parameters, and runs only when there were that many
            operators = self._operators
            for obj in objects:
                if type(obj) is PSKeyword:
                    found = operators.get(obj)
                    if found is None:
                        found = operators[obj] = self._operator(obj)
                    method, nargs = found
                    if method is None:
                        continue  # an operator pdfminer does not know: ignored, as there
                    if nargs:
                        args = self.pop(nargs)
                        if len(args) == nargs:
                            method(*args)
                    else:
                        method()
                else:
                    self.argstack.append(obj)

        def _objects(self, streams) -> list | None:
            """The streams' objects, or None for pdfminer's own parser: a stream that is not
            an indirect object or would be drawn inside itself (pdfminer warns and skips
            it), one that cannot be decoded (pdfminer fails at it), or content
            :func:`content_objects` leaves to pdfminer."""
            self.stream_ids.clear()
            data = []
            for obj in streams:
                try:
                    stream = stream_value(obj)
                    if stream.objid is None or stream.objid in self.parent_stream_ids:
                        return None
                    data.append(stream.get_data())
                except Exception:
                    return None
                self.stream_ids.add(stream.objid)
            return content_objects(data)

        def _operator(self, keyword) -> tuple:
            # the method's name as pdfminer makes it: T* → do_T_a, " → do__w, ' → do__q
            name = keyword_name(keyword)
            method = getattr(
                self, "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q"), None
            )
            if method is None:
                return None, 0
            return method, method.__code__.co_argcount - 1

    return TextDevice, TextInterpreter


class _TextLine:
    """A grouped line (``LTTextLineHorizontal``): its items are :data:`Char` tuples and the
    strings pdfminer inserts (``" "`` between words; ``"\\n"`` at the end is left to
    :func:`_line`), its box the union of its characters'."""

    __slots__ = ("height", "items", "x0", "x1", "y0", "y1")

    def __init__(self, items: list[Char | str], x0: float, y0: float, x1: float, y1: float):
        self.items = items
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.height = y1 - y0

    def is_empty(self) -> bool:
        """``LTTextLine.is_empty``: no extent, or nothing but blanks."""
        if self.x1 - self.x0 <= 0 or self.height <= 0:
            return True
        blank = False  # "".join(texts).isspace(), without the join
        for item in self.items:
            text = item if isinstance(item, str) else item[0]
            if text:
                if not text.isspace():
                    return False
                blank = True
        return blank

    def neighbors(self, plane) -> list[_TextLine]:
        """``LTTextLineHorizontal.find_neighbors``: lines of about this height, left-, right-
        or centre-aligned with this one, less than half a line above or below."""
        d = _LINE_MARGIN * self.height
        return [
            o
            for o in plane.find((self.x0, self.y0 - d, self.x1, self.y1 + d))
            if abs(o.height - self.height) <= d
            and (
                abs(o.x0 - self.x0) <= d
                or abs(o.x1 - self.x1) <= d
                or abs((o.x0 + o.x1) / 2 - (self.x0 + self.x1) / 2) <= d
            )
        ]


class _TextBox:
    __slots__ = ("lines", "x0", "x1", "y0", "y1")

    def __init__(self) -> None:
        self.x0 = self.y0 = _INF
        self.x1 = self.y1 = -_INF
        self.lines: list[_TextLine] = []

    def add(self, line: _TextLine) -> None:
        self.lines.append(line)
        self.x0 = min(self.x0, line.x0)
        self.y0 = min(self.y0, line.y0)
        self.x1 = max(self.x1, line.x1)
        self.y1 = max(self.y1, line.y1)


def _group_chars(chars: list[Char]) -> list[_TextLine]:
    """``LTLayoutContainer.group_objects`` without vertical detection: a line is a run of
    characters drawn one after another, each overlapping the previous one vertically by more
    than a quarter of the smaller height and less than two widths away from it. Within a line
    a space is inserted where a character starts more than a tenth of its size after the end
    of the previous one (``LTTextLineHorizontal.add``)."""
    lines: list[_TextLine] = []
    items: list[Char | str] | None = None
    px0 = py0 = px1 = py1 = lx0 = ly0 = lx1 = ly1 = 0.0
    # min(a, b) and max(a, b) written out as (b if b < a else a) and (b if b > a else a): the
    # same value, without a call per character
    for ch in chars:
        _, x0, y0, x1, y1, _, _ = ch
        if (
            items is not None
            and y0 <= py1
            and py0 <= y1
            and (
                ((y1 - y0) if (y1 - y0) < (py1 - py0) else (py1 - py0)) * _LINE_OVERLAP
                < (abs(py1 - y0) if abs(py1 - y0) < abs(py0 - y1) else abs(py0 - y1))
            )
            and (
                (
                    0
                    if x0 <= px1 and px0 <= x1
                    else (abs(px1 - x0) if abs(px1 - x0) < abs(px0 - x1) else abs(px0 - x1))
                )
                < ((x1 - x0) if (x1 - x0) > (px1 - px0) else (px1 - px0)) * _CHAR_MARGIN
            )
        ):
            if px1 < x0 - _WORD_MARGIN * ((y1 - y0) if (y1 - y0) > (x1 - x0) else (x1 - x0)):
                items.append(" ")
            items.append(ch)
            if x0 < lx0:
                lx0 = x0
            if y0 < ly0:
                ly0 = y0
            if x1 > lx1:
                lx1 = x1
            if y1 > ly1:
                ly1 = y1
        else:
            if items is not None:
                lines.append(_TextLine(items, lx0, ly0, lx1, ly1))
            items = [ch]
            lx0, ly0, lx1, ly1 = x0, y0, x1, y1
        px0, py0, px1, py1 = x0, y0, x1, y1
    if items is not None:
        lines.append(_TextLine(items, lx0, ly0, lx1, ly1))
    return lines


def _group_lines(bbox, lines: list[_TextLine]) -> list[_TextBox]:
    """``LTLayoutContainer.group_textlines``: lines that are each other's neighbours, directly
    or through others, make a box; boxes in the order of their first line."""
    from pdfminer.utils import Plane, uniq

    plane = Plane(bbox)
    plane.extend(lines)
    boxes: dict[_TextLine, _TextBox] = {}
    for line in lines:
        members = [line]
        for other in line.neighbors(plane):
            members.append(other)
            if other in boxes:
                members.extend(boxes.pop(other).lines)
        box = _TextBox()
        for member in uniq(members):
            box.add(member)
            boxes[member] = box
    result: list[_TextBox] = []
    done: set[int] = set()
    for line in lines:
        box = boxes.get(line)
        if box is None or id(box) in done:
            continue
        done.add(id(box))
        if box.x1 - box.x0 > 0 and box.y1 - box.y0 > 0:
            result.append(box)
    return result


def _page_text(number: int, bbox, chars: list[Char], turned: list[Char] = ()) -> PageText:
    """The lines of a page, as ``LTLayoutContainer.analyze`` orders them with ``boxes_flow``
    None: the boxes from the top down (then left to right), each line numbered with its box;
    then the lines of blanks or of no extent, one pseudo-box each; then the quarter-turned
    text (:func:`_turned_lines`)."""
    lines: list[Line] = []
    if chars:
        empties: list[_TextLine] = []
        textlines: list[_TextLine] = []
        for tl in _group_chars(chars):
            (empties if tl.is_empty() else textlines).append(tl)
        boxes = _group_lines(bbox, textlines)
        boxes.sort(key=lambda box: (-box.y0, box.x0))
        box_index = 0
        for box in boxes:
            box.lines.sort(key=lambda tl: -tl.y1)
            for tl in box.lines:
                line = _line(tl, box_index)
                if line is not None:
                    lines.append(line)
            box_index += 1
        for tl in empties:
            line = _line(tl, box_index)
            if line is not None:
                lines.append(line)
            box_index += 1
    lines.extend(_turned_lines(turned))
    x0, y0, x1, y1 = bbox
    return PageText(number, x1 - x0, y1 - y0, tuple(lines))


#: the box number of the first line of quarter-turned text (above any box pdfminer makes): the
#: layout reads such a line as a table row
TURNED_BOX = 2_000_000


def _turned_lines(chars: list[Char]) -> list[Line]:
    """Quarter-turned text as lines: a table's column headers set upright ("Dropout", "Stoch.
    Depth" written bottom to top above their columns) and side labels. A run is the characters
    drawn one after another along a shared baseline (each overlapping the previous one across
    the baseline, less than two lengths from it); runs side by side (their extents along the
    baseline overlap) are one header row, read left to right with two spaces between cells as
    a table row is."""
    runs: list[_TurnedRun] = []
    items: list[Char | str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None:
            across = min(ch[3], prev[3]) - max(ch[1], prev[1])
            thickness = min(ch[3] - ch[1], prev[3] - prev[1])
            gap = max(ch[2] - prev[4], prev[2] - ch[4], 0.0)
            length = max(ch[4] - ch[2], prev[4] - prev[2])
            if across > _LINE_OVERLAP * thickness and gap < _CHAR_MARGIN * length:
                if gap > _WORD_MARGIN * max(thickness, length):
                    items.append(" ")
                items.append(ch)
                prev = ch
                continue
            runs.append(_TurnedRun(items))
        items = [ch]
        prev = ch
    if items:
        runs.append(_TurnedRun(items))
    runs = sorted((r for r in runs if r.text), key=lambda r: r.y0)
    rows: list[list[_TurnedRun]] = []
    for r in runs:  # side by side: overlapping along the baseline
        if rows and r.y0 < max(o.y1 for o in rows[-1]):
            rows[-1].append(r)
        else:
            rows.append([r])
    out: list[Line] = []
    for k, row in enumerate(rows):
        row.sort(key=lambda r: r.x0)
        glyphs = [c for r in row for c in r.glyphs]
        out.append(
            Line(
                "  ".join(r.text for r in row),
                min(r.x0 for r in row),
                min(r.y0 for r in row),
                max(r.x1 for r in row),
                max(r.y1 for r in row),
                round(_median([c[3] - c[1] for c in glyphs]), 2),
                sum(1 for c in glyphs if _is_bold(c[6])) > 0.6 * len(glyphs),
                TURNED_BOX + k,
            )
        )
    return out


class _TurnedRun:
    """A run of quarter-turned characters: its text (in drawing order, which is reading order)
    and its box."""

    __slots__ = ("glyphs", "text", "x0", "x1", "y0", "y1")

    def __init__(self, items: list[Char | str]) -> None:
        self.glyphs = [c for c in items if not isinstance(c, str)]
        self.text = clean_line("".join(c if isinstance(c, str) else c[0] for c in items)).strip()
        self.x0 = min(c[1] for c in self.glyphs)
        self.y0 = min(c[2] for c in self.glyphs)
        self.x1 = max(c[3] for c in self.glyphs)
        self.y1 = max(c[4] for c in self.glyphs)


def _median(values: list[float]) -> float:
    """``statistics.median``, the same arithmetic without its checks."""
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


_WORD_END = re.compile(r"[A-Za-z]{3}$")


def _line(tl: _TextLine, box: int) -> Line | None:
    items = [*tl.items, "\n"]
    chars = [c for c in items if not isinstance(c, str)]
    if not chars:
        return None
    sizes = [c[5] for c in chars if c[0].strip()]
    if not sizes:
        return None
    size = _median(sizes)
    base = _median([c[2] for c in chars if c[5] >= size * 0.9])
    parts: list[str] = []
    sup = False
    footnote = False
    for c in items:
        if isinstance(c, str):
            if sup:
                parts.append(" ")
                sup = False
            footnote = False
            parts.append(c)
            continue
        t = c[0]
        small_raised = c[5] < size * 0.8 and c[2] > base + size * 0.2
        if (
            small_raised
            and t.isdigit()
            and (footnote or not parts or _WORD_END.search("".join(parts[-4:])))
        ):
            # a footnote mark after a word ("a bottleneck design⁴."), or opening the footnote
            # ("⁵With an initial ..."): not part of the word, and not an exponent, which follows
            # a number or a one-letter symbol (10⁻⁴, x², ρ²)
            footnote = True
            continue
        footnote = False
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
    bold_chars = sum(1 for c in chars if _is_bold(c[6]))
    return Line(
        text, tl.x0, tl.y0, tl.x1, tl.y1, round(size, 2), bold_chars > 0.6 * len(chars), box
    )
