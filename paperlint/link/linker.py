"""Link each code choice to what the paper says about it.

For one choice: the sentences that mention its concept; whether one of them (or the sentence
right after it) justifies it, and how — a stated reason, a citation, or only "we found
empirically"; whether an experiment compares it with an alternative (an ablation); and the value
the paper states for it, compared with the code's value.

Every verdict keeps its evidence: the quote, page and section. When nothing is found, the
assessment lists the sections that were searched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from paperlint import vocab
from paperlint.code.signatures import table as signature_table
from paperlint.link.index import Mention, PaperIndex, SentenceFacts, search_terms, terms_for_name
from paperlint.link.numbers import Number, same_value
from paperlint.model import Assessment, Choice, Evidence

#: Kinds whose value is one scalar the paper usually states once ("a batch size of 256").
SCALAR_KINDS = frozenset(
    {
        "learning_rate",
        "batch_size",
        "epochs",
        "dropout",
        "weight_decay",
        "momentum",
        "warmup",
        "heads",
    }
)
#: Kinds where the component itself is the choice (Adam vs SGD).
CATEGORICAL_KINDS = frozenset({"optimizer", "loss"})
_ANAPHORA = re.compile(
    r"^(this|it|these|such|that|doing so|thereby|which|the reason|we found|accordingly|consequently|hence|thus|therefore)\b",
    re.I,
)
_QUOTE_MAX = 400


@functools.cache
def _value_patterns(concept: str) -> tuple[re.Pattern[str], ...]:
    from paperlint.link.numbers import NUMBER_PATTERN

    c = vocab.concept(concept)
    if c is None:
        return ()
    num = NUMBER_PATTERN.replace("?P<", "?P<x")  # inner names must be unique per pattern
    out = []
    for p in c.value_patterns:
        pat = p.replace("{V}", f"(?P<v>{_renamed(num, 'a')})").replace(
            "{V2}", f"(?P<v2>{_renamed(num, 'b')})"
        )
        out.append(re.compile(pat, re.I))
    return tuple(out)


def _renamed(pattern: str, tag: str) -> str:
    return re.sub(r"\?P<x(\w+)>", lambda m: f"?P<{tag}{m.group(1)}>", pattern)


def concepts_for(choice: Choice) -> list[str]:
    """Vocabulary concepts whose mentions count as mentions of this choice."""
    out: list[str] = []
    if vocab.concept(choice.concept) is not None:
        out.append(choice.concept)
    elif "." in choice.concept:
        _parent, _, param = choice.concept.partition(".")
        if vocab.concept(param) is not None:
            out.append(param)
    if choice.symbol:
        spec = signature_table().get(choice.symbol)
        if (
            spec is not None
            and spec.concept not in out
            and vocab.concept(spec.concept) is not None
            and choice.kind in ("kernel_size", "other", "channels")
        ):
            out.append(spec.concept)
    kind_concept = {
        "learning_rate": "learning_rate",
        "batch_size": "batch_size",
        "epochs": "epochs",
        "dropout": "dropout",
        "weight_decay": "weight_decay",
        "momentum": "momentum",
        "warmup": "warmup",
        "channels": "width",
        "kernel_size": "kernel_size",
        "depth": "depth",
        "heads": "attention_heads",
        "scheduler": "lr_schedule",
        "augmentation": "augmentation",
        "init": "initialization",
        "residual": "residual_connection",
    }.get(choice.kind)
    if kind_concept and kind_concept not in out and choice.kind not in ("other",):
        out.append(kind_concept)
    return out


class Linker:
    def __init__(self, index: PaperIndex) -> None:
        self.index = index
        self.doc = index.document
        self._section_titles = tuple(
            dict.fromkeys(s.title for s in self.doc.sections if s.role not in ("references",))
        )

    # ── mentions ──
    def mentions(self, choice: Choice) -> list[Mention]:
        found: list[Mention] = []
        for c in concepts_for(choice):
            found.extend(self.index.mentions.get(c, ()))
        if (not found and choice.kind == "other" and choice.param) or (
            choice.source in ("argparse", "flag", "dict", "config", "param", "assign", "field")
            and choice.param
            and not vocab.concept(choice.concept)
        ):
            found.extend(search_terms(self.index, terms_for_name(choice.param)))
        return sorted(found, key=lambda m: (m.sentence, m.start))

    def assess(self, choice: Choice) -> Assessment:
        mentions = self.mentions(choice)
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        evidence: list[Evidence] = []
        if not by_sentence:
            return Assessment(choice.id, searched=self._section_titles)
        first = next(iter(by_sentence))
        evidence.append(self._evidence("mention", first, by_sentence[first][0].text))

        justification, j_evidence = self._justification(choice, by_sentence)
        evidence.extend(j_evidence)
        ablated, a_evidence = self._ablation(choice, by_sentence)
        evidence.extend(a_evidence)
        paper_value, mismatch, v_evidence = self._value(choice, by_sentence)
        evidence.extend(v_evidence)
        return Assessment(
            choice.id,
            mentioned=True,
            justification=justification,
            ablated=ablated,
            paper_value=paper_value,
            mismatch=mismatch,
            evidence=tuple(evidence),
        )

    def _evidence(self, kind: str, sentence: int, cue: str = "") -> Evidence:
        s = self.index.sentence(sentence)
        quote = s.text if len(s.text) <= _QUOTE_MAX else s.text[: _QUOTE_MAX - 1] + "…"
        return Evidence(kind, s.page, self.doc.section_title(s), quote, cue, sentence)

    def _facts(self, i: int) -> SentenceFacts:
        return self.index.facts[i]

    # ── justification ──
    def _justification(
        self, choice: Choice, by_sentence: dict[int, list[Mention]]
    ) -> tuple[str | None, list[Evidence]]:
        found: dict[str, tuple[int, str]] = {}
        for i, ms in by_sentence.items():
            f = self._facts(i)
            if not f.eligible or f.in_related_work:
                continue
            candidates = [(i, f)]
            nxt = i + 1
            if nxt < len(self.index.facts):
                s_next = self.index.sentence(nxt)
                if (
                    _ANAPHORA.match(s_next.text)
                    and self._facts(nxt).eligible
                    and s_next.section == self.index.sentence(i).section
                ):
                    candidates.append((nxt, self._facts(nxt)))
            for j, fj in candidates:
                near = ms if j == i else []
                cite = self._citation_near(fj, near, j == i)
                if cite and "citation" not in found:
                    found["citation"] = (j, cite)
                if fj.reasoning and "reasoning" not in found:
                    found["reasoning"] = (j, fj.reasoning[0][2])
                if fj.empirical and "empirical_claim" not in found:
                    found["empirical_claim"] = (j, fj.empirical[0][2])
        for kind in ("reasoning", "citation", "empirical_claim"):
            if kind in found:
                j, cue = found[kind]
                ev = [self._evidence("justification", j, cue)]
                if kind != "citation" and "citation" in found:
                    cj, ccue = found["citation"]
                    ev.append(self._evidence("citation", cj, ccue))
                elif kind == "citation":
                    ev = [
                        self._evidence("citation", j, cue),
                        self._evidence("justification", j, cue),
                    ]
                return kind, ev
        return None, []

    def _citation_near(self, f: SentenceFacts, mentions: list[Mention], same: bool) -> str | None:
        if not f.citations:
            return None
        if f.citation_phrases:
            return f"{f.citation_phrases[0][2]} {f.citations[0][2]}"
        if not same:
            return None
        for m in mentions:
            for start, end, marker in f.citations:
                if 0 <= start - m.end <= 40 or 0 <= m.start - end <= 25:
                    return marker
        return None

    # ── ablation ──
    def _ablation(
        self, choice: Choice, by_sentence: dict[int, list[Mention]]
    ) -> tuple[bool, list[Evidence]]:
        for i in by_sentence:
            f = self._facts(i)
            s = self.index.sentence(i)
            if not f.eligible or f.in_related_work:
                continue
            context = f.in_ablation_section or s.role in ("caption", "table") or f.in_experiments
            if context and f.ablation:
                return True, [self._evidence("ablation", i, f.ablation[0][2])]
        return False, []

    # ── stated value ──
    def _value(
        self, choice: Choice, by_sentence: dict[int, list[Mention]]
    ) -> tuple[str | None, bool, list[Evidence]]:
        if choice.obviousness == "absent":
            return self._absence_value(choice, by_sentence)
        if choice.kind in CATEGORICAL_KINDS:
            return None, False, []
        code_values = _code_numbers(choice)
        if not code_values:
            return None, False, []
        stated: list[tuple[int, Number]] = []
        for concept in concepts_for(choice):
            for pat in _value_patterns(concept):
                for i in by_sentence:
                    f = self._facts(i)
                    if not f.eligible or f.in_related_work:
                        continue
                    text = self.index.sentence(i).text
                    for m in pat.finditer(text):
                        num = _number_at(f, m.start("v"), m.end("v"))
                        if num is not None:
                            stated.append((i, num))
            if stated:
                break
        if not stated:
            return None, False, []
        i, num = stated[0]
        paper_value = num.text
        ev = [self._evidence("value", i, num.text)]
        if choice.kind not in SCALAR_KINDS:
            # architecture sizes: a paper lists many (64, 128, 256 ...), often for other models
            # than the one in the code; a disagreement is not evidence of a mismatch
            agreeing = next((n for _, n in stated if _agrees(choice, n, code_values)), None)
            return (agreeing.text if agreeing else paper_value), False, ev
        agree = [n for _, n in stated if _agrees(choice, n, code_values)]
        if agree:
            j = next(k for k, n in stated if _agrees(choice, n, code_values))
            return agree[0].text, False, [self._evidence("value", j, agree[0].text)]
        return paper_value, True, ev

    def _absence_value(
        self, choice: Choice, by_sentence: dict[int, list[Mention]]
    ) -> tuple[str | None, bool, list[Evidence]]:
        for i in by_sentence:
            f = self._facts(i)
            if not f.eligible or f.in_related_work:
                continue
            if f.negated:
                return "none", False, [self._evidence("value", i, "not used")]
        for i in by_sentence:
            f = self._facts(i)
            if f.eligible and not f.in_related_work and f.usage and not f.negated:
                return "used", True, [self._evidence("value", i, "paper uses it")]
        return None, False, []


def _code_numbers(choice: Choice) -> tuple[float, ...]:
    if choice.values:
        return choice.values
    if choice.number is not None:
        return (choice.number,)
    return ()


def _number_at(f: SentenceFacts, start: int, end: int) -> Number | None:
    for n in f.numbers:
        if n.start <= start < n.end or start <= n.start < end:
            return n
    return None


def _agrees(choice: Choice, n: Number, code: Iterable[float]) -> bool:
    code = tuple(code)
    if n.dims:
        return all(
            same_value(float(d), c) for d, c in zip(n.dims, code * len(n.dims), strict=False)
        ) or any(same_value(float(n.dims[0]), c) for c in code)
    for c in code:
        if same_value(n.value, c):
            return True
        if (
            choice.kind == "dropout"
            and "keep" in (choice.param or "")
            and same_value(n.value, 1 - c)
        ):
            return True
        if n.percent and same_value(n.value * 100, c):
            return True
    return False


def link(choices: Iterable[Choice], index: PaperIndex) -> list[Assessment]:
    linker = Linker(index)
    return [linker.assess(c) for c in choices]
