"""Positioned lines → text blocks in reading order.

* running headers, footers, page numbers and the arXiv side stamp are removed (a line in the
  top or bottom margin that repeats across pages, or is only a number);
* one- and two-column pages are read column by column; full-width elements (title, wide
  figures and tables, centred equations) split a page into bands read top to bottom;
* pdfminer's text boxes are split where the font changes (a heading glued to its paragraph).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from paperlint.paper.pdf import Line, PageText

_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?(\d{1,4}|[ivxlc]{1,6})(\s*(of|/)\s*\d+)?\s*$", re.I)
_ARXIV_STAMP = re.compile(r"arXiv:\s*\d{4}\.\d{4,5}(v\d+)?", re.I)


@dataclass(frozen=True)
class Block:
    page: int
    lines: tuple[Line, ...]

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def y0(self) -> float:
        return min(ln.y0 for ln in self.lines)

    @property
    def y1(self) -> float:
        return max(ln.y1 for ln in self.lines)

    @property
    def size(self) -> float:
        return statistics.median(ln.size for ln in self.lines)

    @property
    def bold(self) -> bool:
        return all(ln.bold for ln in self.lines)


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def strip_margins(pages: list[PageText]) -> list[PageText]:
    """Pages without running headers, footers, page numbers and arXiv stamps."""
    band: Counter[str] = Counter()
    for p in pages:
        seen = set()
        for ln in p.lines:
            if _in_margin(ln, p):
                key = _margin_key(ln.text)
                if key not in seen:
                    band[key] += 1
                    seen.add(key)
    repeat = max(2, int(0.3 * len(pages) + 0.5))
    sizes = sorted(ln.size for p in pages for ln in p.lines)
    body = sizes[len(sizes) // 2] if sizes else 0.0
    out = []
    for p in pages:
        kept = []
        for ln in p.lines:
            text = ln.text.strip()
            if _ARXIV_STAMP.search(text) and (ln.x1 < p.width * 0.12 or len(text) < 60):
                continue
            if ln.width < 3 * ln.size and (ln.y1 - ln.y0) > 6 * ln.size:
                continue  # rotated side text
            if len(text) <= 3 and (ln.x1 < p.width * 0.1 or ln.x0 > p.width * 0.9):
                continue  # letters of a rotated margin stamp, one per line
            if _in_margin(ln, p) and (
                _PAGE_NUMBER.match(text) or (len(pages) > 1 and band[_margin_key(text)] >= repeat)
            ):
                continue
            if len(pages) == 1 and ln.y0 > p.height * 0.91 and ln.size < body * 0.9:
                continue  # a one-page paper's running header: small print in the top margin
            kept.append(ln)
        out.append(PageText(p.number, p.width, p.height, tuple(kept)))
    return out


def _in_margin(ln: Line, p: PageText) -> bool:
    return ln.y0 > p.height * 0.91 or ln.y1 < p.height * 0.085


def blocks_in_reading_order(page: PageText) -> list[Block]:
    boxes: dict[int, list[Line]] = {}
    for ln in merge_table_rows(page).lines:
        boxes.setdefault(ln.box, []).append(ln)
    blocks: list[Block] = []
    for lines in boxes.values():
        lines.sort(key=lambda ln: (-ln.y1, ln.x0))
        blocks.extend(_split_box(page.number, lines))
    return _order(blocks, page.width)


_TABLE_BOX = 1_000_000  # box id given to reconstructed table rows


def merge_table_rows(page: PageText) -> PageText:
    """Table cells as rows: pdfminer groups a table by column ("Variant / full model / w/o
    dropout" in one box, "Acc. / 81.2 / 78.9" in another). Short lines that share a baseline are
    cells of one row; three or more such rows stacked closely make a table, whose rows replace
    the cells ("w/o dropout 78.9"). Prose lines are long and never merged."""
    short = [ln for ln in page.lines if ln.width < page.width * 0.33 and len(ln.text.strip()) <= 40]
    by_baseline: dict[int, list[Line]] = {}
    for ln in short:
        key = round(ln.y0 / 2.0)
        by_baseline.setdefault(key, []).append(ln)
    rows = sorted(
        (
            (key, sorted(cells, key=lambda c: c.x0))
            for key, cells in by_baseline.items()
            if len(cells) >= 2
        ),
        key=lambda r: -r[0],
    )
    # keep rows that are part of a run of at least three close rows
    runs: list[list[tuple[int, list[Line]]]] = []
    for key, cells in rows:
        height = max(c.y1 - c.y0 for c in cells)
        if runs and (runs[-1][-1][1][0].y0 - cells[0].y0) <= 2.6 * height:
            runs[-1].append((key, cells))
        else:
            runs.append([(key, cells)])
    merged: set[int] = set()
    new_lines: list[Line] = []
    in_rows = {id(c) for _key, cells in rows for c in cells}
    # a group's label stands in a box of its own, never in a paragraph's (prose lines are long)
    prose_boxes = {ln.box for ln in page.lines if ln.width >= page.width * 0.33}
    loose = [ln for ln in short if ln.box not in prose_boxes and _could_be_label(ln)]
    for run in runs:
        if len(run) < 3:
            continue
        groups, labels = _row_groups(run, [ln for ln in loose if id(ln) not in in_rows])
        merged.update(labels)
        for _key, cells in run:
            group = groups.get(id(cells[0]))
            text = "  ".join(c.text.strip() for c in cells)
            if group is not None:
                text = f"{group}  {text}"
            merged.update(id(c) for c in cells)
            new_lines.append(
                Line(
                    text,
                    min(c.x0 for c in cells),
                    min(c.y0 for c in cells),
                    max(c.x1 for c in cells),
                    max(c.y1 for c in cells),
                    cells[0].size,
                    False,
                    _TABLE_BOX + runs.index(run),
                )
            )
    if not new_lines:
        return page
    kept = [ln for ln in page.lines if id(ln) not in merged]
    return PageText(page.number, page.width, page.height, tuple(kept + new_lines))


def _row_groups(
    run: list[tuple[int, list[Line]]], loose: list[Line]
) -> tuple[dict[int, str], set[int]]:
    """The label of each row's group, where a table's stub column names groups of rows ("RoBERTa
    base / Adapter" set once beside the six rows of that model): lines left of every row, each on a
    baseline of its own between the rows (centred on its group, across one or more lines). Each
    row takes the label nearest it, within half the distance between two labels; a run with
    fewer than two such labels has no groups. The labels keyed by each row's first cell, and the
    label lines given to a row (read with the rows, not as text of their own)."""
    # the rows' own labels start here (a row whose first cell lies further left already has
    # its group's label on its baseline)
    left = statistics.median(cells[0].x0 for _key, cells in run)
    top = max(c.y1 for _key, cells in run for c in cells)
    bottom = min(c.y0 for _key, cells in run for c in cells)
    height = max(c.y1 - c.y0 for _key, cells in run for c in cells)
    labels = sorted(
        (
            ln
            for ln in loose
            if left - 4 * height < ln.x1 < left - 2
            and ln.y0 > bottom - height
            and ln.y1 < top + height
        ),
        key=lambda ln: -ln.y1,
    )
    joined: list[list[Line]] = []
    for ln in labels:
        prev = joined[-1][-1] if joined else None
        if (
            prev is not None
            and prev.y0 - ln.y1 < 0.6 * height
            and ln.x0 < prev.x1
            and prev.x0 < ln.x1
        ):
            joined[-1].append(ln)
        else:
            joined.append([ln])
    if len(joined) < 2:
        return {}, set()
    centres = [(sum(ln.y0 + ln.y1 for ln in g) / (2 * len(g)), g) for g in joined]
    spacing = min(a[0] - b[0] for a, b in itertools.pairwise(centres))
    out: dict[int, str] = {}
    used: set[int] = set()
    for _key, cells in run:
        if cells[0].x0 < left - 2:
            continue
        middle = (cells[0].y0 + cells[0].y1) / 2
        centre, group = min(centres, key=lambda cg: abs(cg[0] - middle))
        if abs(centre - middle) <= spacing / 2 + height:
            out[id(cells[0])] = " ".join(ln.text.strip() for ln in group)
            used.update(id(ln) for ln in group)
    return out, used


def _could_be_label(ln: Line) -> bool:
    """A few words that name something: no heading (bold), no sentence's end, no formula."""
    text = ln.text.strip()
    return (
        bool(text)
        and not ln.bold
        and len(text.split()) <= 6
        and not text.endswith((".", ":", ";", ","))
        and not re.search(r"[=←→]", text)
    )


def _split_box(page: int, lines: list[Line]) -> list[Block]:
    """pdfminer sometimes glues a heading to the paragraph below it, or two paragraphs with a
    different font; split where the font size or weight changes or the spacing opens up."""
    out: list[Block] = []
    cur: list[Line] = [lines[0]]
    for prev, ln in itertools.pairwise(lines):
        gap = prev.y0 - ln.y1
        size_change = abs(ln.size - prev.size) > 0.12 * max(ln.size, prev.size)
        weight_change = prev.bold != ln.bold and (prev.bold and len(prev.text) < 90)
        if size_change or weight_change or gap > 1.1 * max(ln.size, prev.size):
            out.append(Block(page, tuple(cur)))
            cur = []
        cur.append(ln)
    out.append(Block(page, tuple(cur)))
    return out


def _order(blocks: list[Block], width: float) -> list[Block]:
    mid = width / 2
    left, right, full = [], [], []
    for b in blocks:
        if b.x1 <= mid + width * 0.04:
            left.append(b)
        elif b.x0 >= mid - width * 0.04:
            right.append(b)
        else:
            full.append(b)
    left_lines = sum(len(b.lines) for b in left)
    right_lines = sum(len(b.lines) for b in right)
    two_columns = (
        left_lines >= 3
        and right_lines >= 3
        and left_lines + right_lines > sum(len(b.lines) for b in full)
    )
    if not two_columns:
        return sorted(blocks, key=lambda b: (-round(b.y1, 0), b.x0))
    # full-width elements cut the page into bands; each band is read left column, then right
    full.sort(key=lambda b: -b.y1)
    cuts = [b.y1 for b in full]
    ordered: list[Block] = []
    bands: list[list[Block]] = [[] for _ in range(len(full) + 1)]
    for b in left + right:
        i = sum(1 for c in cuts if b.y1 < c - 1)
        bands[i].append(b)
    for i, band in enumerate(bands):
        if i > 0:
            ordered.append(full[i - 1])
        band_left = sorted((b for b in band if b in left), key=lambda b: -b.y1)
        band_right = sorted((b for b in band if b in right), key=lambda b: -b.y1)
        ordered.extend(band_left + band_right)
    return ordered


def join_lines(lines: list[str], hyphenated: set[str], words: set[str]) -> str:
    """Lines of one block as one paragraph; a word broken across lines ("regu-" + "larization")
    is joined, unless the paper elsewhere writes it with the hyphen ("batch-norm")."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if not out:
            out = ln
            continue
        m = re.search(r"([A-Za-z]+)-$", out)
        n = re.match(r"([a-z]+)", ln)
        if m and n:
            a, b = m.group(1), n.group(1)
            joined, hyph = (a + b).lower(), f"{a}-{b}".lower()
            # keep the hyphen of a compound: written so elsewhere ("batch-norm"), or made of two
            # words the paper uses on their own while never writing them joined ("fully-convolutional")
            compound = hyph in hyphenated or (
                len(a) >= 3 and len(b) >= 3 and a.lower() in words and b.lower() in words
            )
            out = out + ln if compound and joined not in words else out[:-1] + ln
        else:
            out = out + " " + ln
    return out
