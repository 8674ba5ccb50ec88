"""A choice named only as one of the options a sentence leaves open ("before fine-tuning the
network with either AdamW or SGD") is not what the sentence picks or argues for: its reasons
and citations are about the rest of the sentence (what it adopts) or about the options in
general, so none of them justifies this one. Options the sentence ties to its cases ("for both
scenarios we either weight the KL term by 1e-6 or choose a large codebook", "... respectively")
are not left open: each is the choice for its case."""

from __future__ import annotations

import re

from paperlint.link.evidence import Candidate, ChoiceContext, vetoes

#: "either" opening a coordination, with no clause boundary before the choice's mention
_EITHER_BEFORE = re.compile(r"\beither\b[^.;:!?]{0,60}$", re.I)
#: the "or" of the same coordination after the mention ("either X [3] or Y")
_OR_AFTER = re.compile(r"^[^.;:!?]{0,40}?\bor\b", re.I)
#: the mention is the last option: "either SGD or AdamW"
_EITHER_OR_BEFORE = re.compile(r"\beither\b[^.;:!?]{0,60}\bor\s+(?:the\s+|an?\s+)?$", re.I)
#: the sentence gives each option its own case: the options are both taken, one per case
_PER_CASE = re.compile(
    r"\brespectively\b|\bdepending on\b|\b(?:for|in|across) (?:both|each|all|the two) (?:of (?:the|our) )?"
    r"(?:scenarios?|cases?|settings?|variants?|models?|datasets?|tasks?|experiments?)\b",
    re.I,
)


def find(ctx: ChoiceContext) -> list[Candidate]:
    return vetoes.where_every_mention(
        ctx, lambda text, start, end: not _PER_CASE.search(text) and _left_open(text, start, end)
    )


def _left_open(text: str, start: int, end: int) -> bool:
    """The mention at ``start:end`` is one option of an "either ... or ..." coordination."""
    before = text[max(0, start - 80) : start]
    if _EITHER_OR_BEFORE.search(before):
        return True
    return bool(_EITHER_BEFORE.search(before) and _OR_AFTER.search(text[end : end + 60]))
