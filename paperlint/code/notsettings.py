"""Numbers in research code that are no setting, known by what the code does with them.

The extractor reads a number as a choice by the name it is given (``dim``, ``MAX_LEN``) or by
where it stands (a value compared with it is a threshold). Generic code that research
repositories carry beside the model — a tokenizer's character classes, a masked softmax, a
distributed result collector — writes numbers under such names that what the code does with
them fixes: nobody chose them for the model, and a reviewer would not ask about them. Each rule
is stated as what code does in general; the extractor (:mod:`paperlint.code.python`,
:mod:`paperlint.code.project`) asks it before it records a choice, and records none:

    character_code  a number compared with a character's code (``cp = ord(char)``, then
                    ``cp >= 33 and cp <= 47``): the bounds of a character class in the
                    character table (ASCII punctuation), not a threshold of the method.
    coded_number    a number written in hexadecimal, octal or binary (``cp >= 0x4E00``, ``x &
                    0xFF``): a code (a character's, a bit mask's, a file format's), written as
                    the table it comes from writes it; a value someone tuned is written in
                    decimal.
    axis            a value the code hands to a tensor operation as the axis it works along
                    (``tf.nn.softmax(x, dim)``, ``torch.sum(x, dim=d)``, ``reduce_max(x,
                    axis=a)``): through a function of the project's own
                    (``masked_softmax(logits, mask, 2)`` whose ``dim`` goes there) it is an
                    index into a tensor's shape, not a width, whatever the parameter's name.
                    A ``dim`` of 0 or below is an axis too: a width is a positive count.
    stacked_rows    a concatenation along the first axis (``torch.cat([x] * 2)``, ``torch.cat([
                    users, items])``, ``tf.concat(parts, 0)``): in a model, whose tensors are
                    batches, it stacks examples or table rows (a batch beside a copy of itself
                    for guidance, two embedding tables made one), and joins no features; joining
                    features (a skip by concatenation) is along a later axis.
    byte_buffer     a number used only as the length of a one-dimensional array of bytes
                    (``MAX_LEN = 512`` then ``torch.full((MAX_LEN,), 32, dtype=torch.uint8)``,
                    ``bytearray(n)``, ``torch.ByteTensor(n)``): room for a string or for
                    serialised data passed between processes, not a setting of the model (an
                    image, also bytes, has two dimensions or more, and is not read so).
    own_name_label  a name given the string of its own name (``MAX_LENGTH = "max_length"``, an
                    enumeration's member): a label the code compares against, not a value.

``RULES`` lists them; ``tests/test_code_notsettings.py`` runs their examples, each beside a twin
that stays a choice.
"""

from __future__ import annotations

import re

import libcst as cst

from paperlint.code.settings import normalize_name
from paperlint.code.values import expr_text
from paperlint.code.walk import names_in

#: each rule, as the module's docstring states it (the tests run its examples)
RULES = {
    "character_code": "a number compared with a character's code bounds a character class",
    "coded_number": "a number written in hexadecimal, octal or binary is a code, not a value",
    "axis": "a value a tensor operation takes as its axis is an index into a shape, not a width",
    "stacked_rows": "a concatenation along the first axis stacks rows and joins no features",
    "byte_buffer": "a number used only as the length of a 1-D array of bytes sizes a buffer",
    "own_name_label": "a name given the string of its own name is a label, not a value",
}

# ── character codes ──

_CHARACTER_CODE = re.compile(r"(?<![\w.])ord\s*\(")


def is_character_code(text: str) -> bool:
    """``ord(char)``, ``ord(text[0]) - 97``: an expression computed from a character's code
    (the text of the value a compared name holds)."""
    return bool(_CHARACTER_CODE.search(text))


def is_coded_number(node: cst.CSTNode) -> bool:
    """``0x4E00``, ``0o755``, ``0b1010``: an integer written in another base than ten."""
    return isinstance(node, cst.Integer) and node.value[:2].lower() in ("0x", "0o", "0b")


# ── axes ──

#: parameters of tensor operations that name the axis they work along
AXIS_PARAMS = frozenset(["axis", "axes", "dim", "dims"])
#: keywords that mean an axis in any call (``dim`` also names widths: ``Block(dim=768)``)
_ALWAYS_AXIS = frozenset(["axis", "axes"])


def is_axis_keyword(keyword: str, callee: str, value: object = None) -> bool:
    """Whether ``keyword=value`` of a call of ``callee`` (its dotted name) is an axis: ``axis``
    and ``axes`` always; ``dim`` and ``dims`` of a function (``torch.sum``, ``x.softmax``,
    ``scatter_sum``: a lower-case name) or given 0 or a negative number. A class's ``dim``
    (``Block(dim=768)``) is a width."""
    if keyword in _ALWAYS_AXIS:
        return True
    if keyword not in AXIS_PARAMS:
        return False
    if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
        return True
    last = callee.rsplit(".", 1)[-1]
    return bool(last) and last[0].islower()


def stacks_rows(axis: object) -> bool:
    """A concatenation's literal axis is the first (0): it stacks rows."""
    return isinstance(axis, int) and not isinstance(axis, bool) and axis == 0


# ── byte buffers ──

#: calls that build an array from a shape and a dtype (the dtype decides whether it holds bytes)
_ARRAY_MAKERS = frozenset(["full", "zeros", "ones", "empty", "full_like", "tensor", "array"])
#: calls that build an array of bytes from its length alone
_BYTE_MAKERS = frozenset(["ByteTensor", "CharTensor", "bytearray", "bytes", "create_string_buffer"])
_BYTE_DTYPE = re.compile(r"(?<![\w])u?int8\b|\bbyte\b|\bchar\b")


def _one_dimensional(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """The length of a shape with one dimension (``n``, ``(n,)``, ``[n]``), else None."""
    if isinstance(node, (cst.Tuple, cst.List)):
        elements = [e for e in node.elements if isinstance(e, cst.Element)]
        return elements[0].value if len(elements) == 1 else None
    if isinstance(node, (cst.Name, cst.BinaryOperation, cst.Integer)):
        return node
    return None


def byte_buffer_length(call: cst.Call, dotted: str) -> cst.BaseExpression | None:
    """The length expression when ``call`` (of ``dotted``) builds a one-dimensional array of
    bytes: ``torch.full((n,), 32, dtype=torch.uint8)``, ``np.zeros(n, np.uint8)``,
    ``torch.ByteTensor(n)``, ``bytearray(n)``; None for anything else (``np.zeros((h, w, 3),
    dtype=np.uint8)`` is an image)."""
    last = dotted.rsplit(".", 1)[-1]
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    shape = keywords.get("size", positional[0] if positional else None)
    if shape is None:
        return None
    if last in _BYTE_MAKERS:
        return _one_dimensional(shape)
    if last not in _ARRAY_MAKERS:
        return None
    dtype = keywords.get("dtype")
    if dtype is None and len(positional) >= 2 and last in ("zeros", "ones", "empty"):
        dtype = positional[1]  # `np.zeros(n, np.uint8)`
    if dtype is None:
        return None
    if not _BYTE_DTYPE.search(expr_text(dtype)):
        return None
    return _one_dimensional(shape)


def buffer_names(length: cst.BaseExpression) -> set[str]:
    """The names a buffer's length is computed from (``MAX_LEN`` in ``(MAX_LEN,)``)."""
    return names_in(length, 50)


def only_sizes_buffers(function: cst.CSTNode, name: str, buffer_uses: int) -> bool:
    """Whether ``name`` appears in ``function`` once where it is assigned and otherwise only
    ``buffer_uses`` times, as the length of byte buffers: every other appearance (a second
    assignment, any other read) is a use of it as something else."""
    seen = 0
    stack: list[cst.CSTNode] = [function]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            if n.value == name:
                seen += 1
                if seen > 1 + buffer_uses:
                    return False
            continue
        stack.extend(n.children)
    return seen == 1 + buffer_uses


# ── labels ──


def is_own_name_label(name: str, value: object) -> bool:
    """``MAX_LENGTH = "max_length"``, ``TRAIN = 'train'``: a string that spells the name it is
    assigned to (read as words: case and separators aside)."""
    if not isinstance(value, str) or not value.strip():
        return False
    leaf = name.rsplit(".", 1)[-1]
    return normalize_name(value) == normalize_name(leaf)
