"""Groups of settings as data (``rules/cues/groups.yaml``): which group a code choice is a member
of, and the sentences of a paper that say a group is taken from earlier work."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from paperlint import resources
from paperlint.link import tables
from paperlint.link.paper_view import PaperView
from paperlint.link.values import phrase_rx
from paperlint.model import Choice


@dataclass(frozen=True)
class Member:
    group: str
    concept: str
    kinds: tuple[str, ...]
    words: tuple[str, ...]
    mentions: tuple[str, ...]


@dataclass(frozen=True)
class GroupStatement:
    """A sentence saying a group of settings is taken from earlier work."""

    sentence: int
    groups: frozenset[str]  # the groups it covers (a setup covers several)
    cue: str  # the group's phrase and the source: "hyper-parameters ... DetNet [15]"
    start: int  # where the group is named in the sentence
    #: False: the sentence names the earlier work only in words ("the author's
    #: hyper-parameters"), with no reference a reader could check: it says where the group comes
    #: from, which is no citation
    cited: bool = True
    #: the model sizes the statement is scoped to ("X-B has the same architecture as Y-B" →
    #: {"base"}): it covers only the code's settings of a run named for one of them; empty:
    #: every run
    sizes: frozenset[str] = frozenset()
    #: the sizes name the source's variant only ("follows the Base configuration of [8]"), not
    #: the paper's own model: a setting whose code names no variant is covered too
    source_only: bool = False


@functools.cache
def _data() -> dict:
    return resources.load_yaml("cues/groups.yaml")


@functools.cache
def members() -> tuple[Member, ...]:
    out = []
    for group, spec in _data()["groups"].items():
        for concept, m in (spec.get("members") or {}).items():
            out.append(
                Member(
                    group,
                    concept,
                    tuple(m.get("kinds") or ()),
                    tuple(m.get("words") or ()),
                    tuple(m.get("mentions") or (concept,)),
                )
            )
    return tuple(out)


@functools.cache
def _phrases() -> dict[str, re.Pattern[str]]:
    return {g: phrase_rx(tuple(spec["phrases"])) for g, spec in _data()["groups"].items()}


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(_data()[name], re.I)


def study_phrases(group: str) -> list[str]:
    """How a paper names an experiment that varies the group as a whole ("model size")."""
    return list(_data()["groups"].get(group, {}).get("studies") or ())


def memberships(choice: Choice) -> list[Member]:
    """The groups the choice is a member of: by its kind, or, for a setting the code reader
    could not classify, by the words of its name."""
    name = (choice.param or choice.symbol.rsplit(".", 1)[-1]).lower()
    tokens = set(re.split(r"[_.\W]+", name)) | {name}
    return [
        m
        for m in members()
        if choice.kind in m.kinds or (choice.kind == "other" and tokens & set(m.words))
    ]


def statements(paper: PaperView) -> list[GroupStatement]:
    """Every sentence of the paper (not related work, not a baseline's description) that says a
    group of settings is the same as, or follows, a cited work's, the reproduced paper's or a
    work cited by name elsewhere; a sentence that then lists the members one by one is left to
    their own mentions."""
    # kept with the index, not the view: they depend on the paper alone, so every linker of
    # the paper shares them (:func:`paperlint.link.linker.prepare` finds them ahead)
    memo = paper.index.__dict__
    found = memo.get(_MEMO)
    if found is None:
        found = memo[_MEMO] = _find_statements(paper)
    return found  # type: ignore[no-any-return]


def remember_statements(index: object, found: list[GroupStatement]) -> None:
    """Take ``found`` as :func:`statements` of the paper ``index`` holds (read from the cache
    with it: they depend on the paper alone, and finding them scans every sentence with every
    group's patterns)."""
    index.__dict__[_MEMO] = list(found)


#: where :func:`statements` keeps its answer, in the index's ``__dict__``
_MEMO = "_group_statements"


def _for_another_work(after: str, named: tuple, offset: int) -> bool:
    """The group is said to be another cited work's ("the hyper-parameters for training X"):
    it describes that work's setup, not one taken for the paper's own model."""
    m = re.match(r"\s*(?:for|of)\s+(?:training\s+|the\s+|a\s+)?", after)
    if m is None:
        return False
    at = offset + m.end()
    return any(start == at for start, _end, _name in named)


@functools.cache
def _templates() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Each group's borrowing patterns, its phrases put in for {G}."""
    from paperlint.paper.index import phrase_alternation

    out = {}
    for group, spec in _data()["groups"].items():
        phrases = f"(?P<g>{phrase_alternation(spec['phrases'])})"
        out[group] = tuple(
            re.compile(t.replace("{G}", phrases), re.I) for t in _data()["borrowing"]
        )
    return out


@functools.cache
def _named_templates() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Each group's patterns that name the earlier work themselves ("the author's
    hyper-parameters"), its phrases put in for {G}."""
    from paperlint.paper.index import phrase_alternation

    return {
        group: tuple(
            re.compile(t.replace("{G}", f"(?P<g>{phrase_alternation(spec['phrases'])})"), re.I)
            for t in _data().get("borrowing_named", ())
        )
        for group, spec in _data()["groups"].items()
    }


@functools.cache
def _sizes() -> dict[str, str]:
    """Each size word and abbreviation ("base", "b") → its size ("base")."""
    return {
        w.lower(): size for size, words in _data()["variant_sizes"].items() for w in [size, *words]
    }


@functools.cache
def _variant_names() -> re.Pattern[str]:
    """A variant as papers name one: a name with its size after a hyphen or underscore ("X-B",
    "BERT-large", "X-Ti"), or a capitalised size word before model/variant/configuration ("the
    Base model")."""
    words = sorted(_sizes(), key=len, reverse=True)
    short = "|".join(re.escape(w) for w in words if len(w) <= 2)
    full = "|".join(re.escape(w) for w in words if len(w) > 2)
    return re.compile(
        rf"(?<![\w-])[A-Z][\w.]*[a-zA-Z][-_](?P<a>(?i:{full})|(?:{short.upper()}|Ti))(?![\w-])"
        rf"|\b(?P<b>(?:{'|'.join(w.capitalize() for w in words if len(w) > 2)}))"
        r"\s+(?:model|variant|version|network|configuration|architecture|setting)s?\b"
    )


def sizes_named(text: str) -> frozenset[str]:
    """The model sizes a piece of the paper names by its variants ("X-B" → {"base"})."""
    table = _sizes()
    return frozenset(
        table[(m.group("a") or m.group("b")).lower()] for m in _variant_names().finditer(text)
    )


def sizes_of(choice: Choice) -> frozenset[str]:
    """The model sizes a choice's run is named for: the size words among the words of its
    function, file, setting and runs (`x_base_patch16_224`, `configs/vit_l_16.yaml`)."""
    table = _sizes()
    names = [choice.scope, choice.file.rsplit("/", 1)[-1], choice.setting, *choice.runs]
    words = {w for n in names for w in re.split(r"[^a-z0-9]+", (n or "").lower()) if w}
    return frozenset(table[w] for w in words if w in table)


@functools.cache
def _variant_templates() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Each group's borrowing patterns with its variant-scoped phrases put in for {G}."""
    from paperlint.paper.index import phrase_alternation

    return {
        group: tuple(
            re.compile(t.replace("{G}", f"(?P<g>{phrase_alternation(phrases)})"), re.I)
            for t in _data()["borrowing"]
        )
        for group, phrases in (_data().get("variant_scoped") or {}).items()
    }


def _variant_statement(paper: PaperView, f, text: str, sources) -> GroupStatement | None:
    """A statement about a group scoped to the variant it names: the variants named before the
    statement (its subject: "the larger model, X-B, has ..."), else those in the group's phrase
    itself (the source's: "follows the Base configuration of [8]"), which the paper's own model
    takes whatever it is called."""
    covered: set[str] = set()
    sizes: frozenset[str] = frozenset()
    source_only = True
    cue, at = "", -1
    for group, templates in _variant_templates().items():
        for rx in templates:
            for m in rx.finditer(text):
                near = [t for s, t in sources if m.start() <= s <= m.end() + 40]
                if not near:
                    continue
                subject = sizes_named(text[: m.start()])
                named = subject or sizes_named(text[m.start() : m.end()])
                if not named:
                    continue
                covered.add(group)
                sizes |= named
                source_only = source_only and not subject
                if not cue:
                    cue, at = f"{m.group('g')} ({near[0]})", m.start("g")
    if not covered:
        return None
    return GroupStatement(
        f.index, frozenset(covered), cue, at, sizes=sizes, source_only=source_only
    )


def _find_statements(paper: PaperView) -> list[GroupStatement]:
    exhaustive = _pattern("exhaustive_list")
    not_own = _pattern("not_own")
    original = tables.pattern("citation.original_work")
    out = []
    for f in paper.index.facts:
        if not f.eligible or f.section_kind in ("related", "baselines"):
            continue
        text = paper.text(f.index)
        if not_own.search(text):
            continue
        sources = [(s, t) for s, _e, t in (*f.citations, *f.named_citations)]
        sources += [(m.start(), m.group()) for m in original.finditer(text)]
        covered: set[str] = set()
        named: set[str] = set()
        cue, at = "", -1
        for group, templates in _named_templates().items():
            for rx in templates:
                m = rx.search(text)
                if m is not None:
                    named.add(group)
                    if not cue:
                        cue, at = m.group(), m.start("g")
        if not sources and not named:
            continue
        for group, templates in _templates().items():
            for rx in templates:
                for m in rx.finditer(text):
                    near = [t for s, t in sources if m.start() <= s <= m.end() + 40]
                    if not near:
                        continue
                    after = re.split(r"[.;]", text[m.end("g") :])[0]
                    if exhaustive.search(after[:40]) or _for_another_work(
                        after[:40], f.named_citations, m.end("g")
                    ):
                        continue
                    covered.add(group)
                    if not cue:
                        cue, at = f"{m.group('g')} ({near[0]})", m.start("g")
        if covered:
            out.append(GroupStatement(f.index, frozenset(covered), cue, at))
        elif named:
            out.append(GroupStatement(f.index, frozenset(named), cue, at, cited=False))
        scoped = _variant_statement(paper, f, text, sources) if sources else None
        if scoped is not None and not scoped.groups <= covered:
            out.append(scoped)
    return out
