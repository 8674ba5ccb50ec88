"""The paper's main run: the model variant and dataset its results and ablations are about.

A repository often holds one config per model size and dataset the paper reports (a B0 … B5
config for each of two datasets), and the paper describes all of them; but its ablations, and
most of its result tables, are about one of them (the mid-sized model on one dataset). A setting those runs
share is one question, and a reader checks it against the main run's value: the question is
anchored there, the other runs' values listed in it. A setting only the other runs have (the
crop size of the second dataset's configs) is summarised, not asked.

The main run is found by comparing the words of each run's names (its config files, launcher,
entry point: :func:`paperlint.scope.run_texts`) with how often the paper writes them where it
reports results: tables, captions and the sections on experiments, results and ablations. A
code word counts a paper word it equals, or begins when it is a shortened name (``coco`` for
``COCO2017``, ``img`` for ``ImageNet``). Of the words that tell the runs apart, the run whose
most written word is written most is the main one (ties: its next word); when nothing tells the
runs apart, there is no main run.

Where the paper says which run its ablations use, that comes first (:func:`ablation_words`):
papers study their design choices on one model and one dataset and name them where they
describe the ablations (an ablation section or sub-heading, the captions of ablation tables,
"unless specified, X is used"), while their comparison tables name every dataset and model
size. The result counts then decide between runs the ablations do not tell apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from paperlint import scope
from paperlint.model import Document, Reach, Run
from paperlint.paper.document import opens_caption

#: section titles (or a parent's) where the paper reports results
_RESULT_SECTION = re.compile(
    r"experiment|result|evaluation|ablation|analysis|comparison|study|studies|benchmark",
    re.I,
)
#: a sentence that names the setup every experiment uses unless it says otherwise
_DEFAULT_SETUP = re.compile(
    r"\bunless (?:otherwise )?(?:specified|stated|noted|mentioned|indicated)\b"
    r"|\bby default\b|\bdefault (?:setting|setup|configuration|model|backbone)s?\b",
    re.I,
)
_ABLATION = re.compile(r"\bablat", re.I)
#: a table that compares the method with earlier work reports results, not an ablation
_COMPARISON = re.compile(
    r"state[- ]of[- ]the[- ]art|\bSOTA\b|comparison (?:to|with) (?:the )?(?:prior|previous|"
    r"existing|other|recent)",
    re.I,
)
#: a heading written as a line of the body (a sub-section the reader took for text): ``4.2 Name``
_BODY_HEADING = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s+[A-Z][^.!?]{0,60}\.?\s*$")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-‐–][A-Za-z0-9]+)*")
#: a code word this short is only compared whole (``b2``), never as the start of a longer name
_MIN_PREFIX = 3


#: the last document :func:`result_words` counted, with its counts (a long-running process,
#: the daemon, audits one paper again and again)
_last_counted: tuple[Document, Counter[str]] | None = None


def result_words(document: Document) -> Counter[str]:
    """How often each word is written where ``document`` reports results (tables, captions,
    experiment / result / ablation sections), lower case; a hyphenated name counts as its
    parts and as its joined form (``MyNet-B2`` → mynet, b2, mynetb2). Read only: the counts
    of the last document are kept and given again."""
    global _last_counted
    if _last_counted is not None and _last_counted[0] is document:
        return _last_counted[1]
    counts = _result_words(document)
    _last_counted = (document, counts)
    return counts


def _result_words(document: Document) -> Counter[str]:
    in_results: set[int] = set()
    titles: list[str] = []
    for sec in document.sections:
        titles = [*titles[: max(0, sec.level - 1)], sec.title]
        if sec.role not in ("references", "front") and _RESULT_SECTION.search(" / ".join(titles)):
            in_results.add(sec.index)
    counts: Counter[str] = Counter()
    for s in document.sentences:
        if s.role == "reference":
            continue
        if s.role in ("table", "caption") or s.section in in_results:
            counts.update(words_of(s.text))
    return counts


def ablation_words(document: Document) -> Counter[str]:
    """How often each word is written where ``document`` says which run its ablations use:
    sentences of a section on ablations, of the part a sub-heading on ablations opens (up to
    the next heading), the captions of a table or figure whose caption names ablations, and
    sentences that name the default setup ("unless specified, …"). Table rows are not counted
    (a table's rows are often laid out before its caption, so which table they belong to is
    not known), nor the captions of tables that compare with earlier work."""
    ablation_sections: set[int] = set()
    titles: list[str] = []
    for sec in document.sections:
        titles = [*titles[: max(0, sec.level - 1)], sec.title]
        if sec.role not in ("references", "front") and _ABLATION.search(" / ".join(titles)):
            ablation_sections.add(sec.index)
    counts: Counter[str] = Counter()
    in_part = False  # inside a part a body-text heading on ablations opens
    caption = ""  # the first sentence of the caption being read, if any
    section = None
    for s in document.sentences:
        if s.role == "reference":
            continue
        if s.section != section:
            section, in_part = s.section, False
        if opens_caption(s.text) or (s.role == "caption" and not caption):
            caption = s.text  # a caption opens (a text paper's captions are lines of the body)
        elif s.role not in ("caption", "table"):
            caption = ""
        if s.role in ("body", "heading") and _BODY_HEADING.match(s.text):
            in_part = bool(_ABLATION.search(s.text))
        if s.role == "table":
            continue
        if caption and _COMPARISON.search(caption):
            continue
        if (
            s.section in ablation_sections
            or in_part
            or (caption and _ABLATION.search(caption))
            or _DEFAULT_SETUP.search(s.text)
        ):
            counts.update(words_of(s.text))
    return counts


def words_of(text: str) -> list[str]:
    """The words of ``text`` as :func:`result_words` counts them: a hyphenated name also as
    its joined form and the joined forms of its neighbouring parts (``ResNet-50-FPN`` →
    resnet50fpn, resnet50, 50fpn)."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        parts = [p.lower() for p in re.split(r"[-‐–]", m.group(0)) if p]
        out.extend(parts)
        if len(parts) > 1:
            out.append("".join(parts))
        if len(parts) > 2:
            out.extend(a + b for a, b in pairwise(parts))
    return out


def run_words(run: Run) -> frozenset[str]:
    """The words a run's names are made of that could name a model, variant or dataset: not
    folder words (``configs``), not how it is set (``1x``, ``160k``), not bare numbers."""
    ident = scope.identity(scope.run_texts(run))
    words = set(ident.variants)
    for text in scope.run_texts(run):
        words.update(
            scope.atoms(re.sub(r"\.(ya?ml|json|py|sh|gin|cfg|conf|toml|ipynb)$", "", text))
        )
    return frozenset(
        w
        for w in words
        if len(w) >= 2 and not w.isdigit() and not scope.is_neutral(w) and not scope.is_generic(w)
    )


def word_weight(word: str, counts: Counter[str]) -> int:
    """How often the paper writes ``word`` in ``counts``: itself, a longer name it begins
    (``coco`` → ``coco2017``) when it is a word of letters, or, when it is one or two letters
    and a number, a name of the same number its letters begin (``r50`` → ``resnet50``)."""
    n = counts.get(word, 0)
    if len(word) >= _MIN_PREFIX and word.isalpha():
        n += sum(v for k, v in counts.items() if k != word and k.startswith(word))
    short = _ABBREVIATED.fullmatch(word)
    if short:
        letters, number = short.groups()
        for k, v in counts.items():
            whole = _LETTERS_NUMBER.fullmatch(k)
            if (
                whole
                and whole.group(2) == number
                and len(whole.group(1)) > len(letters)
                and whole.group(1).startswith(letters)
            ):
                n += v
    return n


#: a model name shortened to its first letters and its number (``r50`` for ResNet-50)
_ABBREVIATED = re.compile(r"([a-z]{1,2})(\d+)")
_LETTERS_NUMBER = re.compile(r"([a-z]{3,})(\d+)")


def main_runs(
    runs: Sequence[Run],
    counts: Counter[str],
    weights: dict[str, int] | None = None,
    names: scope.PaperNames | None = None,
    ablation: Counter[str] | None = None,
) -> frozenset[str]:
    """The names of the runs whose names the paper writes most where it reports results; none
    when nothing tells them apart. Only the words that tell the runs apart count, and a run's
    most written one first (then its next): a name written in two words (``X-101-64x4d``) is
    not worth twice one written in one (``R-50``). A run named for the paper's own method
    (``names``) comes before one named for a baseline the results compare it with, however
    often that is written. The words of where the paper says which run its ablations use
    (``ablation``: :func:`ablation_words`) count before all the others. ``weights``:
    :func:`word_weight` of words already weighed."""
    if len(runs) < 2:
        return frozenset()
    weights = {} if weights is None else weights
    ablated: dict[str, int] = {}
    words = {run.name: run_words(run) for run in runs}
    shared = frozenset.intersection(*words.values())
    score: dict[str, tuple[int, tuple[int, ...], tuple[int, ...]]] = {}
    distinct: dict[str, frozenset[str]] = {}
    for name, ws in words.items():
        ws = distinct[name] = _without_shortened(ws - shared)
        for w in ws:
            if w not in weights:
                weights[w] = word_weight(w, counts)
            if w not in ablated:
                ablated[w] = word_weight(w, ablation) if ablation else 0
        own = sum(1 for w in ws if names is not None and names.is_own(w))
        in_ablations = sorted((ablated[w] for w in ws if ablated[w]), reverse=True)
        written = sorted((weights[w] for w in ws if weights[w]), reverse=True)
        score[name] = (own, tuple(in_ablations), tuple(written))
    best = max(score.values())
    if best == (0, (), ()) or best == min(score.values()):
        return frozenset()
    tied = [name for name, s in score.items() if s == best]
    # of runs the paper's words tie, the plainest: a config named with a word more that the
    # paper never writes (``_dcn``, ``_ms``) is a variant of the one without it
    unwritten = {
        name: sum(1 for w in distinct[name] if not weights[w] and not ablated[w]) for name in tied
    }
    fewest = min(unwritten.values())
    return frozenset(name for name in tied if unwritten[name] == fewest)


def _without_shortened(words: frozenset[str]) -> frozenset[str]:
    """``words`` without those another of them begins (``coco`` beside ``coco2017``): a run named
    by a dataset's short and full name is not worth twice one named by one of them, since
    :func:`word_weight` counts the full name's places for the short one too."""
    return frozenset(
        w
        for w in words
        if not (
            len(w) >= _MIN_PREFIX and w.isalpha() and any(o != w and o.startswith(w) for o in words)
        )
    )


def family(run: Run) -> tuple[str, str]:
    """Runs of one kind, that the paper's main run is picked among: the same entry point, and
    configs in the same folder once the folders that only name a variant (``B0/``, ``B5/``)
    are taken off, and the folder a config of a plain name (``ffhq256/config.yaml``) is named
    by. Another folder of configs (the first stage's autoencoders beside the diffusion models)
    is another kind of run, with its own main run."""
    path = run.configs[-1] if run.configs else run.name.split(":", 1)[0]
    folder, _, name = path.rpartition("/")
    parts = folder.split("/") if folder else []
    stem = scope.atoms(re.sub(r"\.\w+$", "", name))
    if parts and stem and all(scope.is_generic(a) for a in stem):
        parts.pop()
    while parts and _names_a_variant(parts[-1]):
        parts.pop()
    return run.entry, "/".join(parts)


def _file_words(run: Run) -> frozenset[str]:
    """The name words of a run's own file (its config's or launcher's name, not its folders):
    a run beside the main one is a variant of it (another size or dataset) when they share one
    (``mynet_b0_city`` and ``mynet_b2_ade`` share ``mynet``); runs of two methods laid out side
    by side (``als.json``, ``ngcf.json``) share none, and neither is a variant of the other."""
    path = run.configs[-1] if run.configs else run.name.split(":", 1)[0]
    stem = re.sub(r"\.\w+$", "", path.rpartition("/")[2])
    return frozenset(
        w
        for w in scope.atoms(stem)
        if len(w) >= 2 and not w.isdigit() and not scope.is_neutral(w) and not scope.is_generic(w)
    )


def _names_a_variant(folder: str) -> bool:
    ident = scope.identity([folder])
    words = scope.atoms(folder)
    return bool(words) and all(w in ident.variants or w.isdigit() for w in words)


@dataclass(frozen=True)
class MainRuns:
    """The paper's main runs, and the other runs of the same kinds that are variants of them
    (:func:`_file_words`): their settings the main runs do not share are summarised, not asked."""

    main: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    #: the code files the main runs the paper names reach (their entry point, what it imports,
    #: their configs); not those of a run found only as configured inside them
    files: frozenset[str] = frozenset()


NO_MAIN_RUN = MainRuns()


def of_document(
    runs: Iterable[Run], document: Document | None, reaches: Iterable[Reach] = ()
) -> MainRuns:
    """:func:`main_runs` of each :func:`family` of ``runs`` for ``document`` (none without a
    paper), with the files they reach (of ``reaches``)."""
    if document is None:
        return NO_MAIN_RUN
    counts = result_words(document)
    ablation = ablation_words(document)
    families: dict[tuple[str, str], list[Run]] = defaultdict(list)
    for run in runs:
        families[family(run)].append(run)
    main: set[str] = set()
    others: set[str] = set()
    weights: dict[str, int] = {}
    names = scope.paper_names(document)
    picks = {key: main_runs(ms, counts, weights, names, ablation) for key, ms in families.items()}
    named_main = [r for key, ms in families.items() for r in ms if r.name in picks[key]]
    for key, members in families.items():
        picked = picks[key] or configured_inside(members, named_main)
        if picked:
            main |= picked
            named = [_file_words(r) for r in members if r.name in picked]
            others |= {
                r.name
                for r in members
                if r.name not in picked and any(_file_words(r) & m for m in named)
            }
    # code questions go to the code the runs the paper names reach: an earlier stage's config
    # found through them is a main run of its kind, not what the paper's results are about
    named = {r.name for r in named_main} or main
    files = frozenset(f for r in reaches if named.intersection(r.runs) for f in r.files)
    return MainRuns(frozenset(main), frozenset(others), files)


def configured_inside(members: Sequence[Run], main: Sequence[Run]) -> frozenset[str]:
    """The run of ``members`` (runs of one kind the paper's names do not tell apart) that a
    main run of another kind configures inside its own settings: a model trained in stages
    repeats the earlier stage's settings under one of its keys (``first_stage.params.width``
    for the autoencoder config's ``params.width``), and the earlier-stage config whose values
    those are is the one the main run builds on. Only settings whose values tell ``members``
    apart count, matched by the last two parts of their keys, the main run's key nested
    deeper; none when no member matches more than the others."""
    if len(members) < 2 or not main:
        return frozenset()
    nested: set[tuple[str, str]] = set()
    for run in main:
        for st in run.settings:
            parts = st.key.split(".")
            if len(parts) > 2:
                nested.add((".".join(parts[-2:]), st.value))
    by_key: dict[str, set[str]] = defaultdict(set)
    for run in members:
        for st in run.settings:
            by_key[st.key].add(st.value)
    telling = {k for k, vs in by_key.items() if len(vs) > 1}
    matched: dict[str, int] = {}
    for run in members:
        matched[run.name] = sum(
            1
            for st in run.settings
            if st.key in telling
            and len(st.key.split(".")) >= 2
            and (".".join(st.key.split(".")[-2:]), st.value) in nested
            and not any(
                other.key == st.key and other.value == st.value
                for m in main
                for other in m.settings
            )
        )
    best = max(matched.values())
    winners = [name for name, n in matched.items() if n == best]
    return frozenset(winners) if best and len(winners) == 1 else frozenset()
