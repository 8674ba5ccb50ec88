"""The spaCy pipeline: ``spacy.blank("en")`` plus paperlint's own sentence boundaries.

No model is downloaded or required. spaCy's rule-based ``sentencizer`` splits after "et al.",
"Fig." and "[12]." badly, so sentence starts are set by a small component that knows the
abbreviations of scientific prose. A statistical pipeline (``en_core_web_sm``) can be named
with ``PAPERLINT_SPACY_MODEL``; if it is installed its parser is not used for sentences either
(paperlint's rules must not depend on it), and the report names the pipeline that ran.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import types

_ABBREVIATIONS = frozenset(
    [
        "al",
        "fig",
        "figs",
        "eq",
        "eqs",
        "sec",
        "secs",
        "tab",
        "tabs",
        "e.g",
        "i.e",
        "vs",
        "cf",
        "resp",
        "approx",
        "no",
        "nos",
        "ref",
        "refs",
        "ch",
        "et",
        "etc.",
        "dr",
        "mr",
        "ms",
        "prof",
        "st",
        "vol",
        "pp",
        "ed",
        "eds",
        "incl",
        "viz",
        "ca",
        "appx",
        "app",
        "alg",
        "algs",
        "def",
        "thm",
        "lem",
        "prop",
        "cor",
    ]
)
_END = re.compile(r"[.!?]$")


def import_spacy() -> types.ModuleType:
    """``import spacy``, without importing its command-line interface.

    spaCy's package init imports ``spacy.cli`` (for ``spacy.info``), which pulls in typer,
    weasel, httpx and requests: a third of the import (0.15-0.2 s), for code paperlint never
    runs, in the worker that is on an audit's critical path. Nothing else in spaCy imports its
    CLI, so while the package initialises, ``spacy.cli`` is a placeholder whose ``info``
    imports the real one when called; the placeholder is then removed, and ``import spacy.cli``
    later in the process imports the real package. When spaCy is already imported, this is
    plain ``import spacy``."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy

    def info(*args: object, **kwargs: object) -> object:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    placeholder = types.ModuleType("spacy.cli")
    placeholder.__path__ = []  # a package, so that `from .cli.info import info` resolves
    placeholder_info = types.ModuleType("spacy.cli.info")
    placeholder_info.info = info  # type: ignore[attr-defined]
    placeholder.info = placeholder_info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = placeholder, placeholder_info
    try:
        import spacy
    finally:
        for name, module in (("spacy.cli", placeholder), ("spacy.cli.info", placeholder_info)):
            if sys.modules.get(name) is module:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is placeholder:
            delattr(parent, "cli")  # `spacy.cli` is imported for real on first use
    return spacy


@functools.cache
def pipeline():
    spacy = import_spacy()
    import numpy  # spaCy's own dependency, imported with it
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START, SPACY
    from spacy.language import Language

    if "paperlint_sentences" not in Language.factories:

        @Language.component("paperlint_sentences")
        def paperlint_sentences(doc):
            if not len(doc):
                return doc
            # the tokens read, and their sentence starts written, as arrays: a Token object
            # per token, and a check per assignment, were most of the component's time
            rows = doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist()
            text = doc.text
            view = _Tokens(
                [text[start : start + length] for start, length, _, _ in rows],
                [" " if space else "" for _, _, space, _ in rows],
                [bool(is_space) for _, _, _, is_space in rows],
            )
            starts = [1] + [1 if _starts_sentence(view, i) else -1 for i in range(1, len(rows))]
            # SENT_START: 1 starts a sentence, -1 does not (in spaCy's unsigned array type)
            doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64"))
            return doc

    name = os.environ.get("PAPERLINT_SPACY_MODEL", "").strip()
    nlp = None
    if name:
        try:
            nlp = spacy.load(
                name, exclude=["parser", "senter", "ner", "lemmatizer", "tagger", "attribute_ruler"]
            )
        except OSError:
            nlp = None
    if nlp is None:
        nlp = spacy.blank("en")
        name = ""
    nlp.add_pipe("paperlint_sentences")
    nlp.max_length = 5_000_000
    return nlp


def pipeline_name() -> str:
    nlp = pipeline()
    model = nlp.meta.get("name", "")
    lang = nlp.lang
    if model and model != "pipeline":
        return f"spacy {lang}_{model} {nlp.meta.get('version', '')} (statistical; rule-based sentences)".strip()
    return f"spacy.blank('{lang}') + rule-based sentences and matchers"


class _Tokens:
    """A doc's tokens as plain lists (``doc[i]`` makes a new Token object on every access,
    which was most of the cost of finding sentence starts)."""

    __slots__ = ("space", "text", "ws")

    def __init__(self, text: list[str], ws: list[str], space: list[bool]) -> None:
        self.text, self.ws, self.space = text, ws, space

    def __len__(self) -> int:
        return len(self.text)

    def span(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` as ``doc[start:end].text`` gives it."""
        end = min(end, len(self.text))
        if start >= end:
            return ""
        joined = "".join(
            t + w for t, w in zip(self.text[start:end], self.ws[start:end], strict=True)
        )
        # like spaCy's Span.text: without the last token's trailing whitespace (one character)
        return joined[: len(joined) - len(self.ws[end - 1])]


def _starts_sentence(doc: _Tokens, i: int) -> bool:
    texts, ws = doc.text, doc.ws
    text_i, prev_text, prev_ws = texts[i], texts[i - 1], ws[i - 1]
    if "\n\n" in prev_ws + prev_text or prev_text.startswith("\n"):
        return True
    if doc.space[i]:
        return False
    # find the last non-closing token before tok
    j = i - 1
    while j >= 0 and texts[j] in (")", "]", '"', "'", "”", "’"):
        # a straight quote closes only when it is attached to the word before it; otherwise it
        # opens the next phrase ("... as follows. "Training Time" is measured")
        if texts[j] in ('"', "'") and j >= 1 and ws[j - 1]:
            break
        j -= 1
    if j < 0:
        return False
    text = texts[j]
    if not _END.search(text):
        return False
    if text in (".", "!", "?"):
        before = texts[j - 1].lower() if j >= 1 else ""
        if before.rstrip(".") in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            # "et al. [12]" / "Fig. 3" / "A. Smith": not an end, unless a capitalized word follows a closing bracket
            return False
    else:
        base = text[:-1].lower()
        if (
            base in _ABBREVIATIONS
            or base.rstrip(".") in _ABBREVIATIONS
            or re.fullmatch(r"[a-z](\.[a-z])+", base)
            or len(base) == 1
        ):
            return False
        if re.fullmatch(r"\d+(\.\d+)*", base):
            # "Section 3.1." is an end only when a capital follows
            pass
    first = text_i[:1]
    if not first:
        return False
    if first.isupper() or first in "[(\"'“" or (first.isdigit() and prev_ws):
        # "... shown in. [12]" or "... vectors. (Reimers and Gurevych, 2019)" is a citation
        # trailing the sentence, not a new one
        if first in "[(" and i + 1 < len(doc) and texts[i + 1][:1].isdigit():
            return False
        if first == "(":
            inner = doc.span(i + 1, i + 10)
            if re.match(
                r"[A-Z][\w'-]+(?: et al\.?| and [A-Z][\w'-]+| & [A-Z][\w'-]+)?,? \d{4}[a-z]?\s*[);]",
                inner,
            ):
                return False
        return True
    return False
