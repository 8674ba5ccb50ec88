"""Text blocks → :class:`~paperlint.model.Document`: sections, roles and sentences with pages.

The same builder serves three inputs: a PDF (via :mod:`paperlint.paper.layout`), LaTeX source,
and plain text with ``# Heading`` lines and form feeds between pages (what tests use, so rule
tests never need a PDF).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from paperlint.model import Coverage, Document, Section, Sentence
from paperlint.paper.layout import (
    _TABLE_BOX,
    Block,
    blocks_in_reading_order,
    join_lines,
    strip_margins,
)
from paperlint.paper.pdf import Line, PageText

_NUMBERED = re.compile(
    r"^(?P<num>(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?)|(?:[IVX]{1,5}\.)|(?:[A-H](?:\.\d{1,2}){0,2}\.?))\s+(?P<title>[A-Z][^\n]{1,90})$"
)
_KNOWN = re.compile(
    r"^(abstract|introduction|related work|background|method|methods|methodology|approach|model|architecture|"
    r"experiments?|experimental (?:setup|results|settings?)|implementation(?: details)?|evaluation|results|"
    r"results and discussion|discussion|analysis|ablation(?: stud(?:y|ies))?|conclusions?|conclusion and future work|"
    r"future work|limitations|references|bibliography|acknowledge?ments?|appendix|appendices|supplementary(?: material)?|"
    r"training(?: details)?|dataset|datasets|data|setup|overview|contributions?|summary)\.?$",
    re.I,
)
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_REFERENCES = re.compile(r"^(references|bibliography|literature cited|works cited)\.?$", re.I)
_APPENDIX = re.compile(r"^(appendix|appendices|supplementary|supplemental)", re.I)
_ACK = re.compile(r"^acknowledge?ments?", re.I)
#: "Table 8: ...", "Fig. 3. ...", "Table 8 – Ablation study ..." (a dash after the number too),
#: "TABLE IV: ..." (a Roman numeral, written in capitals, as IEEE papers number their tables)
_CAPTION = re.compile(
    r"^\s*(?:figure|fig\.?|table|tab\.)\s*(?:[A-Z]?\d+|(?-i:[IVX]+))[a-z]?\s*(?:[:.|]|[-–—]\s)",
    re.I,
)
_NUMERIC_TOKEN = re.compile(r"^[-+±]?\(?\d[\d.,]*%?\)?$|^[-–—]$|^\d+(\.\d+)?[kKmM]$")


def opens_caption(text: str) -> bool:
    """Whether ``text`` opens the caption of a table or figure (``Table 3:``, ``Fig. 2 -``,
    ``TABLE IV.``): the one test of the paper stage, which later stages reuse on sentences."""
    return _CAPTION.match(text) is not None


@dataclass
class _Part:
    text: str
    page: int
    role: str  # heading | body | caption | table | footnote | reference
    heading: tuple[str, str, int] | None = None  # (number, title, level)
    #: where the text goes on to a later page: (offset in ``text``, page), for a paragraph joined
    #: across a page break
    turns: tuple[tuple[int, int], ...] = ()


# ── PDF pages → parts ───────────────────────────────────────────────────────────────────────


def parts_from_pages(pages: list[PageText]) -> list[_Part]:
    pages = strip_margins(pages)
    blocks: list[Block] = []
    for p in pages:
        blocks.extend(blocks_in_reading_order(p))
    if not blocks:
        return []
    sizes: Counter[float] = Counter()
    for b in blocks:
        for ln in b.lines:
            sizes[round(ln.size, 1)] += len(ln.text)
    body = sizes.most_common(1)[0][0]
    # the paper's own vocabulary, without the fragments of words broken at a line end ("regu-" /
    # "larization"): it decides whether a broken word is joined or keeps its hyphen
    words = set()
    hyphenated = set()
    for b in blocks:
        broken = False
        for ln in b.lines:
            text = ln.text.strip()
            if broken:
                text = re.sub(r"^[a-z]+", "", text)
            broken = bool(re.search(r"[A-Za-z]-$", text))
            if broken:
                text = re.sub(r"[A-Za-z]+-$", "", text)
            for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text):
                lw = w.lower()
                if "-" in lw:
                    hyphenated.add(lw)
                    words.update(lw.split("-"))
                else:
                    words.add(lw)
    page_height = {p.number: p.height for p in pages}
    table_boxes = [b for b in blocks if _is_table_block(b)]
    parts: list[_Part] = []
    seen_numbered = False
    last_heading = None
    for b in blocks:
        if _continues_heading(parts, last_heading, b.lines[0]):
            # "3.4. Resolution Multiplier: Reduced Representa-" / "tion": one heading
            tail = b.lines[0].text.strip()
            prev = parts[-1]
            assert prev.heading is not None
            num, title, level = prev.heading
            parts[-1] = _Part(
                prev.text[:-1] + tail, prev.page, "heading", (num, title[:-1] + tail, level)
            )
            if len(b.lines) == 1:
                continue
            b = Block(b.page, b.lines[1:])
        first = b.lines[0].text.strip()
        heading = _heading(b, first, body)
        if heading is not None and re.fullmatch(r"[A-H](\.\d+)*", heading[0]) and not seen_numbered:
            heading = None  # "A. Author and B. Author": letters number appendices, after numbered sections
        if heading is not None and heading[0][:1].isdigit():
            seen_numbered = True
        if heading is not None:
            last_heading = b.lines[0]
            rest = b.lines[1:]
            parts.append(_Part(first, b.page, "heading", heading))
            if not rest:
                continue
            b = Block(b.page, rest)
        texts = [ln.text for ln in b.lines]
        if _is_table_block(b) or _inside_a_table(b, table_boxes):
            for t in texts:
                parts.append(_Part(t.strip(), b.page, "table"))
            continue
        text = join_lines(texts, hyphenated, words)
        role = "body"
        if _CAPTION.match(text):
            role = "caption"
        elif b.size < body * 0.86 and b.y1 < page_height.get(b.page, 800) * 0.25 and b.x0 < 200:
            role = "footnote"
        parts.append(_Part(text, b.page, role))
    return _merge_split_paragraphs(parts)


def _continues_heading(parts: list[_Part], heading_line: Line | None, line: Line) -> bool:
    """The line finishes a heading broken with a hyphen: the same type, a lower-case word."""
    if not parts or parts[-1].role != "heading" or heading_line is None:
        return False
    return (
        re.search(r"[A-Za-z]-$", parts[-1].text) is not None
        and re.fullmatch(r"[a-z]+(?:\s+\S+){0,4}", line.text.strip()) is not None
        and line.bold == heading_line.bold
        and abs(line.size - heading_line.size) < 0.5
    )


def _heading(b: Block, first: str, body: float) -> tuple[str, str, int] | None:
    ln = b.lines[0]
    words = first.split()
    if not words or len(words) > 14 or len(first) > 100:
        return None
    larger = ln.size >= body * 1.08
    emphasized = larger or ln.bold
    m = _NUMBERED.match(first)
    if m and not emphasized:
        # a numbered title in capitals ("4 OUR METHOD", "7.2 WHAT IS THE OPTIMAL RANK r?",
        # "D.1 ROBERTA"), as some styles set their headings in the body's size and weight
        emphasized = in_capitals(m.group("title"), single="." in m.group("num").rstrip("."))
    if (
        m
        and emphasized
        and not first.rstrip().endswith((",", ";"))
        and not re.search(r"\d[.,]\d{2,}", m.group("title"))
    ):
        num = m.group("num").rstrip(".")
        title = m.group("title").strip().rstrip(".")
        capitals = in_capitals(title) and "," not in title
        if re.fullmatch(r"[A-H]", num) and (not larger or "," in title) and not capitals:
            return None  # "C. Writer, D. Writer" is an author line; "D HYPERPARAMETERS" is not
        if num[:1].isdigit():
            level = num.count(".") + 1
        elif re.fullmatch(r"[IVX]+", num):
            level = 1
        else:  # an appendix "D", under the appendices' own heading, and its "D.1"
            level = num.count(".") + 2
        return num, title, level
    plain = re.sub(r"^\d+(\.\d+)*\.?\s*", "", first).strip()
    if _KNOWN.match(plain) and (emphasized or plain.isupper()) and len(b.lines) <= 2:
        return "", plain.rstrip("."), 1
    if ln.size >= body * 1.2 and len(words) <= 10 and not first.endswith(".") and len(b.lines) <= 2:
        return "", first, 1
    return None


def in_capitals(title: str, single: bool = False) -> bool:
    """Most letters of the title, and of at least two words (``single``: or of one word of
    four letters or more), are capitals."""
    letters = [c for c in title if c.isalpha()]
    words = re.findall(r"[A-Za-z]{2,}", title)
    enough = len(words) >= 2 or (single and len(words) == 1 and len(words[0]) >= 4)
    return enough and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_table_block(b: Block) -> bool:
    return _is_table([ln.text for ln in b.lines]) or b.lines[0].box >= _TABLE_BOX


#: how far (points) a cell's box may stick out of its table's box
_CELL_SLACK = 2.0


def _inside_a_table(b: Block, tables: list[Block]) -> bool:
    """A table's stub column (a row label, a formula set over two rows) that the PDF reader put
    in a box of its own sits inside the box of the table's rows: it is a cell of that table,
    not prose, however few numbers it holds."""
    if _CAPTION.match(b.lines[0].text.strip()):
        return False
    return any(
        t is not b
        and t.page == b.page
        and b.x0 >= t.x0 - _CELL_SLACK
        and b.x1 <= t.x1 + _CELL_SLACK
        and b.y0 >= t.y0 - _CELL_SLACK
        and b.y1 <= t.y1 + _CELL_SLACK
        for t in tables
    )


def _is_table(texts: list[str]) -> bool:
    if len(texts) < 2:
        return False
    tokens = [t for line in texts for t in line.split()]
    if len(tokens) < 6:
        return False
    numeric = sum(1 for t in tokens if _NUMERIC_TOKEN.match(t))
    avg_len = sum(len(t) for t in texts) / len(texts)
    return numeric / len(tokens) >= 0.4 and avg_len < 80


_FLOATS = frozenset({"caption", "table", "footnote"})


def _merge_split_paragraphs(parts: list[_Part]) -> list[_Part]:
    """A paragraph cut by a column or page break continues in the next body part when the first
    part does not end a sentence and the next starts in lower case. Figures, tables and
    footnotes placed between the two (a figure at the top of the next page) are skipped: they
    stay where they are, after the joined paragraph."""
    out: list[_Part] = []
    for p in parts:
        if p.role == "body" and re.fullmatch(r"\d{1,3}", p.text.strip()):
            continue  # a page number the margins did not catch
        k = len(out) - 1
        while k >= 0 and out[k].role in _FLOATS and out[k].page >= p.page - 1:
            k -= 1
        if (
            k >= 0
            and p.role == "body"
            and out[k].role == "body"
            and re.match(r"[a-z]", p.text) is not None  # "α = 0.75" (a table cell) is not prose
            and not re.search(r"[.!?:]$", out[k].text)
            and (k == len(out) - 1 or p.page > out[k].page)
        ):
            prev = out[k]
            head, tail = p.text, ""
            if p.page != prev.page:
                # only the cut sentence moves back a page: the rest keeps its own page
                m = _SENTENCE_END.search(p.text)
                if m:
                    head, tail = p.text[: m.start()], p.text[m.end() :]
            joiner = "" if prev.text.endswith("-") and head[:1].isalpha() else " "
            text = (prev.text[:-1] if joiner == "" else prev.text) + joiner + head
            turns = prev.turns
            if p.page != prev.page:
                turns = (*turns, (len(text) - len(head), p.page))
            out[k] = _Part(text, prev.page, "body", turns=turns)
            if tail:
                out.append(_Part(tail, p.page, "body"))
            continue
        out.append(p)
    return out


_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\bal\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bFig\.)(?<!\bEq\.)(?<!\bvs\.)\s+(?=[A-Z(\[])"
)


# ── plain text → parts ──────────────────────────────────────────────────────────────────────

_MD_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")


def _is_text_table(para: list[str]) -> bool:
    """Rows between bars ("| max | 93.1 |"), or bar-separated rows under a "---|---" rule; a
    sentence with "|u − v|" in it is prose."""
    rows = [ln.strip() for ln in para]
    if not rows or "|" not in rows[0]:
        return False
    if any(re.fullmatch(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?", r) for r in rows):
        return all("|" in r for r in rows)
    return all(r.startswith("|") and r.endswith("|") for r in rows)


def parts_from_text(text: str) -> list[_Part]:
    """Paper text with ``# Heading`` lines; ``\\f`` (or a line ``<!-- page N -->``) starts a page.
    Blank lines separate paragraphs; ``Table N:`` / ``Figure N:`` paragraphs are captions, and a
    paragraph of ``|``-separated rows is a table, each row's cells set apart by two spaces as a
    PDF's table rows are read."""
    parts: list[_Part] = []
    page = 1
    para: list[str] = []

    def flush() -> None:
        if not para:
            return
        if _is_text_table(para):
            for ln in para:
                if not re.fullmatch(r"[|\-\s:]+", ln):
                    parts.append(
                        _Part(
                            "  ".join(c.strip() for c in ln.strip().strip("|").split("|")).strip(),
                            page,
                            "table",
                        )
                    )
        else:
            joined = join_lines(para, set(), set())
            role = "caption" if _CAPTION.match(joined) else "body"
            parts.append(_Part(joined, page, role))
        para.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        pages_here = raw.count("\f")
        line = raw.replace("\f", "")
        m_page = re.match(r"^<!--\s*page\s+(\d+)\s*-->$", line.strip())
        if pages_here or m_page:
            flush()
            page = int(m_page.group(1)) if m_page else page + pages_here
            if m_page:
                continue
        m = _MD_HEADING.match(line.strip())
        if m:
            flush()
            title = m.group(2).strip()
            num_m = re.match(r"^((?:\d+(?:\.\d+)*)|[IVX]+|[A-H](?:\.\d+)*)\.?\s+(.*)$", title)
            if num_m:
                num, t = num_m.group(1), num_m.group(2)
            else:
                num, t = "", title
            parts.append(_Part(title, page, "heading", (num, t, len(m.group(1)))))
            continue
        if not line.strip():
            flush()
            continue
        para.append(line)
    flush()
    return parts


# ── parts → Document ────────────────────────────────────────────────────────────────────────


def build_document(
    parts: list[_Part], *, path: str, sha256: str, pages: int, pages_with_text: int, source: str
) -> Document:
    from paperlint.paper.nlp import pipeline, pipeline_name

    nlp = pipeline()
    sections: list[Section] = []
    sentences: list[Sentence] = []
    references: list[str] = []
    text_chunks: list[str] = []
    offset = 0
    current = -1
    role_of_section = "front"
    title = ""
    for p in parts:
        if p.role != "table" and "  " in p.text:
            # justified lines come out with runs of spaces ("One  horizontal  flip"); a phrase
            # is written with one. Table cells keep theirs: they separate columns.
            turns = tuple((len(_SPACE_RUN.sub(" ", p.text[:at])), pg) for at, pg in p.turns)
            p = replace(p, text=_SPACE_RUN.sub(" ", p.text), turns=turns)
        if p.role == "heading" and p.heading is not None:
            num, t, level = p.heading
            role = "body"
            if _REFERENCES.match(t):
                role = "references"
            elif _APPENDIX.match(t) or (
                role_of_section in ("references", "appendix")
                and re.fullmatch(r"[A-H](\.\d+)*", num or "")
            ):
                role = "appendix"
            elif _ACK.match(t):
                role = "acknowledgements"
            elif re.match(r"abstract", t, re.I):
                role = "abstract"
            elif role_of_section in ("references", "appendix") and level > 1:
                role = role_of_section
            elif role_of_section == "appendix":
                role = "appendix"
            sections.append(Section(len(sections), t, num, level, p.page, role))
            current = len(sections) - 1
            role_of_section = role
            start = offset
            text_chunks.append(p.text)
            offset += len(p.text) + 2
            sentences.append(
                Sentence(
                    len(sentences), p.text, p.page, current, "heading", start, start + len(p.text)
                )
            )
            continue
        if role_of_section == "references":
            references.append(p.text)
            start = offset
            text_chunks.append(p.text)
            offset += len(p.text) + 2
            continue
        if (
            not title
            and current == -1
            and p.role == "body"
            and p.page == 1
            and len(p.text) < 200
            and not sentences
        ):
            title = p.text
        role = p.role
        if role == "body" and (
            role_of_section == "abstract"
            or (current == -1 and re.match(r"^abstract\b", p.text, re.I))
        ):
            role = "abstract"
        start = offset
        text_chunks.append(p.text)
        offset += len(p.text) + 2
        if role == "table":
            sentences.append(
                Sentence(
                    len(sentences), p.text, p.page, current, "table", start, start + len(p.text)
                )
            )
            continue
        doc = nlp(p.text)
        for s in doc.sents:
            st = s.text.strip()
            if not st:
                continue
            s_start = start + s.start_char
            page = _page_of(p, s.start_char, s.end_char)
            sentences.append(
                Sentence(len(sentences), st, page, current, role, s_start, s_start + len(s.text))
            )
    text = "\n\n".join(text_chunks)
    coverage = Coverage(
        pages=pages,
        pages_with_text=pages_with_text,
        characters=len(text),
        sections=len(sections),
        sentences=len(sentences),
        references_found=bool(references),
        pipeline=pipeline_name(),
        source=source,
    )
    return Document(
        path, sha256, title, text, tuple(sections), tuple(sentences), tuple(references), coverage
    )


def _page_of(part: _Part, start: int, end: int) -> int:
    """The page a sentence of ``part`` is on: the one holding most of it, for a sentence cut by a
    page break (a reader finds it where most of it is printed, and a quote of its reason is
    usually there); the part's page for any other."""
    if not part.turns:
        return part.page
    bounds = [(0, part.page), *part.turns, (len(part.text), -1)]
    best, most = part.page, -1
    for (a, page), (b, _next) in itertools.pairwise(bounds):
        chars = min(b, end) - max(a, start)
        if chars > most:
            best, most = page, chars
    return best


def document_from_text(text: str, path: str = "<text>") -> Document:
    parts = parts_from_text(text)
    pages = max((p.page for p in parts), default=1)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return build_document(
        parts, path=path, sha256=digest, pages=pages, pages_with_text=pages, source="text"
    )


def document_from_pages(
    pages: list[PageText], *, path: str, sha256: str, total_pages: int
) -> Document:
    parts = parts_from_pages(pages)
    with_text = sum(1 for p in pages if sum(len(ln.text.strip()) for ln in p.lines) > 40)
    return build_document(
        parts, path=path, sha256=sha256, pages=total_pages, pages_with_text=with_text, source="pdf"
    )


def body_font_size(pages: list[PageText]) -> float:
    sizes = [ln.size for p in pages for ln in p.lines]
    return statistics.median(sizes) if sizes else 0.0


def sha256_of(path: str | Path) -> str:
    from paperlint.cache import file_sha256  # the cache keys a paper by the same digest

    return file_sha256(path)
