"""The PDF reader's own device and line grouping give exactly the lines that pdfminer's
``PDFPageAggregator`` with our ``LAParams`` gives (paperlint's reader before issue 8).

The reference below is that former reader, kept here as the specification: every page of the
fixture PDFs, and of a crafted PDF with the awkward cases (superscripts, kerning, character and
word spacing, horizontal scaling, rotated and mirrored text, text inside a form XObject, an
inline image, vertical and two-byte fonts, a rotated page with an offset media box, blank and
zero-size text), must come out identical, float for float.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from helpers import make_pdf

from paperlint.paper import pdf
from paperlint.paper.text import clean_line

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PDFS = sorted((ROOT / "fixtures").glob("*/*.pdf"))


# ── the reference: pdfminer's aggregator, as paperlint used it ───────────────────────────────


def reference_pages(path: Path) -> list[pdf.PageText]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    laparams = LAParams(
        line_overlap=0.25,
        line_margin=0.5,
        char_margin=2.0,
        word_margin=0.1,
        boxes_flow=None,
        detect_vertical=False,
    )
    rsrcmgr = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrcmgr, laparams=laparams)
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    pages = []
    with open(path, "rb") as fh:
        for number, page in enumerate(PDFPage.get_pages(fh), start=1):
            interpreter.process_page(page)
            pages.append(_reference_page(number, device.get_result()))
    return pages


def _reference_page(number: int, layout) -> pdf.PageText:
    from pdfminer.layout import LTTextBox, LTTextLine

    lines = []
    box_index = 0
    for element in layout:
        if isinstance(element, LTTextBox):
            for tl in element:
                if isinstance(tl, LTTextLine):
                    line = _reference_line(tl, box_index)
                    if line is not None:
                        lines.append(line)
            box_index += 1
        elif isinstance(element, LTTextLine):
            line = _reference_line(element, box_index)
            if line is not None:
                lines.append(line)
            box_index += 1
    x0, y0, x1, y1 = layout.bbox
    return pdf.PageText(number, x1 - x0, y1 - y0, tuple(lines))


def _reference_line(tl, box: int) -> pdf.Line | None:
    from pdfminer.layout import LTAnno, LTChar

    chars = [c for c in tl if isinstance(c, LTChar)]
    if not chars:
        return None
    sizes = [c.size for c in chars if c.get_text().strip()]
    if not sizes:
        return None
    size = statistics.median(sizes)
    base = statistics.median(c.y0 for c in chars if c.size >= size * 0.9)
    parts: list[str] = []
    sup = False
    footnote = False
    for c in tl:
        if isinstance(c, LTAnno):
            if sup:
                parts.append(" ")
                sup = False
            footnote = False
            parts.append(c.get_text())
            continue
        t = c.get_text()
        small_raised = c.size < size * 0.8 and c.y0 > base + size * 0.2
        if (
            small_raised
            and t.isdigit()
            and (footnote or not parts or re.search(r"[A-Za-z]{3}$", "".join(parts)))
        ):
            footnote = True  # a footnote mark: after a word, or opening the footnote
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
    bold = sum(1 for c in chars if pdf._is_bold(c.fontname)) > 0.6 * len(chars)
    return pdf.Line(text, tl.x0, tl.y0, tl.x1, tl.y1, round(size, 2), bold, box)


# ── a crafted PDF with the awkward cases ─────────────────────────────────────────────────────


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfrange <0020> <007E> <0020> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""

_PAGE1 = b"""
BT /F1 10 Tf 72 720 Td (We use a learning rate of 10) Tj 4 Ts /F1 6 Tf (-4) Tj 0 Ts /F1 10 Tf
( and a weight decay of 5) Tj 3.5 Ts /F1 7 Tf (-5) Tj 0 Ts /F1 10 Tf (.) Tj ET
BT /F1 10 Tf 72 706 Td (for all runs; the second line of the paragraph.) Tj ET
BT /F1 10 Tf 72 600 Td (We use a bottleneck design) Tj 4 Ts /F1 6 Tf (4) Tj 0 Ts /F1 10 Tf
(, a cost of x) Tj 4 Ts /F1 6 Tf (2) Tj 0 Ts /F1 10 Tf (.) Tj ET
BT /F1 8 Tf 72 90 Td 3 Ts /F1 5 Tf (12) Tj 0 Ts /F1 8 Tf (With a smaller learning rate it converges.) Tj ET
BT /F2 12 Tf 72 680 Td (2  Method) Tj ET
BT /F1 10 Tf 2 Tc 3 Tw 120 Tz 72 660 Td [(Kerned) -250 (text) 120 (with) -1400 (gaps)] TJ
0 Tc 0 Tw 100 Tz ET
BT /F1 10 Tf 0.866 0.5 -0.5 0.866 300 520 Tm (rotated text here) Tj ET
BT /F1 10 Tf -1 0 0 1 520 420 Tm (mirrored words) Tj ET
q 1 0 0 1 0 0 cm /Fm1 Do Q
q 10 0 0 10 400 300 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q
BT /F3 10 Tf 560 700 Td <0041004200430044> Tj ET
BT /F4 10 Tf 4 Tw 72 560 Td <00540077006F00200062007900740065007300200065006100630068> Tj 0 Tw ET
BT /F1 10 Tf 72 540 Td (   ) Tj ET
BT /F1 0 Tf 72 530 Td (flat) Tj ET
BT /F1 10 Tf 72 500 Td (Left column line one) Tj 0 -12 Td (left column line two) Tj ET
BT /F1 10 Tf 320 500 Td (Right column line one) Tj 0 -12 Td (right column line two) Tj ET
BT /F1 10 Tf 72 400 Td [(just) -120 (apart) -80 (close)] TJ ET
BT /F1 9 Tf 72 450 Td (Variant) Tj 100 0 Td (Acc.) Tj 0 -11 Td (91.2) Tj -100 0 Td (full) Tj ET
"""

_FORM = b"BT /F1 8 Tf 10 10 Td (axis label inside the figure) Tj ET 0 0 m 100 100 l S"

_PAGE2 = b"""
BT /F1 11 Tf 100 600 Td (A rotated page with an offset media box.) Tj 0 -14 Td
(Second line of the rotated page.) Tj ET
"""


def crafted_pdf() -> bytes:
    cid_font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Crafted /Encoding /Identity-%s "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Crafted "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/DW 1000 /W [32 [278] 65 [600 650 700]] >>] /ToUnicode 9 0 R >>"
    )
    resources = (
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R /F4 8 0 R >> "
        b"/XObject << /Fm1 10 0 R >> >>"
    )
    return make_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R 11 0 R] /Count 2 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            + resources
            + b" /Contents 4 0 R >>",
            4: _stream(_PAGE1),
            5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
            7: cid_font % b"V",
            8: cid_font % b"H",
            9: _stream(_TO_UNICODE),
            10: _stream(
                _FORM,
                b"/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Matrix [1 0 0 1 300 200] "
                b"/Resources << /Font << /F1 5 0 R >> >> ",
            ),
            11: b"<< /Type /Page /Parent 2 0 R /MediaBox [10 20 622 812] /Rotate 90 "
            + resources
            + b" /Contents 12 0 R >>",
            12: _stream(_PAGE2),
        }
    )


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crafted") / "crafted.pdf"
    path.write_bytes(crafted_pdf())
    return path


# ── the tests ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_reader_gives_the_aggregators_lines_on_the_fixtures(path):
    pages, total = pdf.read_pdf(path)
    assert total == len(pages)
    assert pages == reference_pages(path)


def test_the_reader_gives_the_aggregators_lines_on_awkward_text(crafted):
    pages, total = pdf.read_pdf(crafted)
    assert total == 2
    assert pages == reference_pages(crafted)


def test_the_crafted_pdf_has_the_cases_it_claims(crafted):
    """The comparison above means something only if each case reaches the output."""
    page, second = pdf.read_pdf(crafted)[0]
    first = page.lines
    texts = [line.text for line in first]
    joined = "\n".join(texts)
    assert "We use a learning rate of 10^-4 and a weight decay of 5^-5." in texts
    # a footnote mark after a word is dropped, an exponent after a symbol is kept; so is the
    # mark that opens the footnote itself
    assert "We use a bottleneck design, a cost of x2." in texts
    assert "With a smaller learning rate it converges." in texts
    assert any(line.bold and "Method" in line.text for line in first)
    assert "K e r n e d" in joined and "g a p s" in texts  # spread letters; a wide kern splits
    assert "rotated text here" in texts and "mirrored words" in texts
    assert "just apartclose" in texts  # a space where the gap passes a tenth of a glyph
    assert "Two bytes each" in joined  # the two-byte font, with no word spacing applied
    assert "ABCD" in joined.replace("\n", "")  # the vertical font, one character per line
    assert "axis label" not in joined  # text in a figure is not prose
    # text of no height: a line per character, after every box, each its own pseudo-box (the
    # blank line before it took one too)
    flat = [line for line in first if line.size == 0]
    assert [line.text for line in flat] == list("flat") and list(first[-4:]) == flat
    assert [line.box for line in flat] == list(range(first[-5].box + 2, first[-5].box + 6))
    left = next(line for line in first if line.text == "Left column line one")
    right = next(line for line in first if line.text == "Right column line one")
    assert left.box != right.box
    # a page turned a quarter: its text runs downwards, one character per line
    assert (second.width, second.height) == (792, 612)
    assert "".join(line.text for line in second.lines[:3]) == "ASe"


def test_a_damaged_page_fails_alone(tmp_path):
    """A page the interpreter cannot draw is reported, the others are still read."""
    good = _stream(b"BT /F1 10 Tf 72 700 Td (A readable page.) Tj ET")
    bad = _stream(b"BT /F9 10 Tf 72 700 Td (no such font) Tj ET")  # font missing: font is None
    path = tmp_path / "damaged.pdf"
    path.write_bytes(
        make_pdf(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                2: b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 7 0 R >> >> /Contents 5 0 R >>",
                4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>",
                5: good,
                6: bad,
                7: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            }
        )
    )
    pages, total, failed = pdf.read_pdf_part(path)
    assert total == 2
    assert [p.number for p in pages] == [1] + ([2] if not failed else [])
    assert pages[0].lines[0].text == "A readable page."


@pytest.mark.parametrize(
    "fontname, bold",
    [
        ("ABCDEF+NimbusRomNo9L-Medi", True),  # URW's Times bold: pdfLaTeX's bold headings
        ("ABCDEF+NimbusSanL-Medi", True),
        ("ABCDEF+NimbusRomNo9L-MediItal", True),
        ("ABCDEF+Roboto-Medium", True),
        ("ABCDEF+NimbusRomNo9L-Regu", False),  # the body beside them
        ("ABCDEF+NimbusRomNo9L-ReguItal", False),
        ("ABCDEF+CMBX10", True),
        ("ABCDEF+CMR10", False),
    ],
)
def test_a_fonts_weight_is_read_from_its_name(fontname, bold):
    assert pdf._is_bold(fontname) is bold
