"""The paper as the evidence recognisers query it: which sentences name a choice, how much each
counts as the paper's own statement of it, which module a sentence is about, and the values it
states. Built once per paper (:class:`PaperView`); what it works out per concept is kept."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from paperlint import vocab
from paperlint.link import naming, tables
from paperlint.link.values import ValueReader, agrees, compared_value
from paperlint.model import Choice, Evidence
from paperlint.paper.index import Mention, PaperIndex, SentenceFacts, search_terms, terms_for_name
from paperlint.paper.index import words as vocabulary_words
from paperlint.paper.numbers import Number

_QUOTE_MAX = 400
#: a sentence about the paper's own work: "we", "our", "in this work", "presented here"
_OWN_WORK = re.compile(
    r"\b(?:we|our|us)\b|\bin this (?:work|paper|report|project|study)\b|\bpresented here\b", re.I
)
#: how far into a sentence its subject, and so its topic, is looked for
_TOPIC_SPAN = 60


@dataclass
class Hit:
    """What names a choice in one sentence."""

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


class PaperView:
    def __init__(
        self, index: PaperIndex, context: Iterable[Choice] = (), modules: Iterable[str] = ()
    ) -> None:
        """``context``: the code's settings of kind ``context`` (its dataset); ``modules``: the
        code's classes that hold choices (:func:`naming.code_modules`), to tell which one a
        sentence is about."""
        self.index = index
        self.doc = index.document
        self.context = tuple(context)
        self.module_phrases = {
            cls: rx for cls in modules if (rx := naming.module_phrase(cls)) is not None
        }
        self._topics: dict[int, str | None] = {}
        self._module_cache: dict[str, dict[int, list[Mention]]] = {}
        self.section_titles = tuple(
            dict.fromkeys(
                s.title
                for s in self.doc.sections
                if s.role not in ("references", "acknowledgements")
            )
        )
        self._named_cache: dict[str, bool] = {}  # concept → named as the paper's own component
        self._by_sentence: dict[int, list[Mention]] | None = None
        self.values = ValueReader(self, self.context)
        self.usage_concepts = self._concepts_in_use()
        #: what a recogniser works out once per paper (its own key), kept for every choice
        self.memo: dict[str, object] = {}

    # ── sentences ──
    def facts(self, i: int) -> SentenceFacts:
        return self.index.facts[i]

    def text(self, i: int) -> str:
        return self.index.sentence(i).text

    def evidence(self, kind: str, sentence: int, cue: str = "") -> Evidence:
        s = self.index.sentence(sentence)
        quote = s.text if len(s.text) <= _QUOTE_MAX else s.text[: _QUOTE_MAX - 1] + "…"
        return Evidence(kind, s.page, self.doc.section_title(s), quote, cue, sentence)

    def same_section(self, i: int, j: int) -> bool:
        return self.index.sentence(i).section == self.index.sentence(j).section

    def sentence_mentions(self, i: int) -> list[Mention]:
        """Every concept mention of sentence ``i``."""
        cache = self._by_sentence
        if cache is None:
            cache = {}
            for ms in self.index.mentions.values():
                for m in ms:
                    cache.setdefault(m.sentence, []).append(m)
            self._by_sentence = cache
        return cache.get(i, [])

    # ── mentions of a choice ──
    def hits(self, choice: Choice) -> dict[int, Hit]:
        """Sentence → what names the choice there: its concepts, a value stated for them, its
        name words, the module it sits in."""
        hits: dict[int, Hit] = {}
        own = naming.own_concepts(choice)
        family, unless = tables.broader(choice.concept)
        for c in naming.concepts_for(choice):
            for m in self.index.mentions.get(c, ()):
                if c in family and any(
                    o.concept in unless for o in self.sentence_mentions(m.sentence)
                ):
                    continue  # "a softmax with a cross-entropy" names the categorical one
                hit = hits.setdefault(m.sentence, Hit())
                (hit.concept if c in own else hit.parent).append(m)
            # "a batch size of 256", "64 filters": a stated value is a mention too
            for i, num in self.values.pattern_values(c):
                if self.values.anchored(choice, c, i, num):
                    hits.setdefault(i, Hit()).stated.append(num)
        # the paper's own method's name (a `lora_r` in the LoRA paper) tells no setting apart
        own = self.values.scopes.own_names()
        whole = (
            naming.full_name_phrases(choice)
            + [p.lower() for p in naming.term_weight_phrases(choice)]
            + naming.architecture_names(choice)
        )
        name_terms = (
            [t for t in naming.name_terms(choice) if t.lower() not in own]
            + self.symbol_terms(choice)
            + whole
        )
        switch = naming.switch_words(choice)
        name_terms += [t for t in switch if t not in name_terms]
        if name_terms:
            for m in search_terms(self.index, name_terms):
                hits.setdefault(m.sentence, Hit()).name.append(m)
        for i, m in self.symbol_values(choice):
            hits.setdefault(i, Hit()).name.append(m)
        module = naming.module_of(choice)
        if module is not None and choice.source == "argument":
            # a component argument is also named by the module it sits in
            for i, ms in self.module_mentions(module).items():
                hits.setdefault(i, Hit()).module.extend(ms)
        code = naming.code_numbers(choice)
        trivial = tables.trivial_values()
        if code and any(v not in trivial for v in code):
            for i, h in hits.items():
                f = self.facts(i)
                h.value = [
                    n
                    for n in f.numbers
                    if agrees(choice, n, code)
                    and compared_value(choice, n) not in trivial
                    and (n.dims or choice.kind != "kernel_size")
                ]
        out = {}
        greek = naming.greek_symbol_of(choice)
        size = tables.kind(choice.kind).size
        for i, h in hits.items():
            if size and code and not h.value and self.values.states_other_value(choice, i, code):
                continue  # a size stated for another layer or model
            # A name word alone is weak evidence ("size"): keep it with its value, or when two
            # distinct name words meet. The parent component of an argument ("convolution" for
            # a stride) only counts when the argument's value is in the sentence too.
            if (
                h.concept
                or h.stated
                or h.module
                or (h.value and (h.parent or h.name))
                or _name_phrase(h.name, self.text(i), choice.param)
                or (switch and _words_near(h.name, _SWITCH_SPAN))  # "it shares ... adapter"
                or _greek_symbol(h.name)
                or _identifier(h.name)
                or any(m.text.lower() in whole for m in h.name)  # "teacher model"
                or (greek and any(m.concept == "~" + greek for m in h.name))  # "τ = 3.0"
            ):
                out[i] = h
        return dict(sorted(out.items()))

    def symbol_terms(self, choice: Choice) -> list[str]:
        """A setting named by a single letter the paper also uses as a symbol: the letter, and the
        noun the paper names the symbol by ("the rank r")."""
        sym = naming.symbol_of(choice)
        if not sym:
            return []
        noun = self.index.symbol_nouns.get(sym) or self.index.symbol_nouns.get(sym.swapcase())
        return [sym, noun] if noun else []

    def _symbol_by_noun(self, choice: Choice) -> str:
        """The letter the paper names by a word of the setting's name ("the channel dimension C"
        for `embed_dim`): a setting whose name has no letter of its own is written as that symbol
        ("C = 768"), which counts only with the code's value beside it."""
        terms = {t.lower() for t in naming.name_terms(choice)}
        found = {s for s, noun in self.index.symbol_nouns.items() if noun.lower() in terms}
        found |= {s for s, nouns in self._written_symbols().items() if nouns & terms}
        if not found:
            # the paper's own definition of a letter ("where d is the hidden size", "S denotes
            # the stride"): every word it defines the letter by is a word of the setting's name
            singular = {naming.singular(t) for t in terms}
            found = {
                s
                for s, definitions in self._defined_symbols().items()
                if any(d <= singular for d in definitions)
            }
        return next(iter(found)) if len(found) == 1 else ""

    def _defined_symbols(self) -> dict[str, list[frozenset[str]]]:
        """Letters the paper defines in words, each with the words of what it stands for
        ("where d is the hidden size" → d: {hidden, size}; "C denotes the number of channels"
        → C: {channel}), as :func:`naming.singular` writes them."""
        found = self.memo.get("defined_symbols")
        if found is None:
            definition = tables.pattern("notation.symbol_definition")
            stop = set(vocabulary_words()["stopwords"])
            found = {}
            for f in self.index.facts:
                if not f.eligible:
                    continue
                for m in definition.finditer(self.text(f.index)):
                    named = [w for w in m.group(2).lower().split() if w not in stop]
                    if named:
                        words = frozenset(naming.singular(w) for w in named)
                        found.setdefault(m.group(1), []).append(words)
            self.memo["defined_symbols"] = found
        return found  # type: ignore[return-value]

    def letter_of_name(self, choice: Choice) -> str:
        """The single letter a setting is named by (the `r` of `adapter_r`), where the paper defines
        that letter as a symbol ("a decomposition of rank r"): the code mirrors the paper's
        notation, so "r = 8" states the setting's value."""
        sym = naming.symbol_of(choice)
        return sym if sym and sym in self.index.symbol_nouns else ""

    def defined_symbol(self, choice: Choice) -> str:
        """The letter the paper defines for a word of the setting's name ("a decomposition of
        rank r" for `rank`, "the channel dimension C" for `embed_dim`): the noun written right
        before the letter where the paper introduces it. A letter the paper never defines, or
        defines for another word, is no notation for the setting; two such letters, no single one."""
        terms = {t.lower() for t in naming.name_terms(choice)}
        found = {s for s, noun in self.index.symbol_nouns.items() if noun.lower() in terms}
        return next(iter(found)) if len(found) == 1 else ""

    def _written_symbols(self) -> dict[str, set[str]]:
        """Symbols the paper sets equal to a number somewhere ("Nsup = 16", "K = 7"), each with
        the words written right beside it ("updated for Nsup steps"): a subscripted symbol such
        as N_sup is flattened to one token the noun-symbol reading of the index does not know."""
        found = self.memo.get("written_symbols")
        if found is None:
            texts = [self.text(f.index) for f in self.index.facts if f.eligible]
            symbols = {
                m.group(1)
                for t in texts
                for m in _SYMBOL_EQUALS.finditer(t)
                if m.group(1)[0].isupper()
            }
            found = {}
            for t in texts:
                for m in _TOKEN_PAIR.finditer(t):
                    a, b = m.group(1), m.group(2)
                    if a in symbols and b.islower():
                        found.setdefault(a, set()).add(b)
                    if b in symbols and a.islower():
                        found.setdefault(b, set()).add(a)
            self.memo["written_symbols"] = found
        return found  # type: ignore[return-value]

    def symbol_values(self, choice: Choice) -> list[tuple[int, Mention]]:
        """Where the paper writes the setting's letter equal to the code's value ("N = 12" for
        `n = 12`): a mention of the setting. A Greek letter the setting's name spells out
        (`distillation_tau`, "τ = 3.0") names it whatever the value."""
        greek = naming.greek_symbol_of(choice)
        sym = greek or naming.symbol_of(choice) or self._symbol_by_noun(choice)
        code = naming.code_numbers(choice)
        if not sym or not code:
            return []
        rx = re.compile(rf"(?<![\w]){re.escape(sym)}\s*=\s*", re.I)
        out = []
        for f in self.index.facts:
            if not f.eligible or not f.numbers:
                continue
            text = self.text(f.index)
            for m in rx.finditer(text):
                n = next((n for n in f.numbers if n.start == m.end()), None)
                if n is not None and (greek or agrees(choice, n, code)):
                    out.append(
                        (
                            f.index,
                            Mention(f.index, "~" + sym, m.start(), n.end, text[m.start() : n.end]),
                        )
                    )
        return out

    # ── statements of the paper's own method ──
    def score(self, choice: Choice, i: int, h: Hit) -> int:
        """How much sentence ``i`` reads as the paper's statement of its own use of the choice:
        its section, a usage verb, the code's value, the role of the line."""
        f = self.facts(i)
        s = self.index.sentence(i)
        kind = "method" if f.in_setup_section and f.section_kind == "appendix" else f.section_kind
        if kind == "related" and _OWN_WORK.search(s.text):
            kind = "body"  # the paper's own choice, stated while it reviews earlier work
        score = tables.section_weight(kind)
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
        if choice.obviousness == "absent" and h.concept and self.negates(i, h):
            score += 4  # "We do not use dropout" is the paper's own statement of this very choice
        return score

    def primary(self, choice: Choice, hits: dict[int, Hit]) -> list[int]:
        """The (up to three) sentences that best state the paper's own use of the choice."""
        scored = sorted(
            ((self.score(choice, i, h), i) for i, h in hits.items()), key=lambda p: (-p[0], p[1])
        )
        if not scored:
            return []
        best = scored[0][0]
        if best < 2:
            return []
        return [i for sc, i in scored if sc >= best - 1][:3]

    def negates(self, i: int, h: Hit) -> bool:
        """ "We do not use dropout", "without BN", "no data augmentation", "we removed the
        normalization step": a negation right before the mention, or "... is not used",
        "..., which we exclude" right after it."""
        text = self.text(i)
        for m in h.concept:
            before = text[max(0, m.start - 30) : m.start]
            after = text[m.end : m.end + 25]
            if re.search(
                r"\b(?:not|no|without|never|nor|neither|w/o)\b[^.,;]*$", before, re.I
            ) or re.search(r"^[^.,;]*\b(?:is|are|was|were)\s+not\b", after, re.I):
                return True
            if tables.pattern("values.left_out_before").search(before):
                return True  # "we removed the normalization step"
            if tables.pattern("values.left_out_after").search(text[m.end : m.end + 40]):
                return True  # "dropout, which we exclude from our training"
        return False

    # ── modules ──
    def topic(self, i: int) -> str | None:
        """The code module a sentence is about: the one it names first, near its start, where a
        subject is; None when it names none there (a sentence about the setup)."""
        if i not in self._topics:
            text = self.text(i)[:_TOPIC_SPAN]
            named = [
                (m.start(), cls)
                for cls, rx in self.module_phrases.items()
                if (m := rx.search(text)) is not None
            ]
            self._topics[i] = min(named)[1] if named else None
        return self._topics[i]

    def about_other_module(self, choice: Choice, i: int) -> bool:
        """The sentence is about another of the code's named modules than the one the choice is
        in. Only a choice in a module the paper can name counts: a setting outside any class,
        or in `class Net`, may well be what a sentence about a named module configures."""
        own = choice.scope.split(".")[0] if "." in choice.scope else ""
        if own not in self.module_phrases:
            return False
        topic = self.topic(i)
        return topic is not None and topic != own

    def module_mentions(self, cls: str) -> dict[int, list[Mention]]:
        """Where the paper names the module a class implements: sentence → its mentions."""
        found = self._module_cache.get(cls)
        if found is None:
            rx = naming.module_phrase(cls)
            found = {}
            for f in self.index.facts if rx is not None else ():
                if not f.eligible:
                    continue
                for m in rx.finditer(self.text(f.index)):
                    found.setdefault(f.index, []).append(
                        Mention(f.index, "module", m.start(), m.end(), m.group())
                    )
            self._module_cache[cls] = found
        return found

    # ── components the paper names ──
    def _concepts_in_use(self) -> dict[str, list[int]]:
        """Concept → sentences where the paper states using it (method and setup sections)."""
        out: dict[str, list[int]] = {}
        for concept, mentions in self.index.mentions.items():
            for m in mentions:
                f = self.facts(m.sentence)
                if (
                    f.eligible
                    and f.usage
                    and not f.negated
                    and f.section_kind in ("method", "experiments", "body")
                ):
                    out.setdefault(concept, []).append(m.sentence)
        return out

    def named_anywhere(self, concept: str) -> bool:
        return any(self.facts(m.sentence).eligible for m in self.index.mentions.get(concept, ()))

    def named_as_used(self, concept: str) -> bool:
        """The paper names the component as part of its own model: not only in related work or
        a baseline's description, and not only listed beside its rivals ("an RNN (LSTM, GRU)")."""
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
        listed_together = tables.pattern("components.listed_together")
        for m in self.index.mentions.get(concept, ()):
            f = self.facts(m.sentence)
            if not f.eligible or f.section_kind in ("related", "baselines"):
                continue
            text = self.text(m.sentence)
            siblings = [r for r in self.sentence_mentions(m.sentence) if r.concept in rivals]
            if inside_longer(m, siblings):
                continue  # "flip" inside "horizontal flip" names the horizontal one
            listed = any(
                r.concept in rivals
                and not overlaps(m, r)
                and listed_together.fullmatch(text[min(m.end, r.end) : max(m.start, r.start)])
                for r in self.sentence_mentions(m.sentence)
            )
            if not listed:
                return True
        return False


#: a symbol set equal to a number ("Nsup = 16", "K = 7")
_SYMBOL_EQUALS = re.compile(r"(?<![\w.])([A-Za-z][A-Za-z0-9]{0,5})\s*=\s*\d")
#: two tokens side by side ("Nsup steps", "dimension C")
_TOKEN_PAIR = re.compile(
    r"(?=(?<![\w-])([A-Za-z][A-Za-z0-9]{0,11})\s+([A-Za-z][A-Za-z0-9]{0,11})(?![\w-]))"
)

#: Greek letters: a setting named after one (`smoothing_alpha`, `distillation_tau`) is the paper's
#: symbol, which a sentence writes alone ("we simply set α to ...")
_GREEK = frozenset("αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ")


def _greek_symbol(words: list[Mention]) -> bool:
    """A setting's name word written as its Greek letter ("α" for `alpha`): research code names a
    setting after the paper's symbol, and a symbol, unlike a word such as "size", names one thing
    where the paper uses it, so it names the setting without its value beside it."""
    return any(len(m.text) == 1 and m.text in _GREEK for m in words)


def _identifier(words: list[Mention]) -> bool:
    """A setting's name word that is a letter and a digit ("C5" for `use_c5`, "P6" for
    `p6_source`): like a symbol, an identifier names one thing (a feature level, a layer) wherever
    the paper writes it (rules/cues/examples/mention/named_by_an_identifier)."""
    return any(len(m.text) == 2 and m.text[0].isalpha() and m.text[1].isdigit() for m in words)


#: what may join two words of a setting's name as prose writes it: a hyphen, a slash or a
#: preposition between them (examples: rules/cues/examples/citation/name_words_joined_by_a_preposition)
_NAME_JOINER = re.compile(r"\s*(?:[-/]|\s(?:of|for|by|in|on|at|with|per)(?:\s+the)?\s)?\s*", re.I)


def _name_phrase(words: list[Mention], text: str = "", name: str = "") -> bool:
    """Two distinct words of a setting's name side by side, as its name is written (`pool_size`
    as "pool size", "size of the pool"), not apart in a sentence about other things ("no
    pooling ..., which keeps the output size"); with the setting's ``name``, only two words as
    specific as it (:func:`_as_specific_as`)."""
    for a in words:
        for b in words:
            if naming.singular(a.text) == naming.singular(b.text) or b.start < a.end:
                continue
            joined = b.start - a.end <= 4 or (
                text and _NAME_JOINER.fullmatch(text[a.end : b.start])
            )
            if joined and (not name or _as_specific_as(name, a.text, b.text)):
                return True
    return False


def _as_specific_as(name: str, a: str, b: str) -> bool:
    """Do two words of a setting's name name it? They do when neither is a generic size word
    (`grad_norm` as "gradient norm"), or when they are every word of its name (`pool_size` as
    "pool size"). A generic word with one other leaves out what sets the setting apart: a
    `MIN_SIZE_RANGE_TRAIN` is not any "size range" (the regression range of a pyramid level)."""
    weak = {naming.singular(w) for w in tables.word_list("weak_name_words")}
    pair = {naming.singular(a.lower()), naming.singular(b.lower())}
    if len(pair - weak) >= 2:
        return True
    for token in re.split(r"[_.\W]+", name.lower()):
        forms = {naming.singular(t.lower()) for t in terms_for_name(token)}
        if forms and not forms & pair:
            return False  # a word of the name the two leave out
    return True


#: how close the two words of an on/off switch's name must be written: one clause
_SWITCH_SPAN = 80


def _words_near(words: list[Mention], chars: int) -> bool:
    """Two distinct words of a setting's name within ``chars`` characters of each other."""
    return any(
        naming.singular(a.text) != naming.singular(b.text) and 0 <= b.start - a.end <= chars
        for a in words
        for b in words
    )


def inside_longer(m: Mention, others: Iterable[Mention]) -> bool:
    """The mention is part of a longer one of another concept ("flip" in "horizontal flip")."""
    return any(
        r.concept != m.concept
        and r.start <= m.start
        and m.end <= r.end
        and r.end - r.start > m.end - m.start
        for r in others
    )


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def near(cue: tuple[int, int, str], spans: list[Mention], chars: int) -> bool:
    """A cue within ``chars`` characters of one of the mentions."""
    start, end, _ = cue
    return any(abs(start - m.start) <= chars or abs(end - m.end) <= chars for m in spans)
