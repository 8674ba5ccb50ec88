"""LaTeX source → document: our own .tex fixtures and archives built in memory by the tests."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tarfile
import textwrap

import pytest
from conftest import FIXTURES
from helpers import choices_of, find

from paperlint.errors import PaperlintError
from paperlint.link.linker import Linker
from paperlint.paper import latex, read_paper
from paperlint.paper.index import build_index
from paperlint.paper.latex import latex_parts, read_latex

PAPER = FIXTURES / "papers" / "latex_paper.tex"


@pytest.fixture(scope="module")
def doc():
    return read_paper(PAPER)


def texts(document, role: str | None = None) -> list[str]:
    return [s.text for s in document.sentences if role is None or s.role == role]


def section_of(document, text: str) -> str:
    s = next(s for s in document.sentences if text in s.text)
    return document.section_title(s)


def write_tex(tmp_path, body: str, name: str = "paper.tex"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return p


def tex_doc(tmp_path, body: str):
    return read_latex(write_tex(tmp_path, body))


def make_tar(tmp_path, members: dict[str, bytes | str], name: str = "src.tar.gz", mode="w:gz"):
    """An archive built in memory (as arXiv serves it) and written as one file."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for member, data in members.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            tf.addfile(info, io.BytesIO(raw))
    p = tmp_path / name
    p.write_bytes(buf.getvalue())
    return p


MINIMAL = r"""
\documentclass{article}
\begin{document}
\section{Method}
We use batch normalization~\cite{bn} after every convolution.
\end{document}
"""


# ── structure ────────────────────────────────────────────────────────────────────────────────


def test_sections_are_numbered_as_latex_numbers_them(doc):
    assert [(s.number, s.title, s.level, s.role) for s in doc.sections] == [
        ("", "Abstract", 1, "abstract"),
        ("1", "Introduction", 1, "body"),
        ("2", "Method", 1, "body"),  # read through \input
        ("3", "Experiments", 1, "body"),
        ("3.1", "Ablation study", 2, "body"),
        ("", "Compute", 4, "body"),  # \paragraph: unnumbered at the default secnumdepth
        ("", "Acknowledgments", 1, "acknowledgements"),  # \section*
        ("", "References", 1, "references"),
        ("A", "Training details", 1, "appendix"),  # \appendix: letters
        ("A.1", "Data augmentation", 2, "appendix"),
    ]
    assert doc.coverage.source == "tex" and doc.coverage.pages == 1
    assert {s.page for s in doc.sentences} == {1}  # LaTeX has no pages; none are invented


def test_title_abstract_and_user_macros(doc):
    assert doc.title == "TinyNet: Small Networks with Stated Choices"
    assert texts(doc, "abstract") == [
        "We present TinyNet, a small convolutional network.",
        "Every design choice of TinyNet is stated, e.g. the normalization and the learning rate.",
    ]
    joined = " ".join(texts(doc))
    # \newcommand with an argument, \def, \xspace
    assert "with a cosine schedule, i.e. without restarts." in joined


def test_comments_switched_off_text_and_verbatim_are_not_read(doc):
    joined = " ".join(texts(doc)) + " ".join(doc.references)
    for hidden in ("comment must not", "switched off", "lr = 0.1", "never read", "Writer"):
        assert hidden not in joined


def test_captions_keep_their_numbers_and_tabular_rows_are_table_sentences(doc):
    assert texts(doc, "caption") == [
        "Table 1: Ablation of the normalization layer on CIFAR-10.",
        "Figure 1: Overview of TinyNet.",
    ]
    assert texts(doc, "table") == [
        "Variant Accuracy (%)",
        "TinyNet w/ BN 93.1±0.2",
        "TinyNet w/o BN 91.0",
    ]
    assert section_of(doc, "w/o BN") == "Ablation study"


def test_footnotes_are_their_own_sentences(doc):
    assert texts(doc, "footnote") == [
        "The schedule follows He et al. [1].",
        "All runs use three seeds.",
    ]
    assert not any("three seeds" in t for t in texts(doc, "body"))


def test_references_are_set_apart_and_numbered_by_first_citation(doc):
    assert doc.references == (
        "[1] K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image recognition. "
        "In CVPR, 2016.",
        "[2] S. Ioffe and C. Szegedy. Batch normalization. In ICML, 2015.",
        "[3] J. L. Ba, J. R. Kiros, and G. E. Hinton. Layer normalization. arXiv, 2016.",
    )
    assert not any("Deep residual learning" in t for t in texts(doc))
    assert doc.coverage.references_found


def test_citations_are_markers_the_index_recognises(doc):
    index = build_index(doc)
    cited = {
        s.text: [c[2] for c in index.facts[s.index].citations]
        for s in doc.sentences
        if index.facts[s.index].citations
    }
    assert cited["Residual networks [1] made deep models trainable."] == ["[1]"]
    assert cited["Normalization layers [2, 3] made them faster to train."] == ["[2, 3]"]
    # \citet takes the author names from the natbib \bibitem label
    assert "He et al. [1] also introduced bottleneck blocks." in cited
    bn = next(s for s in doc.sentences if s.text.startswith("We use batch normalization"))
    assert index.facts[bn.index].citations


def test_refs_resolve_to_the_real_numbers(doc):
    joined = " ".join(texts(doc))
    assert "Section 2 describes TinyNet and Section 3.1 ablates it." in joined
    assert "Table 1 compares TinyNet" in joined
    assert "Eq. 1 is minimized" in joined


def test_math_is_readable_and_display_math_is_a_placeholder(doc):
    joined = " ".join(texts(doc))
    assert "after every 3×3 convolution" in joined
    assert "a learning rate of 10^-4, a momentum of 0.9" in joined
    assert "The weight decay is 5×10^-4 as in [1]." in joined
    # the equation stays inside its sentence; its comma is kept
    assert "The loss is [formula], where pi is the predicted probability of class i;" in joined


def test_stated_values_in_math_are_compared_with_the_code(doc):
    code = (
        "train.py",
        """
        import torch
        opt = torch.optim.SGD(params, lr=1e-4, momentum=0.9)
        """,
    )
    linker = Linker(build_index(doc))
    (lr,) = find(choices_of(code), kind="learning_rate")
    a = linker.assess(lr)
    assert a.paper_value == "10^-4" and not a.mismatch
    assert any(e.type == "value" and e.section == "Method" and e.page == 1 for e in a.evidence)
    other = (
        "train.py",
        """
        import torch
        opt = torch.optim.SGD(params, lr=0.1, momentum=0.9)
        """,
    )
    (lr,) = find(choices_of(other), kind="learning_rate")
    assert linker.assess(lr).mismatch


def test_a_citation_next_to_the_choice_justifies_it(doc):
    code = ("model.py", "import torch.nn as nn\nbn = nn.BatchNorm2d(64)\n")
    (bn,) = find(choices_of(code), concept="batch_norm")
    a = Linker(build_index(doc)).assess(bn)
    assert a.mentioned and a.justification in ("citation", "reasoning")
    assert a.ablated


# ── the reader on small inputs ───────────────────────────────────────────────────────────────


def test_without_begin_document_the_whole_file_is_the_body(tmp_path):
    d = tex_doc(tmp_path, r"\section{Setup} Dropout of $0.5$ is used.\footnote{In every layer.}")
    assert [s.title for s in d.sections] == ["Setup"]
    assert texts(d, "body") == ["Dropout of 0.5 is used."]
    assert texts(d, "footnote") == ["In every layer."]


def test_math_notations(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        Rates $\eta=10^{-3}$ and $1\times 10^{-4}$; kernels $3 \times 3$; $\beta_1 = 0.9$;
        $\lambda=\frac{1}{2}$; $\mathrm{lr}=0.1$ and $\text{dropout}~0.3$; \num{1e-4};
        \SI{20}{\percent} of $\sim$100 images, 50\% of them; $\log n$, $r \sim n$, $\max(x)$,
        $\bar F(x) \coloneqq 1 - F(x)$.
        """,
    )
    (text,) = texts(d)
    assert text == (
        "Rates η=10^-3 and 1×10^-4; kernels 3 × 3; β1 = 0.9; λ=1/2; lr=0.1 and dropout 0.3; "
        "1e-4; 20% of ~100 images, 50% of them; log n, r ~ n, max(x), F(x) := 1 - F(x)."
    )


def test_formatting_accents_quotes_and_urls(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \textbf{Bold}, \emph{emphasis}, \textit{\textsc{nested}}, {\bf old} and ``quoted''
        text---with dashes--and Schr\"odinger's na\"{\i}ve caf\'e; see
        \url{https://example.org/a_b%20c} or \href{https://x.y}{the site}, \verb|x_y%z|.
        """,
    )
    (text,) = texts(d)
    assert text == (
        'Bold, emphasis, nested, old and "quoted" text - with dashes-and Schrödinger\'s naïve '
        "café; see https://example.org/a_b%20c or the site, x_y%z."
    )


def test_macros_with_arguments_defaults_and_let(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \newcommand{\method}{ResNet-X}
        \newcommand{\pair}[2]{#1 and #2}
        \newcommand{\opt}[2][Adam]{#1 with #2}
        \newcommand{\hide}[1]{}
        \let\M\method
        \DeclareMathOperator{\softplus}{softplus}
        We train \method{} and \M{} with \pair{SGD}{momentum}, \opt{warmup},
        \opt[LAMB]{decay}\hide{a reviewer note}, and $\softplus(x)$.
        """,
    )
    assert texts(d) == [
        "We train ResNet-X and ResNet-X with SGD and momentum, Adam with warmup, "
        "LAMB with decay, and softplus(x)."
    ]


def test_macros_that_never_end_are_dropped_and_the_rest_is_read(tmp_path):
    p = write_tex(
        tmp_path,
        r"""
        \newcommand{\loop}{x\loop}
        \def\deep{\deep y}
        \section{Before} \loop \deep
        \section{After} Still read.
        """,
    )
    parts, notes = latex_parts(p)
    assert "expands without end" in " ".join(notes)
    assert [t.text for t in parts][-2:] == ["2 After", "Still read."]
    assert sum(len(t.text) for t in parts) < 50_000


def test_conditionals(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \newif\ifarxiv \arxivtrue
        \ifarxiv Long version. \else Short version. \fi
        \iffalse Hidden. \else Shown. \fi
        """,
    )
    assert texts(d) == ["Long version.", "Shown."]


def test_starred_sections_chapters_and_secnumdepth(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \documentclass{report}
        \begin{document}
        \chapter{Intro} a
        \section{Goal} b
        \section*{Aside} c
        \subsection{Detail} d
        \subsubsection{Deep} e
        \appendix
        \chapter{Extra} f
        \end{document}
        """,
    )
    assert [(s.number, s.title, s.level) for s in d.sections] == [
        ("1", "Intro", 1),
        ("1.1", "Goal", 2),
        ("", "Aside", 2),
        ("1.1.1", "Detail", 3),
        ("", "Deep", 4),  # report numbers down to subsections
        ("A", "Extra", 1),
    ]
    assert d.sections[-1].role == "appendix"


def test_ieeetran_numbers_with_roman_numerals(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \documentclass[conference]{IEEEtran}
        \begin{document}
        \section{Introduction} a
        \section{Method}\label{m} b
        \subsection{Training}\label{t} See Section~\ref{t}.
        \begin{table}\caption{Results.}\end{table}
        \end{document}
        """,
    )
    assert [s.number for s in d.sections] == ["I", "II", "II-A"]
    assert "See Section II-A." in texts(d)
    assert texts(d, "caption") == ["Table I: Results."]


def test_appendix_role_without_appendix_in_the_title(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \begin{document}
        \section{Method} a
        \appendix
        \section{Proofs} b
        \section*{More proofs} c
        \end{document}
        """.replace(r"\begin{document}", r"\documentclass{article}\begin{document}"),
    )
    assert [(s.number, s.title, s.role) for s in d.sections] == [
        ("1", "Method", "body"),
        ("A", "Proofs", "appendix"),
        ("", "More proofs", "appendix"),
    ]


def test_subfigures_lists_and_unresolved_refs(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \begin{figure}
          \begin{subfigure}{0.4\linewidth}\includegraphics{a}\caption{Train loss.}\label{fa}
          \end{subfigure}
          \begin{subfigure}{0.4\linewidth}\includegraphics{b}\caption{Test loss.}\end{subfigure}
          \caption{Losses.}
        \end{figure}
        \begin{itemize}
          \item First item, see Figure~\ref{fa} and Section~\ref{nowhere}.
          \item[Note:] second item
        \end{itemize}
        """,
    )
    assert texts(d, "caption") == ["(a) Train loss.", "(b) Test loss.", "Figure 1: Losses."]
    assert texts(d, "body") == ["First item, see Figure 1a and Section ??.", "Note: second item"]
    d = tex_doc(tmp_path, r"See Table~\ref{missing} for details. Next.")
    assert texts(d) == ["See Table ?? for details.", "Next."]  # no sentence ends at "??"


def test_cleveref_and_autoref_name_what_they_point_to(tmp_path):
    d = tex_doc(
        tmp_path,
        r"""
        \newtheorem{theorem}{Theorem}[section]
        \newtheorem{lemma}[theorem]{Lemma}
        \section{Setup}\label{sec:setup}
        \subsection{Results\label{sec:results}}
        \begin{table}\caption{Numbers.}\label{tab:n}\end{table}
        \begin{lemma}\label{lem:a} x \end{lemma}
        \begin{theorem}\label{thm:b} y \end{theorem}
        As \cref{tab:n} shows and \autoref{sec:setup} explains (\ref{sec:results}).
        By \Cref{lem:a} and \cref{thm:b}.
        """,
    )
    assert "As Table 1 shows and Section 1 explains (1.1)." in texts(d)
    assert "By Lemma 1.1 and Theorem 1.2." in texts(d)


def test_bibliography_from_a_bib_file_next_to_the_tex(tmp_path):
    (tmp_path / "refs.bib").write_text(
        textwrap.dedent(
            r"""
            @inproceedings{he2016deep,
              author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
              title = {Deep Residual Learning},
              booktitle = "CVPR",
              year = 2016,
            }
            @article{unused, title={Never cited}, author={Nobody}, year={2000}}
            """
        ),
        encoding="utf-8",
    )
    d = tex_doc(
        tmp_path,
        r"""
        \documentclass{article}
        \begin{document}
        \section{Method}
        We follow \citet{he2016deep} and \cite{missing}.
        \bibliography{refs}
        \end{document}
        """,
    )
    assert "We follow He et al. [1] and [2]." in texts(d)
    assert d.references == ("[1] He et al. Deep Residual Learning. CVPR. 2016.",)


def test_bbl_in_an_archive_is_the_bibliography(tmp_path):
    bbl = r"""
    \begin{thebibliography}{1}
    \providecommand{\natexlab}[1]{#1}
    \bibitem[Kingma and Ba(2015)]{kingma}
    D.~P. Kingma and J.~Ba. \newblock Adam. \newblock In \emph{ICLR}, 2015.
    \end{thebibliography}
    """
    main = MINIMAL.replace(
        r"\end{document}", r"We use Adam \citep{kingma}. \bibliography{refs}\end{document}"
    )
    p = make_tar(tmp_path, {"main.tex": main, "main.bbl": textwrap.dedent(bbl)})
    d = read_paper(p)
    assert d.references == ("[2] D. P. Kingma and J. Ba. Adam. In ICLR, 2015.",)
    assert "We use Adam [2]." in texts(d)


def test_input_is_followed_inside_the_folder_only(tmp_path):
    (tmp_path / "sec").mkdir()
    (tmp_path / "sec" / "a.tex").write_text(r"\section{A} From a. \input{sec/b}")
    (tmp_path / "sec" / "b.tex").write_text(r"From b. \input{sec/a}")  # a cycle
    (tmp_path.parent / "outside.tex").write_text("Secret text.")
    main = write_tex(
        tmp_path,
        r"""
        \documentclass{article}
        \begin{document}
        \input{sec/a}
        \include{../outside}
        \input{missing}
        \end{document}
        """,
    )
    parts, notes = latex_parts(main)
    assert [p.text for p in parts] == ["1 A", "From a. From b."]
    assert any("includes itself" in n for n in notes)
    assert any("../outside" in n for n in notes) and any("missing" in n for n in notes)


def test_subfile_contributes_only_its_document_body(tmp_path):
    (tmp_path / "part.tex").write_text(
        "\\documentclass[main.tex]{subfiles}\n\\begin{document}\nInside.\n\\end{document}\n"
    )
    main = write_tex(tmp_path, MINIMAL.replace(r"\end{document}", r"\subfile{part}\end{document}"))
    assert "Inside." in texts(read_latex(main))


# ── archives ─────────────────────────────────────────────────────────────────────────────────


def test_arxiv_tarball_is_read_in_memory_and_its_main_file_found(tmp_path):
    p = make_tar(
        tmp_path,
        {
            "sections/method.tex": r"\section{Method} We use dropout of $0.5$.",
            "ms.tex": MINIMAL.replace(r"\section{Method}", r"\input{sections/method}"),
            "other.tex": r"\documentclass{article}",  # a stray file without a document
            "figs/plot.pdf": b"%PDF-1.4 not read",
        },
    )
    before = sorted(tmp_path.iterdir())
    d = read_paper(p)
    assert sorted(tmp_path.iterdir()) == before  # nothing was extracted
    assert [s.title for s in d.sections] == ["Method"]
    assert "We use dropout of 0.5." in texts(d)
    assert d.coverage.source == "tex" and d.sha256 and d.path == str(p)


def test_the_main_file_arxiv_readme_names_wins(tmp_path):
    other = MINIMAL.replace("Method", "Supplement")
    members = {"main.tex": MINIMAL, "supp.tex": other}
    assert [s.title for s in read_paper(make_tar(tmp_path, members)).sections] == ["Method"]
    readme = '{"sources": [{"filename": "supp.tex", "usage": "toplevel"}]}'
    p = make_tar(tmp_path, {**members, "00README.json": readme}, "b.tar.gz")
    assert [s.title for s in read_paper(p).sections] == ["Supplement"]
    p = make_tar(tmp_path, {**members, "00README.XXX": "supp.tex toplevelfile\n"}, "c.tar.gz")
    assert [s.title for s in read_paper(p).sections] == ["Supplement"]


def test_plain_tar_and_single_file_gzip(tmp_path):
    assert read_paper(make_tar(tmp_path, {"a.tex": MINIMAL}, "src.tar", "w")).sections
    gz = tmp_path / "2401.00001.gz"
    gz.write_bytes(gzip.compress(MINIMAL.encode()))
    assert [s.title for s in read_paper(gz).sections] == ["Method"]


def test_links_in_an_archive_are_never_followed(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("main.tex")
        raw = MINIMAL.replace(r"\end{document}", r"\input{link}\end{document}").encode()
        info.size = len(raw)
        tf.addfile(info, io.BytesIO(raw))
        link = tarfile.TarInfo("link.tex")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    p = tmp_path / "src.tgz"
    p.write_bytes(buf.getvalue())
    assert "root:" not in " ".join(texts(read_paper(p)))


@pytest.mark.parametrize("name", ["../evil.tex", "/abs/evil.tex", "a/../../evil.tex"])
def test_a_member_outside_the_archive_is_refused(tmp_path, name):
    p = make_tar(tmp_path, {"main.tex": MINIMAL, name: "x"})
    with pytest.raises(PaperlintError) as e:
        read_paper(p)
    assert e.value.code == "E209" and "outside the archive" in e.value.message


def test_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")  # the patched reader runs in this process
    monkeypatch.setattr(latex, "MAX_MEMBERS", 5)
    p = make_tar(tmp_path, {f"f{i}.tex": "x" for i in range(6)})
    with pytest.raises(PaperlintError) as e:
        read_paper(p)
    assert e.value.code == "E209" and "more than 5 members" in e.value.message


def test_a_decompression_bomb_is_stopped_while_reading(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")  # the patched reader runs in this process
    monkeypatch.setattr(latex, "MAX_UNCOMPRESSED", 1 << 20)
    p = make_tar(tmp_path, {"main.tex": MINIMAL, "zeros.bin": b"\0" * (4 << 20)})
    assert p.stat().st_size < 50_000
    with pytest.raises(PaperlintError) as e:
        read_paper(p)
    assert e.value.code == "E209" and "decompresses to more than 1 MB" in e.value.message
    gz = tmp_path / "bomb.gz"
    gz.write_bytes(gzip.compress(b"\\section{A}" + b" " * (4 << 20)))
    with pytest.raises(PaperlintError) as e:
        read_paper(gz)
    assert e.value.code == "E209"


def test_a_large_text_member_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")  # the patched reader runs in this process
    monkeypatch.setattr(latex, "MAX_FILE", 1000)
    p = make_tar(tmp_path, {"main.tex": MINIMAL + "%" * 2000})
    with pytest.raises(PaperlintError) as e:
        read_paper(p)
    assert e.value.code == "E209" and "larger than" in e.value.message


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.tar.gz", b"\x1f\x8b\x08\x00garbage", "damaged"),
        ("bad.tgz", b"just text, not an archive", "not a tar archive"),
        ("empty.tar.gz", None, "no .tex file"),
        ("notex.tar.gz", {"README": "hello"}, "no .tex file"),
        ("blank.tex", b"% only a comment\n", "no text found"),
        ("renamed.tex", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj", "is a PDF"),
        ("binary.tex", b"\x00\x01\x02 not text", "not a text file"),
    ],
)
def test_unreadable_sources_are_e209_never_a_traceback(tmp_path, name, data, message):
    if isinstance(data, bytes):
        p = tmp_path / name
        p.write_bytes(data)
    else:
        p = make_tar(tmp_path, data or {}, name)
    with pytest.raises(PaperlintError) as e:
        read_paper(p)
    assert e.value.code == "E209" and message in e.value.message, e.value.message


def test_a_reader_bug_is_reported_as_e209_not_a_traceback(tmp_path, monkeypatch):
    def broken(self):
        raise KeyError("oops")

    monkeypatch.setenv("PAPERLINT_SANDBOX", "0")  # the patched reader runs in this process
    monkeypatch.setattr(latex._Reader, "read", broken)
    with pytest.raises(PaperlintError) as e:
        read_latex(write_tex(tmp_path, MINIMAL))
    assert e.value.code == "E209" and "please report" in e.value.hint


# ── the command line ─────────────────────────────────────────────────────────────────────────


def test_cli_audits_code_against_a_tex_paper(tmp_path):
    code = tmp_path / "train.py"
    code.write_text("import torch\nopt = torch.optim.SGD(params, lr=0.1, momentum=0.9)\n")
    r = subprocess.run(
        [sys.executable, "-m", "paperlint", str(code), str(PAPER), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    report = json.loads(r.stdout)
    lr = next(c for c in report["choices"] if c["kind"] == "learning_rate")
    assert lr["mismatch"] and lr["paper_value"] == "10^-4"
    assert any(e["section"] == "Method" and e["page"] == 1 for e in lr["evidence"])


# ── any input: a Document or E209, never a traceback ─────────────────────────────────────────

_PIECES = [
    r"\section{",
    r"\section*",
    r"\subsection",
    r"\begin{table}",
    r"\end{table}",
    r"\begin{tabular}{cc}",
    r"\end{tabular}",
    r"\begin{equation}",
    r"\end{equation}",
    r"\begin{abstract}",
    r"\end{document}",
    r"\caption{",
    r"\footnote{",
    r"\cite{a,b}",
    r"\citet",
    r"\ref{x}",
    r"\label{x}",
    r"\newcommand{\x}[1]{#1#1}",
    r"\def\y#1{",
    r"\x",
    r"\y",
    r"\let\z\x",
    r"\iffalse",
    r"\else",
    r"\fi",
    r"\appendix",
    r"\item",
    r"\input{",
    r"\url{a%b}",
    r"\verb|",
    r"\'",
    r"\\",
    "$",
    "$$",
    "{",
    "}",
    "[",
    "]",
    "&",
    "#",
    "^",
    "_",
    "~",
    "%",
    "\n\n",
    " ",
    "word",
    "10^{-4}",
    "\\",
]


@pytest.mark.parametrize("seed", range(40))
def test_any_mix_of_latex_pieces_reads_or_fails_cleanly(tmp_path, seed):
    import random

    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 120)))
    p = tmp_path / "fuzz.tex"
    p.write_text(text, encoding="utf-8")
    try:
        d = read_latex(p)
    except PaperlintError as e:
        assert e.code == "E209"
    else:
        assert d.coverage.source == "tex"


def test_cli_takes_an_arxiv_archive_as_the_paper(tmp_path):
    code = tmp_path / "model.py"
    code.write_text("import torch.nn as nn\nbn = nn.BatchNorm2d(64)\n")
    paper = make_tar(tmp_path, {"main.tex": MINIMAL}, "src.tar", "w")
    r = subprocess.run(
        [sys.executable, "-m", "paperlint", str(code), str(paper), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode in (0, 1), r.stderr
    assert json.loads(r.stdout)["paper"]["path"].endswith("src.tar")
