"""Values a paper states for a concept, and whether one is the code's: the notation normalized
(:mod:`paperlint.paper.numbers`), the value patterns of the vocabulary ("a batch size of {V}"),
the symbols a paper defines ("η = 0.1"), and the comparison that applies (a value stated "for
the Forest dataset" only against code that runs on Forest)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from paperlint import vocab
from paperlint.link import tables
from paperlint.link.naming import concepts_for, inflections
from paperlint.link.scopes import CONFLICT, ScopeReader, choice_words, reports_results, words_of
from paperlint.model import Choice
from paperlint.paper.index import (
    SentenceFacts,
    cues,
    phrase_alternation,
    search_terms,
    terms_for_name,
)
from paperlint.paper.numbers import NUMBER_PATTERN, NUMBER_RX, Number, same_value

if TYPE_CHECKING:
    from paperlint.link.paper_view import Hit, PaperView


@functools.cache
def value_patterns(concept: str) -> tuple[re.Pattern[str], ...]:
    """The concept's value patterns compiled, ``{V}`` (and ``{V2}``) as numbers in any notation."""
    c = vocab.concept(concept)
    if c is None:
        return ()
    num = NUMBER_PATTERN.replace("?P<", "?P<x")
    out = []
    for p in c.value_patterns:
        pat = p.replace("{V}", f"(?P<v>{_renamed(num, 'a')})").replace(
            "{V2}", f"(?P<v2>{_renamed(num, 'b')})"
        )
        out.append(re.compile(pat, re.I))
    return tuple(out)


@functools.cache
def leading_value(concept: str) -> tuple[bool, ...]:
    """For each of the concept's value patterns: does it start with the value ("{V} epochs")?"""
    c = vocab.concept(concept)
    return tuple(p.startswith("{V}") for p in c.value_patterns) if c is not None else ()


#: a list's dash between a setting and its value: "Learning rate - 0.001", "Epochs – 100"
_LIST_DASH = re.compile(r"(?<=[A-Za-z)]) [-–—] (?=\d)")


def _dash_as_colon(text: str) -> str:
    """``text`` with a list's spaced dash before a number read as the colon it stands for
    ("Learning rate - 0.001" states the rate as "Learning rate: 0.001" does); the same length,
    so offsets into the sentence hold."""
    return _LIST_DASH.sub(":  ", text)


def _renamed(pattern: str, tag: str) -> str:
    return re.sub(r"\?P<x(\w+)>", lambda m: f"?P<{tag}{m.group(1)}>", pattern)


@functools.cache
def phrase_rx(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w-])", re.I)


def number_at(f: SentenceFacts, start: int, end: int) -> Number | None:
    """The number of the sentence that starts in (or covers) ``start:end``."""
    for n in f.numbers:
        if n.start <= start < n.end or start <= n.start < end:
            return n
    return None


def fits_kind(choice: Choice, n: Number) -> bool:
    """ "3×3" states a kernel (or resolution), never a width or a rate."""
    return choice.kind == "kernel_size" if n.dims else True


def compared_value(choice: Choice, n: Number) -> float:
    """The quantity of ``n`` that :func:`agrees` compares with the code's value: the output
    channels of a filter shape ("1 × 1 × 64 × 128" states 128 channels, not 1), otherwise the
    number itself."""
    if choice.kind == "channels" and len(n.dims) == 4 and n.dims[0] == n.dims[1]:
        return float(n.dims[3])
    return n.value


def agrees(choice: Choice, n: Number, code: Iterable[float]) -> bool:
    """The number the paper writes is the code's value, in the notation the paper uses for it
    (a keep probability for a dropout, a percentage, a share of a split written as a whole
    percentage, "divided by 10" for a decay factor of 0.1, a filter shape "3 × 3 × 3 × 32" for
    32 channels)."""
    code = tuple(code)
    if n.dims:
        if choice.kind == "channels" and len(n.dims) == 4 and n.dims[0] == n.dims[1]:
            # a filter's shape, "3 × 3 × 3 × 32": k × k × input channels × output channels
            return any(same_value(float(n.dims[3]), c) for c in code)
        if choice.kind in ("channels", "depth", "heads") and len(set(n.dims[:2])) == 1:
            return False  # "3 × 3" is a spatial size (a kernel, an image), not 3 channels
        return any(same_value(float(n.dims[0]), c) for c in code)
    per_device = is_per_device(choice)
    own = vocab.concept(choice.concept)
    for c in code:
        if same_value(n.value, c):
            return True
        if own is not None and own.shares and not n.percent and same_value(n.value / 100, c):
            return True  # "an 80-20 split": the 20 is a percentage written without its sign
        if per_device and c >= 1 and device_multiple(n.value / c, choice.devices):
            return True  # a total over the devices: the per-device batch times the device count
        if (
            choice.kind == "dropout"
            and "keep" in (choice.param or "")
            and same_value(n.value, 1 - c)
        ):
            return True
        if n.percent and same_value(n.value * 100, c):
            return True
        if (
            choice.param in ("gamma", "factor", "decay_rate")
            and n.value
            and same_value(1 / n.value, c)
        ):
            return True  # "divided by 10" is a decay factor of 0.1
        if (
            choice.concept == "validation_split"
            and n.value >= 2
            and c < 1
            and same_value(1 / n.value, c)
        ):
            return True  # "5 folds" hold out a fifth of the data: a split of 0.2
    return False


def is_per_device(choice: Choice) -> bool:
    """A batch size of one device: named so (``samples_per_gpu``) or read in a program that
    trains data-parallel (:attr:`Choice.per_device`)."""
    return choice.kind == "batch_size" and bool(
        choice.per_device
        or tables.pattern("values.per_device").search(choice.param or choice.setting or "")
    )


def device_multiple(ratio: float, devices: int = 0) -> bool:
    """A device count: the run's own (``devices``, its launcher's nodes × GPUs) where the code
    says it, else a whole power of two, 2 to 1024."""
    if devices > 1:
        return same_value(ratio, float(devices))
    return any(same_value(ratio, float(2**k)) for k in range(1, 11))


#: a range as prose writes it: "30% to 70%", "from 0.2 to 0.7", "between 2 and 8", "0.2-0.7"
_RANGE = re.compile(
    r"(?:\bfrom\s+|\bbetween\s+)?(?P<a>\d+(?:\.\d+)?)\s*%?\s*(?:to|and|-|–)\s*(?P<b>\d+(?:\.\d+)?)\s*%?"
)
#: the denominator of a fraction a number starts ("3/4")
_FRACTION = re.compile(r"\s*/\s*([1-9]\d*(?:\.\d+)?)(?!\d|\.\d)")


# ── datasets ─────────────────────────────────────────────────────────────────────────────────


@functools.cache
def _dataset_regexes() -> dict[str, list[re.Pattern[str]]]:
    data = cues()["dataset_scope"]
    return {k: [re.compile(p, re.I) for p in data[k]] for k in ("named", "scopes", "bare_scopes")}


def dataset_key(name: str) -> str:
    """A dataset name as compared: lower case, letters and digits only, without a path or a
    leading article (`'data/Forest-1M'` → ``forest1m``, "The Coast" → ``coast``)."""
    name = name.strip().strip("'\"").replace("\\", "/").rsplit("/", 1)[-1]
    words = name.split()
    not_names = tables.word_list("not_dataset_names")
    while words and words[0].lower() in not_names:
        words = words[1:]
    return re.sub(r"[^0-9a-z]", "", " ".join(words).lower())


def same_dataset(a: str, b: str) -> bool:
    """One name is the other, or starts it ("forest" and "forest1m"), but a number is
    never the start of another ("cifar10" is not "cifar100")."""
    short, long = sorted((a, b), key=len)
    if len(short) < 3 or not long.startswith(short):
        return a == b
    rest = long[len(short) :]
    return not (rest and short[-1].isdigit() and rest[0].isdigit())


#: a dataset's name as only a name is written: a capital after its first letter, or a digit
_NAME_FORM = re.compile(r"^\S+?[A-Z0-9]|\d")


def _names_dataset(word: str, name: str) -> bool:
    """A word of a path names the dataset: the same name, or one of them the other with a
    version after it ("imagenet" and "imagenet1k", "cifar10" and "cifar"), never a word the name
    merely starts with ("image" is no "imagenet")."""
    if not same_dataset(word, name):
        return False
    short, long = sorted((word, name), key=len)
    return short == long or long[len(short)].isdigit()


def code_datasets(context: Iterable[Choice]) -> dict[str, set[str]]:
    """file → the datasets its settings name."""
    out: dict[str, set[str]] = {}
    for c in context:
        if c.concept == "dataset_name":
            key = dataset_key(c.value)
            if key:
                out.setdefault(c.file, set()).add(key)
    return out


# ── reading a paper's values ─────────────────────────────────────────────────────────────────


class ValueReader:
    """The values one paper states, found once per concept and kept (a linker assesses many
    choices of one concept)."""

    def __init__(self, view: PaperView, context: Iterable[Choice] = ()) -> None:
        self.view = view
        self.index = view.index
        self._pattern_cache: dict[str, list[tuple[int, Number]]] = {}
        self._numbered: list[tuple[SentenceFacts, str]] | None = None
        self._number_starts: dict[int, list[int]] = {}
        self._datasets = code_datasets(context)
        self.scopes = ScopeReader(view)
        self._dataset_scopes: dict[tuple[int, str], list[tuple[int, str]]] = {}
        self._paper_datasets: dict[str, set[str]] | None = None
        self._proper: frozenset[str] | None = None

    def pattern_values(self, concept: str) -> list[tuple[int, Number]]:
        """(sentence, number) for every value the paper states for ``concept``."""
        cached = self._pattern_cache.get(concept)
        if cached is not None:
            return cached
        found: list[tuple[int, Number]] = []
        seen: set[tuple[int, Number]] = set()
        if self._numbered is None:  # the sentences a stated value can be in
            self._numbered = [
                (f, _dash_as_colon(self.index.sentence(f.index).text))
                for f in self.index.facts
                if f.eligible and f.numbers
            ]
        for pat, leading in zip(value_patterns(concept), leading_value(concept), strict=True):
            for f, text in self._numbered:
                for m in self.matches(pat, leading, f.index, text):
                    num = number_at(f, m.start("v"), m.end("v"))
                    if num is not None and (f.index, num) not in seen:
                        seen.add((f.index, num))
                        found.append((f.index, num))
        # "η = 0.1" where the paper defined η as this concept's symbol
        for sym, owner in self.index.symbols.items():
            if owner != concept:
                continue
            rx = re.compile(rf"(?<![\w]){re.escape(sym)}\s*=\s*")
            for f in self.index.facts:
                if not f.eligible or not f.numbers:
                    continue
                text = self.index.sentence(f.index).text
                for m in rx.finditer(text):
                    num = number_at(f, m.end(), m.end() + 1)
                    if num is not None and (f.index, num) not in seen:
                        seen.add((f.index, num))
                        found.append((f.index, num))
        found.sort(key=lambda p: (p[0], p[1].start))
        self._pattern_cache[concept] = found
        return found

    def matches(
        self, pat: re.Pattern[str], leading: bool, i: int, text: str
    ) -> Iterable[re.Match[str]]:
        """``pat.finditer(text)``; for a pattern that starts with its value ("{V} epochs"),
        tried only where a number starts (most of the cost of a scan is trying the number
        pattern at every character), skipping starts inside an earlier match as finditer does."""
        if not leading:
            yield from pat.finditer(text)
            return
        starts = self._number_starts.get(i)
        if starts is None:
            starts = self._number_starts[i] = [m.start() for m in NUMBER_RX.finditer(text)]
        end = 0
        for start in starts:
            if start < end:
                continue
            m = pat.match(text, start)
            if m is not None:
                end = max(m.end(), start + 1)
                yield m

    def states_other_value(self, choice: Choice, i: int, code: tuple[float, ...]) -> bool:
        """Sentence ``i`` states a value of the choice's concept that is not the code's."""
        for concept in concepts_for(choice):
            for j, n in self.pattern_values(concept):
                if j == i and fits_kind(choice, n) and not agrees(choice, n, code):
                    return True
        return False

    def stated_values(self, choice: Choice, everywhere: bool = False) -> list[tuple[int, Number]]:
        """Values the paper states for the choice's concept, for the run the choice belongs to:
        a value scoped to another variant, stage or dataset (a table's column for another model,
        a section about another experiment) is set aside; a table row stands for each of its
        columns, so that agreeing with the code's own column is agreeing; main text before
        appendix (``everywhere``: the appendix's too, for the agreement a paper that states
        a main setup and a further one in its appendix may hold)."""
        spec = tables.kind(choice.kind)
        own = vocab.concept(choice.concept)
        for concept in concepts_for(choice):
            if concept == spec.concept != choice.concept and own is not None and own.value_patterns:
                # a concept stated in its own words ("160K iterations", "a patience of 10") is
                # another quantity than its kind's ("300 epochs"): that one's values are not its
                continue
            stated = [
                (i, n)
                for i, n in self.pattern_values(concept)
                if self.view.facts(i).section_kind != "related"
                and fits_kind(choice, n)
                and spec.plausible(n.value)
            ]
            stated = [(i, n) for i, n in stated if self.anchored(choice, concept, i, n)]
            stated = self._whole_rows(stated)
            stated = [(i, n) for i, n in stated if self.for_the_run(choice, i, n)]
            if stated:
                main = [(i, n) for i, n in stated if self.view.facts(i).section_kind != "appendix"]
                return stated if everywhere else main or stated
        return []

    def _whole_rows(self, stated: list[tuple[int, Number]]) -> list[tuple[int, Number]]:
        """A value stated in a table row of several columns ("Learning Rate  9.6e-5  8.4e-5
        5.e-5") stands for every cell of the row: each is the value for its column."""
        from paperlint.link.scopes import row_numbers

        out: list[tuple[int, Number]] = []
        seen: set[tuple[int, int]] = set()
        for i, n in stated:
            cells = row_numbers(self.index.sentence(i), self.view.facts(i).numbers, n)
            for m in cells:
                if (i, m.start) not in seen:
                    seen.add((i, m.start))
                    out.append((i, m))
        return out

    def anchored(self, choice: Choice, concept: str, i: int, n: Number) -> bool:
        """For an anchored concept: the value is written within a few words after the setting's
        distinctive name words. Other concepts' values need no anchor."""
        spec = vocab.concept(concept)
        if spec is None or not spec.anchored:
            return True
        weak = tables.word_list("weak_name_words")
        words = [w for w in terms_for_name(choice.param) if w not in weak]
        if not words:
            return True  # `max_len`: nothing tells it from its siblings
        before = self.index.sentence(i).text[max(0, n.start - 50) : n.start]
        forms = {form for w in words for form in inflections(w)}
        return phrase_rx(tuple(sorted(forms))).search(before) is not None

    def symbol_stated(self, choice: Choice, symbol: str) -> list[tuple[int, Number]]:
        """Values the paper writes for the setting's symbol ("τ = 3.0", "we set r to 4"), in its
        own method's sections (related work states other works' values)."""
        if not symbol:
            return []
        # "τ = 3.0", or "we set r to 4"
        sym = re.escape(symbol)
        rx = re.compile(rf"(?<![\w]){sym}\s*=\s*|\bset\s+{sym}\s+to\s+")
        # a table row whose label ends with the symbol ("LoRA α  8"): the next cell is its value
        row = re.compile(rf"(?<![\w]){sym}\s{{2,}}")
        # the symbol with a subscript the text extraction flattened, for each part it is set
        # for ("rq = rv = 8", "r_q = 8"): its value, when every part gets the same one
        parted = re.compile(rf"(?<![\w])(?:{sym}_?[a-z0-9]\s*=\s*)+")
        out: list[tuple[int, Number]] = []
        for f in self.index.facts:
            if not f.eligible or not f.numbers or f.section_kind in ("related", "baselines"):
                continue
            text = self.index.sentence(f.index).text
            found = [(m, False) for m in rx.finditer(text)]
            if not found and self.index.sentence(f.index).role == "table":
                found = [(m, False) for m in row.finditer(text)]
            if not found:
                found = [(m, True) for m in parted.finditer(text)]
            here: list[tuple[Number, bool]] = []
            sentence = self.index.sentence(f.index)
            for m, by_part in found:
                n = number_at(f, m.end(), m.end() + 1)
                if n is None or n.start != m.end() or reports_results(sentence, n):
                    continue
                fraction = _FRACTION.match(text, n.end)
                if fraction:  # "α = 3/4"
                    whole = n.text + fraction.group()
                    n = Number(n.value / float(fraction.group(1)), n.start, fraction.end(), whole)
                here.append((n, by_part))
            if len({n.value for n, by_part in here if by_part}) > 1:
                # "λ1 = 1 and λ2 = 10": two parts, two settings
                here = [(n, by_part) for n, by_part in here if not by_part]
            out.extend((f.index, n) for n, _by_part in here)
        return [(i, n) for i, n in out if self.for_the_run(choice, i, n)]

    def range_near_name(
        self, choice: Choice, terms: list[str]
    ) -> tuple[int, float, float, str] | None:
        """A range the paper states right after the setting's name words ("a mask that covered
        30% to 70%", "a ratio between 0.2 and 0.7"), in its own method: (sentence, low, high,
        the words)."""
        if choice.kind != "other" or not terms:
            return None
        for m in search_terms(self.index, terms):
            i = m.sentence
            f = self.view.facts(i)
            if not f.eligible or f.section_kind not in (
                "method",
                "experiments",
                "body",
                "appendix",
            ):
                continue
            text = self.index.sentence(i).text
            for r in _RANGE.finditer(text, m.end, min(len(text), m.end + 60)):
                low = number_at(f, r.start("a"), r.end("a"))
                high = number_at(f, r.start("b"), r.end("b"))
                if low is not None and high is not None and low.value < high.value:
                    return i, low.value, high.value, r.group().strip()
        return None

    def values_near_name(
        self, choice: Choice, hits: dict[int, Hit], terms: list[str]
    ) -> list[tuple[int, Number]]:
        """For a setting without a vocabulary concept: a number written right after its name
        words ("context paragraphs to 300", "the first 25 turns"), in the method or setup."""
        if choice.kind != "other" or not terms:
            return []
        out: list[tuple[int, Number]] = []
        for i, h in hits.items():
            f = self.view.facts(i)
            if f.section_kind not in ("method", "experiments", "body") or not h.name:
                continue
            text = self.index.sentence(i).text
            for m in h.name:
                for n in f.numbers:
                    between = text[m.end : n.start]
                    if (
                        0 <= n.start - m.end <= 30
                        and not re.search(r"[,;:()]", between)
                        and not n.percent
                    ):
                        out.append((i, n))
        return out

    def epochs_from_iterations(
        self, choice: Choice, code: tuple[float, ...]
    ) -> tuple[int, str, bool] | None:
        """A paper that states training length in iterations with a batch size and a
        training-set size: the epochs that makes, as (sentence, statement, mismatch). Each
        iteration count is paired with the batch size and set size stated nearest to it (a
        paper often trains several models). A mismatch only when the code's epochs are more
        than twice off every such count: the conversion is approximate."""
        iterations = [
            (i, n)
            for i, n in self.pattern_values("training_iterations")
            if self.for_the_run(choice, i, n)
        ]
        batches = [p for p in self.pattern_values("batch_size") if p[1].value >= 1]
        sizes = [p for p in self.pattern_values("training_set_size") if p[1].value >= 100]
        if not (iterations and batches and sizes and code):
            return None
        implied: list[tuple[int, str, float]] = []
        for i, its in iterations:
            _, batch = min(batches, key=lambda p: abs(p[0] - i))
            _, size = min(sizes, key=lambda p: abs(p[0] - i))
            epochs = its.value * batch.value / size.value
            said = (
                f"{its.text} iterations at batch {batch.text} (≈{epochs:.0f} epochs of {size.text})"
            )
            implied.append((i, said, epochs))
        if any(e / 2 <= c <= e * 2 for _, _, e in implied for c in code):
            return None
        i, said, _ = implied[0]
        return i, said, True

    # ── per-dataset values ──
    def dataset_of(self, choice: Choice) -> str | None:
        """The dataset the code runs this choice on: the one its own file's settings name, else
        the one its file's path or its runs name (``lsun_churches-f8.yaml``), else the one the
        whole project's settings name; None when they name none, or several."""
        names = (
            self._datasets.get(choice.file)
            or self.named_by_run(choice)
            or set().union(*self._datasets.values())
        )
        return next(iter(names)) if len(names) == 1 else None

    def named_by_run(self, choice: Choice) -> set[str]:
        """The paper's dataset the words of the choice's file path and runs name: a config or
        launch script is named for the data it trains on (``cifar10_resnet.yaml``). The most
        specific of names that extend one another ("lsun", "lsun_churches"); none when the
        words name unrelated datasets."""
        known = self.proper_datasets()
        found = {w for w in choice_words(choice) if any(_names_dataset(w, d) for d in known)}
        longest = max(found, key=len, default="")
        return {longest} if all(longest.startswith(w) for w in found) and longest else set()

    def proper_datasets(self) -> frozenset[str]:
        """The names the paper calls datasets (:meth:`named_datasets`) that are names: written
        as one ("ImageNet", "LSUN-Churches", "COCO", "Forest-1M": a capital inside, a digit) or
        never written in lower case. A capitalised common word before "dataset" ("Complex
        datasets", a table's "Method  Dataset" header) is no dataset's name."""
        if self._proper is None:
            text = self.index.document.text
            proper = set()
            for key, written in self._written_datasets().items():
                if len(key) < 3:
                    continue
                if any(_NAME_FORM.search(w) for w in written) or not re.search(
                    rf"(?<![\w-]){re.escape(key)}(?![\w-])", text
                ):
                    proper.add(key)
            self._proper = frozenset(proper)
        return self._proper

    def table_datasets(self, i: int, n: Number, dataset: str) -> frozenset[str]:
        """For a number in a table row: the dataset its column is for, else the datasets the
        table's caption names ("Hyperparameters for the models trained on ImageNet") unless a
        column is for ``dataset``: a table floats away from the text that says what it is for,
        its caption and its header stay with it."""
        if self.index.sentence(i).role != "table":
            return frozenset()
        column = self._column_dataset(i, n, dataset)
        if column:
            return frozenset({column})
        if any(_names_dataset(w, dataset) for w in words_of(self.scopes.table_text(i))):
            return frozenset()  # a column is for it ("GLUE benchmark" over a column for MNLI)
        words = words_of(self.scopes.caption_text(i))
        named = {d for d in self.proper_datasets() | {dataset} if d in words}
        # "LSUN" and "LSUN-Churches" in one caption: the table is for the longer
        return frozenset(d for d in named if not any(o != d and o.startswith(d) for o in named))

    def _column_dataset(self, i: int, n: Number, dataset: str) -> str:
        """The dataset the column of number ``n`` is for: its cell in a row labelled "Dataset",
        or its header when that is a dataset's name; "" when neither says."""
        labelled = self.scopes.column_label(i, n, tables.word_list("dataset_row_labels"))
        if labelled and dataset_key(labelled):
            return dataset_key(labelled)
        header = dataset_key(self.scopes.column_header(i, n) or "")
        known = self.proper_datasets() | {dataset}
        return header if header and any(same_dataset(header, d) for d in known) else ""

    def for_the_run(self, choice: Choice, i: int, n: Number) -> bool:
        """Number ``n`` of sentence ``i`` can be the value of the choice's run: stated for its
        dataset or for none (:meth:`applies_to`), and not scoped to another of the paper's
        variants (:meth:`ScopeReader.verdict`)."""
        dataset = self.dataset_of(choice)
        if dataset and not self.applies_to(dataset, i, n):
            return False
        return self.scopes.verdict(choice, i, n)[0] != CONFLICT

    def statement_applies(self, choice: Choice, i: int) -> bool:
        """False for a statement about a group of settings that sentence ``i`` scopes to
        another dataset than the one the code runs this choice on ("For ImageNet we follow ..."
        against code on CIFAR); True when the code names no dataset or the sentence none."""
        dataset = self.dataset_of(choice)
        if not dataset:
            return True
        scopes = self.scopes_in(i, dataset)
        return not scopes or any(same_dataset(name, dataset) for _s, name in scopes)

    def applies_to(self, dataset: str, i: int, n: Number) -> bool:
        """False for a value the paper states for another dataset than the code's ("For the
        Coast dataset ... 512" against code that runs on Forest). A sentence scoped to several
        datasets scopes each value by the nearest qualifier before it (or the first after)."""
        scopes = self.scopes_in(i, dataset)
        if not scopes:
            table = self.table_datasets(i, n, dataset)
            return not table or any(same_dataset(name, dataset) for name in table)
        before = [name for start, name in scopes if start <= n.start]
        scope = before[-1] if before else scopes[0][1]
        return same_dataset(scope, dataset)

    def scopes_in(self, i: int, dataset: str) -> list[tuple[int, str]]:
        """The dataset qualifiers of sentence ``i`` (position, name); a bare one ("On SVHN,")
        only for a name the paper calls a dataset, or the code's own ``dataset``."""
        key = (i, dataset)
        if key not in self._dataset_scopes:
            text = self.index.sentence(i).text
            rx = _dataset_regexes()
            found = [
                (m.start(), dataset_key(m.group("d")))
                for r in rx["scopes"]
                for m in r.finditer(text)
            ]
            known = self.named_datasets() | {dataset}
            for r in rx["bare_scopes"]:
                for m in r.finditer(text):
                    name = dataset_key(m.group("d"))
                    if any(same_dataset(name, k) for k in known):
                        found.append((m.start(), name))
            self._dataset_scopes[key] = sorted((s, n) for s, n in found if n)
        return self._dataset_scopes[key]

    def named_datasets(self) -> frozenset[str]:
        """The names the paper calls datasets anywhere ("the Forest dataset", "datasets:
        Coast and Forest 1M")."""
        return frozenset(self._written_datasets())

    def _written_datasets(self) -> dict[str, set[str]]:
        """Each name the paper calls a dataset, with the ways it writes it there."""
        if self._paper_datasets is None:
            names: dict[str, set[str]] = {}
            for f in self.index.facts:
                text = self.index.sentence(f.index).text
                for r in _dataset_regexes()["named"]:
                    for m in r.finditer(text):
                        for g in m.groupdict().values():
                            if g and dataset_key(g):
                                names.setdefault(dataset_key(g), set()).add(g)
            self._paper_datasets = names
        return self._paper_datasets


def warm_up(every_concept: bool = True) -> None:
    """Compile what every reader uses: the dataset cues and, with ``every_concept``, the
    vocabulary's value patterns (else each concept's are compiled when first searched)."""
    if every_concept:
        for name, concept in vocab.concepts().items():
            if concept.value_patterns:
                value_patterns(name)
    _dataset_regexes()
