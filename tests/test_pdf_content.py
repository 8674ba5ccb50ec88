"""paperlint.paper.content reads a page's content streams into the objects pdfminer's own
parser yields, or leaves the page to that parser: never anything else."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import KWD, LIT, PSEOF

from paperlint.errors import PaperlintError
from paperlint.paper import content, pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "papers"


def pdfminer_objects(chunks: list[bytes]) -> list:
    """What pdfminer's interpreter would see: every top-level object of the streams."""
    try:
        parser = PDFContentParser([PDFStream({}, chunk) for chunk in chunks])
    except PSEOF:
        return []
    out = []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return out
        out.append(obj)


# pieces of content streams, ordinary and odd: every token kind, each way of ending a token,
# and what only pdfminer's parser reads
_PIECES = [
    b" ", b"\n", b"\r\n", b"\x00", b"\x0b", b"% a comment\n", b"%", b"/F1", b"/a.b-c", b"/",
    b"/N#20x", b"/\xc3\xa9", b"/\xff", b"12", b"-3", b"+4", b"007", b"1.5", b"-.5", b".", b"-",
    b"+", b"5.", b"1.2.3", b"12e5", b"Tj", b"TJ", b"T*", b"Td", b"'", b'"', b"true", b"false",
    b"null", b"(abc)", b"(a(b)c)", b"(a\\)b)", b"(\\101\\1012\\10x)", b"(\\777)", b"(\\q)",
    b"(\\\r\nx)", b"(\\\n)", b"(\\t\\n\\\\)", b"(", b")", b"\\", b"<414>", b"<41 42 4>", b"<>",
    b"<", b">", b"<<", b">>", b"[", b"]", b"{", b"}", b"BI", b"ID", b"EI", b"BT", b"ET", b"*",
]  # fmt: skip


@st.composite
def streams(draw) -> list[bytes]:
    pieces = draw(st.lists(st.sampled_from(_PIECES), max_size=24))
    glue = draw(st.lists(st.sampled_from([b"", b" ", b"\n"]), min_size=len(pieces)))
    data = b"".join(p + g for p, g in zip(pieces, glue, strict=False))
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=2)))
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


@settings(max_examples=1500, deadline=None)
@given(streams())
def test_what_it_reads_is_what_pdfminer_reads(chunks):
    got = content.content_objects(chunks)
    if got is not None:
        assert got == pdfminer_objects(chunks)


@pytest.mark.parametrize(
    "data, objects",
    [
        (b"BT /F1 9.96 Tf 72 700 Td (Hi) Tj ET",
         [KWD(b"BT"), LIT("F1"), 9.96, KWD(b"Tf"), 72, 700, KWD(b"Td"), b"Hi", KWD(b"Tj"),
          KWD(b"ET")]),
        (b"[(A) -250 (B\\(c\\)) 12.5]TJ", [[b"A", -250, b"B(c)", 12.5], KWD(b"TJ")]),
        (b"/Span<</ActualText<FEFF0041>>>BDC", [LIT("Span"), {"ActualText": b"\xfe\xff\x00A"},
                                               KWD(b"BDC")]),
        (b"(a\\101\\1012\\q\\\nb)<4 1 4>", [b"aAA2b", b"A\x04"]),  # an odd digit: its value
        (b"1.2.3 -.5 . 5. true false", [1.2, 0.3, -0.5, 5.0, True, False]),
        (b"(x)' 1 2 (y)\"", [b"x", KWD(b"'"), 1, 2, b"y", KWD(b'"')]),
    ],
)  # fmt: skip
def test_ordinary_content_is_read_as_pdfminer_reads_it(data, objects):
    assert content.content_objects([data]) == objects == pdfminer_objects([data])


@pytest.mark.parametrize(
    "chunks",
    [
        [b"BI /W 1 /H 1 ID \x00\xff EI"],  # an inline image: binary data with its own end
        [b"{ 1 2 add }"],  # a procedure
        [b"/A#20B 1 Tf"],  # a name with an escape
        [b"(\\777) Tj"],  # an octal escape past 255: pdfminer fails the page
        [b"[1 2 Tj"],  # an array never closed
        [b"1 2] Tj"],  # closed, never opened
        [b"<</A>> BDC"],  # a dictionary with an odd number of items
        [b"- 1 Tc"],  # a lone sign
        [b"/F1 9 Tf /", b"F2 9 Tf"],  # a name cut by the end of a stream: pdfminer joins it
        [b"(a", b"b) Tj"],  # so is a string
    ],
)
def test_what_only_pdfminer_reads_is_left_to_it(chunks):
    assert content.content_objects(chunks) is None


def test_a_page_too_large_to_hold_at_once_is_left_to_pdfminer():
    line = b"1 0 0 1 72 700 Tm (x) Tj\n"
    small = line * (content.MAX_CONTENT // len(line))
    assert content.content_objects([small]) is not None
    assert content.content_objects([small, line]) is None


def test_a_token_ended_by_a_stream_boundary_is_read_as_pdfminer_reads_it():
    chunks = [b"BT /F1 9 T", b"f 72 70", b"0 Td (Hi) Tj ET"]
    assert content.content_objects(chunks) == pdfminer_objects(chunks)
    assert KWD(b"T") in content.content_objects(chunks)  # the cut splits the operator


def _read(path: Path) -> tuple:
    try:
        return pdf.read_pdf_part(str(path), display=path.name)
    except PaperlintError as e:
        return ("error", e.code, e.message)


# the crafted PDFs too (what they do to the reader must not depend on the parser), bar the two
# that only test the reader's limits: they take minutes without the sandbox's
_HOSTILE = sorted(
    p
    for p in (FIXTURES.parent / "hostile").glob("*.pdf.hostile")
    if not p.name.startswith(("slow_content", "flate_bomb"))
)


@pytest.mark.parametrize(
    "path",
    [FIXTURES / "two_column.pdf", FIXTURES.parent / "demo" / "paper.pdf", *_HOSTILE],
    ids=lambda p: p.name,
)
def test_pages_are_drawn_the_same_by_either_parser(path, monkeypatch):
    pdf._machinery.cache_clear()
    fast = _read(path)
    with monkeypatch.context() as m:
        m.setattr(content, "content_objects", lambda data: None)  # every page to pdfminer
        pdf._machinery.cache_clear()
        slow = _read(path)
    pdf._machinery.cache_clear()
    assert fast == slow


def test_the_test_pdfs_are_read_here_not_handed_back(monkeypatch):
    handed_back = []
    real = content.content_objects

    def watched(data):
        got = real(data)
        handed_back.append(got is None)
        return got

    monkeypatch.setattr(content, "content_objects", watched)
    pdf._machinery.cache_clear()
    assert _read(FIXTURES / "two_column.pdf")[0]
    pdf._machinery.cache_clear()
    assert handed_back and not any(handed_back)
