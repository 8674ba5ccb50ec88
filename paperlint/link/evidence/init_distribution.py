"""The distribution an initializer draws from, against the one the paper states: the code's
initializer names it (`kaiming_uniform_`, `xavier_normal_`, `trunc_normal_`, `random_normal`,
`zeros_`), and so does a paper that says how it initializes ("weights drawn from a Gaussian
distribution", "a uniform initialization"). A uniform draw where the paper states a Gaussian one,
or the reverse, is a mismatch. A sentence that gives each part its own initialization ("a
Gaussian initialization for A and zero for B") is compared for the part the code initializes
only, and only such a sentence is compared with a constant (zero) initialization: a paper's
"the weights are drawn from a Gaussian" says nothing of the biases the code sets to zero."""

from __future__ import annotations

import functools
import re

from paperlint.link import naming
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.model import Choice
from paperlint.paper.index import cues

#: families a random draw belongs to; a constant (zero) one is compared only part by part
_DRAWN = ("normal", "uniform")
#: a part named after an initialization: "Gaussian for A", "zero for the bias"
_FOR_PART = re.compile(r"^[^,;.]*?\bfor\s+(?:the\s+|its\s+|each\s+)?([A-Za-z][\w-]*)")
#: the tensor an initializer is applied to: its first argument, or the object it is called on
_FIRST_ARGUMENT = re.compile(r"\(\s*([A-Za-z_][\w.]*)")
_RECEIVER = re.compile(r"([A-Za-z_][\w.]*?)(?:\.data)?\.\w+_\s*\(")
#: the parts of a network that are set to constants by convention, whatever the weights get
_CONVENTIONAL = re.compile(r"(?:^|[_.])(?:bias|biases|norm|bn|ln|gamma|beta)(?:$|[_.\d])", re.I)


@functools.cache
def _families() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """family → (how a paper names it, how an initializer's name says it), from
    ``rules/cues/evidence.yaml`` (``linker.values.init_distributions``)."""
    table = cues()["linker"]["values"]["init_distributions"]
    return {
        family: (re.compile(spec["paper"], re.I), re.compile(spec["code"], re.I))
        for family, spec in table.items()
    }


def code_family(choice: Choice) -> str | None:
    """The family the code's initializer draws from, by its name; None when the name does not
    say (`kaiming_init`, `variance_scaling_initializer`, a project's own function)."""
    if choice.kind != "init":
        return None
    names = [choice.symbol.rsplit(".", 1)[-1], choice.value.split("(", 1)[0].rsplit(".", 1)[-1]]
    for family, (_paper, code) in _families().items():
        if any(n and code.search(n) for n in names):
            return family
    return None


def target_parts(choice: Choice) -> list[str]:
    """The name parts of the tensor the initializer sets (`self.adapter_A` → adapter_A, adapter, A)."""
    snippet = choice.snippet or choice.value
    m = _RECEIVER.search(snippet)
    name = ""
    if m is not None and not m.group(1).startswith(("nn.", "torch.", "init.", "tf.", "K.")):
        name = m.group(1)
    if not name or name in ("nn", "torch", "init"):
        m = _FIRST_ARGUMENT.search(snippet)
        name = m.group(1) if m is not None else ""
    last = name.rsplit(".", 1)[-1]
    if last in ("weight", "data") and "." in name:
        last = name.rsplit(".", 2)[-2] + "_" + last
    parts = [last] + [p for p in last.split("_") if p]
    return list(dict.fromkeys(p for p in parts if p))


def _named_part(token: str, parts: list[str]) -> bool:
    """A part the paper names is the code's: the same letter ("A" for `adapter_A`) or the same word."""
    if len(token) == 1:
        return token in parts
    word = naming.singular(token)
    return any(len(p) > 1 and naming.singular(p) == word for p in parts)


def stated_families(text: str) -> list[tuple[str, str, str | None]]:
    """(family, the words, the part it is given to or None) for each initialization the sentence
    names, in order."""
    found: list[tuple[int, int, str]] = []
    for family, (paper, _code) in _families().items():
        found.extend((m.start(), m.end(), family) for m in paper.finditer(text))
    found.sort()
    out: list[tuple[str, str, str | None]] = []
    for k, (start, end, family) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else len(text)
        part = _FOR_PART.match(text[end:stop])
        out.append((family, text[start:end], part.group(1) if part else None))
    return out


def find(ctx: ChoiceContext) -> list[Candidate]:
    choice, paper = ctx.choice, ctx.paper
    if ctx.has_mismatch():
        return []
    own = code_family(choice)
    if own is None:
        return []
    parts = target_parts(choice)
    initializes = cues()["linker"]["values"]["init_statement"]
    order = list(ctx.ranked) + [i for i in ctx.hits if i not in ctx.ranked]
    for i in order:
        f = paper.facts(i)
        if not f.eligible or f.section_kind in ("related", "baselines"):
            continue
        text = paper.text(i)
        if not re.search(initializes, text, re.I):
            continue
        stated = stated_families(text)
        if not stated:
            continue
        by_part = [(fam, said) for fam, said, part in stated if part is not None]
        if by_part:
            mine = [
                (fam, said)
                for fam, said, part in stated
                if part is not None and _named_part(part, parts)
            ]
            if not mine:
                continue  # the sentence initializes other parts
            family, said = mine[0]
        else:
            if own not in _DRAWN or any(_CONVENTIONAL.search(p) for p in parts[:1]):
                continue
            drawn = {fam for fam, _said, _part in stated if fam in _DRAWN}
            if len(drawn) != 1:
                continue
            family = drawn.pop()
            said = next(s for fam, s, _part in stated if fam == family)
        return [
            Candidate(
                "value",
                i,
                said,
                paper_value=f"{said} initialization",
                mismatch=family != own,
            )
        ]
    return []
