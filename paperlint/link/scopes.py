"""The right comparison: which variant, stage or dataset a value the paper states is for, and
whether that is what a code choice runs.

A paper states values for many runs at once: a column per dataset or model variant in an
appendix table, "for Aster-Large", "during pre-training", a section about the Birch-2
experiments. The code's choice carries words that say which run it belongs to: the file it is
in (``configs/coast_scenes-f8.yaml``, ``aster_base_task1.sh``), the runs that use it
(``Choice.runs``, where the code stage gives them), the code's dataset settings. A value is
compared with the choice when its scope matches those words or says nothing, and set aside when
it names another variant while the choice names one of the paper's variants. A table row stands
for each of its columns: the code agrees when it has its own column's value, and it is only a
mismatch when it has none of the row's.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from paperlint.link import tables
from paperlint.model import Choice
from paperlint.paper.document import opens_caption
from paperlint.paper.numbers import Number

if TYPE_CHECKING:
    from paperlint.link.paper_view import PaperView

MATCH, CONFLICT, UNKNOWN = "match", "conflict", "unknown"

#: a name as papers write variants and datasets: a capital inside or a digit ("AsterNet", "Birch-2",
#: "Coast-Scenes", "ResNet-50", "SVHN"), or a word set in capitals of three letters or more
_NAME = re.compile(
    r"(?<![\w-])(?:[A-Za-z]*[a-z][A-Za-z]*[A-Z][\w.+-]*"  # AsterNet, Coast-HQ, ResNet-50
    r"|[A-Z][\w.+]*-[\w.+-]+|[A-Za-z]+-\d[\w.+-]*"  # Coast-Scenes, Birch-2, birch-3
    r"|[A-Z][A-Z0-9]{2,}[\w+-]*"  # SVHN, GLUE, VGG
    r"|[A-Z][a-z]+\d[\w.+-]*)(?![\w-])"  # Forest2018
)
_CELL_SPLIT = re.compile(r"\s{2,}")
#: "for Aster-Base", "on Birch-3": what a value or a sentence is for
_QUALIFIER = re.compile(
    r"\b(?:for|on)\s+(?:the\s+|a\s+|our\s+|all\s+)?((?:[\w.+-]+\s+){0,2}[\w.+-]+)"
)
_TOKEN = re.compile(r"[a-z]+|\d+")
#: where one clause of a sentence that states several values ends: each value's "for X" is in
#: its own clause ("256 for Aster-Tiny and 768 for the rest")
_CLAUSE_BREAK = re.compile(r"[;,]|\b(?:and|while|whereas|but)\b")


@functools.lru_cache(maxsize=1 << 16)
def words_of(text: str) -> frozenset[str]:
    """The comparable words of a name or a path: its letter runs of two or more (lower case),
    and the letters and digits of each part joined ("Birch-2" → birch, birch2; "aster_base" →
    aster, base, asterbase). Cached: the linker asks it of the same paths and run names for
    every value of every choice (a whole repository's runs, thousands of times each)."""
    text = text.lower()
    out: set[str] = set()
    parts = [p for p in re.split(r"[^a-z0-9]+", text) if p]
    for p in parts:
        out.update(t for t in _TOKEN.findall(p) if len(t) >= 2 and not t.isdigit())
    for a, b in itertools.pairwise(parts):
        out.add(a + b)
    out.update(p for p in parts if len(p) >= 3 and not p.isdigit())
    return frozenset(out)


def choice_words(choice: Choice) -> frozenset[str]:
    """The words that say which run a choice belongs to: its file's path and the runs that use
    it (not its setting's own name: `BASE_LR` names no variant)."""
    return _place_words(choice.file, tuple(str(r) for r in getattr(choice, "runs", ()) or ()))


@functools.lru_cache(maxsize=1 << 14)
def _place_words(file: str, runs: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set(words_of(file))
    for run in runs:
        out |= words_of(run)
    return frozenset(out)


class ScopeReader:
    """What one paper scopes its values to, worked out once per paper."""

    def __init__(self, view: PaperView) -> None:
        self.view = view
        self.index = view.index
        self._names: frozenset[str] | None = None
        self._headers: dict[int, list[str] | None] = {}
        self._section_scope: dict[int, frozenset[str]] = {}

    # ── the paper's names ──
    def names(self) -> frozenset[str]:
        """The words of the names the paper gives its runs: the variants, models and datasets
        its section titles, table headers and table captions name, and the datasets it names;
        the only words a scope is compared by. The paper's own method (its title) is what every
        run is, so it scopes nothing."""
        if self._names is None:
            doc = self.index.document
            found: set[str] = set()
            # names as the body writes them, in mixed case or with a digit ("AsterNet", "Birch-2"):
            # a title set in capitals names a variant only with one of these
            written: set[str] = set()
            for s in doc.sentences:
                if s.role in ("body", "caption", "table", "footnote"):
                    for m in _NAME.finditer(s.text):
                        if not m.group().isupper() or re.search(r"\d", m.group()):
                            written |= words_of(m.group())
            texts = [sec.title for sec in doc.sections]
            for s in doc.sentences:
                if s.role == "caption" and re.match(r"(?i)tab(?:le|\.)", s.text):
                    texts.append(s.text)
                elif s.role == "table":
                    texts.append(s.text if not _value_cells(s.text) else "")
            for text in texts:
                capitals = sum(c.isupper() for c in text) > 0.6 * sum(c.isalpha() for c in text)
                for m in _NAME.finditer(text):
                    words = words_of(m.group())
                    found |= {w for w in words if w in written} if capitals else words
            found |= {w for n in self.view.values.named_datasets() for w in words_of(n)}
            common = {c.lower() for c in tables.word_list("not_cited_names")}
            common |= {w for n in tables.word_list("not_run_names") for w in words_of(n)}
            own = self.own_names()
            self._names = frozenset(
                w
                for w in found
                if w not in common and not any(w.startswith(o) for o in own if len(o) >= 3)
            )
        return self._names

    def own_names(self) -> frozenset[str]:
        """The words of the names in the paper's title: its own method ("LoRA", "U-Net")."""
        return frozenset(w for m in _NAME.finditer(self._title()) for w in words_of(m.group()))

    def _title(self) -> str:
        """The paper's title: the document's, else its first heading when that comes before the
        introduction (a title set as a heading)."""
        doc = self.index.document
        if doc.title:
            return doc.title
        first = doc.sections[0] if doc.sections else None
        if (
            first is not None
            and first.number == ""
            and not re.match(r"(?i)abstract|introduction", first.title)
        ):
            return first.title
        return ""

    # ── a value's scope ──
    def scope_of(self, i: int, n: Number) -> tuple[frozenset[str], bool]:
        """The words that scope number ``n`` of sentence ``i`` (a table column's header, the
        sentence's "for X" qualifiers, the section's title), and whether the number is one cell
        of a row of several columns."""
        names = self.names()
        words: set[str] = set()
        column = False
        header = self.column_header(i, n)
        if header is not None:
            column = True
            words |= words_of(header)
        text = self.view.text(i)
        for m in _QUALIFIER.finditer(text[max(0, n.start - 80) : n.end + 60]):
            words |= {w for w in words_of(m.group(1)) if w in names}
        words |= self.caption_scope(i) or self.section_scope(i)
        return frozenset(w for w in words if w in names or column), column

    def caption_scope(self, i: int) -> frozenset[str]:
        """For a table row, the names its table's caption gives ("Table 9: hyperparameters for
        Aster-Base"): a table floats to where the layout puts it, often into the next section,
        so its caption, not the section it lands in, says what it is for."""
        caption = self.caption_of(i)
        if caption is None:
            return frozenset()
        return frozenset(w for w in words_of(self.view.text(caption)) if w in self.names())

    def section_scope(self, i: int) -> frozenset[str]:
        """The names a sentence's section (or a parent's) is titled by ("D.2 ASTER", "5.4 BIRCH-2
        MEDIUM/LARGE"): the section reports that variant."""
        s = self.index.sentence(i)
        if s.section not in self._section_scope:
            doc = self.index.document
            names = self.names()
            title = doc.sections[s.section].title if 0 <= s.section < len(doc.sections) else ""
            self._section_scope[s.section] = frozenset(w for w in words_of(title) if w in names)
        return self._section_scope[s.section]

    # ── tables ──
    def column_header(self, i: int, n: Number) -> str | None:
        """For a number in a table row of several values, the header of its column: the last
        names of the nearest row above (or the lines just before the table) with as many."""
        s = self.index.sentence(i)
        if s.role != "table":
            return None
        cells = _value_cells(s.text)
        k = len(cells)
        if k < 2:
            return None
        column = next((c for c, (a, b) in enumerate(cells) if a <= n.start < b), None)
        if column is None:
            return None
        headers = self._header_of(i, k)
        return headers[column] if headers else None

    def _header_of(self, i: int, k: int) -> list[str] | None:
        """The header of a row of ``k`` values: the topmost row of its table with ``k`` distinct
        names and no values ("Net-1  Net-2 ...", "Method  Dataset  Task-A Task-B ..."), else the
        lines just before the table, when they hold exactly ``k`` names."""
        key = i * 1000 + k
        if key in self._headers:
            return self._headers[key]
        doc = self.index.document
        start = i
        while start > 0 and doc.sentences[start - 1].role == "table" and i - start < 60:
            start -= 1
        found = None
        for j in range(start, i):
            text = doc.sentences[j].text
            names = _header_names(text)[-k:]
            if len(names) == k and len(set(names)) == k and not _value_cells(text):
                found = names
                break
        if found is None:
            # the header set apart from the rows (a layout that reads it as lines of text)
            lines: list[str] = []
            for back in range(start - 1, max(-1, start - 4), -1):
                if back < 0 or doc.sentences[back].role in ("heading", "caption", "table"):
                    break
                lines.insert(0, doc.sentences[back].text)
                names = _header_names(" ".join(lines))
                if len(names) == k and len(set(names)) == k:
                    found = names
                    break
        self._headers[key] = found
        return found

    # ── the comparison ──
    def verdict(self, choice: Choice, i: int, n: Number) -> tuple[str, bool]:
        """How number ``n`` of sentence ``i`` compares with the choice (MATCH, CONFLICT,
        UNKNOWN), and whether it is one cell of a row of several columns. A section, a caption
        or a qualifier for another variant decides first; then the column the choice's run is
        in, where one is."""
        scope, column = self.scope_of(i, n)
        around = self.sentence_scope(i)
        if self.compare(choice, around) == CONFLICT:
            return CONFLICT, column
        group = self.row_group_verdict(choice, i)
        if group == CONFLICT:
            return CONFLICT, column
        if column:
            cells = _value_cells(self.index.sentence(i).text)
            at = next((c for c, (a, b) in enumerate(cells) if a <= n.start < b), None)
            best = self.best_columns(choice, i)
            if best:
                return (MATCH if at in best else CONFLICT), True
            return group, True
        if group == MATCH:
            return MATCH, False
        return self.compare(choice, scope), False

    def row_group_verdict(self, choice: Choice, i: int) -> str:
        """For a table row under a group label ("BERT base Adapter  Adapter α  8", a label the
        stub column sets once beside several rows), how its group compares with the choice's
        run among the table's rows of the same label: MATCH when its group names the run best,
        CONFLICT when another group of that label names it better, else UNKNOWN."""
        found = self._row_groups(i)
        if found is None:
            return UNKNOWN
        mine, groups = found
        words = choice_words(choice)
        scores = {g: _match_score(words_of(g), g, words) for g in groups}
        best = max(scores.values())
        if best == 0:
            return UNKNOWN
        winners = [g for g, sc in scores.items() if sc == best]
        if mine[0] in winners:
            return MATCH if len(winners) == 1 else UNKNOWN
        return CONFLICT

    def _row_groups(self, i: int) -> tuple[tuple[str, str], frozenset[str]] | None:
        """The row's (group, label) stub and the groups the table's rows of the same label
        set, when there are two or more (None otherwise): the same for every choice, read once
        a row."""
        cache = self.__dict__.setdefault("_row_groups_cache", {})
        if i in cache:
            return cache[i]
        sentences = self.index.document.sentences
        out = None
        mine = _row_stub(sentences[i].text) if sentences[i].role == "table" else None
        if mine is not None:
            start, end = i, i
            while start > 0 and sentences[start - 1].role == "table" and i - start < 80:
                start -= 1
            while end + 1 < len(sentences) and sentences[end + 1].role == "table" and end - i < 80:
                end += 1
            groups = {mine[0]}
            for j in range(start, end + 1):
                other = _row_stub(sentences[j].text)
                if other is not None and other[1] == mine[1]:
                    groups.add(other[0])
            if len(groups) >= 2:
                out = (mine, frozenset(groups))
        cache[i] = out
        return out

    def sentence_scope(self, i: int) -> frozenset[str]:
        """The names that scope a whole sentence: its section's title and, for a table row or a
        caption, the table's caption ("Table 10: hyperparameters for Aster-XL")."""
        return self.caption_scope(i) or self.section_scope(i)

    def caption_of(self, i: int) -> int | None:
        """The caption of the table a row belongs to: the caption right after the rows (or
        before them), within a few lines."""
        sentences = self.index.document.sentences
        if sentences[i].role != "table":
            return None

        def in_table(k: int) -> bool:
            # a row, or a stray cell read apart from its row (a row-group label, the stub's
            # header "Ablation on"): a few words that end no sentence
            s = sentences[k]
            return s.role == "table" or (
                s.role == "body"
                and len(s.text.split()) <= 5
                and not s.text.rstrip().endswith((".", "?", "!", ":"))
            )

        j = i
        while j + 1 < len(sentences) and in_table(j + 1):
            j += 1
        for k in range(j + 1, min(len(sentences), j + 8)):
            if sentences[k].role == "caption":
                return k
            if sentences[k].role == "heading":
                break
        k = i
        while k > 0 and sentences[k - 1].role == "table":
            k -= 1
        if k > 0 and sentences[k - 1].role == "caption":
            return k - 1
        return None

    def caption_text(self, i: int) -> str:
        """The whole caption of the table row ``i`` is in: a PDF's caption is read as several
        sentences ("Table 13." then "Hyperparameters for the models trained on ..."), from the
        one that opens it to the one before the next that opens another caption."""
        c = self.caption_of(i)
        if c is None:
            return ""
        sentences = self.index.document.sentences
        first = c
        while (
            first > 0
            and c - first < 6
            and not opens_caption(sentences[first].text)
            and sentences[first - 1].role == "caption"
        ):
            first -= 1
        last = c
        while (
            last + 1 < len(sentences)
            and last - first < 6
            and sentences[last + 1].role == "caption"
            and not opens_caption(sentences[last + 1].text)
        ):
            last += 1
        return " ".join(sentences[k].text for k in range(first, last + 1))

    def table_rows(self, i: int) -> range:
        """The sentences of the table row ``i`` is in: the rows read around it."""
        sentences = self.index.document.sentences
        start, end = i, i
        while start > 0 and sentences[start - 1].role == "table" and i - start < 80:
            start -= 1
        while end + 1 < len(sentences) and sentences[end + 1].role == "table" and end - i < 80:
            end += 1
        return range(start, end + 1)

    def table_text(self, i: int) -> str:
        """The rows of the table row ``i`` is in, joined."""
        return "  ".join(self.index.sentence(k).text for k in self.table_rows(i))

    def column_label(self, i: int, n: Number, labels: frozenset[str]) -> str | None:
        """For a number in a table row of several values, what a row above it labelled by one of
        ``labels`` (lower case: "dataset") writes in its column ("Dataset  COCO  LAION"): a
        table with a column per experiment names each one's data in such a row."""
        s = self.index.sentence(i)
        if s.role != "table":
            return None
        cells = _value_cells(s.text)
        column = next((c for c, (a, b) in enumerate(cells) if a <= n.start < b), None)
        if len(cells) < 2 or column is None:
            return None
        for j in self.table_rows(i):
            if j >= i:
                break
            parts = [p.strip() for p in _CELL_SPLIT.split(self.index.sentence(j).text) if p.strip()]
            if len(parts) == len(cells) + 1 and parts[0].lower().rstrip(":") in labels:
                return parts[1 + column]
        return None

    def sentence_verdict(self, choice: Choice, i: int) -> str:
        """How a whole sentence compares with the choice: its section, its table's caption and
        its "for X" qualifiers against the choice's run."""
        words = set(self.sentence_scope(i))
        text = self.view.text(i)
        for m in _QUALIFIER.finditer(text):
            words |= {w for w in words_of(m.group(1)) if w in self.names()}
        return self.compare(choice, words)

    def value_clause_verdict(self, choice: Choice, i: int, n: Number) -> str:
        """How the clause that states number ``n`` of sentence ``i`` compares with the choice,
        by that clause's own "for X" qualifiers: a sentence that gives each variant its value
        ("C = 256 for Aster-Tiny and C = 768 for the rest") scopes each value by its clause,
        not by every variant the sentence names. The section's or caption's scope decides first."""
        around = self.sentence_scope(i)
        if self.compare(choice, around) == CONFLICT:
            return CONFLICT
        text = self.view.text(i)
        bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text) + 1]
        start = max(b for b in bounds if b <= n.start)
        end = min(b for b in bounds if b > n.start)
        words = {
            w
            for m in _QUALIFIER.finditer(text[start:end])
            for w in words_of(m.group(1))
            if w in self.names()
        }
        return self.compare(choice, words | around)

    def compare(self, choice: Choice, scope: Iterable[str]) -> str:
        """MATCH when the value's scope names what the choice runs; CONFLICT when it names
        another of the paper's variants while the choice names one of them; else UNKNOWN."""
        scope = frozenset(scope)
        if not scope:
            return UNKNOWN
        mine = choice_words(choice) & self.names()
        if scope & mine:
            return MATCH
        return CONFLICT if mine else UNKNOWN

    def best_columns(self, choice: Choice, i: int) -> set[int]:
        """The columns of table row ``i`` whose header names the choice's run best, when one
        does better than the others."""
        s = self.index.sentence(i)
        cells = _value_cells(s.text)
        headers = self._header_of(i, len(cells)) if len(cells) >= 2 else None
        if not headers:
            return set()
        mine = choice_words(choice)
        scores = [_match_score(words_of(h), h, mine) for h in headers]
        best = max(scores)
        winners = {c for c, sc in enumerate(scores) if sc == best}
        return winners if best > 0 and len(winners) == 1 else set()


def _match_score(words: frozenset[str], header: str, mine: frozenset[str]) -> int:
    joined = re.sub(r"[^a-z0-9]", "", header.lower())
    return len(words & mine) + (2 if joined in mine else 0)


def row_numbers(sentence, numbers: Iterable[Number], n: Number) -> list[Number]:
    """The numbers of the table row ``n`` is in that stand in its value cells, one per cell, from
    ``n`` on; just ``n`` outside a table or in a row of one value."""
    if sentence.role != "table":
        return [n]
    cells = _value_cells(sentence.text)
    if len(cells) < 2 or not any(a <= n.start < b for a, b in cells):
        return [n]
    firsts = []
    for a, b in cells:
        inside = [m for m in numbers if a <= m.start < b]
        if inside and inside[0].start >= n.start:
            firsts.append(inside[0])
    return firsts or [n]


def reports_results(sentence, n: Number) -> bool:
    """A table row whose label sets a value (``r = 16``, ``depth 12``) and whose cells after it
    hold two or more numbers: a row of results for that value, one alternative of a sweep, not
    the value the paper's method uses. So is a row whose setting comes after two or more
    numbers (a method's scores, then "250 steps, s = 1.5": how that result was sampled)."""
    if sentence.role != "table":
        return False
    cells = _value_cells(sentence.text)
    return (
        sum(1 for a, _b in cells if a >= n.end) >= 2
        or sum(1 for _a, b in cells if b <= n.start) >= 2
    )


@functools.lru_cache(maxsize=1 << 14)
def _row_stub(text: str) -> tuple[str, str] | None:
    """(group, label) of a table row whose stub has two cells before its value ("BERT base
    Adapter  Adapter α  8"): the group label the layout set before the row's own; None for a row
    with a single stub cell."""
    parts = [p.strip() for p in _CELL_SPLIT.split(text.strip()) if p.strip()]
    stub: list[str] = []
    for p in parts:
        if re.match(r"^[-+]?[\d.]", p):
            break
        stub.append(p)
    if len(stub) < 2 or (len(stub) == len(parts) and len(stub) < 3):
        return None
    return stub[0], stub[1]


@functools.cache
def _value_cells(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each value cell of a table row: the cells after its label, split at
    runs of spaces; a row with a label only has none."""
    spans = []
    pos = 0
    for part in _CELL_SPLIT.split(text):
        start = text.index(part, pos)
        spans.append((start, start + len(part), part))
        pos = start + len(part)
    values = [(a, b) for a, b, part in spans if re.match(r"^[-+]?[\d.]", part.strip())]
    return tuple(values)


def _header_names(text: str) -> list[str]:
    """The names in a line that may head a table's columns ("Net-1  Net-2", "TaskA TaskB TaskC"):
    words with a letter, not numbers."""
    return re.findall(r"(?<![\w.])[A-Za-z][\w.+-]*", text)
