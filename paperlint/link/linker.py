"""Link each code choice to what the paper says about it.

For one choice:

1. **Mentions**: the sentences that name its concept (vocabulary phrases and abbreviations),
   or, for a setting without a concept, its distinctive name words next to its value.
2. **Primary statements**: among the mentions, the sentences that state the paper's *own* use
   of the choice — in the method or experimental setup rather than related work or an appendix,
   with a usage verb ("we use", "is followed by") or the value itself. A justification only
   counts when it is about the choice, so cues are looked for in these sentences (and in the
   next one when it refers back: "This prevents ...").
3. **Justification**: a stated reason beats a citation, which beats "we found empirically".
4. **Ablation**: a mention inside an experiment (experimental section, caption, table row) next
   to a comparison ("w/o", "compared to", "replacing", "better than").
5. **Stated value and mismatch**: the value the paper states for the choice, compared with the
   code's after normalizing notation (a value stated "for the Yelp dataset" only against code
   that runs on Yelp, when the code names its dataset); for components (optimizer, loss, output
   activation), the one the paper says it uses when the code's is never named; for a missing
   component, the paper saying it uses one.

Every verdict keeps its evidence (quote, page, section). When nothing is found the assessment
lists the sections that were searched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from paperlint import resources, vocab
from paperlint.code.signatures import table as signature_table
from paperlint.model import Assessment, Choice, Evidence
from paperlint.paper.index import (
    Mention,
    PaperIndex,
    SentenceFacts,
    phrase_alternation,
    search_terms,
    terms_for_name,
)
from paperlint.paper.numbers import NUMBER_RX, Number, same_value

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
#: Kinds where the component itself is the choice (Adam vs SGD); compared by concept.
CATEGORICAL_KINDS = frozenset({"optimizer", "loss", "scheduler", "augmentation"})
#: concepts too generic to stand for "the paper uses another one" ("data augmentation", "a schedule")
_GENERIC = frozenset(
    {
        "optimizer",
        "loss",
        "custom_loss",
        "augmentation",
        "image_augmentation",
        "transform_pipeline",
        "lr_schedule",
        "custom_schedule",
        "no_schedule",
        "no_augmentation",
        "constant_schedule",
        "custom_optimizer",
    }
)
OUTPUT_ACTIVATIONS = ("softmax", "sigmoid", "log_softmax")
# A next sentence that refers back to the choice ("This prevents ..."). Words of consequence
# ("Hence", "Thus") start a conclusion drawn *from* the choice, not a reason *for* it.
_ANAPHORA = re.compile(
    # after a short opening phrase too: "In our experiments, since Othello is invariant ..."
    r"^(?:(?:in|for|on|with|here|again)\b[\w\s-]{0,30},\s*)?"
    r"(this|it|these|those|such|that|doing so|thereby|which|the reason|the idea|otherwise|in this way|that way|this way"
    r"|since|because|due to)\b",
    re.I,
)
_SECTION_WEIGHT = {
    "method": 3,
    "experiments": 2,
    "body": 2,
    "abstract": 1,
    "intro": 1,
    "conclusion": 0,
    "appendix": 0,
    "baselines": -2,
    "related": -4,
}
#: Sizes a paper states many of (64, 128, 256 filters): a sentence stating only *other* values of
#: the concept is about another layer or model, not this choice.
_SIZE_KINDS = frozenset({"kernel_size", "channels", "depth", "heads"})
_QUOTE_MAX = 400
#: "convolutions, each followed by a rectified linear unit": the activation right after the conv
_CONV_THEN_ACTIVATION = re.compile(
    r"\bconv(?:olution)?s?\b[^.;]{0,80}?\bfollowed (?:directly |immediately )?by (?:an? )?"
    r"(?:rectified linear unit|relu|leaky relu|elu|gelu|tanh|sigmoid|non-?linearity|activation)"
    r"(?: \(relu\))?",
    re.I,
)
#: further sentences shown where a choice is argued for, after the one that decides its type
_MAX_FURTHER = 2
_PAPER_REFERENCE = re.compile(
    r"\b(?:specified|described|proposed|given|reported|used|suggested|recommended|as)\s+(?:in|by)\s+the\s+(?:original\s+)?(?:paper|authors|article|publication)\b"
    r"|\bthe\s+same\s+(?:setup|settings?|hyper-?parameters|configuration)\s+as\b|\bthe original (?:paper|implementation|authors)\b",
    re.I,
)
_JUSTIFY_MIN = 4  # a mention must score at least this to carry a justification (see _score)
_TRIVIAL = {0.0, 1.0, 2.0}
#: kind → (lowest, highest, integral): a stated value outside is not a value of this kind
_PLAUSIBLE = {
    "dropout": (0.0, 0.99, False),
    "momentum": (0.0, 0.9999, False),
    "weight_decay": (0.0, 0.5, False),
    "learning_rate": (1e-9, 10.0, False),
    "batch_size": (1, 1e6, True),
    "epochs": (1, 1e5, True),
    "warmup": (0.0, 1e6, False),
    "heads": (1, 256, True),
}


@functools.cache
def _value_patterns(concept: str) -> tuple[re.Pattern[str], ...]:
    from paperlint.paper.numbers import NUMBER_PATTERN

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
def _leading_value(concept: str) -> tuple[bool, ...]:
    """For each of the concept's value patterns: does it start with the value ("{V} epochs")?"""
    c = vocab.concept(concept)
    return tuple(p.startswith("{V}") for p in c.value_patterns) if c is not None else ()


def _renamed(pattern: str, tag: str) -> str:
    return re.sub(r"\?P<x(\w+)>", lambda m: f"?P<{tag}{m.group(1)}>", pattern)


_KIND_CONCEPT = {
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
}


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
    # a setting whose value names a component: `encoder: "gru"` is about GRUs
    value = choice.value.strip("'\"")
    if choice.value[:1] in "'\"" and value:
        named = vocab.concept_for_code_string(value)
        if named and named not in out:
            out.insert(0, named)
    kind_concept = _KIND_CONCEPT.get(choice.kind)
    if kind_concept and kind_concept not in out:
        out.append(kind_concept)
    return out


_SETTING_SOURCES = frozenset(
    {"argparse", "flag", "click", "dict", "config", "param", "assign", "field", "argument"}
)


@dataclass
class _Hit:
    concept: list[Mention] = field(default_factory=list)  # the choice's own concept
    parent: list[Mention] = field(default_factory=list)  # the component an argument belongs to
    name: list[Mention] = field(default_factory=list)  # words of a setting's name
    value: list[Number] = field(default_factory=list)  # the code's value, written in the paper
    stated: list[Number] = field(default_factory=list)  # a value stated for the concept
    module: list[Mention] = field(default_factory=list)  # words of the enclosing module's name

    @property
    def spans(self) -> list[Mention]:
        return self.concept + self.name + self.parent + self.module

    @property
    def module_only(self) -> bool:
        """Found only by the enclosing module's name: about the module, not this argument."""
        return bool(self.module) and not (
            self.concept or self.name or self.parent or self.value or self.stated
        )


class Linker:
    def __init__(
        self, index: PaperIndex, context: Iterable[Choice] = (), modules: Iterable[str] = ()
    ) -> None:
        """``context``: the code's settings of kind ``context`` (its dataset); ``modules``: the
        code's classes that hold choices (:func:`code_modules`), to tell which one a sentence
        is about."""
        self.index = index
        self._module_phrases = {
            cls: rx for cls in modules if (rx := _module_phrase(cls)) is not None
        }
        self._topics: dict[int, str | None] = {}
        self._module_cache: dict[str, dict[int, list[Mention]]] = {}
        self._datasets = _code_datasets(context)
        self._dataset_scopes: dict[tuple[int, str], list[tuple[int, str]]] = {}
        self._paper_datasets: frozenset[str] | None = None
        self.doc = index.document
        self._section_titles = tuple(
            dict.fromkeys(
                s.title
                for s in self.doc.sections
                if s.role not in ("references", "acknowledgements")
            )
        )
        self._pattern_cache: dict[str, list[tuple[int, Number]]] = {}
        self._numbered: list[tuple[SentenceFacts, str]] | None = None
        self._number_starts: dict[int, list[int]] = {}
        self._named_cache: dict[str, bool] = {}  # concept → named as the paper's own component
        self._by_sentence: dict[int, list[Mention]] | None = None
        self._usage_concepts = self._concepts_in_use()

    # ── mentions ──
    def hits(self, choice: Choice) -> dict[int, _Hit]:
        hits: dict[int, _Hit] = {}
        own = self._own_concepts(choice)
        for c in concepts_for(choice):
            for m in self.index.mentions.get(c, ()):
                hit = hits.setdefault(m.sentence, _Hit())
                (hit.concept if c in own else hit.parent).append(m)
            # "a batch size of 256", "64 filters": a stated value is a mention too
            for i, num in self._pattern_values(c):
                if self._anchored(choice, c, i, num):
                    hits.setdefault(i, _Hit()).stated.append(num)
        name_terms = self._name_terms(choice)
        if name_terms:
            for m in search_terms(self.index, name_terms):
                hits.setdefault(m.sentence, _Hit()).name.append(m)
        module = _module_of(choice)
        if module is not None and choice.source == "argument":
            # `RNNEncoder(..., "gru")` in `class SelfAttn`: "the self attention layer [3]"
            for i, ms in self._module_mentions(module).items():
                hits.setdefault(i, _Hit()).module.extend(ms)
        code = _code_numbers(choice)
        if code and any(v not in _TRIVIAL for v in code):
            for i, h in hits.items():
                f = self._facts(i)
                h.value = [
                    n
                    for n in f.numbers
                    if _agrees(choice, n, code)
                    and n.value not in _TRIVIAL
                    and (n.dims or choice.kind != "kernel_size")
                ]
        out = {}
        for i, h in hits.items():
            if (
                choice.kind in _SIZE_KINDS
                and code
                and not h.value
                and self._states_other_value(choice, i, code)
            ):
                continue
            # A name word alone is weak evidence ("size"): keep it with its value, or when two
            # distinct name words meet. The parent component of an argument ("convolution" for
            # a stride) only counts when the argument's value is in the sentence too.
            if (
                h.concept
                or h.stated
                or h.module
                or (h.value and (h.parent or h.name))
                or len({_singular(m.text) for m in h.name}) >= 2
            ):
                out[i] = h
        return dict(sorted(out.items()))

    def _states_other_value(self, choice: Choice, i: int, code: tuple[float, ...]) -> bool:
        for concept in concepts_for(choice):
            for j, n in self._pattern_values(concept):
                if j == i and _fits_kind(choice, n) and not _agrees(choice, n, code):
                    return True
        return False

    def _own_concepts(self, choice: Choice) -> set[str]:
        concepts = concepts_for(choice)
        if choice.source == "argument" and choice.symbol:
            spec = signature_table().get(choice.symbol)
            if spec is not None and spec.kind != choice.kind:
                return {c for c in concepts if c != spec.concept}
        return set(concepts)

    def _pattern_values(self, concept: str) -> list[tuple[int, Number]]:
        cached = self._pattern_cache.get(concept)
        if cached is not None:
            return cached
        found: list[tuple[int, Number]] = []
        seen: set[tuple[int, Number]] = set()
        if self._numbered is None:  # the sentences a stated value can be in
            self._numbered = [
                (f, self.index.sentence(f.index).text)
                for f in self.index.facts
                if f.eligible and f.numbers
            ]
        for pat, leading in zip(_value_patterns(concept), _leading_value(concept), strict=True):
            for f, text in self._numbered:
                for m in self._matches(pat, leading, f.index, text):
                    num = _number_at(f, m.start("v"), m.end("v"))
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
                    num = _number_at(f, m.end(), m.end() + 1)
                    if num is not None and (f.index, num) not in seen:
                        seen.add((f.index, num))
                        found.append((f.index, num))
        found.sort(key=lambda p: (p[0], p[1].start))
        self._pattern_cache[concept] = found
        return found

    def _matches(
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

    def _name_terms(self, choice: Choice) -> list[str]:
        if choice.branch and choice.source == "constant":
            # a bare number under `elif args.sample == "anneal":` is what annealed sampling uses
            setting, _, value = choice.branch.partition(" == ")
            words = terms_for_name(setting) + terms_for_name(
                re.sub(r"[\W_]+", "_", value.strip("'\""))
            )
            return sorted({form for w in words for form in _inflections(w)})
        if not choice.param or choice.source not in _SETTING_SOURCES:
            return []
        if (
            choice.kind != "other"
            and vocab.concept(choice.concept) is not None
            and choice.source == "argument"
        ):
            return []
        return terms_for_name(choice.param)

    def assess(self, choice: Choice) -> Assessment:
        assessed = self._assess(choice)
        if choice.obviousness == "irregular" and assessed.justification == "citation":
            cite = next((e for e in assessed.evidence if e.type == "citation"), None)
            if cite is not None and not self._facts(cite.sentence).citation_phrases:
                # "batch normalization [2] in the middle blocks" cites the layer, not its placement
                assessed = replace(
                    assessed,
                    justification=None,
                    evidence=tuple(e for e in assessed.evidence if e.type != "citation"),
                )
        if assessed.mismatch:
            return assessed
        # checks that do not need the choice to be mentioned: the paper says the opposite
        # ("unpadded convolutions"), or is silent where silence describes the standard model
        negative = self._negative_statement(choice)
        if negative is not None:
            paper_value, _, ev = negative
            assessed = replace(
                assessed,
                paper_value=paper_value,
                mismatch=True,
                evidence=assessed.evidence + tuple(ev),
            )
            if not assessed.justification:
                # the paper's statement of its own, opposite choice is where it argues for it
                i = ev[0].sentence
                kind, j_ev = self._justification(choice, [i], {i: _Hit()})
                if kind:
                    assessed = replace(
                        assessed, justification=kind, evidence=assessed.evidence + tuple(j_ev)
                    )
            return assessed
        direct = self._layer_sequence_without(choice)
        if direct is not None:
            i, said = direct
            return replace(
                assessed,
                paper_value="none: each convolution followed by its activation",
                mismatch=True,
                evidence=(*assessed.evidence, self._evidence("value", i, said)),
            )
        own = vocab.concept(choice.concept)
        if (
            own is not None
            and own.unstated
            and choice.obviousness != "default"
            and not self._named_anywhere(choice.concept)
        ):
            stated = self._stated_alternative(own)
            if stated is None:
                return replace(
                    assessed,
                    paper_value=f"{own.unstated} (not stated otherwise)",
                    mismatch=True,
                    searched=assessed.searched or self._section_titles,
                )
            # "we adopt the standard 10-crop testing [21]": the paper states its own protocol,
            # and that is where it argues for it
            i = stated.sentence
            kind, j_ev = self._justification(choice, [i], {i: _Hit(concept=[stated])})
            return replace(
                assessed,
                mentioned=True,
                paper_value=stated.text,
                mismatch=True,
                justification=assessed.justification or kind,
                evidence=(*assessed.evidence, self._evidence("value", i, stated.text), *j_ev),
            )
        return assessed

    def _stated_alternative(self, own: vocab.Concept) -> Mention | None:
        """The first statement, in the method or the experiments, of an alternative the concept
        declares: the paper's value where the concept itself is not named."""
        stating = ("method", "experiments", "body")
        for alt in own.alternatives:
            found = [
                m
                for m in self.index.mentions.get(alt, ())
                if (f := self._facts(m.sentence)).eligible and f.section_kind in stating
            ]
            if found:  # the fullest phrase of the first sentence: "10-crop testing", not "10-crop"
                first = [m for m in found if m.sentence == found[0].sentence]
                return max(first, key=lambda m: len(m.text))
        return None

    def _assess(self, choice: Choice) -> Assessment:
        hits = self.hits(choice)
        eligible = {i: h for i, h in hits.items() if self._facts(i).eligible}
        if not eligible:
            rival = self._rival_hits(choice)
            if rival is None:
                return self._unmentioned(choice)
            # The code's component is never named, but the paper uses another one for the same
            # role (RMSprop where the code has SGD): that is the paper's treatment of this design
            # dimension — its justification and ablation are judged, and it is a mismatch.
            eligible = rival
        primary = self._primary(choice, eligible)
        first = primary[0] if primary else next(iter(eligible))
        spans = eligible[first].spans
        evidence: list[Evidence] = [
            self._evidence("mention", first, spans[0].text if spans else "")
        ]
        justification, j_ev = self._justification(choice, primary, eligible)
        evidence.extend(j_ev)
        ablated, a_ev = self._ablation(choice, eligible, primary)
        evidence.extend(a_ev)
        paper_value, mismatch, v_ev = self._value(choice, primary, eligible)
        evidence.extend(v_ev)
        return Assessment(
            choice.id,
            mentioned=True,
            justification=justification,
            ablated=ablated,
            paper_value=paper_value,
            mismatch=mismatch,
            evidence=tuple(evidence),
        )

    def _layer_sequence_without(self, choice: Choice) -> tuple[int, str] | None:
        """A normalization layer the paper never names, where it describes each convolution as
        followed by its activation ("two 3x3 convolutions, each followed by a ReLU"): the
        paper's layer sequence has no place for it."""
        if choice.kind != "normalization" or choice.obviousness in ("default", "absent"):
            return None
        if choice.concept.startswith(("no_", "unused_")):
            return None
        for name, c in vocab.concepts().items():
            if c.kind == "normalization" and self._named_anywhere(name):
                return None
        for f in self.index.facts:
            if not f.eligible or f.section_kind in ("related", "intro", "baselines"):
                continue
            m = _CONV_THEN_ACTIVATION.search(self.index.sentence(f.index).text)
            if m:
                return f.index, m.group()
        return None

    def _rival_hits(self, choice: Choice) -> dict[int, _Hit] | None:
        _paper_value, mismatch, ev = self._categorical(choice)
        if not mismatch or not ev:
            return None
        rival = ev[0].cue.replace(" ", "_")
        hits: dict[int, _Hit] = {}
        for m in self.index.mentions.get(rival, ()):
            if self._facts(m.sentence).eligible:
                hits.setdefault(m.sentence, _Hit()).concept.append(m)
        return dict(sorted(hits.items())) or None

    def _unmentioned(self, choice: Choice) -> Assessment:
        paper_value, mismatch, ev = self._categorical(choice)
        if not mismatch and choice.kind == "epochs" and "epoch" in choice.param.lower():
            # "trained for 60 × 10^4 iterations" never says "epochs" and still states them
            implied = self._epochs_from_iterations(_code_numbers(choice))
            if implied is not None:
                paper_value, mismatch, ev = implied
        return Assessment(
            choice.id,
            paper_value=paper_value,
            mismatch=mismatch,
            evidence=tuple(ev),
            searched=self._section_titles,
        )

    def _evidence(self, kind: str, sentence: int, cue: str = "") -> Evidence:
        s = self.index.sentence(sentence)
        quote = s.text if len(s.text) <= _QUOTE_MAX else s.text[: _QUOTE_MAX - 1] + "…"
        return Evidence(kind, s.page, self.doc.section_title(s), quote, cue, sentence)

    def _facts(self, i: int) -> SentenceFacts:
        return self.index.facts[i]

    # ── primary statements ──
    def _score(self, choice: Choice, i: int, h: _Hit) -> int:
        f = self._facts(i)
        s = self.index.sentence(i)
        score = _SECTION_WEIGHT.get(f.section_kind, 1)
        if f.usage:
            score += 2
        if h.value:
            score += 3
        elif h.stated:
            score += 1
        if s.role in ("caption", "table"):
            score -= 1
        if s.role == "footnote":
            score -= 1
        if h.concept and any(m.text.isupper() or len(m.text) > 6 for m in h.concept):
            score += 1
        if choice.obviousness == "absent" and h.concept and self._negates(i, h):
            score += 4  # "We do not use dropout" is the paper's own statement of this very choice
        return score

    def _primary(self, choice: Choice, hits: dict[int, _Hit]) -> list[int]:
        scored = sorted(
            ((self._score(choice, i, h), i) for i, h in hits.items()), key=lambda p: (-p[0], p[1])
        )
        if not scored:
            return []
        best = scored[0][0]
        if best < 2:
            return []
        return [i for sc, i in scored if sc >= best - 1][:3]

    # ── justification ──
    def _justification(
        self, choice: Choice, primary: list[int], hits: dict[int, _Hit]
    ) -> tuple[str | None, list[Evidence]]:
        # Sentences about the paper's own use of the choice: the primary statements first, then
        # any other mention that scores as a statement of the method (not related work, not a
        # passing mention in an appendix).
        ranked = list(primary) + sorted(
            (
                i
                for i, h in hits.items()
                if i not in primary
                and self._score(choice, i, h) >= _JUSTIFY_MIN
                and self._facts(i).section_kind != "appendix"
            ),
            key=lambda i: (-self._score(choice, i, hits[i]), i),
        )
        found: dict[str, tuple[int, str]] = {}
        seen: list[tuple[str, int, str]] = []  # every reason and citation, in ranked order
        for i in ranked:
            candidates = [i]
            nxt = i + 1
            if nxt < len(self.index.facts):
                s_next = self.index.sentence(nxt)
                if (
                    _ANAPHORA.match(s_next.text)
                    and self._facts(nxt).eligible
                    and s_next.section == self.index.sentence(i).section
                ):
                    candidates.append(nxt)
            is_primary = i in primary
            prev = i - 1
            if (
                is_primary
                and prev in hits
                and not hits[prev].module_only
                and prev not in ranked
                and self._facts(prev).eligible
                and self.index.sentence(prev).section == self.index.sentence(i).section
            ):
                # "The idea of combined attention is to merge ... so that ...", then "we compute
                # both and concatenate them": the motivation, naming the choice, just before the
                # statement of it
                candidates.insert(0, prev)
            for j in candidates:
                if self._about_other_module(choice, j):
                    continue  # "The idea of combined attention is ...", for self-attention's concat
                fj = self._facts(j)
                near = hits[j].spans if j in (i, prev) and j in hits else []
                cite = self._citation_near(fj, near, j == i)
                if cite:
                    seen.append(("citation", j, cite))
                if cite and "citation" not in found:
                    found["citation"] = (j, cite)
                # outside the primary statements a cue must sit near the mention: in "To allow
                # tiling, select the tile size such that all 2x2 max-pooling ...", the reason is
                # about the tile size, not the pooling
                reasoning = [c for c in fj.reasoning if is_primary or j != i or _near(c, near, 80)]
                empirical = [c for c in fj.empirical if is_primary or j != i or _near(c, near, 80)]
                if j in (i, prev) and _only_in_purpose(
                    self.index.sentence(j).text, hits[j].concept
                ):
                    # "select the tile size such that all 2x2 max-pooling operations ...": the
                    # choice is what the reason constrains, not what it argues for
                    reasoning = empirical = []
                if hits[i].module_only:
                    # the module the argument sits in, taken from earlier work ("the self
                    # attention layer [3]"), brings its cell along; a reason for having the
                    # module does not argue for its cell
                    reasoning = empirical = []
                if reasoning:
                    seen.append(("justification", j, reasoning[0][2]))
                if reasoning and "reasoning" not in found:
                    found["reasoning"] = (j, reasoning[0][2])
                if empirical and "empirical_claim" not in found:
                    found["empirical_claim"] = (j, empirical[0][2])
        if found:
            # where else the paper argues for it (evidence only: the type is decided above),
            # including the introduction, where motivation often is ("network depth is of
            # crucial importance [41, 44]"); never related work
            for i in sorted(hits, key=lambda i: (-self._score(choice, i, hits[i]), i)):
                fi = self._facts(i)
                if i in ranked or fi.section_kind in ("related", "appendix", "baselines"):
                    continue
                if self._about_other_module(choice, i):
                    continue
                near = hits[i].concept
                if not near:
                    continue
                cite = self._citation_near(fi, near, True)
                if cite:
                    seen.append(("citation", i, cite))
                reasoning = [c for c in fi.reasoning if _near(c, near, 80)]
                if reasoning and not _only_in_purpose(self.index.sentence(i).text, near):
                    seen.append(("justification", i, reasoning[0][2]))
        if "citation" not in found:
            lead = self._paragraph_citation(primary)
            if lead is not None:
                found["citation"] = lead
        for kind in ("reasoning", "citation", "empirical_claim"):
            if kind in found:
                j, cue = found[kind]
                if kind == "citation":
                    ev = [self._evidence("citation", j, cue)]
                else:
                    ev = [self._evidence("justification", j, cue)]
                    if "citation" in found:
                        cj, ccue = found["citation"]
                        ev.append(self._evidence("citation", cj, ccue))
                ev.extend(self._further_support(seen, ev))
                return kind, ev
        return None, []

    def _further_support(
        self, seen: list[tuple[str, int, str]], shown: list[Evidence]
    ) -> list[Evidence]:
        """Other sentences that give a reason or a citation for the choice (at most
        ``_MAX_FURTHER``, each once): a paper often argues for a choice in more than one place,
        and the reader checks the one that convinces."""
        used = {e.sentence for e in shown}
        out: list[Evidence] = []
        for kind, j, cue in seen:
            if len(out) >= _MAX_FURTHER:
                break
            if j in used:
                continue
            used.add(j)
            out.append(self._evidence(kind, j, cue))
        return out

    def _paragraph_citation(self, primary: list[int]) -> tuple[int, str] | None:
        """ "We implement Sentence-BERT as described by Reimers and Gurevych (2019). Sentence-BERT
        adds a mean pooling ...": a method introduced with a citation covers the description that
        follows it in the same paragraph — as long as the sentences in between keep talking about
        that method (its name comes back)."""
        for i in primary:
            s = self.index.sentence(i)
            for j in (i - 1, i - 2, i - 3):
                if j < 0:
                    break
                prev = self.index.sentence(j)
                if prev.section != s.section or "\n\n" in self.doc.text[prev.end : s.start]:
                    break
                f = self._facts(j)
                if not (f.eligible and f.citations):
                    continue
                cited = _cited_things(prev.text)
                between = " ".join(self.index.sentence(k).text for k in range(j + 1, i + 1)).lower()
                if any(re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", between) for t in cited):
                    cue = f.citation_phrases[0][2] if f.citation_phrases else ""
                    return j, f"{cue} {f.citations[0][2]}".strip()
        return None

    def _citation_near(self, f: SentenceFacts, mentions: list[Mention], same: bool) -> str | None:
        """A citation that belongs to the choice: with a phrase that presents the choice as taken
        from earlier work ("following [16]"), or a marker right after the choice's own mention
        and nearer to it than to any other concept the sentence names."""
        if not f.citations:
            # "the parameters specified in the paper", "as in the original paper": a citation
            # of the reimplemented work even without a marker
            if same:
                text = self.index.sentence(f.index).text
                m = _PAPER_REFERENCE.search(text)
                if m:
                    return m.group()
            return None
        if f.citation_phrases:
            return f"{f.citation_phrases[0][2]} {f.citations[0][2]}"
        if not same or not mentions or not f.usage:
            # a bare marker justifies only a statement of use ("We adopt BN [16]"), not a passing
            # remark ("ReLU [29] and the biases are omitted for simplifying notations")
            return None
        others = [
            m
            for ms in self._sentence_mentions(f.index)
            for m in [ms]
            if not any(_overlaps(m, x) for x in mentions)
        ]
        for start, end, marker in f.citations:
            for m in mentions:
                if start <= m.start and m.end <= end:
                    return marker  # named in the cited work's title ("Deep Residual Networks")
                gap = start - m.end if start >= m.end else m.start - end
                if not (0 <= start - m.end <= 40 or 0 <= m.start - end <= 25):
                    continue
                closer = [
                    o
                    for o in others
                    if (start - o.end if start >= o.end else o.start - end) < gap
                    and (start - o.end >= 0 or o.start - end >= 0)
                ]
                if not closer:
                    return marker
        return None

    def _sentence_mentions(self, i: int) -> list[Mention]:
        cache = self._by_sentence
        if cache is None:
            cache = {}
            for ms in self.index.mentions.values():
                for m in ms:
                    cache.setdefault(m.sentence, []).append(m)
            self._by_sentence = cache
        return cache.get(i, [])

    # ── ablation ──
    def _ablation(
        self, choice: Choice, hits: dict[int, _Hit], primary: Sequence[int] = ()
    ) -> tuple[bool, list[Evidence]]:
        hits = {
            **hits,
            **self._notation_hits(choice, primary, hits),
            **self._named_module_hits(choice, primary, hits),
            **self._multiplier_hits(choice, hits),
        }
        for i, h in sorted(hits.items()):
            f = self._facts(i)
            s = self.index.sentence(i)
            if f.section_kind in ("related", "intro", "abstract", "baselines") or h.module_only:
                continue  # comparing the module (self- vs bi-attention) does not vary its cell
            if self._about_other_module(choice, i):
                continue
            # an experiment: an experimental section or appendix, a table, or a table's caption
            # (a figure caption in the method section is a diagram, not an experiment)
            experimental = f.in_ablation_section or f.section_kind in ("experiments", "appendix")
            context = (
                experimental
                or s.role == "table"
                or (s.role == "caption" and s.text.lower().startswith(("table", "tab.")))
            )
            if not context or not f.ablation:
                continue
            if h.concept and s.role != "table" and self._negates(i, h):
                continue  # "we use no dropout, without distracting ...": a statement, not an experiment
            spans = h.spans
            for start, _end, cue in f.ablation:
                if not spans or any(abs(start - m.start) <= 90 for m in spans):
                    return True, [self._evidence("ablation", i, cue)]
        return False, []

    def _topic(self, i: int) -> str | None:
        """The code module a sentence is about: the one it names first, near its start, where a
        subject is ("The idea of combined attention is to merge self attention and ..." is about
        `CombinedAttn`); None when it names none there ("... namely the learning rate ..., the
        regularization parameter for BPR loss" is about the setup)."""
        if i not in self._topics:
            text = self.index.sentence(i).text[:_TOPIC_SPAN]
            named = [
                (m.start(), cls)
                for cls, rx in self._module_phrases.items()
                if (m := rx.search(text)) is not None
            ]
            self._topics[i] = min(named)[1] if named else None
        return self._topics[i]

    def _about_other_module(self, choice: Choice, i: int) -> bool:
        """The sentence is about another of the code's named modules than the one the choice is
        in. Only a choice in a module the paper can name counts: a setting outside any class,
        or in `class Net`, may well be what "the transformer encoder" sentence configures."""
        own = choice.scope.split(".")[0] if "." in choice.scope else ""
        if own not in self._module_phrases:
            return False
        topic = self._topic(i)
        return topic is not None and topic != own

    def _named_module_hits(
        self, choice: Choice, primary: Sequence[int], hits: dict[int, _Hit]
    ) -> dict[int, _Hit]:
        """Where the method's statement of the choice names the module the code puts it in ("To
        get combined attention, we ... concatenate them", in `class CombinedAttn`), the module
        is what this choice builds: experiments comparing that module compare the choice."""
        module = _module_of(choice)
        if module is None:
            return {}
        by_sentence = self._module_mentions(module)
        if not any(
            i in by_sentence and hits[i].concept and self._facts(i).section_kind == "method"
            for i in primary
            if i in hits
        ):
            return {}
        return {
            i: _Hit(name=list(ms))
            for i, ms in by_sentence.items()
            if i not in hits and self._facts(i).ablation
        }

    def _module_mentions(self, cls: str) -> dict[int, list[Mention]]:
        """Where the paper names the module a class implements ("combined attention" for
        `CombinedAttn`): sentence → its mentions."""
        found = self._module_cache.get(cls)
        if found is None:
            rx = _module_phrase(cls)
            found = {}
            for f in self.index.facts if rx is not None else ():
                if not f.eligible:
                    continue
                for m in rx.finditer(self.index.sentence(f.index).text):
                    found.setdefault(f.index, []).append(
                        Mention(f.index, "module", m.start(), m.end(), m.group())
                    )
            self._module_cache[cls] = found
        return found

    def _multiplier_hits(self, choice: Choice, hits: dict[int, _Hit]) -> dict[int, _Hit]:
        """A width the paper states as a layer's filter shape ("3 × 3 × 3 × 32" in its
        architecture table) scales with the global width multiplier: a sweep over the multiplier
        varies it too."""
        if choice.kind != "channels" or not any(
            len(n.dims) == 4 for h in hits.values() for n in h.value
        ):
            return {}
        return {
            m.sentence: _Hit(concept=[m])
            for m in self.index.mentions.get("width_multiplier", ())
            if m.sentence not in hits and self._facts(m.sentence).ablation
        }

    def _notation_hits(
        self, choice: Choice, primary: Sequence[int], hits: dict[int, _Hit]
    ) -> dict[int, _Hit]:
        """Sentences that write the choice in the notation its statement introduced: "we
        concatenate u and v with |u - v|", then "(u, v, |u-v|) instead of (u, v)" in the
        analysis. Only a norm or absolute value, and only for code that computes one
        (`torch.abs(u - v)`): a single letter is too common to follow."""
        if not _NORM_CALL.search(choice.snippet):
            return {}
        terms: dict[str, str] = {}
        for i in primary:
            for m in _NORM_TERM.finditer(self.index.sentence(i).text):
                terms.setdefault(_squash(m.group()), m.group())
        if not terms:
            return {}
        out: dict[int, _Hit] = {}
        for f in self.index.facts:
            if f.index in hits or f.index in primary or not f.eligible or not f.ablation:
                continue
            text = self.index.sentence(f.index).text
            for m in _NORM_TERM.finditer(text):
                if _squash(m.group()) in terms:
                    mention = Mention(f.index, "notation", m.start(), m.end(), m.group())
                    out.setdefault(f.index, _Hit()).name.append(mention)
        return out

    # ── stated value ──
    def _value(
        self, choice: Choice, primary: list[int], hits: dict[int, _Hit]
    ) -> tuple[str | None, bool, list[Evidence]]:
        if choice.obviousness == "absent" or choice.concept == "unused_init":
            # an init function that is never applied leaves the framework default in place
            return self._absence_value(choice, hits)
        if _component(choice) is not None:
            return self._categorical(choice)
        code_values = _code_numbers(choice)
        if not code_values:
            return None, False, []
        stated = self._stated_values(choice, hits)
        by_pattern = bool(stated)
        if not stated and choice.kind == "epochs" and "epoch" in choice.param.lower():
            implied = self._epochs_from_iterations(code_values)
            if implied is not None:
                return implied
        stated = stated or self._values_near_name(choice, hits)
        if not stated:
            # a layer's filter shape in an architecture table ("3 × 3 × 3 × 32"), agreeing
            shapes = [(i, n) for i, h in hits.items() for n in h.value if len(n.dims) == 4]
            if shapes:
                i, n = shapes[0]
                return n.text, False, [self._evidence("value", i, n.text)]
            return None, False, []
        # agreement: a stated value equal to the code's, or the code's value written in the
        # same sentence ("1e-5 for the backbone ... over [1e-5, 1e-3] for the heads")
        agree = [(i, n) for i, n in stated if _agrees(choice, n, code_values)]
        agree += [
            (i, h.value[0]) for i, h in hits.items() if h.value and any(j == i for j, _ in stated)
        ]
        if agree:
            i, n = agree[0]
            return n.text, False, [self._evidence("value", i, n.text)]
        i, n = stated[0]
        if choice.kind == "other" and not by_pattern:
            # a number next to a setting's name words is shown, never called a mismatch: the words
            # are too weak an anchor to accuse the paper of contradicting the code
            return n.text, False, [self._evidence("value", i, n.text)]
        if choice.kind == "other":
            return n.text, True, [self._evidence("value", i, n.text)]
        if choice.kind not in SCALAR_KINDS:
            # architecture sizes: a paper lists many (64, 128, 256 ...), often for other models
            # than the one in the code; a disagreement is not evidence of a mismatch
            return n.text, False, [self._evidence("value", i, n.text)]
        return n.text, True, [self._evidence("value", i, n.text)]

    def _epochs_from_iterations(
        self, code: tuple[float, ...]
    ) -> tuple[str | None, bool, list[Evidence]] | None:
        """A paper that states training length in iterations ("trained for up to 60 × 10^4
        iterations") with a batch size and a training-set size: the epochs that makes. Each
        iteration count is paired with the batch size and set size stated nearest to it (a
        paper often trains several models). A mismatch only when the code's epochs are more
        than twice off every such count: the conversion is approximate."""
        iterations = self._pattern_values("training_iterations")
        batches = [p for p in self._pattern_values("batch_size") if p[1].value >= 1]
        sizes = [p for p in self._pattern_values("training_set_size") if p[1].value >= 100]
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
        return said, True, [self._evidence("value", i, said)]

    def _stated_values(self, choice: Choice, hits: dict[int, _Hit]) -> list[tuple[int, Number]]:
        """Values the paper states for the choice's concept, main text before appendix."""
        low, high, integral = _PLAUSIBLE.get(choice.kind, (float("-inf"), float("inf"), False))
        for concept in concepts_for(choice):
            stated = [
                (i, n)
                for i, n in self._pattern_values(concept)
                if self._facts(i).section_kind != "related"
                and _fits_kind(choice, n)
                and low <= n.value <= high
                and (not integral or float(n.value).is_integer())
            ]
            stated = [(i, n) for i, n in stated if self._anchored(choice, concept, i, n)]
            dataset = self._dataset_of(choice)
            if dataset:
                stated = [(i, n) for i, n in stated if self._applies_to(dataset, i, n)]
            if stated:
                main = [(i, n) for i, n in stated if self._facts(i).section_kind != "appendix"]
                return main or stated
        return []

    # ── per-dataset values ──
    def _dataset_of(self, choice: Choice) -> str | None:
        """The dataset the code runs this choice on: the one its own file names, else the one
        the whole project names; None when it names none, or several."""
        names = self._datasets.get(choice.file) or set().union(*self._datasets.values())
        return next(iter(names)) if len(names) == 1 else None

    def _applies_to(self, dataset: str, i: int, n: Number) -> bool:
        """False for a value the paper states for another dataset than the code's ("For the Yelp
        dataset ... 512" against code that runs on MovieLens). A sentence scoped to several
        datasets scopes each value by the nearest qualifier before it (or the first after)."""
        scopes = self._scopes_in(i, dataset)
        if not scopes:
            return True
        before = [name for start, name in scopes if start <= n.start]
        scope = before[-1] if before else scopes[0][1]
        return _same_dataset(scope, dataset)

    def _scopes_in(self, i: int, dataset: str) -> list[tuple[int, str]]:
        """The dataset qualifiers of sentence ``i`` (position, name); a bare one ("On SVHN,")
        only for a name the paper calls a dataset, or the code's own ``dataset``."""
        key = (i, dataset)
        if key not in self._dataset_scopes:
            text = self.index.sentence(i).text
            rx = _dataset_regexes()
            found = [
                (m.start(), _dataset_key(m.group("d")))
                for r in rx["scopes"]
                for m in r.finditer(text)
            ]
            known = self._named_datasets() | {dataset}
            for r in rx["bare_scopes"]:
                for m in r.finditer(text):
                    name = _dataset_key(m.group("d"))
                    if any(_same_dataset(name, k) for k in known):
                        found.append((m.start(), name))
            self._dataset_scopes[key] = sorted((s, n) for s, n in found if n)
        return self._dataset_scopes[key]

    def _named_datasets(self) -> frozenset[str]:
        """The names the paper calls datasets anywhere ("the MovieLens dataset", "datasets: Yelp
        and MovieLens 1M")."""
        if self._paper_datasets is None:
            names = set()
            for f in self.index.facts:
                text = self.index.sentence(f.index).text
                for r in _dataset_regexes()["named"]:
                    for m in r.finditer(text):
                        names.update(_dataset_key(g) for g in m.groupdict().values() if g)
            self._paper_datasets = frozenset(n for n in names if n)
        return self._paper_datasets

    def _anchored(self, choice: Choice, concept: str, i: int, n: Number) -> bool:
        """For an anchored concept: the value is written within a few words after the setting's
        distinctive name words. Other concepts' values need no anchor."""
        spec = vocab.concept(concept)
        if spec is None or not spec.anchored:
            return True
        words = [w for w in terms_for_name(choice.param) if w not in _WEAK_NAME_WORDS]
        if not words:
            return True  # `max_len`: nothing tells it from its siblings
        before = self.index.sentence(i).text[max(0, n.start - 50) : n.start]
        forms = {form for w in words for form in _inflections(w)}
        return _phrase_rx(tuple(sorted(forms))).search(before) is not None

    def _values_near_name(self, choice: Choice, hits: dict[int, _Hit]) -> list[tuple[int, Number]]:
        """For a setting without a vocabulary concept: a number written right after its name words
        ("context paragraphs to 300", "the first 25 turns"), in the method or setup."""
        if choice.kind != "other" or not self._name_terms(choice):
            return []
        out: list[tuple[int, Number]] = []
        for i, h in hits.items():
            f = self._facts(i)
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

    def _absence_value(
        self, choice: Choice, hits: dict[int, _Hit]
    ) -> tuple[str | None, bool, list[Evidence]]:
        for i, h in hits.items():
            f = self._facts(i)
            if f.section_kind in ("related",):
                continue
            if self._negates(i, h):
                return "none", False, [self._evidence("value", i, "not used")]
        for i, h in hits.items():
            f = self._facts(i)
            if (
                f.section_kind in ("method", "experiments", "body")
                and f.usage
                and h.concept
                and not self._negates(i, h)
            ):
                used = h.concept[0].text
                return f"{used} (used in the paper)", True, [self._evidence("value", i, used)]
        # any specific component of the same kind the paper states using ("elastic deformations"
        # where the code has no augmentation at all)
        for name, c in vocab.concepts().items():
            if (
                c.kind != choice.kind
                or name in _GENERIC
                or name.startswith(("no_", "default_", "unused_"))
            ):
                continue
            for i in self._usage_concepts.get(name, ()):
                m = next(m for m in self._sentence_mentions(i) if m.concept == name)
                if not self._negates(i, _Hit(concept=[m])):
                    return (
                        f"{m.text} (used in the paper)",
                        True,
                        [self._evidence("value", i, m.text)],
                    )
        return None, False, []

    def _negative_statement(self, choice: Choice) -> tuple[str | None, bool, list[Evidence]] | None:
        """The code uses something the paper says it does not ("unpadded convolutions" against
        padding=1)."""
        if choice.obviousness in ("default", "absent"):
            return None
        code = _code_numbers(choice)
        if code and all(v == 0 for v in code):
            return None
        for concept in concepts_for(choice):
            c = vocab.concept(concept)
            if c is None or not c.negative_phrases:
                continue
            rx = _phrase_rx(c.negative_phrases)
            for f in self.index.facts:
                if not f.eligible or f.section_kind not in (
                    "method",
                    "experiments",
                    "body",
                    "abstract",
                    "intro",
                ):
                    continue
                m = rx.search(self.index.sentence(f.index).text)
                if m:
                    return m.group(), True, [self._evidence("value", f.index, m.group())]
        return None

    def _negates(self, i: int, h: _Hit) -> bool:
        """ "We do not use dropout", "without BN", "no data augmentation": a negation right before
        the mention, or "... is not used" right after it."""
        text = self.index.sentence(i).text
        for m in h.concept:
            before = text[max(0, m.start - 30) : m.start]
            after = text[m.end : m.end + 25]
            if re.search(
                r"\b(?:not|no|without|never|nor|neither|w/o)\b[^.,;]*$", before, re.I
            ) or re.search(r"^[^.,;]*\b(?:is|are|was|were)\s+not\b", after, re.I):
                return True
        return False

    # ── components: the paper names another one ──
    def _concepts_in_use(self) -> dict[str, list[int]]:
        """Concept → sentences where the paper states using it (method and setup sections)."""
        out: dict[str, list[int]] = {}
        for concept, mentions in self.index.mentions.items():
            for m in mentions:
                f = self._facts(m.sentence)
                if (
                    f.eligible
                    and f.usage
                    and not f.negated
                    and f.section_kind in ("method", "experiments", "body")
                ):
                    out.setdefault(concept, []).append(m.sentence)
        return out

    def _categorical(self, choice: Choice) -> tuple[str | None, bool, list[Evidence]]:
        concept = _component(choice)
        if concept is None:
            return None, False, []
        own = vocab.concept(concept)
        if own is None:
            return None, False, []
        if self._named_as_used(concept):
            return None, False, []
        if own.unstated and concept == choice.concept:
            return None, False, []  # compared by what the paper states instead (see assess)
        if concept != choice.concept:
            # a component a setting's value names (`encoder="gru"`): its declared alternatives
            rivals = list(own.alternatives)
        elif choice.concept in OUTPUT_ACTIVATIONS:
            rivals = [
                c
                for c in OUTPUT_ACTIVATIONS
                if c != choice.concept and (choice.concept, c) != ("softmax", "log_softmax")
            ]
        else:
            rivals = [
                name
                for name, c in vocab.concepts().items()
                if c.kind == choice.kind and name != choice.concept and name not in _GENERIC
            ]
        # the rival the paper states using most often (ties: vocabulary order), never a random pick
        rivals = sorted(
            rivals,
            key=lambda r: (
                -len(self._usage_concepts.get(r, ())),
                -len(self.index.mentions.get(r, ())),
            ),
        )
        for rival in rivals:
            if rival in ("log_softmax",) and choice.concept == "softmax":
                continue
            # a sentence naming both ("vertical and horizontal flips") does not use one instead
            sentences = [
                i
                for i in self._usage_concepts.get(rival, ())
                if not any(
                    m.concept == concept and not _inside_longer(m, self._sentence_mentions(i))
                    for m in self._sentence_mentions(i)
                )
            ]
            if sentences:
                i = sentences[0]
                return (
                    rival.replace("_", " "),
                    True,
                    [self._evidence("value", i, rival.replace("_", " "))],
                )
        return None, False, []

    def _named_anywhere(self, concept: str) -> bool:
        return any(self._facts(m.sentence).eligible for m in self.index.mentions.get(concept, ()))

    def _named_as_used(self, concept: str) -> bool:
        """The paper names the component as part of its own model: not only in related work or a
        baseline's description, and not only listed beside its rivals ("an RNN (LSTM, GRU)")."""
        cached = self._named_cache.get(concept)
        if cached is None:
            cached = self._named_cache[concept] = self._find_named_as_used(concept)
        return cached

    def _find_named_as_used(self, concept: str) -> bool:
        spec = vocab.concept(concept)
        rivals = set(spec.alternatives if spec else ())
        if spec is not None and spec.kind != "other":
            # an optimizer's rivals are all optimizers; "other" holds unrelated components
            rivals |= {
                n for n, c in vocab.concepts().items() if n != concept and c.kind == spec.kind
            }
        for m in self.index.mentions.get(concept, ()):
            f = self._facts(m.sentence)
            if not f.eligible or f.section_kind in ("related", "baselines"):
                continue
            text = self.index.sentence(m.sentence).text
            siblings = [r for r in self._sentence_mentions(m.sentence) if r.concept in rivals]
            if _inside_longer(m, siblings):
                continue  # "flip" inside "horizontal flip" names the horizontal one
            listed = any(
                r.concept in rivals
                and not _overlaps(m, r)
                and _LISTED_TOGETHER.fullmatch(text[min(m.end, r.end) : max(m.start, r.start)])
                for r in self._sentence_mentions(m.sentence)
            )
            if not listed:
                return True
        return False


#: what separates items of a list: "LSTM, GRU", "LSTM or GRU", "LSTM/GRU", "LSTMs and GRUs"
_LISTED_TOGETHER = re.compile(r"\s*(?:,|/|\bor\b|\band\b|,\s*(?:or|and)\b)?\s*")


def _inside_longer(m: Mention, others: Iterable[Mention]) -> bool:
    """The mention is part of a longer one of another concept ("flip" in "horizontal flip")."""
    return any(
        r.concept != m.concept
        and r.start <= m.start
        and m.end <= r.end
        and r.end - r.start > m.end - m.start
        for r in others
    )


#: how far into a sentence its subject, and so its topic, is looked for
_TOPIC_SPAN = 60


def code_modules(choices: Iterable[Choice]) -> tuple[str, ...]:
    """The classes that hold the code's choices, in order of first appearance."""
    return tuple(dict.fromkeys(c.scope.split(".")[0] for c in choices if "." in c.scope))


@functools.cache
def _module_phrase(cls: str) -> re.Pattern[str] | None:
    """How a paper names the module a class implements: its words in order ("CombinedAttn" →
    "combined attention", "combined-attention"; "BiAttn" → "bidirectional attention"); None
    for a class of fewer than two such words ("Net", "BasicBlock")."""
    words = _class_words(cls)
    if len(words) < 2:
        return None
    parts = [
        "(?:"
        + "|".join(
            re.escape(f)
            for f in sorted({f for w in forms for f in _inflections(w)}, key=len, reverse=True)
        )
        + ")"
        for forms in words
    ]
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(parts) + r"(?![\w-])", re.I)


def _class_words(cls: str) -> list[list[str]]:
    """The words of a class name that say what it does, each with the ways prose writes it
    (`CombinedAttnBlock` → [combined], [attention]); `module_words` in
    rules/vocabulary/words.yaml only say it is a module."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", cls)
    module_words = set(resources.load_yaml("vocabulary/words.yaml")["module_words"])
    out: list[list[str]] = []
    for token in snake.lower().split("_"):
        forms = [t for t in terms_for_name(token) if t not in module_words]
        if forms:
            out.append(forms)
    return out


def _module_of(choice: Choice) -> str | None:
    """The class a component choice sits in, where its name says what the module does
    (`CombinedAttn`, `SelfAttn`; not `Net` or `BasicBlock`): the paper may name that module."""
    if choice.kind != "other" or "." not in choice.scope:
        return None
    cls = choice.scope.split(".")[0]
    return cls if _module_phrase(cls) is not None else None


#: a norm or absolute value written in the text: "|u - v|", "||W||", "‖x‖"
_NORM_TERM = re.compile(r"(?:\|\||‖|\|)(?=[^|‖\s])[^|‖.;]{1,15}?(?<=\S)(?:\|\||‖|\|)")


#: code that computes what a norm or absolute value writes
_NORM_CALL = re.compile(r"\b(?:abs|absolute|fabs|norm|l1_norm|l2_norm)\s*\(")


def _squash(term: str) -> str:
    return re.sub(r"\s+", "", term).replace("−", "-").replace("‖", "||")


def _component(choice: Choice) -> str | None:
    """The concept a choice is compared by as a whole component (Adam against SGD), or None.
    Besides optimizers, losses, schedules, augmentations and output activations: a setting whose
    value names a component the vocabulary gives alternatives for (`encoder="gru"`, LSTM)."""
    if choice.concept in _GENERIC:
        return None  # "a custom schedule": what it computes is unknown, so nothing to compare
    if choice.kind in CATEGORICAL_KINDS or choice.concept in OUTPUT_ACTIVATIONS:
        return choice.concept
    if choice.kind == "other":
        for name in concepts_for(choice):
            spec = vocab.concept(name)
            if spec is not None and spec.kind == "other" and spec.alternatives:
                return name
    return None


@functools.cache
def _phrase_rx(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w-])", re.I)


#: a clause stating a purpose or a constraint: what follows it in the clause is its object
_PURPOSE = re.compile(r"\b(?:such that|so that|so as to|in order to|in order for)\b", re.I)


def _only_in_purpose(text: str, mentions: list[Mention]) -> bool:
    """Every mention of the choice sits inside a purpose clause ("so that the batch-norm
    statistics are stable"), after its cue and before the clause ends."""
    if not mentions:
        return False
    cues = [m.end() for m in _PURPOSE.finditer(text)]
    if not cues:
        return False
    for m in mentions:
        inside = any(
            end <= m.start and not re.search(r"[,;:()]", text[end : m.start]) for end in cues
        )
        if not inside:
            return False
    return True


#: name words every sibling setting has ("max_context_len", "max_question_len")
_WEAK_NAME_WORDS = frozenset(
    {"length", "lengths", "maximum", "max", "minimum", "min", "size", "number", "count", "total"}
)


def _inflections(word: str) -> tuple[str, ...]:
    """A code word and the forms prose writes it in: anneal → annealed, annealing;
    sample → sampled, sampling, samples."""
    stem = word[:-1] if word.endswith("e") and len(word) > 3 else word
    return (word, word + "s", stem + "ed", stem + "ing")


def _singular(word: str) -> str:
    """ "sizes" and "size", "sample" and "sampling" are one name word, not the two that make a
    mention."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    for suffix in ("ing", "ed", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _fits_kind(choice: Choice, n: Number) -> bool:
    """ "3×3" states a kernel (or resolution), never a width or a rate."""
    return choice.kind == "kernel_size" if n.dims else True


def _near(cue: tuple[int, int, str], spans: list[Mention], chars: int) -> bool:
    start, end, _ = cue
    return any(abs(start - m.start) <= chars or abs(end - m.end) <= chars for m in spans)


_NAME = re.compile(r"\b([A-Z][\w-]*[A-Z0-9-][\w-]*|[A-Z][a-z]+(?:-[A-Z][\w]*)+|[A-Z]{2,}\w*)\b")
_NOT_NAMES = frozenset(
    {"We", "The", "In", "Table", "Fig", "Figure", "Section", "Eq", "It", "This", "Our"}
)


_CITED = re.compile(
    r"([A-Za-z][\w-]+)\s+(?:as\s+(?:described|proposed|introduced|defined)\s+(?:by|in)|(?:from|of|by)\s+[A-Z][\w'-]+\s+et\s+al)"
)


def _cited_things(text: str) -> set[str]:
    """What a sentence cites: "Sentence-BERT as described by Reimers ...", "adapter from Houlsby
    et al. (2019)" (lower-cased). Only a sentence that introduces a cited method names one."""
    return {
        m.group(1).lower()
        for m in _CITED.finditer(text)
        if m.group(1).lower()
        not in _COMMON_OPENERS | {"the", "work", "paper", "method", "approach", "that"}
    }


_COMMON_OPENERS = frozenset(
    [
        "additionally",
        "also",
        "finally",
        "first",
        "then",
        "next",
        "however",
        "moreover",
        "furthermore",
        "here",
        "there",
        "each",
        "every",
        "all",
        "both",
        "these",
        "those",
        "this",
        "that",
        "when",
        "while",
        "since",
        "because",
        "although",
        "instead",
    ]
)


def _names(text: str) -> set[str]:
    """Proper names and acronyms a sentence mentions (Sentence-BERT, PALs, GRU), to tell whether
    two sentences talk about the same method."""
    return {m.group(1) for m in _NAME.finditer(text)} - _NOT_NAMES


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


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


@functools.cache
def _dataset_regexes() -> dict[str, list[re.Pattern[str]]]:
    from paperlint.paper.index import _cues

    cues = _cues()["dataset_scope"]
    return {k: [re.compile(p, re.I) for p in cues[k]] for k in ("named", "scopes", "bare_scopes")}


#: words that open a noun phrase but name no dataset ("The ImageNet dataset", "This dataset")
_NOT_A_NAME = frozenset(
    {
        "the", "a", "an", "this", "that", "these", "those", "each", "every", "our", "their",
        "its", "both", "all", "which", "other", "same", "new", "first", "second", "third",
        "last", "large", "small", "public", "real", "synthetic", "standard", "full", "original",
    }
)  # fmt: skip


def _dataset_key(name: str) -> str:
    """A dataset name as compared: lower case, letters and digits only, without a path or a
    leading article (`'data/MovieLens-1M'` → ``movielens1m``, "The Yelp" → ``yelp``)."""
    name = name.strip().strip("'\"").replace("\\", "/").rsplit("/", 1)[-1]
    words = name.split()
    while words and words[0].lower() in _NOT_A_NAME:
        words = words[1:]
    return re.sub(r"[^0-9a-z]", "", " ".join(words).lower())


def _same_dataset(a: str, b: str) -> bool:
    """One name is the other, or starts it ("movielens" and "movielens1m"), but a number is
    never the start of another ("cifar10" is not "cifar100")."""
    short, long = sorted((a, b), key=len)
    if len(short) < 3 or not long.startswith(short):
        return a == b
    rest = long[len(short) :]
    return not (rest and short[-1].isdigit() and rest[0].isdigit())


def _code_datasets(context: Iterable[Choice]) -> dict[str, set[str]]:
    """file → the datasets its settings name."""
    out: dict[str, set[str]] = {}
    for c in context:
        if c.concept == "dataset_name":
            key = _dataset_key(c.value)
            if key:
                out.setdefault(c.file, set()).add(key)
    return out


def _agrees(choice: Choice, n: Number, code: Iterable[float]) -> bool:
    code = tuple(code)
    if n.dims:
        if choice.kind == "channels" and len(n.dims) == 4 and n.dims[0] == n.dims[1]:
            # a filter's shape, "3 × 3 × 3 × 32": k × k × input channels × output channels
            return any(same_value(float(n.dims[3]), c) for c in code)
        if choice.kind in ("channels", "depth", "heads") and len(set(n.dims[:2])) == 1:
            return False  # "3 × 3" is a spatial size (a kernel, an image), not 3 channels
        return any(same_value(float(n.dims[0]), c) for c in code)
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
        if (
            choice.param in ("gamma", "factor", "decay_rate")
            and n.value
            and same_value(1 / n.value, c)
        ):
            return True  # "divided by 10" is a decay factor of 0.1
    return False


def warm_up() -> None:
    """Load and compile, ahead of the first choice, what every linker uses: the vocabulary's
    value patterns, the signature tables, the dataset cues (a few hundred regular expressions)."""
    for name, concept in vocab.concepts().items():
        if concept.value_patterns:
            _value_patterns(name)
    signature_table()
    _dataset_regexes()


def link(
    choices: Iterable[Choice], index: PaperIndex, context: Iterable[Choice] = ()
) -> list[Assessment]:
    """Assess every choice; ``context``: the code's settings of kind ``context`` (its dataset)."""
    choices = list(choices)
    linker = Linker(index, context, code_modules(choices))
    return inherit_argument_mismatches(choices, [linker.assess(c) for c in choices])


def assess_with_built_index(
    choices: tuple[Choice, ...], context: tuple[Choice, ...], modules: tuple[str, ...]
) -> list[Assessment]:
    """Assessments of ``choices`` against the index this worker has just built (the builder's
    share of the linking, :meth:`paperlint.paper.PaperJob.run_in_builder`)."""
    from paperlint.paper import built_index

    linker = Linker(built_index(), context, modules)
    return [linker.assess(c) for c in choices]


def inherit_argument_mismatches(
    choices: list[Choice], assessments: list[Assessment]
) -> list[Assessment]:
    """A component is configured by its arguments: `SGD(momentum=0.9)` against a paper that
    states momentum 0.99 is a mismatch of the optimizer as written, not only of one number.
    The component's assessment takes the argument's paper value and evidence, and names the
    argument in ``mismatch_of`` so that rules report the disagreement once."""
    by_id = {a.choice: a for a in assessments}
    components: dict[tuple[str, int, str], str] = {}
    for c in choices:
        if c.source == "call" and c.symbol:
            components.setdefault((c.file, c.line, c.symbol), c.id)
    out = {a.choice: a for a in assessments}
    for c in choices:
        a = by_id.get(c.id)
        if c.source != "argument" or a is None or not a.mismatch:
            continue
        parent = components.get((c.file, c.line, c.symbol))
        if parent is None or by_id[parent].mismatch or c.obviousness == "default":
            # a default the code never wrote (Adam's weight_decay=0) is not how the component
            # was configured; the paper's value may be implemented elsewhere (in the loss)
            continue
        pa = out[parent]
        out[parent] = replace(
            pa,
            mismatch=True,
            paper_value=f"{c.param} {a.paper_value}",
            mismatch_of=c.id,
            evidence=pa.evidence + tuple(e for e in a.evidence if e.type == "value"),
        )
    return [out[a.choice] for a in assessments]
