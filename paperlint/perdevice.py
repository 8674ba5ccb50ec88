"""A per-device batch size said as the total the paper states.

Research code writes the batch size of one device (``samples_per_gpu=2``, ``per_device_train_
batch_size``) and the paper the total over the devices it names in prose ("on 8 V100 GPUs",
"16 TPUs"): 2 × 8 = 16. The linker already counts such a value as agreeing with
the paper (:func:`paperlint.link.values.agrees`); a finding on it that quoted the 2 beside the
paper's 16 would read as a disagreement. :func:`annotate` says the product in the finding's
message when the device count the paper names makes the per-device value a batch size the
paper states. ``tests/test_per_device.py`` runs the examples.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from paperlint.link import values
from paperlint.model import Choice, Document, Finding

_WORDS = {
    "one": 1,
    "two": 2,
    "four": 4,
    "eight": 8,
    "sixteen": 16,
    "single": 1,
}
#: a device count as papers write it: "8 Tesla V100", "16 GPUs", "four A100 GPUs", "8x V100"
_DEVICES = re.compile(
    r"(?<![\w.])(?P<n>\d{1,4}|one|two|four|eight|sixteen|single)\s*(?:[x×]\s*)?"
    r"(?:(?:NVIDIA|Tesla|GeForce|Quadro|RTX|GTX|Titan)\s+)*"
    r"(?:(?:[VAPKHL]\d{2,3}|\d{4})(?:\s*Ti)?\b(?:\s*GPUs?\b)?|GPUs?\b|TPUs?\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.])")
_BATCH = re.compile(r"\bbatch", re.IGNORECASE)


def device_counts(document: Document) -> dict[int, int]:
    """The device counts the paper names, each with the page it first does."""
    out: dict[int, int] = {}
    for s in document.sentences:
        if s.role == "reference":
            continue
        for m in _DEVICES.finditer(s.text):
            word = m.group("n").lower()
            n = _WORDS[word] if word in _WORDS else int(word)
            if n >= 1:
                out.setdefault(n, s.page)
    return out


def stated_batch_sizes(document: Document) -> frozenset[int]:
    """The numbers of the paper's sentences and table rows that speak of a batch."""
    out = set()
    for s in document.sentences:
        if s.role != "reference" and _BATCH.search(s.text):
            out.update(int(m.group(1).replace(",", "")) for m in _NUMBER.finditer(s.text))
    return frozenset(out)


def _linked_total(f: Finding, value: int, devices: int) -> int | None:
    """The batch size the finding quotes as the paper's value, when it is ``value`` times a
    device count (:func:`values.device_multiple`; ``devices``: the run's own count)."""
    for e in f.evidence:
        if e.type != "value":
            continue
        m = _NUMBER.search(e.cue or "")
        if m is None:
            continue
        total = int(m.group(1).replace(",", ""))
        if total > value and total % value == 0 and values.device_multiple(total / value, devices):
            return total
    return None


def annotate(
    findings: Sequence[Finding], choices: Mapping[str, Choice], document: Document | None
) -> list[Finding]:
    """``findings`` with the product said on those about a per-device batch size whose total
    over a device count is a batch size the paper states: the run's own count where its launcher
    says it (:attr:`Choice.devices`) and the linker matched that total, else a count the paper
    names."""
    if document is None:
        return list(findings)
    devices: dict[int, int] | None = None
    totals: frozenset[int] = frozenset()
    out = []
    for f in findings:
        c = choices.get(f.choice or "")
        if c is None or f.rule not in ("CH101", "CH102") or not values.is_per_device(c):
            out.append(f)
            continue
        if not c.number or not float(c.number).is_integer() or c.number < 1:
            out.append(f)
            continue
        if devices is None:
            devices, totals = device_counts(document), stated_batch_sizes(document)
        value = int(c.number)
        # the total the linker matched over the run's own device count; with no count the
        # code says, a power of two could take a total another run's value makes
        total = _linked_total(f, value, c.devices) if c.devices > 1 else None
        if total is not None:
            # the total the linker matched: the paper's device count only where it is that one
            n = total // value
            where = [w for w in (c.per_device, f"p. {devices[n]}" if n in devices else "") if w]
            said: str | None = (
                f"{value} per device × {n} devices"
                + (f" ({'; '.join(where)})" if where else "")
                + f" = {total}, the batch size the paper states"
            )
        else:
            said = next(
                (
                    f"{value} per device × {n} devices (p. {page}) = {value * n}, "
                    "the batch size the paper states"
                    for n, page in sorted(devices.items())
                    if n > 1 and value * n in totals and c.devices in (0, n)
                ),
                None,
            )
        out.append(replace(f, message=f"{f.message} [{said}]") if said else f)
    return out
