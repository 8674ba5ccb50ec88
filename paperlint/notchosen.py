"""Settings the code writes that its authors did not choose.

Research code writes down values that something else fixes, and values that are the field's
convention. A reviewer does not ask the authors why they hold; the first screen sets their
findings aside (:mod:`paperlint.setaside`), and the choices stay in the result:

    checkpoint_width   a width equal to a hidden width of the published checkpoint the code
                       loads by name (``from_pretrained("bert-base-uncased")`` and
                       ``hidden_size = 768``, ``nn.Linear(768, ...)`` on its output): the
                       checkpoint's, taken with its weights.
    one_output_unit    a layer with a single output unit (``nn.Linear(d, 1)``, ``Conv2d(c, 1,
                       3)``): one score per input — a binary logit, a regression target, a
                       centre-ness or objectness score. What it predicts sets the width.
    format_adapter     a 1x1 convolution from 1 channel to 3 (or 3 to 1) that converts a
                       grayscale input for a network built for colour images (often a
                       pretrained one), and the initialisation of that layer: the format
                       fixes it.
    target_loss        cross-entropy for a classification target, binary cross-entropy for a
                       binary one, unweighted: the loss the target's type fixes. A reviewer
                       asks about a loss that departs from it (weighted, focal, smoothed) or
                       one the paper says otherwise (the mismatch, kept).
    class_scores       a layer that ends in a softmax over its outputs (``Dense(6,
                       activation="softmax")``): the classifier's output, one unit per class of
                       the data, and the softmax that turns them into class probabilities. The
                       data's classes fix both; a hidden layer's width and activation stay
                       choices.
    heads_together     a width written as the number of attention heads times the size of one
                       (``num_heads * head_dim``, ``self.num_attention_heads *
                       self.attention_head_size``): the width of the heads side by side, which
                       the model's width and its number of heads fix.
    standard_init      an initialiser of the variance-scaling families (Glorot/Xavier,
                       He/Kaiming, LeCun, also written by hand as a normal with std
                       1/sqrt(fan-in)) that the paper states no alternative to: the field's
                       habit and several frameworks' default, written out. A paper that states
                       another initialisation gets a mismatch, which is kept.
    data_size          an input size equal to the size the paper gives the data's own images
                       ("each sample is a 48x48 pixel grayscale image", "32×32 colour images")
                       and never a size it resizes or crops them to: the code feeds the images
                       as they come, which the data fixes. A size the paper resizes to stays a
                       choice, and a mismatch is kept.
    math_constant      a number mathematics or a published formula fixes, written to every
                       digit the literal has: an expression of pi, e, sqrt(2), ln 2 (``0.7978845608``
                       = sqrt(2/pi)), the largest value of an integer format (``65535.``), the
                       coefficient of a published approximation (GELU's ``0.044715``).

The data (checkpoints' widths, the initialiser families) is ``rules/scope/not_chosen.yaml``;
``tests/test_not_chosen.py`` runs the examples.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping

from paperlint import resources
from paperlint.model import Assessment, Choice

#: why each rule sets a finding aside, as the report says it
REASONS = {
    "checkpoint_width": "on a width of the published checkpoint the code loads",
    "one_output_unit": "on a single output unit, which what it predicts fixes",
    "format_adapter": "on a layer that only converts the input's colour format",
    "target_loss": "on the plain cross-entropy loss that a classification target takes",
    "standard_init": "on a standard initialiser the paper states no alternative to",
    "math_constant": "on a number mathematics or a published formula fixes",
    "heads_together": "on the width of the attention heads side by side, which the heads fix",
    "class_scores": "on a classifier's output layer, one unit per class, and its softmax",
    "data_size": "on an input size equal to the size of the data's own images",
}

#: a layer given a softmax as its own activation: ``Dense(10, activation='softmax')``
_SOFTMAX_LAYER = re.compile(r"\bDense\s*\([^()]*\bactivation\s*=\s*['\"]softmax['\"]")

#: the parameters and settings that give a layer's number of output units
_OUTPUT_PARAMS = frozenset(
    ["out_features", "out_channels", "units", "filters", "output_dim", "out_dim", "num_outputs"]
)
_WIDTH_KINDS = frozenset(["channels", "hidden_size", "width", "units", "filters"])
_SPLIT = re.compile(r"[-_/.\s]+")


@functools.cache
def _data() -> dict:
    return resources.load_yaml("scope/not_chosen.yaml")


@functools.cache
def _fan_in() -> re.Pattern[str]:
    return re.compile(_data()["fan_in_scale"])


def checkpoint_widths(name: str) -> frozenset[int]:
    """The hidden widths of the published checkpoint ``name`` (``bert-base-uncased`` → 768,
    3072), from the most specific entry whose words are all in the name; empty if none is."""
    words = set(_SPLIT.split(name.strip().strip("'\"").lower()))
    best: list[dict] = []
    for entry in _data()["checkpoints"]:
        if set(entry["words"]) <= words:
            if best and len(entry["words"]) > len(best[0]["words"]):
                best = []
            if not best or len(entry["words"]) == len(best[0]["words"]):
                best.append(entry)
    return frozenset(w for e in best for w in e["widths"])


def loaded_checkpoints(choices: Iterable[Choice]) -> frozenset[str]:
    """The published checkpoints the code loads by name (a ``pretrained_weights`` choice whose
    value is a name, not a file)."""
    out = set()
    for c in choices:
        if c.concept != "pretrained_weights":
            continue
        name = c.value.strip().strip("'\"")
        if name and re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?", name) and "." not in name:
            out.add(name)
    return frozenset(out)


#: a written number: its digits, and where the decimal point is
_LITERAL = re.compile(r"[-+]?(\d*)\.?(\d*)(?:[eE][-+]?\d+)?")


@functools.cache
def _math_values() -> tuple[tuple[float, str], ...]:
    """The values of expressions of the base constants :func:`math_constant` knows, with what
    each is: every base ``b`` as ``b**p * 2**q`` (p in ±1, ±1/2, 2; q from -2 to 2 by halves)
    and the logarithm of each, without the plain powers of two (0.25, 0.125 are written
    fractions, not constants)."""
    out: list[tuple[float, str]] = []
    for name, b in _data()["math_constants"]["bases"].items():
        for p in (1, -1, 0.5, -0.5, 2):
            for q2 in range(-4, 5):
                q = q2 / 2
                v = b**p * 2**q
                what = f"{name}**{p:g} * 2**{q:g}"
                if not (name == "two" and float(p + q).is_integer()):
                    out.append((v, what))
                if v > 0 and v != 1:
                    out.append((math.log(v), f"log({what})"))
    return tuple(out)


def math_constant(text: str) -> str | None:
    """What ``text`` (a number as the code writes it) is, when it is a number mathematics or a
    published formula fixes to every digit written (``0.7978845608``: sqrt(2/pi)); None for a
    number with too few digits to tell (``3.14``, ``0.5``) or one that is none of them. An
    expression of the base constants needs ``expression_digits`` significant digits, a published
    coefficient ``coefficient_digits``, an integer format's largest value all of its own."""
    data = _data()["math_constants"]
    t = text.strip()
    m = _LITERAL.fullmatch(t)
    if m is None or not (m.group(1) or m.group(2)):
        return None
    digits = (m.group(1) + m.group(2)).strip("0")
    try:
        value = abs(float(t))
    except ValueError:
        return None
    if value == 0 or not digits:
        return None
    if value in data["integer_maxima"]:
        return f"2**{round(math.log2(value + 1))} - 1, the largest value of an integer format"
    # within one unit of the last written digit: the constant rounded or cut off there
    last = 10 ** (math.floor(math.log10(value)) - len(digits) + 1)
    if len(digits) >= data["coefficient_digits"]:
        for c in data["coefficients"]:
            if abs(value - c["value"]) <= last:
                return c["what"]
    if len(digits) >= data["expression_digits"]:
        for v, what in _math_values():
            if abs(value - abs(v)) <= last:
                return what
    return None


def _is_width(c: Choice) -> bool:
    return c.kind in _WIDTH_KINDS or c.concept in ("width", "hidden_size")


def _is_output_units(c: Choice) -> bool:
    return _is_width(c) and c.param in _OUTPUT_PARAMS and c.number == 1


def _is_standard_init(c: Choice) -> bool:
    if c.kind != "init":
        return False
    if c.concept in _data()["standard_inits"]:
        return True
    if c.concept in ("zero_init", "constant_init") and "bias" in f"{c.value} {c.snippet}":
        return c.concept == "zero_init" or c.number == 0
    return c.concept in ("normal_init", "uniform_init", "custom_init") and bool(
        _fan_in().search(f"{c.value} {c.snippet}")
    )


#: ``nn.Conv2d(1, 3, kernel_size=1)``, ``Conv2d(in_channels=3, out_channels=1, kernel_size=1)``
_FORMAT_ADAPTER = re.compile(
    r"Conv\w*\(\s*(?:in_channels\s*=\s*)?(?P<a>[13])\s*,\s*(?:out_channels\s*=\s*)?"
    r"(?P<b>[13])\s*,\s*(?:kernel_size\s*=\s*)?(?:1|\(1,\s*1\))\s*[,)]"
)
_ASSIGNED = re.compile(r"self\.(\w+)\s*=")


def format_adapters(choices: Iterable[Choice]) -> dict[str, str]:
    """The layers that only convert an image's colour format, by choice id → the attribute
    they are assigned to (``self.upchannel = nn.Conv2d(1, 3, kernel_size=1)``)."""
    out = {}
    for c in choices:
        m = _FORMAT_ADAPTER.search(c.snippet)
        if m and m.group("a") != m.group("b") and _is_width(c):
            a = _ASSIGNED.search(c.snippet)
            out[c.id] = a.group(1) if a else ""
    return out


def _initialises(c: Choice, attributes: set[str]) -> bool:
    return c.kind == "init" and any(
        re.search(rf"\.{re.escape(a)}\.", f"{c.value} {c.snippet}") for a in attributes
    )


def _is_class_scores(c: Choice) -> bool:
    if not _SOFTMAX_LAYER.search(c.snippet):
        return False
    return (_is_width(c) and c.param in _OUTPUT_PARAMS) or (
        c.kind == "activation" and c.concept == "softmax"
    )


def _is_heads_together(c: Choice) -> bool:
    return _is_width(c) and bool(re.search(_data()["heads_times_head_size"], c.value))


def _is_target_loss(c: Choice) -> bool:
    return (
        c.kind == "loss"
        and c.concept in _data()["target_losses"]
        and not re.search(_data()["loss_departures"], f"{c.value} {c.snippet} {c.detail}")
    )


def stated_image_sizes(sentences: Iterable[str]) -> frozenset[int]:
    """The sides of the square images a paper's sentences give the data as it comes ("each
    sample is a 48x48 pixel grayscale image"), leaving out any size a sentence resizes, crops,
    converts or generates them to ("resized to 224×224"): that size was chosen."""
    rx = _data()["data_size"]
    size, image, described, changed = (
        re.compile(rx[k], re.I) for k in ("size", "image", "described", "changed")
    )
    out: set[int] = set()
    for text in sentences:
        if not (image.search(text) and described.search(text)) or changed.search(text):
            continue
        out.update(int(m.group(1)) for m in size.finditer(text) if m.group(1) == m.group(2))
    return frozenset(out)


def _sides(value: str) -> set[int]:
    """The whole numbers of a written size: ``48``, ``(48, 48)``, ``[32, 32, 3]`` minus the
    channel count."""
    numbers = {int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", value)}
    return {n for n in numbers if n > 4}


def _is_data_size(c: Choice, sizes: frozenset[int]) -> bool:
    sides = _sides(c.value) if c.concept == "input_resolution" else set()
    return bool(sides) and sides <= sizes


def reasons(
    choices: Iterable[Choice],
    assessments: Mapping[str, Assessment],
    sentences: Iterable[str] = (),
) -> dict[str, str]:
    """Choice id → the rule (a key of :data:`REASONS`) by which its value is not the authors'
    choice (``sentences``: the paper's prose, for the size of the data's own images)."""
    choices = list(choices)
    data_sizes = stated_image_sizes(sentences)
    widths: frozenset[int] = frozenset().union(
        *(checkpoint_widths(n) for n in loaded_checkpoints(choices))
    )
    out: dict[str, str] = {}
    adapters = format_adapters(choices)
    adapted = {a for a in adapters.values() if a}
    for c in choices:
        if c.id in adapters or (adapted and _initialises(c, adapted)):
            out[c.id] = "format_adapter"
        elif _is_output_units(c):
            out[c.id] = "one_output_unit"
        elif widths and _is_width(c) and c.number is not None and int(c.number) in widths:
            out[c.id] = "checkpoint_width"
        elif _is_target_loss(c):
            out[c.id] = "target_loss"
        elif c.concept == "constant" and math_constant(c.value):
            out[c.id] = "math_constant"
        elif _is_heads_together(c):
            out[c.id] = "heads_together"
        elif _is_class_scores(c):
            out[c.id] = "class_scores"
        elif data_sizes and _is_data_size(c, data_sizes):
            out[c.id] = "data_size"
        elif _is_standard_init(c):
            a = assessments.get(c.id)
            if a is None or not (a.paper_value or a.mismatch or a.ablated):
                out[c.id] = "standard_init"
    return out
