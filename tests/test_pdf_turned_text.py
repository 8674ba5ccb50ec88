"""Quarter-turned text (a table's column headers set upright with ``\\rotatebox``) is read along
its baseline: pdfminer's grouping reads it one character per line, which loses the header row
and with it which settings a table compares."""

from __future__ import annotations

from helpers import make_pdf

from paperlint.paper import pdf
from paperlint.paper.document import document_from_pages

# three headers turned a quarter anticlockwise (written bottom to top), side by side above
# their columns, then two upright rows and a caption; and a margin stamp turned the same way
_PAGE = b"""
q 0 1 -1 0 200 600 cm BT /F1 9 Tf 0 0 Td (Mixup) Tj ET Q
q 0 1 -1 0 240 600 cm BT /F1 9 Tf 0 0 Td (Stoch. Depth) Tj ET Q
q 0 1 -1 0 280 600 cm BT /F1 9 Tf 0 0 Td (Dropout) Tj ET Q
BT /F1 9 Tf 72 585 Td (none) Tj 120 0 Td (yes) Tj 40 0 Td (yes) Tj 40 0 Td (no) Tj 40 0 Td (81.8) Tj ET
BT /F1 9 Tf 72 573 Td (mixup) Tj 120 0 Td (no) Tj 40 0 Td (yes) Tj 40 0 Td (no) Tj 40 0 Td (80.2) Tj ET
BT /F1 9 Tf 72 561 Td (dropout) Tj 120 0 Td (yes) Tj 40 0 Td (yes) Tj 40 0 Td (yes) Tj 40 0 Td (79.4) Tj ET
BT /F1 10 Tf 72 530 Td (Table 2: Ablation study of the training methods.) Tj ET
BT /F1 10 Tf 72 500 Td (The regularisers of the training recipe are compared in Table 2.) Tj ET
q 0 1 -1 0 30 300 cm BT /F1 12 Tf 0 0 Td (arXiv:2101.00001v1 [cs.LG] 1 Jan 2021) Tj ET Q
"""


def _turned_pdf(tmp_path):
    path = tmp_path / "turned.pdf"
    path.write_bytes(
        make_pdf(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                4: b"<< /Length %d >>\nstream\n" % len(_PAGE) + _PAGE + b"\nendstream",
                5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            }
        )
    )
    return path


def test_turned_headers_side_by_side_are_read_as_one_row_left_to_right(tmp_path):
    (page,), _ = pdf.read_pdf(_turned_pdf(tmp_path))
    texts = [line.text for line in page.lines]
    header = next(line for line in page.lines if "Dropout" in line.text)
    assert header.text == "Mixup  Stoch. Depth  Dropout"
    assert header.box >= pdf.TURNED_BOX
    # no header letter is left as a line of its own
    assert not any(len(t.strip()) == 1 for t in texts)
    # upright text is read as before
    assert "Table 2: Ablation study of the training methods." in texts


def test_a_turned_run_on_its_own_stays_one_line(tmp_path):
    (page,), _ = pdf.read_pdf(_turned_pdf(tmp_path))
    assert "arXiv:2101.00001v1 [cs.LG] 1 Jan 2021" in [line.text for line in page.lines]


def test_the_turned_header_row_belongs_to_the_table_not_the_prose(tmp_path):
    pages, _ = pdf.read_pdf(_turned_pdf(tmp_path))
    doc = document_from_pages(pages, path="turned.pdf", sha256="0" * 64, total_pages=1)
    roles = {s.text: s.role for s in doc.sentences}
    assert roles.get("Mixup  Stoch. Depth  Dropout") == "table"
    assert roles.get("The regularisers of the training recipe are compared in Table 2.") == "body"
    assert not any("arXiv" in t for t in roles)  # the margin stamp is still dropped
