"""A statement that takes the paper's whole setup from earlier work in general terms, naming no
setting and no group ("we followed the same setup as in the original paper [6]", "using the
authors' best hyper-parameters", "our code is forked from the original repository"), speaks for
every setting whose value the paper does not state elsewhere: the value is presumably the earlier
work's, though the paper never says which values it took. It is no justification (a citation
names what it supports); the first screen asks such settings together, after the settings with no
statement at all ("which of these come from [6]?"). A value the paper states in another section is
the paper's own statement, asked as usual, where it is the code's value or contradicts it (a
different value only shown, such as another variant's size, is not); one stated beside the
statement ("Specifically, ...") is part of what it takes. The phrases are data (rules/cues/setup_borrowing.yaml)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from paperlint import resources
from paperlint.link import groups, naming, tables
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.paper_view import PaperView
from paperlint.link.values import agrees
from paperlint.paper.numbers import numbers_in


@dataclass(frozen=True)
class SetupStatement:
    """A sentence that takes the paper's setup, or its code, from earlier work."""

    sentence: int
    cue: str  # what matched, with its source: "same setup as in the original paper"
    #: the model, dataset or experiment the statement names as its scope ("... of [3] on X-2"):
    #: it covers only the code's runs that name it; "": all of them
    scope: str = ""
    #: the group of settings (groups.yaml) a statement about the architecture speaks for
    #: ("model_size"); "": the whole setup
    group: str = ""


def find(ctx: ChoiceContext) -> list[Candidate]:
    paper = ctx.paper
    out = []
    for st in statements(paper):
        applies = ctx.paper.values.statement_applies(ctx.choice, st.sentence)
        if not applies or not _in_scope(ctx, st.scope):
            continue
        if st.group and not any(m.group == st.group for m in groups.memberships(ctx.choice)):
            continue  # the architecture taken from earlier work says nothing of the training
        if any(
            c.kind == "value"
            and c.paper_value
            and not paper.same_section(c.sentence, st.sentence)
            and _holds_for_the_code(ctx, c)
            for c in ctx.found
        ):
            # the paper states this value itself elsewhere: its own statement, not the earlier
            # work's
            continue
        out.append(Candidate("setup_borrowed", st.sentence, st.cue, decides=False))
        break
    return out


def _holds_for_the_code(ctx: ChoiceContext, value: Candidate) -> bool:
    """The stated value is the code's, or one the linker holds against it (a mismatch). A
    different value it only shows (another variant's size, a number read beside the setting's
    name) says nothing of where the code's value comes from."""
    if value.mismatch:
        return True
    code = naming.code_numbers(ctx.choice)
    stated = numbers_in(value.paper_value or "")
    if not code or not stated:
        return True  # no number to compare (a named component): the paper's own statement
    return any(agrees(ctx.choice, n, code) for n in stated)


@functools.cache
def _data() -> dict:
    return resources.load_yaml("cues/setup_borrowing.yaml")  # type: ignore[no-any-return]


@functools.cache
def _patterns() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], tuple[re.Pattern[str], ...]]:
    """((group, pattern) of each way a sentence borrows, for the whole setup and for the
    architecture's group), and the patterns of a fork of the code."""
    from paperlint.paper.index import phrase_alternation

    data = _data()
    borrowing = []
    architecture = data["architecture"]
    for group, names, templates in (
        ("", data["phrases"], data["borrowing"]),
        (
            architecture["group"],
            architecture["phrases"],
            [*data["borrowing"], *architecture.get("building_on", ())],
        ),
    ):
        phrases = f"(?P<s>{phrase_alternation(names)})"
        borrowing += [(group, re.compile(t.replace("{S}", phrases), re.I)) for t in templates]
    code = tuple(re.compile(t, re.I) for t in data["code"])
    return tuple(borrowing), code


@functools.cache
def _rx(name: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(_data()[name], flags)


@functools.cache
def _architecture_rx() -> re.Pattern[str]:
    return re.compile(_data()["architecture"]["not_sizes"], re.I)


def statements(paper: PaperView) -> list[SetupStatement]:
    """Every sentence of the paper (not related work, not a baseline's description) that takes
    the setup or the code from earlier work it names: a reference, a work cited by name, or
    "the original paper", "the authors"."""
    memo = paper.index.__dict__
    found = memo.get(_MEMO)
    if found is None:
        found = memo[_MEMO] = _find(paper)
    return found  # type: ignore[no-any-return]


#: where :func:`statements` keeps its answer, in the index's ``__dict__``
_MEMO = "_setup_statements"


def _find(paper: PaperView) -> list[SetupStatement]:
    borrowing, code = _patterns()
    original = tables.pattern("citation.original_work")
    source_words, not_own, not_training = _rx("source"), _rx("not_own"), _rx("not_training")
    out = []
    for f in paper.index.facts:
        if not f.eligible or f.section_kind in ("related", "baselines"):
            continue
        text = paper.text(f.index)
        if not_own.search(text) or not_training.search(text):
            continue
        sources = [(s, e) for s, e, _t in (*f.citations, *f.named_citations)]
        sources += [m.span() for rx in (original, source_words) for m in rx.finditer(text)]
        cue, start, end, group = "", 0, 0, ""
        for group, rx in borrowing:
            if group and (groups.sizes_named(text) or _architecture_rx().search(text)):
                continue  # said of one variant (groups.yaml), or of sizes that differ
            for m in rx.finditer(text):
                near = [e for s, e in sources if m.start() <= s <= m.end() + 40]
                if near:
                    start, end = m.start(), max(m.end(), *near)
                    # to the end of the reference ("(2021)", "[15]")
                    end += len(re.match(r"[\w\])]*", text[end:]).group())  # type: ignore[union-attr]
                    cue = text[start:end]
                    break
            if cue:
                break
        if not cue:
            group = ""
            m = next((m for rx in code for m in [rx.search(text)] if m is not None), None)
            if m is not None:
                cue, start, end = m.group(), m.start(), m.end()
        if cue:
            scope = _scope(text, start, end)
            out.append(SetupStatement(f.index, " ".join(cue.split()), scope, group))
    return out


def _scope(text: str, start: int, end: int) -> str:
    """The name the statement is said of: right after it ("... of [3] on X-2") or before it in
    its clause ("For Y, we follow ...", "we repeat it on Z following ...")."""
    after = _rx("scope_after", 0).match(text[end:])
    if after is not None:
        return after.group("name")
    clause = text[:start].split(";")[-1]
    before = _rx("scope_before", 0).search(clause)
    return before.group("name") if before is not None else ""


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _in_scope(ctx: ChoiceContext, scope: str) -> bool:
    """The choice's run names the statement's scope (its file, setting or runs), or the
    statement has none."""
    if not scope:
        return True
    c = ctx.choice
    return _words(scope) in _words(" ".join((c.file, c.setting or "", c.scope or "", *c.runs)))
