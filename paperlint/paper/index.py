"""What each sentence of the paper says, computed once per paper.

spaCy matchers built from ``rules/`` find concept mentions (``PhraseMatcher`` on ``LOWER`` for
phrases, on ``ORTH`` for case-sensitive abbreviations: "BN" but not "bn") and cue phrases;
regular expressions from ``rules/cues/evidence.yaml`` find citation markers and patterns;
:mod:`paperlint.paper.numbers` finds values. The result is plain data, one
:class:`SentenceFacts` per sentence and the mentions of every concept.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from paperlint import resources, vocab
from paperlint.model import Document, Sentence
from paperlint.paper.numbers import Number, numbers_in

EVIDENCE_ROLES = frozenset({"body", "abstract", "caption", "table", "footnote"})


@dataclass(frozen=True)
class Mention:
    sentence: int
    concept: str
    start: int  # character offsets in the sentence text
    end: int
    text: str


@dataclass(frozen=True)
class SentenceFacts:
    index: int
    citations: tuple[tuple[int, int, str], ...] = ()  # (start, end, marker)
    citation_phrases: tuple[tuple[int, int, str], ...] = ()
    #: where the sentence names a work the paper cites elsewhere ("as in DetNet", after
    #: "DetNet [15]" somewhere): (start, end, name)
    named_citations: tuple[tuple[int, int, str], ...] = ()
    reasoning: tuple[tuple[int, int, str], ...] = ()
    empirical: tuple[tuple[int, int, str], ...] = ()
    ablation: tuple[tuple[int, int, str], ...] = ()
    negated: bool = False
    usage: bool = False
    numbers: tuple[Number, ...] = ()
    eligible: bool = True
    in_ablation_section: bool = False
    #: in a section that states the paper's setup (implementation or training details, the
    #: hyper-parameters used), an appendix's included
    in_setup_section: bool = False
    in_experiments: bool = False
    in_related_work: bool = False
    section_kind: str = (
        "body"  # abstract | intro | related | method | experiments | conclusion | appendix | body
    )


@dataclass(frozen=True)
class PaperIndex:
    document: Document
    facts: tuple[SentenceFacts, ...]
    mentions: dict[str, tuple[Mention, ...]]
    #: symbols the paper defines for a concept: "learning rate η" → {"η": "learning_rate"}
    symbols: dict[str, str] = field(default_factory=dict)
    #: the names of cited works ("DetNet [15]" → {"DetNet": "[15]"}): a later "as in
    #: DetNet" cites it by name
    cited_names: dict[str, str] = field(default_factory=dict)
    #: single-letter symbols the paper names by a noun, the noun right before them ("the rank
    #: r" → {"r": "rank"}): a setting named `lora_r` is the rank
    symbol_nouns: dict[str, str] = field(default_factory=dict)

    def sentence(self, i: int) -> Sentence:
        return self.document.sentences[i]


@functools.cache
def cues() -> dict:
    return resources.load_yaml("cues/evidence.yaml")


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex (for ``re.I``) matching any of ``phrases``, the longest first where several match
    at one place: what ``"|".join`` of them sorted longest-first matches, as a trie.

    Python's ``re`` tries every alternative of a flat alternation at every position of the
    text; the cue lists have over a hundred phrases, read in every sentence of the paper, so
    the flat form was a third of the index's time. In a trie the phrases that share a start
    share its test. It gives the same matches: the phrases that match at one place are
    prefixes of one another, one path of the trie, and each node tries its longer branches
    before the phrase that ends there, so a match that a lookahead after it refuses backs off
    to the next shorter phrase, as the flat form would. Phrases are lower-cased (a letter that
    lower-cases to several, like "İ", is kept) so that two spellings of one phrase are one path.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            low = ch.lower()
            node = node.setdefault(low if len(low) == 1 else ch, {})
        node[""] = {}  # a phrase ends here

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ("|" if "" in node else "") + ")"

    return emit(trie) if trie else "(?!)"


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w/])(?:" + phrase_alternation(phrases) + r")(?![\w])", re.I)


@functools.cache
def _cue_regexes() -> dict[str, re.Pattern[str] | list[re.Pattern[str]]]:
    c = cues()
    return {
        "citation_markers": [re.compile(p) for p in c["citation"]["markers"]],
        "citation_phrases": _phrase_regex(c["citation"]["phrases"]),
        "reasoning": _phrase_regex(c["reasoning"]["phrases"]),
        "reasoning_patterns": [re.compile(p, re.I) for p in c["reasoning"].get("patterns", [])],
        "empirical": _phrase_regex(c["empirical_claim"]["phrases"]),
        "empirical_patterns": [
            re.compile(p, re.I) for p in c["empirical_claim"].get("patterns", [])
        ],
        "ablation": _phrase_regex(c["ablation"]["phrases"]),
        "ablation_patterns": [re.compile(p, re.I) for p in c["ablation"].get("patterns", [])],
        "ablation_sections": _phrase_regex(c["ablation"]["sections"]),
        # only whether one of them is in the sentence counts: one search for the lot
        "negation": _any_of(c["negation"]["patterns"]),
        "usage": _any_of(c["usage"]["patterns"]),
    }


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex that finds a match wherever one of ``patterns`` would."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.I)


def _spans(rx: re.Pattern[str], text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), m.group()) for m in rx.finditer(text))


@functools.cache
def _matchers():
    from paperlint.paper.nlp import import_spacy, pipeline

    import_spacy()  # first: without spaCy's command-line interface
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    orth = PhraseMatcher(nlp.vocab, attr="ORTH")
    for name, c in vocab.concepts().items():
        if c.phrases:
            lower.add(name, [nlp.make_doc(p) for p in c.phrases])
        if c.abbreviations:
            orth.add(name, [nlp.make_doc(a) for a in c.abbreviations])
    return nlp, lower, orth


def build_index(doc: Document) -> PaperIndex:
    from paperlint.paper.nlp import pipeline  # noqa: F401 - ensures the component is registered

    nlp, lower, orth = _matchers()
    rx = _cue_regexes()
    section_role = {s.index: s.role for s in doc.sections}
    section_title = {s.index: s.title for s in doc.sections}
    # an ablation section is one whose title, or a parent's, names an analysis
    ablation_sections = set()
    setup_sections = set()
    experiment_sections = set()
    related_sections = set()
    section_kind: dict[int, str] = {}
    parent_titles: list[str] = []
    parent_kinds: list[str] = []
    parent_setup: list[bool] = []
    for s in doc.sections:
        parent_titles = [*parent_titles[: max(0, s.level - 1)], s.title]
        parent = parent_kinds[s.level - 2] if 1 < s.level <= len(parent_kinds) + 1 else ""
        joined = " / ".join(parent_titles)
        if rx["ablation_sections"].search(s.title):
            ablation_sections.add(s.index)
        if _setup_title().search(s.title) or parent_setup[: max(0, s.level - 1)][-1:] == [True]:
            setup_sections.add(s.index)  # a subsection of a setup section states the setup too
        parent_setup = [*parent_setup[: max(0, s.level - 1)], s.index in setup_sections]
        if re.search(
            r"experiment|result|evaluation|ablation|analysis|comparison|study", joined, re.I
        ):
            experiment_sections.add(s.index)
        if re.search(r"related work|prior work|background|literature", joined, re.I):
            related_sections.add(s.index)
        section_kind[s.index] = _section_kind(s.role, s.title, joined, parent)
        parent_kinds = [*parent_kinds[: max(0, s.level - 1)], section_kind[s.index]]
    facts: list[SentenceFacts] = []
    mentions: dict[str, list[Mention]] = defaultdict(list)
    eligible = [
        s
        for s in doc.sentences
        if s.role in EVIDENCE_ROLES
        and section_role.get(s.section, "body") not in ("references", "acknowledgements")
    ]
    eligible_ids = {s.index for s in eligible}
    contexts = {
        name: re.compile(c.context, re.I) for name, c in vocab.concepts().items() if c.context
    }
    not_contexts = {
        name: re.compile(c.not_context, re.I)
        for name, c in vocab.concepts().items()
        if c.not_context
    }
    shadows = {name: set(c.shadows) for name, c in vocab.concepts().items() if c.shadows}
    max_citation = _max_citation_number(doc)
    docs = nlp.tokenizer.pipe([s.text for s in eligible], batch_size=256)
    by_index = {}
    for s, sdoc in zip(eligible, docs, strict=True):
        by_index[s.index] = sdoc
        seen: set[tuple[str, int]] = set()
        found: list[Mention] = []
        abbreviated: list[Mention] = []
        for matcher in (lower, orth):
            for match_id, start, end in matcher(sdoc):
                concept = nlp.vocab.strings[match_id]
                span = sdoc[start:end]
                key = (concept, span.start_char)
                if key in seen:
                    continue
                if concept in contexts and not contexts[concept].search(s.text):
                    continue  # "mean absolute error" reported as a metric is not a loss
                if concept in not_contexts and not_contexts[concept].search(s.text):
                    continue  # "the loss is normalized by the number of positives": no layer
                if _WISE.match(s.text, span.end_char):
                    continue  # "depth-wise", "channel-wise": a manner, not the depth or channels
                seen.add(key)
                m = Mention(s.index, concept, span.start_char, span.end_char, span.text)
                (abbreviated if matcher is orth else found).append(m)
        found.extend(abbreviated)
        for m in found:
            # "resolution" inside "resolution multiplier" is the multiplier, not the input size
            if not any(
                m.concept in shadows.get(o.concept, ()) and o.start <= m.start and m.end <= o.end
                for o in found
            ):
                mentions[m.concept].append(m)
    _drop_undefined_abbreviations(mentions, doc)
    markers_of: dict[int, list[tuple[int, int, str]]] = {}
    cited: dict[str, str] = {}
    for s in eligible:
        markers: list[tuple[int, int, str]] = []
        for r in rx["citation_markers"]:
            markers.extend(
                (m.start(), m.end(), m.group())
                for m in r.finditer(s.text)
                if _plausible_citation(m.group(), max_citation)
            )
        markers_of[s.index] = markers
        for start, _end, marker in markers:
            name = _cited_name(s.text[:start])
            if name:
                cited.setdefault(name, marker)
    named_rx = _names_regex(cited)
    for s in doc.sentences:
        if s.index not in eligible_ids:
            facts.append(SentenceFacts(s.index, eligible=False))
            continue
        text = s.text
        markers = markers_of[s.index]
        reasoning = list(_spans(rx["reasoning"], text))
        for r in rx["reasoning_patterns"]:
            reasoning.extend((m.start(), m.end(), m.group()) for m in r.finditer(text))
        facts.append(
            SentenceFacts(
                index=s.index,
                citations=tuple(sorted(set(markers))),
                citation_phrases=_spans(rx["citation_phrases"], text),
                named_citations=_spans(named_rx, text) if named_rx is not None else (),
                reasoning=tuple(sorted(reasoning)),
                empirical=tuple(
                    sorted(
                        set(_spans(rx["empirical"], text))
                        | {
                            (m.start(), m.end(), m.group())
                            for r in rx["empirical_patterns"]
                            for m in r.finditer(text)
                        }
                    )
                ),
                ablation=tuple(
                    sorted(
                        set(_spans(rx["ablation"], text))
                        | {
                            (m.start(), m.end(), m.group())
                            for r in rx["ablation_patterns"]
                            for m in r.finditer(text)
                        }
                    )
                ),
                negated=rx["negation"].search(text) is not None,
                usage=rx["usage"].search(text) is not None,
                numbers=tuple(numbers_in(text)),
                eligible=True,
                in_ablation_section=s.section in ablation_sections,
                in_setup_section=s.section in setup_sections,
                in_experiments=s.section in experiment_sections,
                in_related_work=s.section in related_sections,
                section_kind=section_kind.get(
                    s.section, "abstract" if s.role == "abstract" else "body"
                ),
            )
        )
    _ = section_title
    frozen = {k: tuple(v) for k, v in mentions.items()}
    return PaperIndex(
        doc, tuple(facts), frozen, _symbol_definitions(doc, frozen), cited, _symbol_nouns(eligible)
    )


#: a name right before a citation marker: "DetNet [15]", "ResNet-50 [8]", "QViT (Smith et al.,
#: 2021)", "transformers (QViT) [9]"; one or two words, the last capitalised
_NAME_BEFORE = re.compile(r"(?:^|(?<=[\s(]))((?:[A-Z][\w-]*\s)?[A-Z][\w.-]*[\w])\)?\s*(?:'s)?\s*$")


def _cited_name(before: str) -> str | None:
    """The name of the work a marker cites, when the text right before it names one."""
    m = _NAME_BEFORE.search(before)
    if m is None:
        return None
    name = m.group(1)
    words = name.split()
    if words[0] in _not_names():
        words = words[1:]
    if not words or words[-1] in _not_names():
        return None
    name = " ".join(words)
    return name if len(name) >= 2 else None


@functools.cache
def _not_names() -> frozenset[str]:
    return frozenset(words()["not_cited_names"])


def _names_regex(names: dict[str, str]) -> re.Pattern[str] | None:
    """Where a sentence names a cited work: case-sensitive, on word boundaries."""
    if not names:
        return None
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


#: a noun right before a single-letter symbol: "the rank r", "a board size N =", "depth T and",
#: "the scaling factor α,"
_NOUN_SYMBOL = re.compile(
    r"\b([a-z][a-z-]{2,})\s+([A-Za-zα-ωΑ-Ω])(?=\s*(?:[=≪<>≤≥,.;:)]|$|\s+(?:and|of|for|is|in|to|with|that|which)\b))"
)


def _symbol_nouns(sentences: Iterable[Sentence]) -> dict[str, str]:
    """Single-letter symbols and the noun a paper names each by at least twice ("the rank r",
    "different rank r"): the noun most often written right before the symbol."""
    stop = set(words()["stopwords"]) | {
        "where",
        "with",
        "and",
        "for",
        "from",
        "that",
        "than",
        "then",
    }
    counts: dict[str, dict[str, int]] = {}
    for s in sentences:
        for m in _NOUN_SYMBOL.finditer(s.text):
            noun, sym = m.group(1), m.group(2)
            if noun in stop or sym in ("a", "A", "I"):
                continue
            counts.setdefault(sym, {}).setdefault(noun, 0)
            counts[sym][noun] += 1
    out = {}
    for sym, nouns in counts.items():
        noun, n = max(nouns.items(), key=lambda p: (p[1], p[0]))
        if n >= 2:
            out[sym] = noun
    return out


def _drop_undefined_abbreviations(mentions: dict[str, list[Mention]], doc: Document) -> None:
    """A short abbreviation in capitals ("BN", "GN", "IN") names its concept only in a paper that
    spells the concept out somewhere or defines the abbreviation ("(GN)"); elsewhere the same
    letters are a symbol or a word in capitals."""
    for concept, ms in list(mentions.items()):
        spec = vocab.concept(concept)
        if spec is None or not spec.abbreviations:
            continue
        spelled = {p.lower() for p in spec.phrases}
        abbreviations = {
            a
            for a in spec.abbreviations
            if a.lower() not in spelled and a.isupper() and len(a) <= 3  # "BN", "GN": symbol-like
        }
        if not abbreviations or any(m.text not in abbreviations for m in ms):
            continue  # spelled out somewhere (or its abbreviation is a phrase of its own: LSTM)
        if any(f"({a})" in doc.text for a in abbreviations):
            continue  # defined
        del mentions[concept]


def _max_citation_number(doc: Document) -> int:
    """The highest reference number a marker can have: "[256, 480]" in a paper with 50
    references is a range of pixels, not two citations."""
    n = len(doc.references)
    return max(int(n * 1.5) + 5, 30) if n else 200


def _plausible_citation(marker: str, highest: int) -> bool:
    if not marker.lstrip().startswith("["):
        return True
    numbers = [int(x) for x in re.findall(r"\d+", marker)]
    return not numbers or all(0 < x <= highest for x in numbers)


_GREEK = "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ"
_SYMBOL_AFTER = re.compile(
    rf"^\s*(?:\(\s*)?(?:denoted (?:by|as)\s+)?([{_GREEK}])\s*(?:_?\{{?\s*(\d)\s*\}}?)?(?:\s*\))?(?![\w{_GREEK}])"
)


def _symbol_definitions(doc: Document, mentions: dict[str, tuple[Mention, ...]]) -> dict[str, str]:
    """Greek symbols a paper attaches to a concept where it names it: "a learning rate η",
    "the weight decay (λ)", "momentum β1". A symbol claimed by two concepts is ambiguous and
    dropped."""
    claims: dict[str, set[str]] = {}
    for concept, ms in mentions.items():
        for m in ms:
            text = doc.sentences[m.sentence].text
            hit = _SYMBOL_AFTER.match(text[m.end : m.end + 24])
            if hit:
                sym = hit.group(1) + (hit.group(2) or "")
                claims.setdefault(sym, set()).add(concept)
    return {sym: next(iter(cs)) for sym, cs in claims.items() if len(cs) == 1}


@functools.cache
def _setup_title() -> re.Pattern[str]:
    return re.compile(cues()["setup_sections"], re.I)


@functools.cache
def _section_kinds() -> tuple[tuple[str, re.Pattern[str], bool], ...]:
    return tuple(
        (entry[0], re.compile(entry[1], re.I), "weak" in entry[2:])
        for entry in cues()["section_kinds"]
    )


def _section_kind(role: str, title: str, path: str, parent: str = "") -> str:
    """What part of the paper a section is: by its title, else by its parents' titles. A
    subsection whose title only names what it studies ("Graph neural network" under
    "Experiments") is of its parent's kind."""
    if role in ("abstract", "appendix", "references", "acknowledgements"):
        return role
    patterns = _section_kinds()
    for kind, rx, weak in patterns:
        if rx.search(title):
            return parent if weak and parent else kind
    for kind, rx, _weak in patterns:
        if rx.search(path):
            return kind
    return "body"


@functools.cache
def words() -> dict:
    return resources.load_yaml("vocabulary/words.yaml")


def terms_for_name(name: str) -> list[str]:
    """Prose terms for a setting name the vocabulary does not know: ``temp_threshold`` →
    ["temperature", "threshold"]; stop words dropped."""
    w = words()
    stop = set(w["stopwords"])
    out: list[str] = []
    for tok in name.lower().split("_"):
        if not tok or tok.isdigit():
            continue
        # a word numbered by its position (`hidden1`, `conv2`): the word is what prose writes
        tok = re.sub(r"(?<=[a-z]{3})\d+$", "", tok)
        exp = w["expansions"].get(tok)
        if exp is None:
            if tok in w.get("abbreviation_words", ()):
                # a well-known two-letter abbreviation ("KL", "BN"): written in capitals
                out.append(tok.upper())
            elif _IDENTIFIER.fullmatch(tok):
                # a letter with a digit names one thing the paper writes so: a feature level
                # ("C5", "P6"), a norm ("L2")
                out.append(tok)
            elif tok not in stop and len(tok) > 2:
                out.append(tok)
        else:
            out.extend(exp)
    return out


#: a name token that is a letter and a digit (`c5`, `p6`, `l2`): an identifier, not a word
_IDENTIFIER = re.compile(r"[a-z]\d")


#: a word cut short with a period, as a table's headers and rows write them ("nms thr.")
_ABBREVIATION = re.compile(r"(?<![\w.])([A-Za-z]{3,6})\.(?![\w.])")


def abbreviates(short: str, word: str) -> bool:
    """``short`` can be an abbreviation of ``word``: shorter, the same first letter, and its
    letters in the word's order ("thr" of threshold, "ctr" of center, "reg" of regression)."""
    short, word = short.lower(), word.lower()
    if not word.isalpha() or len(short) >= len(word) or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


#: the suffix that turns a noun into a manner ("depth-wise", "channel-wise", "pixelwise")
_WISE = re.compile(r"-?wise\b", re.I)

_HYPHENATED = re.compile(r"\b[A-Za-z]{2,}(?:-[A-Za-z]{2,})+\b")


def search_terms(index: PaperIndex, terms: list[str]) -> list[Mention]:
    """Mentions of ad-hoc terms (settings without a vocabulary concept), by regular expression."""
    if not terms:
        return []
    # memoised on the index (many settings share their words): frozen, but not slotted
    memo = index.__dict__.setdefault("_term_mentions", {})
    key = tuple(terms)
    if key not in memo:
        texts = index.__dict__.get("_eligible_texts")
        if texts is None:
            texts = [(f.index, index.sentence(f.index).text) for f in index.facts if f.eligible]
            index.__dict__["_eligible_texts"] = texts
        hyphenated = index.__dict__.get("_hyphenated")
        if hyphenated is None:
            hyphenated = {}
            for _i, text in texts:
                for w in _HYPHENATED.findall(text):
                    hyphenated.setdefault(w.replace("-", "").lower(), set()).add(w.lower())
            index.__dict__["_hyphenated"] = hyphenated
        abbreviated = index.__dict__.get("_abbreviated")
        if abbreviated is None:
            stop = set(words()["stopwords"])
            abbreviated = sorted(
                {
                    w.lower()
                    for i, text in texts
                    if index.sentence(i).role == "table"
                    for w in _ABBREVIATION.findall(text)
                    if w.lower() not in stop
                }
            )
            index.__dict__["_abbreviated"] = abbreviated
        # a code word the paper writes with a hyphen: `centerness` is "center-ness"
        spelled = [*terms, *(h for t in terms for h in sorted(hyphenated.get(t.lower(), ())))]
        # a word a table abbreviates to fit its column ("thr." for threshold, "ctr." for center)
        spelled += [f"{a}." for t in terms for a in abbreviated if abbreviates(a, t)]
        # an abbreviation in capitals ("KL") is matched in capitals only: "ln" is a logarithm
        capitals = [t for t in spelled if len(t) <= 3 and t.isupper()]
        rxs = [_phrase_regex([t for t in spelled if t not in capitals])]
        if capitals:
            rxs.append(
                re.compile(r"(?<![\w/])(?:" + "|".join(map(re.escape, capitals)) + r")(?![\w])")
            )
        memo[key] = tuple(
            Mention(i, "~" + m.group().lower(), m.start(), m.end(), m.group())
            for i, text in texts
            for rx in rxs
            for m in rx.finditer(text)
        )
    return list(memo[key])


def preload() -> None:
    """Build the matchers and compile the cue patterns ahead of the first paper (a worker that
    will build an index loads them while the pages are still being read)."""
    _matchers()
    _cue_regexes()
