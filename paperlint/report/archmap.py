"""The architecture map: the model's layers and blocks in code order, each coloured by status.

Built only from the choices in the result. A *layer* is the choices one call makes on one line
(``nn.Conv2d(64, 128, kernel_size=3)`` → the conv, its width and its kernel); layers are laid
out in *lanes*, one per model scope (``ResNet.__init__``, ``ResNet.forward``, ``build_model``),
grouped by model (the class or function the scope belongs to), in file and line order.

A choice's ``scope`` is where it takes effect, and its ``line`` where it is written: a project's
own block called as ``ConvBlock(64, 128)`` reports the conv width at the call site with the
scope ``ConvBlock.__init__``. So lanes are spanned by the choices that sit where their scope is
(calls, structures, absences, loops), and a layer of arguments only joins the lane whose span
holds its line (else the nearest one in its file) — which puts ``ConvBlock(64, 128)`` in the
lane of the model that calls it, in the order the model calls it.

Geometry is computed here; the template only draws it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paperlint.model import AuditResult, Choice
from paperlint.report.common import STATUS_BY_KEY, truncate, worst

#: Kinds that describe the model itself (a layer or block); training settings are left out.
MODEL_KINDS = frozenset(
    {
        "normalization",
        "activation",
        "pooling",
        "dropout",
        "kernel_size",
        "channels",
        "depth",
        "heads",
        "residual",
        "init",
    }
)
#: Choices found where their scope is: these span lanes (an absence spans none: it is
#: reported on the model's first line and stands for the whole model).
ANCHOR_SOURCES = frozenset({"call", "structure", "absence", "loop"})
SPAN_SOURCES = ANCHOR_SOURCES - {"absence"}
#: Choices that are a layer or part of one; settings (argparse, config keys, constants) are not.
LAYER_SOURCES = ANCHOR_SOURCES | {"argument"}
#: The lane of layers configured in a file where no model scope spans their line, such as a
#: script's ``model = UNet(3, 2)``: shown as "calls in this file".
TOP_LEVEL = ""
_PARAM_ALIASES = {
    "kernel_size": "k",
    "out_channels": "out",
    "out_features": "out",
    "filters": "out",
    "units": "out",
    "num_features": "n",
    "stride": "s",
    "strides": "s",
    "padding": "pad",
    "p": "p",
    "rate": "p",
    "num_heads": "heads",
}
_ARG_ORDER = {"out": 0, "k": 1, "s": 2, "p": 3, "heads": 4, "n": 5}
_CALLEE = re.compile(r"([A-Za-z_][\w.]*)\s*\(")
_ASSIGNED = re.compile(r"^\s*[\w.\[\]\"']+\s*(?::[^=]+)?=(?!=)\s*(.*)$")
_DEF = re.compile(r"^\s*(?:async\s+)?def\s")
_CONTAINERS = frozenset({"Sequential", "seq", "ModuleList", "ModuleDict", "list", "dict", "tuple"})

# layout, in SVG user units
WIDTH = 1140
BOX_W, BOX_H, GAP = 138, 54, 16
LABEL_CHARS, SUB_CHARS = 14, 18  # what fits in a box at the stylesheet's font sizes
#: Longer text is squeezed into the box (SVG textLength) up to these lengths, and cut past them:
#: ``adaptive_avg_pool2d`` stays whole, slightly condensed.
LABEL_MAX, SUB_MAX = 22, 28
LEFT = 12
PER_ROW = (WIDTH - LEFT) // (BOX_W + GAP)
GROUP_HEAD, LANE_HEAD, ROW_GAP, GROUP_GAP = 26, 20, 12, 18


@dataclass
class Layer:
    file: str
    line: int
    scope: str
    choices: list[Choice]
    status: str = "obvious"
    label: str = ""
    sub: str = ""
    title: str = ""
    anchor: bool = False
    absent: bool = False
    irregular: bool = False
    squeeze_label: bool = False  # drawn condensed to fit the box
    squeeze_sub: bool = False
    # geometry
    x: int = 0
    y: int = 0

    @property
    def glyph(self) -> str:
        return STATUS_BY_KEY[self.status].glyph

    @property
    def status_label(self) -> str:
        return STATUS_BY_KEY[self.status].label

    @property
    def href(self) -> str:
        return f"#choice-{self.choices[0].id}"


@dataclass
class Lane:
    file: str
    scope: str
    title: str
    layers: list[Layer] = field(default_factory=list)
    y: int = 0  # baseline of the lane's title
    arrows: list[tuple[int, int, int]] = field(default_factory=list)  # (x1, x2, y)

    @property
    def first_line(self) -> int:
        return min(layer.line for layer in self.layers)

    @property
    def last_line(self) -> int:
        return max(layer.line for layer in self.layers)


@dataclass
class Group:
    file: str
    name: str
    lanes: list[Lane] = field(default_factory=list)
    y: int = 0

    @property
    def first_line(self) -> int:
        return min(lane.first_line for lane in self.lanes)


@dataclass
class ArchMap:
    groups: list[Group]
    width: int = WIDTH
    height: int = 0
    box_w: int = BOX_W
    box_h: int = BOX_H

    @property
    def layers(self) -> list[Layer]:
        return [x for g in self.groups for lane in g.lanes for x in lane.layers]

    @property
    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for layer in self.layers:
            counts[layer.status] = counts.get(layer.status, 0) + 1
        return counts


def build(result: AuditResult, statuses: dict[str, str]) -> ArchMap:
    """Lay out the model's layers from the result's choices (those with an in-model scope)."""
    by_key: dict[tuple[str, int, str], list[Choice]] = {}
    spans: dict[tuple[str, str], list[int]] = {}
    # a block's argument takes one value per call (ConvBlock(3, 64), ConvBlock(64, 128)):
    # every value it takes, in line order, so its own box shows them all
    uses: dict[tuple[str, str, str, str], list[str]] = {}
    for c in sorted(result.choices, key=lambda c: (c.file, c.line)):
        if c.source == "argument" and c.scope and c.param:
            seen = uses.setdefault((c.file, c.scope, c.symbol, c.param), [])
            if c.value not in seen:
                seen.append(c.value)
    for c in result.choices:
        if not c.scope or c.source not in LAYER_SOURCES:
            continue  # a setting (argparse, config key, constant), not a layer
        if c.source in SPAN_SOURCES:
            span = spans.setdefault((c.file, c.scope), [c.line, c.line])
            span[0], span[1] = min(span[0], c.line), max(span[1], c.line)
        key = (c.file, c.line, c.symbol if c.source in ("call", "argument") else c.kind)
        by_key.setdefault(key, []).append(c)

    lanes: dict[tuple[str, str], Lane] = {}
    for (file, line, _), group in sorted(by_key.items(), key=lambda kv: kv[0][:2]):
        if not any(c.kind in MODEL_KINDS for c in group):
            continue
        anchor = next((c for c in group if c.source in ANCHOR_SOURCES), None)
        scope = anchor.scope if anchor else _lane_for(file, line, spans)
        layer = Layer(file, line, scope, group, anchor=anchor is not None)
        _describe(layer, statuses, uses)
        lane = lanes.get((file, scope))
        if lane is None:
            title = scope or "calls in this file"
            lane = lanes[(file, scope)] = Lane(file, scope, title)
        lane.layers.append(layer)

    groups: dict[tuple[str, str], Group] = {}
    for lane in lanes.values():
        name = lane.scope.split(".")[0] or "calls"
        if lane.scope == name and all(layer.absent for layer in lane.layers):
            lane.title = f"{name} (whole model)"
        groups.setdefault((lane.file, name), Group(lane.file, name)).lanes.append(lane)
    ordered = sorted(groups.values(), key=lambda g: (g.file, g.first_line))
    for g in ordered:
        g.lanes.sort(key=lambda lane: (lane.title != f"{g.name} (whole model)", lane.first_line))
    amap = ArchMap(ordered)
    _layout(amap)
    return amap


def _lane_for(file: str, line: int, spans: dict[tuple[str, str], list[int]]) -> str:
    """The lane an argument-only layer joins: the tightest span holding its line, else the
    nearest span in its file (a block call just past a model's last layer), else the file's
    top-level lane (a model built in a script)."""
    in_file = [(scope, lo, hi) for (f, scope), (lo, hi) in spans.items() if f == file]
    holding = [(hi - lo, scope) for scope, lo, hi in in_file if lo <= line <= hi]
    if holding:
        return min(holding)[1]
    if not in_file:
        return TOP_LEVEL

    def distance(item: tuple[str, int, int]) -> tuple[int, int]:
        _, lo, hi = item
        d = lo - line if line < lo else line - hi
        return (d, 0 if line < lo else 1)  # a tie goes to the block that follows

    return min(in_file, key=distance)[0]


def _fit(text: str, fits: int, most: int) -> tuple[str, bool]:
    """``text`` for a box: whole when it fits, condensed (True) up to ``most`` characters, cut
    with an ellipsis past that."""
    if len(text) <= fits:
        return text, False
    return truncate(text, most), True


def _describe(
    layer: Layer,
    statuses: dict[str, str],
    uses: dict[tuple[str, str, str, str], list[str]] | None = None,
) -> None:
    cs = layer.choices
    layer.status = worst(statuses.get(c.id, "obvious") for c in cs)
    layer.absent = any(c.source == "absence" for c in cs)
    layer.irregular = any(c.obviousness == "irregular" for c in cs)
    call = next((c for c in cs if c.source == "call"), None)
    head = call or next((c for c in cs if c.source != "argument"), None) or cs[0]
    if layer.absent:
        label = head.concept.replace("_", " ")
        sub = "whole model"
    elif head.source == "structure" and head.kind == "residual":
        label, sub = "+ skip", head.value
    elif head.source == "structure" and head.kind == "depth":
        label, sub = f"{_short(head.symbol) or 'block'} × {head.value}", ""
    elif head.source == "loop":
        label, sub = "loop ×", head.value
    else:
        label = _callee(head, layer)
        sub = ""
        if call is not None and "(" in call.value:
            sub = call.value[call.value.index("(") + 1 :].rstrip(")")
    args = sorted(
        (c for c in cs if c.source == "argument" and c.param),
        key=lambda c: _ARG_ORDER.get(_PARAM_ALIASES.get(c.param, c.param), len(_ARG_ORDER)),
    )

    def values(c: Choice) -> str:
        # in the block's own lane, every value the block is built with; at a call, that call's
        taken = (uses or {}).get((c.file, c.scope, c.symbol, c.param), [])
        return "/".join(taken) if c.scope == layer.scope and len(taken) > 1 else c.value

    if args:
        sub = ", ".join(f"{_PARAM_ALIASES.get(c.param, c.param)}={values(c)}" for c in args[:3])
    if layer.irregular:
        sub = "irregular · " + sub
    layer.label, layer.squeeze_label = _fit(label, LABEL_CHARS, LABEL_MAX)
    layer.sub, layer.squeeze_sub = _fit(sub, SUB_CHARS, SUB_MAX)
    parts = [f"{layer.file}:{layer.line} in {layer.scope}: {label}"]
    for c in cs:
        st = STATUS_BY_KEY[statuses.get(c.id, "obvious")]
        bit = f"{c.kind} {c.concept.replace('_', ' ')} = {values(c)} — {st.label}"
        if c.obviousness == "irregular":
            bit += " (irregular)"
        if c.detail:
            bit += f" [{c.detail}]"
        parts.append(bit)
    layer.title = "\n".join(parts)


def _short(symbol: str) -> str:
    return symbol.rsplit(".", 1)[-1] if symbol else ""


def _callee(head: Choice, layer: Layer) -> str:
    """The callable as written on the line: the project's own block if the library layer it
    configures is not on that line (``ConvBlock(64, 128)`` rather than ``Conv2d``)."""
    name = _short(head.symbol) or head.value.split("(")[0] or head.concept
    if head.source != "argument" or not head.snippet or name in head.snippet:
        return name
    if _DEF.match(head.snippet):
        return name  # a default in a signature: the layer it feeds is named by the symbol
    assigned = _ASSIGNED.match(head.snippet)
    written = [_short(m) for m in _CALLEE.findall(assigned.group(1) if assigned else head.snippet)]
    same = [w for w in written if w.lower() == name.lower()]
    if same:
        return same[0]
    blocks = [w for w in written if w not in _CONTAINERS]
    return blocks[0] if blocks else name


def _layout(amap: ArchMap) -> None:
    y = 0
    for g in amap.groups:
        y += GROUP_HEAD
        g.y = y - 8
        for lane in g.lanes:
            y += LANE_HEAD
            lane.y = y - 6
            for i, layer in enumerate(lane.layers):
                row, col = divmod(i, PER_ROW)
                layer.x = LEFT + col * (BOX_W + GAP)
                layer.y = y + row * (BOX_H + ROW_GAP)
                if col > 0:
                    lane.arrows.append((layer.x - GAP + 2, layer.x - 3, layer.y + BOX_H // 2))
            rows = (len(lane.layers) + PER_ROW - 1) // PER_ROW
            y += rows * (BOX_H + ROW_GAP)
        y += GROUP_GAP
    amap.height = max(y, 40)
