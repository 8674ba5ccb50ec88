"""What a count in model code counts: layers stacked in depth, or something else.

Research code writes several counts that look like a network's depth and are not:

- **Numbered attributes** ``conv1``, ``conv2``, ``conv3`` count a stack of layers: they are
  numbered from 0 or 1 in order. Numbers that start elsewhere name a position in another
  sequence (the pyramid levels ``p6``, ``p7`` of a detector; the backbone stages ``c3``..``c5``)
  or a width (``skip64``, ``skip128``), and count no stack.
- **Numbered attributes built from a numbered input** (``self.linear_c4 = MLP(c4_channels)``,
  ``self.linear_c3 = MLP(c3_channels)``) are one module per input (a projection per pyramid
  level), side by side: their attribute's numbered part names the input they take, and they
  count no stack.
- **Numbered attributes built from their own entry of lists given per stage**
  (``self.patch_embed2 = PatchEmbed(dim=embed_dims[1])``, ``self.block3 = Block(heads=heads[2])``)
  are the stages of a hierarchical network, one module per stage: how many there are is the
  length of those lists, which are the settings (and each stage's depth is in its own list), so
  they count no stack. Read for the project's own modules, not for library layers.
- **Numbered lookup tables** (``self.label_embedding_stage1``, ``..._stage2``: an embedding
  per stage, or per input) take indices, not the output of the table before them: they sit
  side by side and count no stack.
- **Lists of modules** built in a counted comprehension and picked in the forward pass by the
  index of a loop over the inputs (``self.scales[l](...)`` in ``for l, feature in
  enumerate(features)``) hold one module per input: a scale per pyramid level, a head per
  task. Their count is the number of inputs.
- **Loops** over the epochs, steps, files or samples of a data pipeline or an evaluation
  (``for z in range(n_epochs): ... yield batch``) iterate over data or time, whatever their
  body calls; a loop over layers counts blocks, heads or levels.

Examples that run are in ``tests/test_misread_structure.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import libcst as cst

#: counts of data or time, not of layers: ``n_epochs``, ``num_steps``, ``len(files)``
_DATA_COUNT = re.compile(
    r"(^|[_.\s(])(n_?|num_?)?(epochs?|steps?|iters?|iterations?|samples?|files?|images?|"
    r"batch(es)?|episodes?|games?|trials?|seeds?|folds?|runs?|examples?|rounds?)($|[_)\s\]])",
    re.I,
)


def counts_layers(numbers: Iterable[int]) -> bool:
    """Do the numbers of attributes that share a stem (``conv1``, ``conv2``) index a stack of
    layers? They do when they count from 0 or 1 with at most one gap; ``p6``, ``p7`` (pyramid
    levels) and ``skip64``, ``skip128`` (widths) do not."""
    ns = sorted(set(numbers))
    if not ns:
        return False
    return ns[0] <= 1 and ns[-1] - ns[0] <= len(ns)


def numbered_part(attr: str) -> str:
    """The numbered last part of an attribute's name (``c4`` of ``self.linear_c4``, ``conv2`` of
    ``self.conv2``), or "" when its name ends in no number."""
    m = re.search(r"([A-Za-z]+\d+)$", attr.rsplit(".", 1)[-1].rsplit("_", 1)[-1])
    return m.group(1) if m else ""


def built_from_numbered_input(attr: str, argument_texts: Iterable[str]) -> bool:
    """Is a numbered attribute built from an input its own numbered part names
    (``self.linear_c4 = MLP(input_dim=c4_in_channels)``)? Then it is one module per input. A
    string naming the module itself (``RNNEncoder(..., "encoder1")``, its variable scope) is
    no input."""
    part = numbered_part(attr)
    if not part:
        return False
    rx = re.compile(rf"(?<![A-Za-z0-9]){re.escape(part)}(?![A-Za-z0-9])", re.I)
    return any(
        rx.search(t) for t in argument_texts if not t.lstrip("rbfuRBFU").startswith(("'", '"'))
    )


_ENTRY = re.compile(r"[A-Za-z_][\w.]*\[\s*(\d+)\s*\]")


def built_from_own_entry(number: int, argument_texts: Iterable[str]) -> bool:
    """Is the attribute numbered ``number`` built from its own entry of a list given per stage
    (``embed_dims[1]`` for ``patch_embed2``, or ``dims[2]`` for ``stage2`` numbered from 0)?"""
    return any(
        int(m.group(1)) in (number - 1, number) for t in argument_texts for m in _ENTRY.finditer(t)
    )


def counts_data(count_text: str) -> bool:
    """Is a loop's count (the text of its ``range`` bound) a count of epochs, steps, files or
    samples, which a data pipeline or an evaluation iterates over?"""
    return bool(_DATA_COUNT.search(count_text))


_RANGE_BOUND = re.compile(r"range\((.*)\)")


def loops_over_data(loop_detail: str) -> bool:
    """Does a loop (described as ``for z in range(n_epochs)``) count epochs, steps, files or
    samples? See :func:`counts_data`."""
    m = _RANGE_BOUND.search(loop_detail)
    return m is not None and counts_data(m.group(1))


def input_index(loop: cst.For) -> str | None:
    """The index a loop over inputs binds: ``l`` in ``for l, feature in enumerate(features)``
    or ``for l in range(len(features))``; None for other loops (``for i, layer in
    enumerate(self.layers)`` walks a list of modules itself)."""
    it = loop.iter
    if not isinstance(it, cst.Call) or not it.args:
        return None
    func = it.func.value if isinstance(it.func, cst.Name) else None
    first = it.args[0].value
    if func == "enumerate" and isinstance(loop.target, cst.Tuple) and loop.target.elements:
        index = loop.target.elements[0].value
        over_self = isinstance(first, cst.Attribute) and _is_self(first.value)
        if isinstance(index, cst.Name) and not over_self:
            return index.value
    if (
        func == "range"
        and len(it.args) == 1
        and isinstance(loop.target, cst.Name)
        and isinstance(first, cst.Call)
        and isinstance(first.func, cst.Name)
        and first.func.value == "len"
        and first.args
        and not (
            isinstance(first.args[0].value, cst.Attribute) and _is_self(first.args[0].value.value)
        )
    ):
        return loop.target.value
    return None


def _is_self(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "self"


def per_input_list(func: cst.BaseExpression, indices: list[str | None]) -> str | None:
    """The attribute of a module list that a call picks by an enclosing loop's input index
    (``self.scales[l](x)``), or None."""
    if not isinstance(func, cst.Subscript) or len(func.slice) != 1:
        return None
    target = func.value
    index = func.slice[0].slice
    if not (
        isinstance(target, cst.Attribute)
        and _is_self(target.value)
        and isinstance(index, cst.Index)
        and isinstance(index.value, cst.Name)
        and index.value.value in indices
    ):
        return None
    return target.attr.value
