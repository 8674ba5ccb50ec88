"""Whether a value a paper states beside a setting's word is the setting's value, or another
quantity's that shares only its head word.

Papers name quantities by compound nouns: a head word saying what kind of number it is (scale,
rate, ratio, decay) and a modifier saying which one ("guidance scale", "dropout rate", "mask
ratio", "weight decay"). Code names its settings the same way, and the modifier is often left to
the call the setting belongs to (`scale_factor` of `interpolate` in an `Upsample` block). A
statement "<modifier> <head> = 5" names the setting only when the modifier is one of the
setting's own words; a content word the code never writes for it names another quantity.

The head words, the modifiers that say nothing of which quantity, and the examples that run are
data: ``rules/vocabulary/compounds.yaml``."""

from __future__ import annotations

import functools
import re

from paperlint import resources, vocab
from paperlint.link.naming import concepts_for, symbol_of
from paperlint.model import Choice
from paperlint.paper.index import terms_for_name, words

#: the words before a value, read right to left: a bracketed citation or a word (letters,
#: hyphens), else any one other character
_TOKEN = re.compile(r"\[[^\]]{0,30}\]|[^\W\d_][\w'-]*|[^\w\s]")
#: what stands between a head word and its value: "scale s = 5", "rate of 0.1", "ratio ρ: 0.75"
_CONNECTORS = frozenset(
    {"=", ":", "≈", "(", "of", "is", "was", "to", "at", "as", "be", "set", "equals", "equal"}
)
#: a symbol the paper gives the quantity: one letter, Latin or Greek, maybe with a digit ("λ1")
_SYMBOL = re.compile(r"[^\W\d_]\d?")


@functools.cache
def _data() -> dict:
    return resources.load_yaml("vocabulary/compounds.yaml")


@functools.cache
def _heads() -> frozenset[str]:
    return frozenset(_data()["quantity_heads"])


@functools.cache
def _neutral() -> frozenset[str]:
    return frozenset(_data()["neutral_modifiers"]) | frozenset(words()["stopwords"])


def _stem(word: str) -> str:
    """One form for the forms of a word ("upsampling", "upsample"; "interpolation",
    "interpolate" share the start :func:`same_word` compares)."""
    w = word.lower().replace("-", "")
    for suffix in ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def same_word(a: str, b: str) -> bool:
    """Two forms of one word: equal stems, or one stem starting the other where the shorter
    has four letters or more ("interpol" and "interpolat")."""
    x, y = _stem(a), _stem(b)
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    return len(short) >= 4 and long.startswith(short)


def _split(text: str) -> list[str]:
    """The words of an identifier or a line of code: `scale_factor`, `torch.nn.functional.
    interpolate`, `Upsample.forward`, camelCase apart."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)
    return [w.lower() for w in re.findall(r"[^\W\d_]+", text)]


def code_words(choice: Choice) -> set[str]:
    """The words the code and the vocabulary give a setting: its name, its setting's key, the
    call and the class it sits in, its concept and kind, the line that sets it, the prose forms of
    its name words (`lr` → learning, rate), and the words of the phrases a paper names its concepts
    by ("stochastic depth" for `drop_path_rate`): a word of any of them is the setting's own."""
    out: set[str] = set()
    for text in (
        choice.param,
        choice.setting,
        choice.symbol,
        choice.scope,
        choice.concept,
        choice.kind,
        choice.snippet,
        choice.detail,
    ):
        for w in _split(text or ""):
            out.add(w)
            for term in terms_for_name(w):
                out.update(_split(term))
    for name in concepts_for(choice):
        spec = vocab.concept(name)
        if spec is None:
            continue
        for phrase in (*spec.phrases, *spec.abbreviations):
            out.update(_split(phrase))
    return out


def other_quantity(choice: Choice, text: str, start: int) -> str:
    """The modifier that makes the statement of the value at ``start`` of ``text`` another
    quantity's than the setting's, or "": the word right before the value (past its symbol and
    "=", "of", "to" ...) is a quantity's head word that the setting shares (`scale` of
    `scale_factor`) or that the setting's own letter stands for (the `s` of `cosine_s` in
    "scale s = 5"), the word before that (past a citation marker) is a content word the code never
    writes for the setting ("guidance [3] scale s = 5" for the `scale_factor`
    of an upsampling), and the code names its quantity by a word of its own besides the head
    (`factor`, `Upsample`): a bare `scale` may well be the paper's guidance scale. "" where the
    statement writes no such compound."""
    tokens = _TOKEN.findall(text[:start])
    k = len(tokens) - 1
    letters: set[str] = set()
    while k >= 0 and len(tokens) - 1 - k < 4:
        token = tokens[k]
        if _SYMBOL.fullmatch(token):
            letters.add(token)
        elif token.lower() not in _CONNECTORS:
            break
        k -= 1
    if k < 1:
        return ""
    head = tokens[k].lower()
    if head not in _heads():
        return ""
    own = code_words(choice)
    if not any(same_word(head, w) for w in own) and symbol_of(choice) not in letters:
        return ""  # neither a word the setting shares nor its letter: nothing pairs the two
    if not _named_by_more_than(choice, head):
        return ""
    k -= 1
    while k >= 0 and tokens[k].startswith("["):
        k -= 1  # "guidance [32] scale"
    if k < 0:
        return ""
    modifier = tokens[k]
    if not re.fullmatch(r"[^\W\d_][\w-]*", modifier) or not _names_a_quantity(modifier):
        return ""
    if any(same_word(modifier, w) for w in own):
        return ""
    return modifier


def _named_by_more_than(choice: Choice, head: str) -> bool:
    """The code names the setting's quantity by a content word besides ``head``: in its name
    (`scale_factor`, `cosine_s`), its concept or kind (a learning rate), or, for an argument of a
    call, the call and the class it sits in (`interpolate` in `Upsample`)."""
    texts = [choice.param, choice.setting.rsplit(".", 1)[-1], choice.concept]
    if choice.kind != "other":
        texts.append(choice.kind)
    if choice.source == "argument":
        texts += [choice.symbol.rsplit(".", 1)[-1], choice.scope.split(".")[0]]
    found = {
        t
        for text in texts
        for w in _split(text or "")
        for t in (w, *(x for term in terms_for_name(w) for x in _split(term)))
    }
    return any(len(w) > 1 and w not in _neutral() and not same_word(w, head) for w in found)


def _names_a_quantity(word: str) -> bool:
    """A content word that can name a quantity: not grammar, not a word that says which value of
    a quantity (`neutral_modifiers`), not an adjective by its ending; two letters or more (an
    abbreviation in capitals, "BN", counts)."""
    w = word.lower()
    if w in _neutral() or len(w) < 2 or (len(w) == 2 and not word.isupper()):
        return False
    endings = _data()["descriptive_endings"]
    return not any(w.endswith(e) and len(w) - len(e) >= 3 for e in endings)
