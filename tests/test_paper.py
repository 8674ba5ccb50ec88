"""Paper → document: from plain text (no PDF needed) and from our generated PDFs."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from paperlint.errors import PaperlintError
from paperlint.paper import read_paper
from paperlint.paper.document import document_from_pages, document_from_text
from paperlint.paper.pdf import Line, PageText

PAPER = """\
# Abstract
We study small networks.

# 1 Method
We adopt batch normalization (BN) [16] right after each convolution, following He et al. [12]. The learning rate is 0.1.
\f
# 2 Experiments
Table 2: Ablation of the pooling layer.

| variant | acc |
| max | 93.1 |
| avg | 92.3 |

# References
[12] K. He et al. Deep residual learning. CVPR 2016.
"""


def test_text_paper_has_sections_pages_and_roles():
    doc = document_from_text(PAPER)
    titles = [(s.number, s.title, s.role) for s in doc.sections]
    assert titles == [
        ("", "Abstract", "abstract"),
        ("1", "Method", "body"),
        ("2", "Experiments", "body"),
        ("", "References", "references"),
    ]
    by_text = {s.text: s for s in doc.sentences}
    method = by_text["The learning rate is 0.1."]
    assert method.page == 1 and doc.section_title(method) == "Method"
    caption = next(s for s in doc.sentences if s.text.startswith("Table 2"))
    assert caption.role == "caption" and caption.page == 2
    rows = [s.text for s in doc.sentences if s.role == "table"]
    # cells are set apart by two spaces, as a PDF's table rows are read
    assert rows == ["variant  acc", "max  93.1", "avg  92.3"]


@pytest.mark.parametrize(
    ("opening", "caption"),
    [
        ("TABLE IV: Ablation of the pooling layer.", True),  # numbered as IEEE papers do
        ("Fig. 2 - Ablation of the pooling layer.", True),
        ("Table S3: Ablation of the pooling layer.", True),  # a supplement's table
        # twins: prose that starts with the same word is body text
        ("Table i.e. the pooling layer is ablated.", False),
        ("Table 3-5 ablate the pooling layer.", False),
    ],
)
def test_a_caption_opens_with_its_tables_number(opening, caption):
    doc = document_from_text(f"# 2 Experiments\n{opening}\n")
    first = next(s for s in doc.sentences if s.role != "heading")
    assert (first.role == "caption") is caption


def test_a_bar_in_prose_is_not_a_table():
    doc = document_from_text(
        "# Method\nWe feed u, v and their difference |u − v| to the classifier.\n\n"
        "variant | acc\n---|---\nmax | 93.1\n"
    )
    roles = [(s.role, s.text) for s in doc.sentences if s.role != "heading"]
    assert roles == [
        ("body", "We feed u, v and their difference |u − v| to the classifier."),
        ("table", "variant  acc"),
        ("table", "max  93.1"),
    ]


def test_references_are_set_apart_and_never_sentences():
    doc = document_from_text(PAPER)
    assert doc.references == ("[12] K. He et al. Deep residual learning. CVPR 2016.",)
    assert not any("Deep residual learning" in s.text for s in doc.sentences)


def test_sentences_do_not_split_at_scientific_abbreviations():
    doc = document_from_text(
        "# Intro\nAs in He et al. [12], we use it (see Fig. 3 and Eq. 2). It works, e.g. on CIFAR. Next sentence.\n"
    )
    texts = [s.text for s in doc.sentences if s.role == "body"]
    assert texts == [
        "As in He et al. [12], we use it (see Fig. 3 and Eq. 2).",
        "It works, e.g. on CIFAR.",
        "Next sentence.",
    ]


def test_two_column_pdf_reading_order_headers_hyphenation_superscripts():
    doc = read_paper(FIXTURES / "papers" / "two_column.pdf")
    assert doc.coverage.pages == 2 and doc.coverage.source == "pdf"
    texts = [s.text for s in doc.sentences]
    joined = "\n".join(texts)
    # the running header and the page numbers are gone
    assert "Fixture Conference 2026" not in joined
    assert not any(t.strip().isdigit() for t in texts)
    # the left column is read before the right one
    assert joined.index("The left column is read before") < joined.index("The right column ends")
    # hyphenation across a line break is undone; exponents keep their sign
    assert "explicit regularization overfit" in joined
    assert "learning rate of 10^-4" in joined
    sections = [s.title for s in doc.sections]
    assert sections[-1] == "References" and "Ablation Study" in sections
    ablation = next(s for s in doc.sentences if "w/o dropout" in s.text and s.role == "table")
    assert ablation.page == 2 and doc.section_title(ablation) == "Ablation Study"
    # table cells are read as rows, not as columns
    rows = [s.text for s in doc.sentences if s.role == "table"]
    assert rows == ["Variant  Acc.", "full model  81.2", "w/o dropout  78.9"]
    # the right column's text comes after the left column's, even as one long block
    assert joined.index("Abstract") < joined.index("Filler prose for the second column")


def test_pdf_without_text_layer_is_an_error_not_an_empty_audit():
    with pytest.raises(PaperlintError) as e:
        read_paper(FIXTURES / "papers" / "no_text_layer.pdf")
    assert e.value.code == "E203"


def test_not_a_pdf_is_named(tmp_path):
    p = tmp_path / "paper.pdf"
    p.write_text("hello, I am not a PDF")
    with pytest.raises(PaperlintError) as e:
        read_paper(p)
    assert e.value.code == "E202"


def test_missing_paper_is_named(tmp_path):
    with pytest.raises(PaperlintError) as e:
        read_paper(tmp_path / "nope.pdf")
    assert e.value.code == "E201"


def test_runs_of_spaces_from_justified_lines_are_one_space():
    from paperlint.paper.document import document_from_text

    doc = document_from_text("# Method\nOne  horizontal   flip was  used for each image.\n")
    (s,) = [s for s in doc.sentences if s.role != "heading"]
    assert s.text == "One horizontal flip was used for each image."
    from paperlint.paper.index import build_index

    assert "horizontal flip" in [m.text for m in build_index(doc).mentions["horizontal_flip"]]


def test_the_sentence_pipeline_loads_without_spacys_command_line_interface():
    """The builder imports spaCy without its CLI (typer, weasel, httpx: a third of the import);
    the pipeline is the one a plain `import spacy` gives, and the CLI still works after."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "{first}"
        "from paperlint.paper.nlp import pipeline\n"
        "nlp = pipeline()\n"
        "doc = nlp('We follow He et al. [12]. Fig. 3 shows it. Then we use BN.')\n"
        "print([t.text for t in doc], [s.text for s in doc.sents])\n"
        "print(sorted(m for m in ('typer', 'weasel', 'httpx') if m in sys.modules))\n"
        "import spacy, spacy.cli\n"
        "print(spacy.info()['spacy_version'] == spacy.__version__, callable(spacy.cli.download))\n"
    )

    def run(first: str) -> list[str]:
        r = subprocess.run(
            [sys.executable, "-c", probe.format(first=first)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        return r.stdout.strip().splitlines()

    lean, plain = run(""), run("import spacy\n")
    assert lean[0] == plain[0]  # the same tokens and sentences
    assert lean[1] == "[]"  # no CLI modules were imported ...
    assert plain[1] != "[]"  # ... which a plain import does import
    assert lean[2] == plain[2] == "True True"  # spacy.info and spacy.cli work after


def _page(number: int, blocks: list[tuple[float, list[str], float]]) -> PageText:
    """A one-column page: each block is (top y, lines, font size), one pdfminer box each."""
    lines = []
    for box, (top, texts, size) in enumerate(blocks):
        for k, text in enumerate(texts):
            y1 = top - k * 12.5
            lines.append(Line(text, 72.0, y1 - size, 72.0 + 5.2 * len(text), y1, size, False, box))
    return PageText(number, 612.0, 792.0, tuple(lines))


_FILLER = ["Filler prose that fills the first page with ordinary sentences of the method."] * 4


def _across_a_page(last_line: str, float_on_top: str, first_line: str):
    """A two-page document: page 1 ends with ``last_line``, page 2 starts with a figure or
    table (``float_on_top``) above the body that starts with ``first_line``."""
    pages = [
        _page(1, [(720, ["2 Method"], 12), (690, [*_FILLER, last_line], 10)]),
        _page(2, [(740, [float_on_top], 9), (700, [first_line, *_FILLER], 10)]),
    ]
    return document_from_pages(pages, path="p.pdf", sha256="0" * 64, total_pages=2)


def test_a_sentence_cut_by_a_page_break_and_a_figure_on_top_of_the_next_page_is_joined():
    doc = _across_a_page(
        "High resolution features are combined with the upsampled",
        "Fig. 2. Overlap-tile strategy for the segmentation of large images.",
        "output. A later convolution assembles a more precise output.",
    )
    texts = {s.text: s for s in doc.sentences}
    joined = texts["High resolution features are combined with the upsampled output."]
    assert joined.page == 1
    # the rest of the paragraph keeps its own page, and the caption stays a caption
    assert texts["A later convolution assembles a more precise output."].page == 2
    caption = next(s for s in doc.sentences if s.text.startswith("Overlap-tile"))
    assert caption.role == "caption" and caption.page == 2
    assert not any(s.text.startswith("output.") for s in doc.sentences)


def test_a_sentence_cut_by_a_page_break_is_on_the_page_holding_most_of_it():
    # most of it on the next page: found there (its twin above, most on the first page, stays)
    doc = _across_a_page(
        "Due to the data, we choose only to",
        "Fig. 2. Overlap-tile strategy for the segmentation of large images.",
        "randomly flip the images instead of rotating them, since the labels depend on colour"
        " and texture. A later convolution assembles a more precise output.",
    )
    texts = {s.text: s for s in doc.sentences}
    cut = next(t for t in texts if t.startswith("Due to the data"))
    assert cut.endswith("colour and texture.") and texts[cut].page == 2
    assert any(s.text.startswith("Filler prose") and s.page == 1 for s in doc.sentences)


def test_a_new_paragraph_after_a_figure_is_not_joined_to_the_last_one():
    doc = _across_a_page(
        "The last paragraph ends here",
        "Fig. 2. Overlap-tile strategy for the segmentation of large images.",
        "Training uses a batch size of 8.",
    )
    assert any(s.text == "The last paragraph ends here" and s.page == 1 for s in doc.sentences)
    assert any(s.text == "Training uses a batch size of 8." and s.page == 2 for s in doc.sentences)


def test_a_table_cell_on_the_next_page_does_not_finish_a_cut_word():
    doc = _across_a_page(
        "We ap-", "Table 3. Resource usage of the variants.", "α = 0.75 ply this to every layer."
    )
    assert not any("apα" in s.text for s in doc.sentences)


def test_a_heading_broken_with_a_hyphen_is_one_heading():
    pages = [
        _page(
            1,
            [
                (720, ["3.4. Resolution Multiplier: Reduced Representa-"], 12),
                (706, ["tion"], 12),
                (690, ["The second multiplier reduces the input resolution.", *_FILLER], 10),
            ],
        )
    ]
    doc = document_from_pages(pages, path="p.pdf", sha256="0" * 64, total_pages=1)
    assert [s.title for s in doc.sections] == ["Resolution Multiplier: Reduced Representation"]
    assert not any(s.text == "tion" for s in doc.sentences)


def test_a_table_abbreviation_names_the_word_it_shortens_and_no_other():
    from paperlint.paper.index import abbreviates

    assert abbreviates("thr", "threshold") and abbreviates("ctr", "center")
    assert abbreviates("reg", "regression")
    # another first letter, letters out of order, or not shorter: no abbreviation
    assert not abbreviates("thr", "temperature") and not abbreviates("rtc", "center")
    assert not abbreviates("centre", "center") and not abbreviates("center", "center")


def test_a_word_ending_in_wise_is_a_manner_not_a_mention_of_its_noun():
    from paperlint.paper.index import build_index

    index = build_index(
        document_from_text("# Method\nEach block uses depth-wise convolutions.\nThe depth is 12.\n")
    )
    texts = {index.sentence(m.sentence).text for m in index.mentions.get("depth", ())}
    assert texts == {"The depth is 12."}


def _boxes(number: int, boxes: list[tuple[float, float, float, list[str]]]) -> PageText:
    """A page of pdfminer boxes: each is (left x, right x, top y, lines), lines 12.5 apart."""
    lines = []
    for box, (x0, x1, top, texts) in enumerate(boxes):
        for k, text in enumerate(texts):
            y1 = top - k * 12.5
            lines.append(Line(text, x0, y1 - 10, x1, y1, 10, False, box))
    return PageText(number, 612.0, 792.0, tuple(lines))


_ROWS = [
    "Variant  Citeseer  Cora  Pubmed",
    "69.8  79.5  74.4",
    "K = 2  69.6  81.2  73.8",
    "First-order model  68.3  80.0  77.5",
    "Renormalized model  70.3  81.5  79.0",
]


def test_a_row_label_read_in_a_box_of_its_own_inside_the_table_is_a_table_cell():
    def doc(label_box: tuple[float, float, float]):
        page = _boxes(
            1,
            [
                (72, 540, 740, ["2 Experiments"]),
                (72, 540, 720, ["We compare variants of the propagation model below."]),
                (200, 400, 690, ["Table 3: Comparison of propagation models."]),
                (110, 500, 670, _ROWS),
                (*label_box, ["Chebyshev filter K = 3"]),
            ],
        )
        return document_from_pages([page], path="p.pdf", sha256="0" * 64, total_pages=1)

    def role(d) -> str:
        return next(s.role for s in d.sentences if s.text == "Chebyshev filter K = 3")

    # inside the rows' box (beside the row it labels): a cell of the table
    assert role(doc((112, 260, 657))) == "table"
    # the same words below the table, outside its box: prose
    assert role(doc((72, 260, 560))) == "body"
