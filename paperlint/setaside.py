"""Findings the first screen sets aside, each by a rule a reviewer would state.

The rules ran on every choice in scope; some of their findings ask a question the code itself
answers, or compare the code with a part of the paper that is not about it. Each rule below
says which, and why; a finding set aside is counted by its rule in the report's summary, stays
in the result's choices, and is reported with ``--all``:

    other_task          the code trains its classifiers for a number of classes that neither
                        the paper states nor any benchmark the paper names has (a 2-class
                        folder of images, a 35-class fine-tune of an ImageNet model): the
                        paper's training recipe — optimiser, schedule, batch size, epochs,
                        augmentation — is for its own datasets, so a finding on the code's
                        recipe compares it with the wrong run. The model is still compared.
    overridden_default  a parameter's default (``def __init__(self, batch_size=128)``) that a
                        call in the audited code passes explicitly: the value the call passes is
                        what runs, and is audited where it is written.
    demo_main           a value in the ``if __name__ == "__main__":`` block (or a function only
                        that block calls) of a module another audited file imports: a demo or
                        a test of the module, not the run (:mod:`paperlint.callsites`).
    unset               a value of ``None`` asked as if chosen (``opt_betas = None``): it means
                        "not set", the library's default, which nobody chose.
    copied_library      a value written in a copy of a library inside the repository (a
                        vendored ``transformers``) on a line that names nothing of the paper's
                        method: the library's default or internal (a trainer's clipping norm, a
                        pretrained model's LayerNorm), which nobody on the project chose. A
                        mismatch is kept when the value is what a run takes (its resolved
                        setting: the default runs, and the paper says otherwise); a value no
                        run is known to take (a class default every launcher overrides, a code
                        path) is set aside (:func:`paperlint.scope.library_choices`).
    pretrained          a value in the project's own copy of a published model, or of its
                        tokenizer or configuration, that the code loads by its checkpoint's name
                        (``BertModel.from_pretrained("bert-base-uncased")``,
                        ``BertTokenizer.from_pretrained(...)``): the checkpoint's architecture
                        and preprocessing, taken, not chosen
                        (:func:`paperlint.scope.pretrained_definitions`).
    inert               a value that never takes effect in the run: a setting no code the run
                        reaches reads, one read only under another setting's value the run does
                        not take (an SGD momentum when the optimiser option is AdamW), a default
                        its own value switches off, a metric meter's window, an attribute the
                        forward pass replaces (:mod:`paperlint.code.inert`).

The rules of :mod:`paperlint.notchosen` (a loaded checkpoint's widths, a single output unit, a
standard initialiser, a mathematical constant: values something else fixes, or the field's
convention) set findings
aside here too, and so do those of :mod:`paperlint.otherrun` (a mismatch with a statement about
another model, a notebook's trial value where a script runs the paper's).

The data (benchmarks' class counts, the recipe's kinds) is ``rules/scope/tasks.yaml``; the
examples there and in ``tests/test_setaside.py`` run as tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from paperlint import notchosen, otherrun, resources
from paperlint.callsites import CallSites
from paperlint.model import Choice, CodeInventory, Document, Finding

#: why each rule sets a finding aside, as the report says it
REASONS = {
    "other_task": "on the training recipe of a task the paper does not describe",
    "overridden_default": "on a parameter default that a call overrides",
    "unset": "on a value left unset (None)",
    "demo_main": "in a module's own __main__ demo that no run executes",
    "copied_library": "on a copied library's own default or internal",
    "pretrained": "on the architecture or tokenizer of a published checkpoint the code loads",
    "inert": "on a setting whose value never takes effect in the run",
    "beside_main_run": "on a setting only runs beside the paper's main run take",
    **notchosen.REASONS,
    **otherrun.REASONS,
}

#: the rules whose findings are about one choice's value (the others are about the paper or
#: the code as a whole, and are never set aside)
_CHOICE_RULES = frozenset({"CH101", "CH102", "CH103", "MM201"})
_STATED_COUNT = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})*|\d+)[\s‐-]*(?:-?\s*)"
    r"(?:way\b|class(?:es)?\b|categor(?:y|ies)\b|labels\b|object\s+classes\b)",
    re.IGNORECASE,
)


@functools.cache
def _data() -> dict:
    return resources.load_yaml("scope/tasks.yaml")


def benchmark_counts() -> dict[str, tuple[int, ...]]:
    return {k: tuple(v) for k, v in _data()["benchmarks"].items()}


@dataclass(frozen=True)
class OtherTask:
    """The code trains for a task the paper does not describe."""

    code_counts: tuple[int, ...]  # the class counts the code builds its classifiers for
    where: str  # file:line of the first
    paper_counts: tuple[int, ...]  # the counts the paper states or its benchmarks have

    def describe(self) -> str:
        code = ", ".join(str(n) for n in self.code_counts)
        shown = sorted(self.paper_counts, reverse=True)[:6]
        paper = ", ".join(str(n) for n in sorted(shown))
        return (
            f"the code trains a {code}-class classifier ({self.where}); the paper's tasks have "
            f"{paper} classes, and its training recipe is for those"
        )


def stated_counts(text: str) -> set[int]:
    """The class counts a text states: ``1000 classes``, ``a 10-way classifier``, ``228
    labels``, ``19 categories``."""
    out = set()
    for m in _STATED_COUNT.finditer(text):
        n = int(m.group(1).replace(",", ""))
        if n >= 2:
            out.add(n)
    return out


def named_benchmark_counts(knows: Iterable[str]) -> set[int]:
    """The class counts of the benchmarks among the names ``knows`` (joined lower-case forms)."""
    table = benchmark_counts()
    out: set[int] = set()
    for name in knows:
        out.update(table.get(name, ()))
    return out


def _is_class_count(c: Choice) -> bool:
    name = (c.param or c.setting or c.symbol).rsplit(".", 1)[-1].lower()
    words = set(re.split(r"[_\W]+", name)) | {re.sub(r"^(num|n|nb|number)_?", "", name)}
    return bool(words & set(_data()["class_count_words"]))


def code_counts(context: Sequence[Choice]) -> list[Choice]:
    """The class counts the code builds its classifiers for: what its calls, configs and
    settings give (a parameter's default only where nothing else gives one: a call that passes
    ``num_class=2`` overrides ``def __init__(self, num_class=1000)``)."""
    counts = [
        c
        for c in context
        if c.concept == "num_classes"
        and _is_class_count(c)
        and c.number is not None
        and c.number == int(c.number)
        and c.number >= 2
    ]
    given = [c for c in counts if c.source != "param"]
    return given or counts


def other_task_of(code: Sequence[Choice], paper_counts: set[int]) -> OtherTask | None:
    """:class:`OtherTask` when the paper has counts and every count the code uses is none of
    them (one class more or fewer is a background class: COCO's 81)."""
    if not code or not paper_counts:
        return None
    numbers = sorted({int(c.number) for c in code if c.number is not None})
    if any(any(abs(n - p) <= 1 for p in paper_counts) for n in numbers):
        return None
    first = min(code, key=lambda c: (c.file, c.line))
    return OtherTask(tuple(numbers), f"{first.file}:{first.line}", tuple(sorted(paper_counts)))


def other_task(context: Sequence[Choice], document: Document | None) -> OtherTask | None:
    """Does the code train for a task ``document`` does not describe?"""
    if document is None:
        return None
    from paperlint import scope as scoping

    names = scoping.paper_names(document)
    return other_task_of(
        code_counts(context), stated_counts(document.text) | named_benchmark_counts(names.terms)
    )


def is_recipe(c: Choice) -> bool:
    """A setting of the training recipe (see ``recipe`` in ``rules/scope/tasks.yaml``)."""
    r = _data()["recipe"]
    return c.kind in r["kinds"] or c.concept in r["concepts"]


def _owner(c: Choice) -> str:
    parts = c.scope.split(".")
    return parts[-2] if parts[-1] == "__init__" and len(parts) > 1 else parts[-1]


def _passed(c: Choice, sites: CallSites) -> bool:
    return c.source == "param" and bool(c.param and c.scope) and sites.passes(_owner(c), c.param)


def overridden_defaults(choices: Iterable[Choice]) -> frozenset[str]:
    """The ids of parameter defaults that a call in the audited code passes: ``batch_size=128``
    of ``NGCF.__init__`` when some line calls ``NGCF(batch_size=512)``."""
    choices = list(choices)
    passed: set[tuple[str, str]] = set()
    for c in choices:
        if c.source == "argument" and c.param and c.symbol:
            passed.add((c.symbol.rsplit(".", 1)[-1], c.param))
    out = set()
    for c in choices:
        if c.source != "param" or not c.param or not c.scope:
            continue
        if (_owner(c), c.param) in passed:
            out.add(c.id)
    return frozenset(out)


def imported_files(inventory: CodeInventory) -> frozenset[str]:
    """Files some run reaches that are not that run's entry point: modules the run imports."""
    entry = {r.name: r.entry for r in inventory.runs}
    out = set()
    for reach in inventory.reaches:
        for run in reach.runs:
            out.update(f for f in reach.files if f != entry.get(run))
    return frozenset(out)


def call_sites(inventory: CodeInventory, base: str = ".") -> CallSites:
    """:func:`paperlint.callsites.read` over the inventory's files (a file only its own run
    reaches keeps its ``__main__`` block: it is the script that runs)."""
    from paperlint import callsites

    return callsites.read(inventory.files, imported_files(inventory), base=base)


def reason(
    f: Finding,
    choices: Mapping[str, Choice],
    *,
    task: OtherTask | None = None,
    overridden: frozenset[str] = frozenset(),
    sites: CallSites | None = None,
    library: frozenset[str] = frozenset(),
    pretrained: frozenset[str] = frozenset(),
    inert: frozenset[str] = frozenset(),
    not_chosen: Mapping[str, str] | None = None,
    other_run: Mapping[str, str] | None = None,
) -> str | None:
    """The rule (a key of :data:`REASONS`) that sets ``f`` aside, or None (``library``: the
    ids of :func:`paperlint.scope.library_choices`; ``pretrained``: those of
    :func:`paperlint.scope.pretrained_definitions`; ``inert``: those of
    :func:`paperlint.code.inert.inert_choices`; ``not_chosen``: the rules of
    :func:`paperlint.notchosen.reasons`, by choice id; ``other_run``: those of
    :func:`paperlint.otherrun.reasons`, for mismatches)."""
    if f.suppressed or f.rule not in _CHOICE_RULES:
        return None
    c = choices.get(f.choice or "")
    if c is None:
        return None
    if task is not None and is_recipe(c):
        return "other_task"
    if c.id in library and (f.rule != "MM201" or not c.runs):
        return "copied_library"
    if c.id in pretrained and f.rule != "MM201":
        return "pretrained"
    if not_chosen and c.id in not_chosen and f.rule != "MM201":
        return not_chosen[c.id]
    if other_run and c.id in other_run:
        return other_run[c.id]
    if c.id in overridden or (sites is not None and _passed(c, sites)):
        return "overridden_default"
    if sites is not None and sites.in_main_only(c.file, c.line):
        return "demo_main"
    if f.rule != "MM201" and c.value.strip() == "None":
        return "unset"
    if c.id in inert:
        return "inert"
    return None
