"""Code idioms that build a design choice out of ordinary code, read as the choice they make.

Research code often writes a component that no library call names: a layer swapped for a
low-rank-adapted one, a neighbourhood sum added to a node's own features. Each recogniser here
reads one such idiom from how the code is written and says which component it builds; the
extractor (``python.py``) asks the recogniser registered for the construct it is reading. The
concepts they name are in ``rules/vocabulary/concepts-idioms.yaml``; the examples that must and
must not be read so are in ``tests/test_code_idioms.py``.

Registered recognisers (one per idiom):

- ``low_rank_adapter`` (a call): a projection built by a LoRA layer class (``lora.Linear(d, d,
  r=8)``, ``LoRALinear``): which weights get low-rank adapters, and their rank;
- ``self_connection`` (a sum): a graph's neighbourhood aggregation added to the node's own
  features (``A @ h + h``, ``sparse.mm(A, h) + h``): the message a node sends itself;
- ``lr_scaling_rule`` (a division): a learning rate multiplied by the batch size and divided by
  a number (``lr * batch_size / 256``): the linear scaling rule and its base batch size;
- ``every_layer_trainable`` (an assignment in a loop): ``for layer in model.layers:
  layer.trainable = True``: the whole network is fine-tuned, none of it frozen;
- ``split_fraction`` (a product): ``split = int(len(data) * 0.9)``: the share of the examples
  on one side of a train/test (or train/validation) split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from paperlint.code.values import expr_text


@dataclass(frozen=True)
class IdiomRead:
    """The component an idiom builds: a choice of ``kind``/``concept`` shown as ``display``."""

    kind: str
    concept: str
    display: str
    detail: str


# ── low-rank adapters ──

#: a LoRA layer class, by a part of its dotted name: the package (`lora.Linear`, `loralib.Linear`,
#: `peft.tuners.lora.Linear`) or the class itself (`LoRALinear`, `LoraLayer`, `lora_linear`)
_LORA_PART = re.compile(r"^(lora|loralib|lora_?layers?)$|^lora_|_lora$", re.I)
_LORA_CLASS = re.compile(r"^(LoRA|Lora|LORA)[A-Z_]")
#: the layers a low-rank adapter replaces (the class's last name, after any LoRA prefix)
_ADAPTED_LAYER = re.compile(r"(Linear|MergedLinear|Conv[123]?d?|Embedding|Layer|Dense)$", re.I)
#: keyword names of the adapter's rank
_RANK_KEYWORDS = ("r", "rank", "lora_r", "lora_rank")


def low_rank_adapter(dotted: str, call: cst.Call, target: str) -> IdiomRead | None:
    """``self.query = lora.Linear(d, d, r=8)``: the weight assigned to ``target`` is a layer with
    a trainable low-rank update (LoRA). Which weights get one, and its rank, is a choice the
    paper argues (and often ablates: "adapting W_q and W_v", "different ranks r"). A plain
    ``nn.Linear`` is no adapter; neither is a class whose name only contains the letters
    (``Explorer.Linear``, ``floral``)."""
    parts = dotted.split(".")
    last = parts[-1]
    if not _ADAPTED_LAYER.search(last):
        return None
    if not any(_LORA_PART.search(p) or _LORA_CLASS.search(p) for p in parts):
        return None
    rank = ""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in _RANK_KEYWORDS:
            rank = expr_text(arg.value).strip()
    positional = [a for a in call.args if a.keyword is None and a.star == ""]
    if not rank and len(positional) >= 3 and last.lower().endswith("linear"):
        rank = expr_text(positional[2].value).strip()  # `lora.Linear(in, out, r)`
    where = f" on `{target}`" if target else ""
    of_rank = f" of rank {rank}" if rank else ""
    return IdiomRead(
        "other",
        "low_rank_adapter",
        f"{last}: low-rank adapter{where}{of_rank}",
        f"`{dotted}` adds a trainable low-rank update{of_rank} to this weight{where}",
    )


# ── a graph's self-connection ──


def self_connection(own: str, aggregate_text: str) -> IdiomRead:
    """``own + aggregate`` where ``aggregate`` sums ``own``'s neighbours over a graph
    (``dataflow.is_graph_aggregation``): each node's own features join its neighbours' message,
    a self-connection (self-loop) of the graph convolution. It is not a skip around a layer; a
    paper describes it with the propagation rule ("plus a self-connection", "A + I")."""
    return IdiomRead(
        "other",
        "self_connection",
        f"{own} + {aggregate_text}",
        f"a node's own features `{own}` added to its neighbours' aggregate `{aggregate_text}`:"
        " a self-connection in the message passing",
    )


# ── the linear learning-rate scaling rule ──

_LR_NAME = re.compile(r"(^|_)(lr|learning_rate|base_lr|blr)$", re.I)
_BATCH_NAME = re.compile(
    r"(^|_)(batch_size|batchsize|bs|batch|total_batch_size|world_size|ims_per_batch|num_gpus|n_gpus)$",
    re.I,
)


def _identifiers(node: cst.CSTNode) -> set[str]:
    """The names and attribute names an expression reads (``args.lr`` gives ``lr``)."""
    out: set[str] = set()
    stack: list[cst.CSTNode] = [node]
    while stack and len(out) < 200:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.add(n.value)
        elif isinstance(n, cst.Attribute):
            out.add(n.attr.value)
            stack.append(n.value)
            continue
        stack.extend(n.children)
    return out


def lr_scaling_rule(division: cst.BinaryOperation, target: str = "") -> IdiomRead | None:
    """``lr * batch_size * world_size / 512``: a learning rate scaled in proportion to the batch
    size, divided by the batch size the base rate is meant for. That is the linear scaling rule
    (its base batch is the number), a choice papers state with its source, not a constant. A
    division of other quantities (``loss / 512``, ``lr / 10``) is not it."""
    if not isinstance(division.operator, cst.Divide):
        return None
    base = division.right
    if not isinstance(base, (cst.Integer, cst.Float)):
        return None
    read = _identifiers(division.left)
    has_lr = any(_LR_NAME.search(n) for n in read) or bool(
        target and _LR_NAME.search(target.rsplit(".", 1)[-1])
    )
    if not has_lr or not any(_BATCH_NAME.search(n) for n in read):
        return None
    return IdiomRead(
        "other",
        "lr_scaling_rule",
        f"learning rate x batch size / {base.value} (linear scaling rule)",
        f"the learning rate is scaled with the batch size: base batch size {base.value}",
    )


# ── every layer trainable: the whole network fine-tuned ──

#: what a loop walks to reach every layer or parameter of a model
_ALL_PARTS = frozenset(
    ["layers", "parameters", "named_parameters", "modules", "children", "weights"]
)


def every_layer_trainable(
    assigned: str, loop_target: str, loop_iter: cst.BaseExpression
) -> IdiomRead | None:
    """``for layer in model.layers: layer.trainable = True`` (or ``p.requires_grad = True`` over
    ``model.parameters()``): every part of a (pre-trained) network is trained, the choice of full
    fine-tuning over freezing some of it. A loop over a slice (``model.layers[36:]``) trains
    only those layers, and a loop over anything else is no statement about the network."""
    root, _, attr = assigned.rpartition(".")
    if attr not in ("trainable", "requires_grad") or root != loop_target:
        return None
    node = loop_iter
    if isinstance(node, cst.Call):
        node = node.func
    if not isinstance(node, cst.Attribute) or node.attr.value not in _ALL_PARTS:
        return None
    text = expr_text(loop_iter).strip()
    return IdiomRead(
        "other",
        "full_fine_tuning",
        f"every layer trainable (`{assigned} = True` for each in `{text}`)",
        f"`{assigned} = True` for every part of `{text}`: the whole network is fine-tuned",
    )


# ── the fraction a data split is cut at ──

_SPLIT_NAME = re.compile(
    r"(^|_)(split|splits|cut|train|training|test|val|valid|validation|holdout)(_|$)|^n_?(train|test|val)",
    re.I,
)


def split_fraction(target: str, product: cst.BinaryOperation, fraction: float) -> IdiomRead | None:
    """``split_idx = int(len(data) * 0.9)``: a fraction of a collection's length taken as the
    index a split is cut at (``data[:split_idx]``, ``data[split_idx:]``) is the share of the
    examples on each side of a train/test or train/validation split. A fraction of a length
    that names no split (``n_aug = int(len(x) * 0.5)``) is not one."""
    if not isinstance(product.operator, cst.Multiply) or not 0.0 < fraction < 1.0:
        return None
    if not _SPLIT_NAME.search(target.rsplit(".", 1)[-1]):
        return None
    sides = (product.left, product.right)
    if not any(
        isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == "len"
        for n in sides
    ):
        return None
    return IdiomRead(
        "other",
        "validation_split",
        f"{fraction:g} of the examples on the first side of the split (`{target}`)",
        f"`{target}` cuts the examples at {fraction:g} of their number: a data split",
    )


# ── a normalisation that a formula requires ──

#: losses defined on log-probabilities (or probabilities) of their inputs: the KL divergence and
#: the negative log-likelihood, as functions (`F.kl_div`, `F.nll_loss`) or modules called at once
_PROBABILITY_LOSS = re.compile(
    r"^(?:kl_div|kl_divergence|kldiv|kld|nll_loss|nll|KLDivLoss|NLLLoss|kl_div_loss)$", re.I
)
#: a name that holds attention scores or weights (`attn`, `attention_scores`, `att_logits`)
_ATTENTION_NAME = re.compile(
    r"(?:^|_)(?:attn|attention|att)(?:_|$|s$|_?scores?|_?weights?|_?logits?)", re.I
)
#: a product of queries and keys (`q @ k.transpose(-2, -1)`, `torch.matmul(query, key.T)`)
_QUERY_KEY_PRODUCT = re.compile(
    r"(?:\b(?:q|query|queries)\w*\s*@|matmul\(\s*(?:q|query|queries)\w*\s*,|einsum\([^)]*\b(?:q|query)\w*\s*,\s*(?:k|key)\w*)",
    re.I,
)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def normalisation_in_a_formula(concept: str, operand: str, outer_callee: str) -> str:
    """A softmax the formula it sits in requires, not a choice of activation: why, or "".

    - a (log-)softmax computed as the input of a loss defined on log-probabilities
      (``F.kl_div(F.log_softmax(s / T, dim=1), ...)``, ``F.nll_loss(F.log_softmax(x), y)``): the
      loss's own form, written in the numerically stable way; the loss is the choice;
    - a softmax over attention scores (``F.softmax(attention_scores, dim=-1)``, the softmax of
      ``q @ k.transpose(-2, -1)``): the normalisation of the attention weights, part of
      attention itself.

    ``operand`` is the code of the tensor normalised, ``outer_callee`` the last name of the call
    the result is passed to ("" if none). A softmax of a classifier's logits, or one mixing
    experts by a gate, is none of these: the paper may be asked why the output is one."""
    if concept not in ("softmax", "log_softmax"):
        return ""
    if outer_callee and _PROBABILITY_LOSS.match(outer_callee):
        return f"the (log-)probabilities that `{outer_callee}` is defined on (part of the loss)"
    if concept == "softmax" and (
        any(_ATTENTION_NAME.search(n) for n in _IDENTIFIER.findall(operand))
        or _QUERY_KEY_PRODUCT.search(operand)
    ):
        return "the normalisation of attention weights (part of attention)"
    return ""
