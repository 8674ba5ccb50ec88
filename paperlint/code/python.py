"""Read one Python file with libcst and list the choices written in it.

One pass of one visitor over the module (no metadata providers, no copying walk; see
:mod:`paperlint.code.walk` and :mod:`paperlint.code.lines`) records:

* calls to library components the signature tables know (``nn.BatchNorm2d(64)``,
  ``optim.Adam(lr=3e-4)``), as a component item and one item per non-default argument, and
  references to them (``self.act = F.gelu``, ``loss_fn=masked_mae_loss``);
* settings: argparse/click/absl options, config dicts and ``dict(...)`` configs,
  ``cfg.x = ...`` (ml_collections) and dataclass fields, hyperparameter-like assignments and
  function parameters with defaults;
* calls to the project's own building blocks (``DoubleConv(64, 128)``), kept symbolic so that
  :mod:`paperlint.code.project` can bind their parameters at each call site;
* structure: loops and comprehensions that build layers, residual additions, modules applied
  more than once, the conditions (``if use_bn:``) a component depends on, custom losses,
  thresholds and constants written into model and training code.

Values stay symbolic (:class:`~paperlint.code.values.Val`) until the project stage resolves
parameters and settings across files. Nothing here imports or runs the audited code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import libcst as cst

from paperlint.callsites import CHECKPOINT_COMPANION
from paperlint.code import dataparallel, notsettings
from paperlint.code import settings as setting_names
from paperlint.code import sources as setting_sources
from paperlint.code.counts import input_index, per_input_list
from paperlint.code.dataflow import data_names_in, is_graph_aggregation
from paperlint.code.idioms import (
    IdiomRead,
    every_layer_trainable,
    low_rank_adapter,
    lr_scaling_rule,
    normalisation_in_a_formula,
    self_connection,
    split_fraction,
)
from paperlint.code.imports import ImportTable, canonical
from paperlint.code.settings import NO_VALUE
from paperlint.code.signatures import STAR, Callable_, is_star, library_default_of, table
from paperlint.code.sources.base import REFERENCE_KINDS as _REFERENCE_KINDS
from paperlint.code.sources.base import ConfigFacts, classify_setting
from paperlint.code.sources.base import is_setting_value as _is_setting_value
from paperlint.code.sources.config_classes import CONFIG_CLASS as _CONFIG_CLASS
from paperlint.code.sources.dataclass_fields import field_default
from paperlint.code.values import (
    LIT,
    PARAM,
    REF,
    Val,
    dotted_name,
    evaluate,
    expr_text,
    lit,
    unknown,
)
from paperlint.code.walk import Walker, names_in
from paperlint.model import Problem

# ── records ──────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Guard:
    """The condition a component is written under: ``if use_bn:`` (a parameter or a setting)."""

    ref: Val  # state PARAM (name "scope::param") or REF (setting key)
    positive: bool = True  # False in the ``else`` branch or under ``not``


@dataclass
class Item:
    """A potential choice; its value may still refer to a parameter or a setting."""

    kind: str
    concept: str
    value: Val
    line: int
    scope: str  # template key the item was written in ("" at module level)
    source: str  # call | argument | argparse | flag | click | dict | assign | attr | field | param | loop | structure | absence | branch | reference
    symbol: str = ""
    param: str = ""
    framework: str = ""
    in_model: bool = False
    obviousness: str = "deliberate"
    detail: str = ""
    group: str = ""  # the call an argument item belongs to
    display: str = ""  # how the value reads, when not just the value ("BatchNorm2d")
    needs_model: bool = False  # kept only when its scope turns out to build a model
    guard: Guard | None = None
    layer: bool = False  # written by a model layer (feeds the detection of model code)
    #: a loop that builds blocks: the project's calls made inside it (indices into
    #: FileFacts.calls); kept only when one of them builds a model block
    builds: tuple[int, int] | None = None
    branch: str = ""  # ``sample == 'anneal'``: the selecting branch it is written in
    #: a setting's full dotted name (``SOLVER.BASE_LR``, ``lora_r``) and the source of settings
    #: that read it (``paperlint.code.sources``): the effective configuration resolves on these
    key: str = ""
    origin: str = ""


@dataclass
class TemplateCall:
    """A call to one of the project's own functions or classes."""

    target: str  # unresolved reference: "name", "module.name", or "self.method" (see project.py)
    line: int
    scope: str
    positional: list[Val]
    keywords: dict[str, Val]
    in_model: bool
    assigned_to: str = ""
    loop: Val | None = None  # the count of the innermost `for ... in range(n)` around it
    guard: Guard | None = None
    keyword_lines: dict[str, int] = field(default_factory=dict)
    #: the list it is appended to (``self.layers.append(GraphConvolution(...))`` → self.layers)
    appended_to: str = ""


@dataclass
class ParamDef:
    name: str
    default: Val | None
    line: int


@dataclass
class TemplateDef:
    """A function, method or class of the project: a building block with parameters."""

    key: str  # "module:Name" or "module:Class.method"
    name: str
    kind: str  # function | class | method
    line: int
    params: list[ParamDef] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    is_model: bool = False
    class_key: str = ""
    end_line: int = 0
    decorated: bool = False  # a decorator may register or call it


@dataclass
class LayerUse:
    """A layer (library component or project block) created in model code, in source order:
    feeds structure analysis (depth, heads, irregular placement)."""

    scope: str
    attr: str  # self.conv1 / local name / "" inside a container
    target: str  # canonical library name or template reference
    concept: str
    kind: str | None
    line: int
    container: int = 0  # line of the Sequential/list call this layer sits in (0: none)
    guard: Guard | None = None
    loop: Val | None = None
    project: bool = False  # a call to one of the project's own blocks
    in_comprehension: bool = False
    returned: bool = False  # `return nn.Conv2d(...)`: built as a function's return value


@dataclass
class SelfCall:
    """``self.block(x)`` in a forward pass: a module applied (maybe more than once)."""

    class_key: str
    scope: str
    attr: str
    line: int
    arg: str  # the first argument when it is a plain name
    target: str  # the name the result is assigned to
    loop: Val | None = None
    #: the if/else branches it is written in ((if id, "body" | "else"), outermost first): calls
    #: in different branches of one `if` never both run
    path: tuple[tuple[int, str], ...] = ()
    guard: Guard | None = None
    def_line: int = 0  # the line of the method it is in (a class defined twice: two methods)


@dataclass
class FileFacts:
    path: str
    module: str
    imports: ImportTable
    items: list[Item] = field(default_factory=list)
    calls: list[TemplateCall] = field(default_factory=list)
    templates: dict[str, TemplateDef] = field(default_factory=dict)
    layers: list[LayerUse] = field(default_factory=list)
    self_calls: list[SelfCall] = field(default_factory=list)
    constants: dict[str, Val] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    applied: set[str] = field(default_factory=set)  # names passed to .apply()/called anywhere
    #: settings whose value is a file of weights loaded into a model (``load_state_dict(
    #: torch.load(args.lora_path))``): the weights a run starts from, by the setting's last name
    weight_options: set[str] = field(default_factory=set)
    param_uses: set[str] = field(default_factory=set)  # parameters passed on to some call
    #: parameters passed on to a tensor operation as the axis it works along
    #: (:func:`paperlint.code.notsettings.is_axis_keyword`): ``softmax(x, dim)`` in ``def f(x, dim)``
    axis_params: set[str] = field(default_factory=set)
    suppressions: list[tuple[int, tuple[str, ...], str]] = field(default_factory=list)
    lines: int = 0
    source_lines: list[str] = field(default_factory=list)
    pipelines: list[tuple[int, str]] = field(default_factory=list)  # (line, scope) of Compose(...)
    #: notebook files: joined line → (cell, line in cell)
    cells: list[tuple[int, int]] = field(default_factory=list)
    #: parts of the file left unread while the rest was read (a notebook cell that does not parse)
    problems: list[Problem] = field(default_factory=list)
    #: lines that step a learning-rate schedule built elsewhere (``scheduler.step()``)
    schedule_steps: list[int] = field(default_factory=list)
    #: (line, callee) of the calls that make the file's program train data-parallel
    #: (:data:`paperlint.code.dataparallel.CALLS`)
    data_parallel: list[tuple[int, str]] = field(default_factory=list)
    #: (first, last) lines of module-level functions and classes that a later definition of the
    #: same name replaces before anything calls them (a notebook's re-run cell): never run
    superseded: list[tuple[int, int]] = field(default_factory=list)
    #: what the effective configuration needs: launches, inherited configs, entry-point hints
    config: ConfigFacts = field(default_factory=ConfigFacts)


# ── helpers ──────────────────────────────────────────────────────────────────────────────────

_MODEL_BASES = frozenset(
    {
        "torch.nn.Module",
        "keras.Model",
        "keras.models.Model",
        "keras.layers.Layer",
        "flax.linen.Module",
        "tensorflow.Module",
        "keras.Sequential",
        "keras.models.Sequential",
        "pytorch_lightning.LightningModule",
        "lightning.LightningModule",
        "lightning.pytorch.LightningModule",
        "transformers.PreTrainedModel",
        "transformers.modeling_utils.PreTrainedModel",
        "haiku.Module",
        "equinox.Module",
    }
)
#: Methods whose body is a model's forward pass.
_FORWARD_METHODS = frozenset(["forward", "call", "__call__", "build_graph", "_forward", "apply"])
#: Methods that build a model's layers.
_BUILD_METHODS = frozenset(["__init__", "build", "setup", "__call__", "build_graph", "_build"])
_LIBRARY_ROOTS = frozenset(
    [
        "torch",
        "tensorflow",
        "keras",
        "numpy",
        "jax",
        "flax",
        "optax",
        "torchvision",
        "transformers",
        "sklearn",
        "math",
        "os",
        "sys",
        "random",
        "np",
        "cv2",
        "PIL",
        "scipy",
        "pandas",
        "logging",
        "json",
        "time",
        "datetime",
        "pathlib",
        "shutil",
        "pickle",
        "collections",
        "itertools",
        "functools",
        "tqdm",
        "matplotlib",
        "argparse",
        "pytorch_lightning",
        "lightning",
        "haiku",
        "equinox",
        # libraries that load, augment or tabulate data: a loop calling their classes
        # (`ImageEnhance.Brightness(img)` per file) builds no block of a model
        "keras_preprocessing",
        "skimage",
        "imageio",
        "h5py",
        "seaborn",
        "nltk",
        "spacy",
    ]
)
_BUILTINS = frozenset(
    [
        "print",
        "len",
        "range",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "set",
        "tuple",
        "zip",
        "enumerate",
        "isinstance",
        "getattr",
        "setattr",
        "hasattr",
        "super",
        "min",
        "max",
        "sum",
        "abs",
        "round",
        "sorted",
        "reversed",
        "open",
        "map",
        "filter",
        "any",
        "all",
        "type",
        "iter",
        "next",
        "repr",
        "format",
        "id",
        "hash",
        "vars",
        "dir",
        "input",
        "exec",
        "eval",
        "callable",
        "issubclass",
        "object",
        "staticmethod",
        "classmethod",
        "property",
        "divmod",
        "pow",
        "chr",
        "ord",
        "bin",
        "hex",
        "oct",
        "frozenset",
        "bytes",
        "bytearray",
        "memoryview",
        "slice",
        "globals",
        "locals",
        "delattr",
    ]
)
_TRIVIAL_NUMBERS = frozenset({0, 1, -1, 2, -1.0, 0.5, 10, 100, 1000, 255, 256, 3})
_SUPPRESS = re.compile(r"#\s*paperlint:\s*ignore(?:\[([A-Za-z0-9_, ]+)\])?\s*(?:--\s*(.*))?$")
_INIT_METHODS = frozenset(
    [
        "normal_",
        "uniform_",
        "xavier_normal_",
        "xavier_uniform_",
        "kaiming_normal_",
        "kaiming_uniform_",
        "zero_",
        "fill_",
        "constant_",
        "orthogonal_",
        "trunc_normal_",
    ]
)
#: Sizes the data decides (classes, vocabulary, actions): an argument fed from one is not a choice.
_DATA_SIZE = re.compile(
    r"(?:^|[\s._])(?:num_?classes|n_?classes|nclasses|classes|num_?labels|n_?labels|vocab_?size|n_?vocab|"
    r"action_?size|num_?actions|n_?actions|n_?outputs?|num_?outputs?|output_?dim|out_?classes|n_?class|num_?class)"
    # a head per stage, task or level counts each one's classes (`num_classes_stage2`)
    r"(?:_(?:stage|task|head|level)_?\d+)?(?:$|[\s.)\]])",
    re.I,
)
_STATE_NAME = re.compile(
    r"^(start|cur|curr|current|best|last|prev|previous|global|running|done|total|count|counter|step|i|j|k|idx|index)(_|$)|^(epoch|step|it|iteration)$",
    re.I,
)
_LOSS_NAME = re.compile(r"(^|_)loss(es)?($|_)|criterion", re.I)
_EPOCH_NAME = re.compile(
    r"^(epoch|ep|e|epoch_idx|epoch_num|i_epoch|epoch_i|n_epoch|it|iteration|iter|step)$"
)
#: a name of a count or a place in a sequence (``unsup_batch_size``, ``aug_start``, ``seq_len``,
#: ``offset``): adding to it does index arithmetic, never a skip connection between tensors
_COUNT_NAME = re.compile(
    r"(^|_)(?:size|sizes|start|end|begin|stop|len|length|count|idx|index|offset)($|_)", re.I
)
_RESIDUAL_NAME = re.compile(
    r"identity|residual|shortcut|skip|(^|_)res($|_)|(^|_)inp(ut)?($|_)", re.I
)
_SHORTCUT_NAME = re.compile(
    r"(^|_)(shortcut|skip|downsample|down_sample|residual|res_proj|proj_shortcut)(\d|_|$)", re.I
)
_FEATURE_NAME = re.compile(
    r"feat|(^|_)(x|input|inputs|image|images|img|emb|embedding)s?($|_)", re.I
)
_MEAN_NAME = re.compile(r"(^|_)(rgb_)?mean(s)?($|_)|(^|_)mu($|_)|(^|_)pixel_mean", re.I)
_COUNTER_NAME = re.compile(
    r"(^|_)(epoch|step|iter|iteration|it|i|j|k|n|idx|index|count|counter|len|length|size|shape|num|total|batch|episode|ep|t|e|verbose|rank|mode)s?($|_)|^_",
    re.I,
)
_TEST_NAME = re.compile(r"(^|_)(test|val|valid|validation|eval|evaluation|dev)($|_)", re.I)
#: a tensor's gradient buffer (``x.grad``, ``p.grad.data``), not the tensor
_GRADIENT = re.compile(r"\.grad(\.|$)")
#: Constructors whose result fills an ``nn.Parameter``: its initialization.
_TENSOR_INITS = {
    "zeros": "zero_init",
    "zeros_like": "zero_init",
    "ones": "constant_init",
    "ones_like": "constant_init",
    "full": "constant_init",
    "randn": "normal_init",
    "normal": "normal_init",
    "rand": "uniform_init",
    "empty": "custom_init",
    "eye": "identity_init",
    "tensor": "custom_init",
}


def _short(qualname: str) -> str:
    return qualname.rsplit(".", 1)[-1]


def _is_dict_config(node: cst.Dict, config_file: bool = False) -> bool:
    keys = [e for e in node.elements if isinstance(e, cst.DictElement)]
    if len(keys) < (1 if config_file else 2):
        return False
    str_keys = [e for e in keys if isinstance(e.key, cst.SimpleString)]
    return len(str_keys) == len(keys)


def is_layer(spec: Callable_) -> bool:
    """A component a model is built from (a Conv2d, a ReLU), not its training (an optimizer)."""
    if spec.kind in (
        "optimizer",
        "scheduler",
        "loss",
        "augmentation",
        "init",
        "epochs",
        "weight_decay",
        "batch_size",
    ):
        return False
    if spec.framework in ("optax", "numpy", "data", "vision", "training"):
        return False
    return spec.concept not in _NOT_LAYERS


_NOT_LAYERS = frozenset(
    [
        "data_loader",
        "transform_pipeline",
        "resize",
        "center_crop",
        "input_normalization",
        "gradient_clipping",
        "checkpoint_selection",
        "early_stopping",
        "training_arguments",
        "pretrained_weights",
        "sequential",
        "module_list",
    ]
)


_SCHEDULER_NAME = re.compile(r"sched", re.I)
_OUTPUT_ACTIVATIONS = frozenset(["softmax", "sigmoid", "log_softmax"])
#: calls that pick a prediction from scores (an activation inside them changes nothing trained)
_PICKS = frozenset(["argmax", "argmin", "max", "topk", "argsort", "sort", "round", "top_k"])
_EVALUATION_FUNCTION = re.compile(
    r"^_*(predict|prediction|inference|infer|evaluate|eval|test|validate|validation|val|metric|"
    r"metrics|accuracy|acc|score|log|logging|visuali[sz]e|plot|show|sample|generate|decode)(_|$)"
    r"|_(metric|metrics|accuracy|acc|score|eval|predict|prediction|predictions|inference|log)$",
    re.I,
)


def _no_grad(expr: cst.BaseExpression) -> bool:
    """``torch.no_grad()``, ``torch.inference_mode()``, ``torch.set_grad_enabled(False)``."""
    if not isinstance(expr, cst.Call):
        return False
    name = (dotted_name(expr.func) or "").rsplit(".", 1)[-1]
    if name in ("no_grad", "inference_mode"):
        return True
    return (
        name == "set_grad_enabled"
        and bool(expr.args)
        and isinstance(expr.args[0].value, cst.Name)
        and expr.args[0].value.value == "False"
    )


_OPTIMIZER_OWNER = re.compile(
    r"(^|_)(opt|optim|optimizer|optimiser|param_group|param_groups|group|g|pg)s?$", re.I
)


def _sets_learning_rate(target: cst.BaseExpression) -> bool:
    """``param_group["lr"] = ...``, ``optimizer.lr = ...``: an assignment to an optimizer's
    learning rate (not to a settings object's)."""
    owner: cst.BaseExpression | None = None
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        sl = target.slice[0].slice
        if (
            isinstance(sl, cst.Index)
            and isinstance(sl.value, cst.SimpleString)
            and _string_value(sl.value) in ("lr", "learning_rate")
        ):
            owner = target.value
    elif isinstance(target, cst.Attribute) and target.attr.value in ("lr", "learning_rate"):
        owner = target.value
    if owner is None:
        return False
    if isinstance(owner, cst.Subscript):
        owner = owner.value  # optimizer.param_groups[0]["lr"]
    name = dotted_name(owner) or ""
    return bool(_OPTIMIZER_OWNER.search(name.rsplit(".", 1)[-1]))


#: Methods that create a layer's own weight with an initializer (Keras, TF1, Flax).
_WEIGHT_MAKERS = frozenset(["add_weight", "add_variable", "get_variable", "param", "variable"])
_INIT_CONCEPTS = frozenset(
    [
        "xavier_init",
        "he_init",
        "orthogonal_init",
        "normal_init",
        "uniform_init",
        "zero_init",
        "constant_init",
        "identity_init",
    ]
)

#: Training-procedure calls written several times in a row for one decision (a seed for each
#: library): one choice per function, at the first.
_ONCE_PER_SCOPE = frozenset(["fixed_seed"])

#: Concepts of layers that carry weights: applying one twice shares its weights.
WEIGHTED = frozenset(
    [
        "conv",
        "transposed_conv",
        "linear",
        "embedding",
        "lstm",
        "gru",
        "rnn",
        "attention",
        "transformer_layer",
        "transformer",
        "batch_norm",
        "layer_norm",
        "group_norm",
        "separable_conv",
        "depthwise_conv",
        "sequential",
    ]
)


def _axis_of(spec: Callable_, bound: dict) -> object:
    """The literal axis a call of ``spec`` works along: the one passed, else the default
    (``torch.cat``'s 0); None when it is not a literal."""
    for p in spec.params:
        if p.name in notsettings.AXIS_PARAMS:
            if p.name in bound:
                v = bound[p.name]
                return v.value if isinstance(v, Val) and v.state == LIT else None
            return p.default if p.has_default else None
    return None


# ── the visitor ──────────────────────────────────────────────────────────────────────────────


@dataclass
class _Scope:
    key: str  # template key ("" = module)
    kind: str  # module | class | function | method
    params: dict[str, ParamDef] = field(default_factory=dict)
    locals: dict[str, Val] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    is_model: bool = False
    class_key: str = ""
    name: str = ""
    fields: dict[str, ParamDef] = field(default_factory=dict)  # class-level annotated fields
    deps: dict[str, set[str]] = field(default_factory=dict)  # local → names it was computed from
    aug_vars: set[str] = field(default_factory=set)  # locals holding an augmenting pipeline
    froze: bool = False
    #: the name an assignment froze (``w.requires_grad = False``), the item it made, and
    #: whether the tensor was written in place since (``w.copy_(new)``)
    frozen_by: tuple[str, Item, bool] | None = None
    unfrozen: list[Item] = field(default_factory=list)  # freezings undone in the same function
    computed: set[str] = field(default_factory=set)
    #: locals assigned a layer's output in a forward pass (``bbox_pred = self.bbox_pred(x)``)
    layer_outputs: dict[str, bool] = field(default_factory=dict)
    #: locals holding a graph aggregation (``side = torch.sparse.mm(adj, h)``)
    aggregates: set[str] = field(default_factory=set)
    #: locals holding a grid of numbers (``np.linspace(0.05, 0.95, num=19)``): name → line
    grids: dict[str, int] = field(default_factory=dict)
    #: names the lengths of one-dimensional byte buffers are computed from → how many times
    #: (:func:`paperlint.code.notsettings.byte_buffer_length`)
    byte_lengths: dict[str, int] = field(default_factory=dict)
    first_item: int = 0  # the index of the first item read inside this scope


_REMEMBER = (
    cst.Call,
    cst.Integer,
    cst.Float,
    cst.DictElement,
    cst.Param,
    cst.Name,
    cst.Arg,
    cst.Attribute,
    cst.Subscript,
    cst.SimpleString,
    cst.Comparison,
    cst.BinaryOperation,
    cst.UnaryOperation,
    cst.Tuple,
    cst.List,
    cst.Dict,
    cst.ConcatenatedString,
    cst.Lambda,
    cst.IfExp,
)


class _Analyzer:
    def __init__(self, facts: FileFacts, walker: Walker | None = None) -> None:
        self.f = facts
        self.w = walker or Walker(self, _REMEMBER)
        self.scopes: list[_Scope] = [_Scope("", "module")]
        self.class_attrs: dict[str, dict[str, Val]] = {}  # class key → self.x → Val
        self.table = table()
        self._pending_def_name: dict[int, str] = {}
        self.call_stack: list[tuple[cst.Call, int]] = []
        self.assign_target: list[str] = []
        #: the target and iterable of each ``for`` loop around the node read
        self._for_iters: list[tuple[str, cst.BaseExpression]] = []
        self.assign_items: list[int] = []
        #: module lists built in a counted comprehension and assigned to an attribute
        #: (``self.scales = nn.ModuleList([Scale() for _ in range(5)])``): "class::attr" → the
        #: depth items of their counts
        self.module_lists: dict[str, list[Item]] = {}
        #: module lists picked by the index of a loop over the inputs (``self.scales[l](...)``
        #: in ``for l, feature in enumerate(features)``): one module per input, "class::attr"
        self.per_input_lists: set[str] = set()
        #: the index names of the enclosing loops over inputs (None for other loops)
        self.input_indices: list[str | None] = []
        #: assignments whose loss is summed and divided by its number of examples (a mean)
        self.mean_losses: set[int] = set()
        self.assign_updates: list[list[tuple[dict, str, object]]] = []
        self.loops: list[Val | None] = []
        self.comprehensions = 0
        self.guards: list[list] = []  # [Guard | None] per open `if`
        self.branches: list[list] = []  # [label | None] per open `if` (see _push_branch)
        self.if_path: list[list] = []  # [(if id, side)] per open `if` (see _push_if_path)
        self.no_grad = 0  # open `with torch.no_grad():` blocks
        self.returned: set[int] = set()  # ids of call nodes a `return` hands back
        self.discarded: set[int] = set()  # ids of call nodes whose result no one takes
        self.blocks = 0  # open if/try/for/while/with statements: a definition inside is conditional
        self.conditional_defs: set[str] = set()  # module-level keys defined inside one
        self.function_defs: dict[str, cst.FunctionDef] = {}
        self.containers: list[
            tuple[int, int]
        ] = []  # (id, line) of open Sequential/ModuleList calls
        self._for_state: list[tuple] = []
        self._pending_dicts: dict[int, list[tuple[str, cst.BaseExpression, int]]] = {}
        self._container_of: dict[int, int] = {}
        self.owner_keys: list[str] = []  # keyword / dict key a nested config value sits under
        self._origin = ""  # the source of settings being asked (paperlint.code.sources)

    # ── scopes ──
    @property
    def scope(self) -> _Scope:
        return self.scopes[-1]

    def _template_scope(self) -> _Scope:
        for s in reversed(self.scopes):
            if s.kind in ("function", "method", "class"):
                return s
        return self.scopes[0]

    def in_model(self) -> bool:
        return any(s.is_model for s in self.scopes)

    def _in_function(self) -> bool:
        return any(s.kind in ("function", "method") for s in self.scopes)

    def _method_name(self) -> str:
        for s in reversed(self.scopes):
            if s.kind in ("function", "method"):
                return s.name
        return ""

    def _guard(self) -> Guard | None:
        for g in reversed(self.guards):
            if g[0] is not None:
                return g[0]
        return None

    def _loop(self) -> Val | None:
        return self.loops[-1] if self.loops else None

    def _branch(self) -> str:
        for b in reversed(self.branches):
            if b[0] is not None:
                return b[0]
        return ""

    def add(self, item: Item) -> None:
        if item.guard is None:
            item.guard = self._guard()
        if not item.branch:
            item.branch = self._branch()
        if item.key and not item.origin:
            item.origin = self._origin
        self.f.items.append(item)

    # ── what a source of settings sees (paperlint.code.sources.base.CodeContext) ──
    @property
    def config(self) -> ConfigFacts:
        return self.f.config

    @property
    def path(self) -> str:
        return self.f.path

    def line_of(self, node: cst.CSTNode) -> int:
        return self.w.line_of(node)

    def scope_kind(self) -> str:
        return self.scope.kind

    def method_name(self) -> str:
        return self._method_name()

    def class_name(self) -> str:
        return self.scope.class_key.rsplit(".", 1)[-1].rsplit(":", 1)[-1]

    def scope_key(self) -> str:
        return self._template_scope().key

    def add_setting(
        self,
        name: str,
        value: Val,
        line: int,
        source: str,
        *,
        key: str = "",
        detail: str = "",
        bools: str = "known",
    ) -> None:
        """A setting read by a source: classified by its key and value (None: plumbing,
        dropped). ``bools``: keep boolean values of every kind ("all"), of kinds or concepts the
        vocabulary names only ("known", since a switch of unknown meaning decides little:
        `use_ema`, `rnn_concat_all` are known, `sparse_inputs` is not), or none."""
        kind = classify_setting(key or name, value.value if value.state == LIT else NO_VALUE)
        if value.state == LIT and value.value is not None and not _is_setting_value(value.value):
            return
        if kind is None or (
            value.state == LIT
            and isinstance(value.value, bool)
            and (
                bools == "none"
                or (
                    bools == "known"
                    and kind.kind == "other"
                    and not setting_names.is_known_setting(key or name)
                )
            )
        ):
            if value.state == LIT:  # not a choice, but a value conditions may test
                self.f.config.switches.append(
                    Item(
                        "switch",
                        "",
                        value,
                        line,
                        self._template_scope().key,
                        source,
                        symbol=name,
                        param=name,
                        key=key or name,
                        origin=self._origin,
                        guard=self._guard(),
                        branch=self._branch(),
                    )
                )
            return
        if not detail:
            detail = (
                f"{source} option `{name}`"
                if source in ("argparse", "flag", "click")
                else f"`{name}` set in code"
            )
        self.add(
            Item(
                kind.kind,
                kind.concept,
                value,
                line,
                self._template_scope().key,
                source,
                symbol=name,
                param=name,
                in_model=self.in_model(),
                detail=detail,
                key=key or name,
                origin=self._origin,
            )
        )

    def _assign_sources(
        self, target: cst.BaseExpression, value: cst.BaseExpression | None, annotated: bool
    ) -> bool:
        """Ask the sources of settings that read assignments; True when one read it."""
        line = self.w.line
        for source in setting_sources.assign_readers():
            self._origin = source.name
            if source.read_assign(self, target, value, line, annotated):  # type: ignore[misc]
                return True
        return False

    # ── imports and definitions ──
    def visit_Import(self, node: cst.Import) -> None:
        self.f.imports.add_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.f.imports.add_import_from(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = []
        for b in node.bases:
            d = dotted_name(b.value)
            if d:
                q = self.qualify(d)
                bases.append(q or d)
        parent = self._template_scope()
        key = (
            f"{self.f.module}:{node.name.value}"
            if parent.kind == "module"
            else f"{parent.key}.{node.name.value}"
        )
        is_model = any(b in _MODEL_BASES for b in bases) or any(
            self.f.templates.get(f"{self.f.module}:{b}", TemplateDef("", "", "", 0)).is_model
            for b in bases
        )
        if parent.kind == "module":
            self._supersede(key, node.name.value)
        t = TemplateDef(key, node.name.value, "class", 0, bases=bases, is_model=is_model)
        self.f.templates[key] = t
        self._pending_def_name[id(node.name)] = key
        self.scopes.append(
            _Scope(key, "class", is_model=is_model, class_key=key, name=node.name.value)
        )
        self.class_attrs.setdefault(key, {})

    def _supersede(self, key: str, name: str) -> None:
        """A module-level definition of a name defined before: the earlier one never runs
        unless module-level code called it in between. (Definitions under an `if` or a `try`
        are alternatives, not replacements.)"""
        old = self.f.templates.get(key)
        conditional = self.blocks > 0 or key in self.conditional_defs
        if self.blocks > 0:
            self.conditional_defs.add(key)
        if old is None or not old.end_line or conditional:
            return
        # module-level code after the old definition that calls it (`model = Net()`)
        called = any(c.scope == "" and c.target == name and old.line < c.line for c in self.f.calls)
        if not called:
            # (the walker leaves a definition on the line after its last one)
            self.f.superseded.append((old.line, max(old.line, old.end_line - 1)))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        scope = self.scopes.pop()
        self._per_input_lists(scope.key)
        t = self.f.templates[scope.key]
        t.end_line = self.w.line
        if f"{scope.key}.__init__" not in self.f.templates and scope.fields:
            # dataclass-style modules (flax.linen, dataclasses): the fields are the constructor
            t.params = list(scope.fields.values())

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        parent = self.scope
        name = node.name.value
        self.function_defs[name] = node  # the latest of that name: `lr_lambda=warmup` reads it
        if parent.kind == "class":
            key = f"{parent.key}.{name}"
            kind = "method"
        elif parent.kind == "module":
            key = f"{self.f.module}:{name}"
            kind = "function"
        else:
            key = f"{parent.key}.<locals>.{name}"
            kind = "function"
        if parent.kind == "module":
            self._supersede(key, name)
        t = TemplateDef(key, name, kind, 0, class_key=parent.key if parent.kind == "class" else "")
        t.is_model = parent.is_model
        t.decorated = bool(node.decorators)
        self.f.templates[key] = t
        self._pending_def_name[id(node.name)] = key
        self.scopes.append(
            _Scope(
                key,
                kind,
                is_model=parent.is_model,
                class_key=t.class_key or parent.class_key,
                name=name,
                first_item=len(self.f.items),
            )
        )

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope = self.scopes.pop()
        if scope.unfrozen:
            undone = {id(it) for it in scope.unfrozen}
            self.f.items[:] = [it for it in self.f.items if id(it) not in undone]
        if scope.byte_lengths:
            self._drop_buffer_lengths(node, scope)
        t = self.f.templates[scope.key]
        t.params = list(scope.params.values())
        t.end_line = self.w.line
        if scope.kind == "method" and scope.name == "__init__":
            cls = self.f.templates.get(scope.class_key)
            if cls is not None:
                cls.params = t.params
        if (
            _LOSS_NAME.search(scope.name)
            and scope.name != "__init__"
            and not scope.name.startswith(("_get", "get_", "log", "print", "plot", "save"))
            and t.line
        ):
            self.add(
                Item(
                    "loss",
                    "custom_loss",
                    lit(scope.name, scope.name),
                    t.line,
                    self._template_scope().key,
                    "structure",
                    symbol=scope.name,
                    in_model=scope.is_model,
                    detail=f"custom loss function `{scope.name}`",
                    display=f"def {scope.name}(...)",
                )
            )

    def _drop_buffer_lengths(self, node: cst.FunctionDef, scope: _Scope) -> None:
        """``MAX_LEN = 512`` used only as the length of byte buffers in this function
        (:func:`paperlint.code.notsettings.byte_buffer_length`): room for a string, no setting."""
        drop = set()
        for i in range(scope.first_item, len(self.f.items)):
            it = self.f.items[i]
            uses = scope.byte_lengths.get(it.symbol)
            if (
                uses
                and it.source == "assign"
                and it.scope == scope.key
                and notsettings.only_sizes_buffers(node, it.symbol, uses)
            ):
                drop.add(i)
        if drop:
            self.f.items[:] = [it for i, it in enumerate(self.f.items) if i not in drop]

    def visit_Name(self, node: cst.Name) -> None:
        key = self._pending_def_name.pop(id(node), None)
        if key is not None:
            self.f.templates[key].line = self.w.line_of(node)

    def visit_Param(self, node: cst.Param) -> None:
        scope = self.scope
        if scope.kind not in ("function", "method"):
            return
        name = node.name.value
        if name in ("self", "cls"):
            return
        line = self.w.line_of(node)
        default = evaluate(node.default, self.resolver()) if node.default is not None else None
        if default is not None and default.state == LIT:
            default = Val(LIT, default.value, default.text, line=line)
        scope.params[name] = ParamDef(name, default, line)
        if node.default is not None and isinstance(node.default, (cst.Name, cst.Attribute)):
            self._reference(name, node.default, line, "param")

    def leave_Param(self, node: cst.Param) -> None:
        scope = self.scope
        if scope.kind not in ("function", "method"):
            return
        name = node.name.value
        p = scope.params.get(name)
        if p is None or p.default is None or p.default.state != LIT:
            return
        v = p.default.value
        reading = setting_names.read(name, v, owner=self._owner_name(scope))
        kind = reading.result
        # a boolean default is a choice only when the name is a switch's (`bias=False`)
        switch = (
            isinstance(v, bool) and reading.rule is not None and reading.rule.values == "boolean"
        )
        if kind is None or v is None or (isinstance(v, bool) and not switch):
            return
        if not switch and not _is_setting_value(v):
            return
        config_class = scope.name == "__init__" and _CONFIG_CLASS.search(
            scope.class_key.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
        )
        if not setting_names.is_known_setting(name) and not config_class:
            return  # `s=1, p=0` in a helper's signature are not named settings
        if scope.name == "__init__" and any(
            same_value(v, d) for d in library_default_of(self._owner_name(scope), name)
        ):
            return  # a copy of a library class (`AdamW`) restating its default `betas`
        self.add(
            Item(
                kind.kind,
                kind.concept,
                p.default,
                p.line,
                scope.key,
                "field" if config_class else "param",
                symbol=name,
                param=name,
                in_model=scope.is_model,
                detail=f"default of parameter `{name}`",
            )
        )

    def _owner_name(self, scope: _Scope) -> str:
        """What a parameter belongs to, for reading its name: the class of a constructor
        (``LitEma`` for ``decay``), else the function."""
        if scope.name == "__init__" and scope.class_key:
            return scope.class_key.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
        return scope.name

    # ── name resolution ──
    def qualify(self, dotted: str) -> str | None:
        head = dotted.split(".")[0]
        for s in reversed(self.scopes):
            if head in s.aliases:
                return canonical(s.aliases[head] + dotted[len(head) :])
        if head in self.f.aliases:
            return canonical(self.f.aliases[head] + dotted[len(head) :])
        q = self.f.imports.qualify(dotted)
        if q is not None:
            return canonical(q)
        if "." not in dotted:
            for mod in self.f.imports.star_modules:
                cand = canonical(f"{mod}.{dotted}")
                if cand in self.table:
                    return cand
        return None

    def resolver(self):
        scopes = list(self.scopes)
        attrs = self.class_attrs.get(self.scope.class_key, {})

        def resolve(name: str) -> Val | None:
            if name.startswith("self."):
                found = attrs.get(name[5:])
                return _via(found) if found is not None else None
            for s in reversed(scopes):
                if name in s.locals:
                    return _via(s.locals[name])
                if name in s.params:
                    p = s.params[name]
                    return Val(
                        PARAM, None, name, f"{s.key}::{name}", line=p.line, default=p.default
                    )
            if name in self.f.constants:
                return _via(self.f.constants[name])
            return None

        return resolve

    def eval(self, node: cst.BaseExpression) -> Val:
        # self.x → the value assigned to self.x in this class's constructor
        if (
            isinstance(node, cst.Attribute)
            and isinstance(node.value, cst.Name)
            and node.value.value == "self"
        ):
            attrs = self.class_attrs.get(self.scope.class_key, {})
            if node.attr.value in attrs:
                v = _via(attrs[node.attr.value])
                return Val(
                    v.state, v.value, v.text, v.name, self.w.line_of(node), v.default, v.via, v.path
                )
        v = evaluate(node, self.resolver())
        if v.state == LIT and not v.line:
            v = Val(LIT, v.value, v.text, line=self.w.line_of(node), via=v.via)
        return v

    # ── statements ──
    def visit_Assign(self, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        names = [dotted_name(t) for t in targets]
        self.assign_target.append(names[0] or "")
        self.assign_items.append(len(self.f.items))
        value_node = node.value
        line = self.w.line
        scope = self.scope
        in_fn = self._in_function()
        deps: set[str] | None = None
        # names are bound when the statement is left: calls inside the value still see the
        # old binding (`x = nn.gelu(x)`)
        updates: list[tuple[dict, str, object]] = []
        self.assign_updates.append(updates)
        if in_fn and any(_sets_learning_rate(t) for t in targets):
            self._hand_schedule(line, self._text(node, line))
        for tgt, name in zip(targets, names, strict=True):
            if name is None:
                if isinstance(tgt, cst.Subscript):
                    self._assign_sources(tgt, value_node, False)  # `cfg["lr"] = 0.1`
                continue
            if "." not in name and self._assign_sources(tgt, value_node, False):
                continue  # `_base_ = [...]`: read by a source of settings
            if isinstance(value_node, (cst.Name, cst.Attribute)):
                d = dotted_name(value_node)
                q = self.qualify(d) if d else None
                if q is not None and scope.kind == "module" and "." not in name:
                    self.f.aliases[name] = q
                    continue
                if q is not None and "." not in name and q in self.table:
                    scope.aliases[name] = q
                self._optimizer_class(name, q, line)
                if d is not None and d not in ("None", "True", "False"):
                    self._reference(name, value_node, line, "reference")
            v = self.eval(value_node)
            short = name.rsplit(".", 1)[-1]
            if (
                isinstance(value_node, cst.Call)
                and _SHORTCUT_NAME.search(short)
                and self._method_name() in _BUILD_METHODS
            ):
                self._shortcut(name, value_node, line)
            if name.endswith((".requires_grad", ".trainable")) and v.state == LIT and not v.value:
                self._freezing(line, f"`{name} = {v.display()}`", name)
            if (
                name.endswith((".requires_grad", ".trainable"))
                and v.state == LIT
                and v.value is True
            ):
                self._unfrozen(name)
                self._every_layer_trainable(name, line)
            if name.startswith("self.") and name.count(".") == 1:
                attr = name[5:]
                updates.append((self.class_attrs.setdefault(scope.class_key, {}), attr, v))
                if self._assign_sources(tgt, value_node, False):
                    continue  # `self.lr = 1e-3` in a config class's constructor
                if v.state == LIT:
                    self._setting_assignment(attr, v, line, scope, self_attr=True)
                elif in_fn:
                    self._computed(attr, line, value_node)
                continue
            if "." in name:
                self._assign_sources(tgt, value_node, False)  # `_C.SOLVER.BASE_LR = 0.01`
                continue
            if scope.kind == "module":
                if v.state in (LIT, REF):
                    updates.append((self.f.constants, name, v))
            else:
                updates.append((scope.locals, name, v))
                if _is_grid(value_node, self.qualify):
                    updates.append((scope.grids, name, line))
                if self._method_name() in _FORWARD_METHODS:
                    # `x = F.relu(x)` keeps `x` a layer's output
                    kept = scope.layer_outputs.get(name, False) and name in names_in(value_node, 50)
                    updates.append((scope.layer_outputs, name, kept or _calls_a_layer(value_node)))
                if deps is None:
                    deps = self._deps_of(value_node)
                updates.append((scope.deps, name, deps))
                if is_graph_aggregation(value_node):
                    scope.aggregates.add(name)
                else:
                    scope.aggregates.discard(name)
            if v.state == LIT:
                self._setting_assignment(name, v, line, scope)
            elif in_fn and not (
                self._alternative_setting(name, value_node, line)
                or self._random_range(name, value_node, line)
            ):
                self._computed(name, line, value_node)
            _ = short
        normalizer = _loss_normalizer(value_node)
        if (
            normalizer
            and _counts_examples(normalizer)
            and any(n and _LOSS_NAME.search(n.split(".")[-1]) for n in names)
        ):
            # a loss summed over a batch and divided by its number of examples is the mean over
            # examples: the plain reduction, chosen by nobody (its `reduction="sum"` is dropped
            # with it when the assignment is left)
            self.mean_losses.add(id(node))
        elif normalizer and any(n and _LOSS_NAME.search(n.split(".")[-1]) for n in names):
            self.add(
                Item(
                    "other",
                    "loss_normalization",
                    unknown(normalizer),
                    line,
                    self._template_scope().key,
                    "structure",
                    symbol=names[0] or "",
                    in_model=self.in_model(),
                    detail=f"the loss is divided by `{normalizer}`",
                    display=f"{(names[0] or 'loss').rsplit('.', 1)[-1]} / {normalizer}"[:80],
                )
            )
        elif isinstance(value_node, (cst.BinaryOperation, cst.UnaryOperation)) and any(
            n and _LOSS_NAME.fullmatch(n.split(".")[-1]) for n in names
        ):
            text = self._text(value_node, line)
            self.add(
                Item(
                    "loss",
                    "custom_loss",
                    unknown(text),
                    line,
                    self._template_scope().key,
                    "structure",
                    symbol=names[0] or "",
                    in_model=self.in_model(),
                    detail="loss computed by an expression",
                    display=text,
                )
            )

    def leave_Assign(self, node: cst.Assign) -> None:
        for table_, key, value in self.assign_updates.pop():
            table_[key] = value
        name = self.assign_target.pop()
        start = self.assign_items.pop()
        if id(node) in self.mean_losses:
            self.mean_losses.discard(id(node))
            self.f.items[start:] = [
                it
                for it in self.f.items[start:]
                if not (
                    it.concept == "loss_reduction" and str(it.value.value).strip("'\"") == "sum"
                )
            ]
        if (
            name
            and "." not in name
            and any(it.kind == "augmentation" for it in self.f.items[start:])
        ):
            self.scope.aug_vars.add(name)
        if name and name.startswith("self.") and self.scope.class_key:
            counted = [
                it for it in self.f.items[start:] if it.kind == "depth" and it.source == "loop"
            ]
            if counted:
                self.module_lists[f"{self.scope.class_key}::{name[5:]}"] = counted

    def _deps_of(self, value_node: cst.BaseExpression) -> set[str]:
        out: set[str] = set()
        deps = self.scope.deps
        # a name read only for its shape or size is no data the value is computed from
        for n in data_names_in(value_node):
            out.add(n)
            out |= deps.get(n, set())
        return out

    def _text(self, node: cst.CSTNode, line: int) -> str:
        """Short display text of an expression: the node's code when small, else its line."""
        text = expr_text(node)
        return text if len(text) <= 80 else text[:77] + "..."

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        name = dotted_name(node.target)
        if name is None:
            return
        line = self.w.line
        scope = self.scope
        if scope.kind == "class" and "." not in name:
            spec = field_default(node.value)  # `lr: float = field(default=0.1)`
            default = self.eval(spec) if spec is not None else None
            if default is not None and default.state == LIT:
                default = Val(LIT, default.value, default.text, line=line)
            scope.fields[name] = ParamDef(name, default, line)
            self.class_attrs.setdefault(scope.key, {})[name] = Val(
                PARAM, None, name, f"{scope.key}.__init__::{name}", line=line, default=default
            )
        if node.value is None:
            self._assign_sources(node.target, None, True)
            return
        v = self.eval(node.value)
        if name.startswith("self."):
            self.class_attrs.setdefault(scope.class_key, {})[name[5:]] = v
            name = name[5:]
        elif scope.kind not in ("module", "class") and "." not in name:
            scope.locals[name] = v
        elif scope.kind == "module" and "." not in name and v.state in (LIT, REF):
            self.f.constants[name] = v
        if isinstance(node.value, (cst.Name, cst.Attribute)):
            self._reference(name, node.value, line, "reference")
        if self._assign_sources(node.target, node.value, True):
            return  # a dataclass / pydantic / flax field: a setting with its default
        if v.state == LIT and scope.kind != "class":
            self._setting_assignment(name, v, line, scope)

    def _hand_schedule(self, line: int, text: str) -> None:
        """``param_group["lr"] = lr * 0.1`` during training: a schedule written by hand."""
        scope = self.scope
        if "custom_schedule" in scope.computed:
            return
        scope.computed.add("custom_schedule")
        self.add(
            Item(
                "scheduler",
                "custom_schedule",
                unknown(text),
                line,
                self._template_scope().key,
                "structure",
                in_model=self.in_model(),
                detail=f"the learning rate is set by hand: `{text}`",
                display=text[:80],
            )
        )

    def _setting_assignment(
        self,
        name: str,
        v: Val,
        line: int,
        scope: _Scope,
        source: str = "assign",
        self_attr: bool = False,
        qualified: str = "",
    ) -> None:
        if source == "assign" and self._numeric_table(name, v, line, scope):
            return
        kind = setting_names.classify(qualified or name, v.value)
        if kind is None or not _is_setting_value(v.value):
            return
        if notsettings.is_own_name_label(name, v.value):
            return  # `MAX_LENGTH = "max_length"`: a label the code compares against
        if isinstance(v.value, bool) or (v.value is None and source == "assign"):
            return  # `loss = None` initialises a variable, it decides nothing
        needs_model = False
        if kind.kind == "other" and source == "assign":
            known = setting_names.is_known_setting(name)
            if self_attr:
                # `self.v_size = 35` in a model's constructor: a hard-coded hyperparameter
                number = isinstance(v.value, (int, float)) and v.value not in _TRIVIAL_NUMBERS
                if not (
                    (known or number)
                    and self._method_name() in _BUILD_METHODS
                    and isinstance(v.value, (int, float, tuple, list))
                ):
                    return
                needs_model = True
            elif not (known or (name.isupper() and scope.kind == "module")):
                # Outside config containers only a name the vocabulary knows is taken as a
                # setting: `board_x = 8` or `i = 0` are not design choices.
                return
        if source == "assign" and scope.kind in ("function", "method") and _STATE_NAME.search(name):
            return  # loop state (`start_epoch = 0`, `best_acc = 0`), not a setting
        self.add(
            Item(
                kind.kind,
                kind.concept,
                v,
                line,
                self._template_scope().key,
                source,
                symbol=name,
                param=name,
                in_model=self.in_model(),
                detail=f"`{name}` set in code" if source != "attr" else f"config entry `{name}`",
                needs_model=needs_model,
            )
        )

    def _alternative_setting(self, name: str, value: cst.BaseExpression, line: int) -> bool:
        """``aug_range = 8 if num_aug > 0 else 1``: a setting the vocabulary knows by name,
        given one of two numbers by a condition: a choice at its line, both values shown."""
        if not isinstance(value, cst.IfExp):
            return False
        a, b = self.eval(value.body), self.eval(value.orelse)
        if a.state != LIT or b.state != LIT or not _is_setting_value(a.value):
            return False
        if not setting_names.is_known_setting(name):
            return False
        kind = setting_names.classify(name, a.value)
        if kind is None or kind.kind in ("context", *_RUN_KINDS):
            return False  # a local count or rate chosen by a branch is no run's schedule
        text = self._text(value, line)
        self._add_assigned(kind, name, text, line, f"`{name} = {text}`")
        return True

    def _add_assigned(self, kind, name: str, text: str, line: int, detail: str) -> None:
        """A setting assigned at ``line`` whose value the code does not fix (chosen by a
        branch, drawn at random): a choice of ``kind`` shown as it is written."""
        self.add(
            Item(
                kind.kind,
                kind.concept,
                unknown(text),
                line,
                self._template_scope().key,
                "assign",
                symbol=name,
                param=name,
                in_model=self.in_model(),
                detail=detail,
                display=f"{name} = {text}"[:80],
            )
        )

    def _random_range(self, name: str, value: cst.BaseExpression, line: int) -> bool:
        """``mask_ratio = np.random.uniform(0.2, 0.7)``: a quantity drawn at random between
        bounds written in the code (fractions): the range is a choice (how much is masked,
        dropped, mixed), at its line."""
        if not isinstance(value, cst.Call):
            return False
        d = dotted_name(value.func)
        q = self.qualify(d) if d else None
        if q not in _RANDOM_RANGES:
            return False
        bounds = [a.value for a in value.args[:2] if a.keyword is None]
        if len(bounds) != 2 or not all(isinstance(b, (cst.Integer, cst.Float)) for b in bounds):
            return False
        if not any(isinstance(b, cst.Float) for b in bounds):
            return False
        kind = setting_names.classify(name, NO_VALUE)
        if kind is None or kind.kind == "context":
            return False
        text = self._text(value, line)
        detail = f"`{name}` drawn at random in a range written in the code"
        self._add_assigned(kind, name, text, line, detail)
        return True

    def _numeric_table(self, name: str, v: Val, line: int, scope: _Scope) -> bool:
        """``object_sizes_of_interest = [[-1, 64], [64, 128], ...]`` in a model's or a loss's
        code (not in a forward pass, where lists of numbers are shapes): a table of numbers
        written there is a design choice at its line (ranges, sizes, strides per level)."""
        if scope.kind not in ("function", "method") or not _is_numeric_table(v.value):
            return False
        if self._method_name() in _FORWARD_METHODS or _SHAPE_NAME.search(name):
            return False
        owner = setting_names.normalize_name(scope.class_key.rsplit(".", 1)[-1] or scope.name)
        if not (self.in_model() or _LOSS_NAME.search(owner)):
            return False
        kind = setting_names.classify(name, NO_VALUE)
        if kind is None or kind.kind == "context":
            return False
        self.add(
            Item(
                kind.kind,
                kind.concept,
                v,
                line,
                self._template_scope().key,
                "assign",
                symbol=name,
                param=name,
                in_model=self.in_model(),
                detail=f"a table of numbers `{name}` written in the code",
            )
        )
        return True

    def _reference(self, name: str, value_node: cst.BaseExpression, line: int, source: str) -> None:
        """``self.act = F.gelu``, ``loss_fn=masked_mae_loss``: a function chosen by reference."""
        d = dotted_name(value_node)
        if d is None or d in ("None", "True", "False") or d.startswith("self."):
            return
        q = self.qualify(d)
        if q is None and f"{self.f.module}:{d}" not in self.f.templates:
            return  # a local variable, not a function or class
        spec = self.table.get(q) if q else None
        short = name.rsplit(".", 1)[-1]
        named = setting_names.classify(short)
        if spec is not None and spec.kind in _REFERENCE_KINDS:
            if not (
                name.startswith("self.")
                or source == "param"
                or (named is not None and named.kind in _REFERENCE_KINDS)
            ):
                return
            kind, concept, framework = spec.kind, spec.concept, spec.framework
        elif spec is None and named is not None and named.kind in _REFERENCE_KINDS:
            if q is not None and q.split(".")[0] in _LIBRARY_ROOTS:
                return  # some library object we have no table entry for
            from paperlint.vocab import concept_for_code_string

            kind, framework = named.kind, ""
            concept = concept_for_code_string(d.rsplit(".", 1)[-1]) or (
                "custom_loss" if named.kind == "loss" else named.concept
            )
        else:
            return
        from paperlint.vocab import concept as vocab_concept

        # `self.act_fn = F.relu` is as conventional as `F.relu(x)` called where it is used
        vc = vocab_concept(concept)
        conventional = bool(vc and vc.conventional) or bool(
            spec is not None and spec.conventional_component
        )
        self.add(
            Item(
                kind,
                concept,
                lit(d, d),
                line,
                self._template_scope().key,
                "reference",
                symbol=q or d,
                param=short,
                framework=framework,
                in_model=self.in_model(),
                obviousness="conventional" if conventional else "deliberate",
                detail=f"`{short}` = {d}",
                display=d.rsplit(".", 1)[-1],
            )
        )

    def _shortcut(self, name: str, value_node: cst.Call, line: int) -> None:
        """``self.shortcut = nn.Sequential(conv1x1, bn)``: a projection on the skip path."""
        d = dotted_name(value_node.func) or ""
        if d in ("None",) or not d:
            return
        text = self._text(value_node, line)
        self.add(
            Item(
                "residual",
                "projection_shortcut",
                unknown(text),
                line,
                self._template_scope().key,
                "structure",
                symbol=name,
                in_model=self.in_model(),
                detail=f"a projection on the skip path: `{name} = {text}`",
                display=f"{name.rsplit('.', 1)[-1]} = {d.rsplit('.', 1)[-1]}(...)",
                needs_model=True,
            )
        )

    def _computed(self, name: str, line: int, value_node: cst.BaseExpression) -> None:
        """``laplacian = I - D^-1/2 A D^-1/2``: a variable whose name says what choice it is."""
        kind = setting_names.classify_computed(name)
        if kind is None:
            return
        scope = self.scope
        if kind.concept in scope.computed:
            return  # one choice per function, at its first line
        scope.computed.add(kind.concept)
        if kind.concept == "layer_freezing":
            scope.froze = True
        text = self._text(value_node, line)
        self.add(
            Item(
                kind.kind,
                kind.concept,
                unknown(text),
                line,
                self._template_scope().key,
                "structure",
                symbol=name,
                in_model=self.in_model(),
                detail=f"`{name}` computed in code",
                display=f"{name} = {text}"[:80],
            )
        )

    def _add_idiom(
        self, read: IdiomRead, value: Val, line: int, source: str, **extra: object
    ) -> None:
        """The choice an idiom of ``paperlint.code.idioms`` reads, at ``line`` of this scope."""
        self.add(
            Item(
                read.kind,
                read.concept,
                value,
                line,
                self._template_scope().key,
                source,
                detail=read.detail,
                display=read.display,
                **extra,
            )
        )

    def _low_rank_adapter(self, node: cst.Call, dotted: str, q: str | None, line: int) -> bool:
        """A weight built by a LoRA layer class (``idioms.low_rank_adapter``)."""
        target = self.assign_target[-1] if self.assign_target else ""
        read = low_rank_adapter(q or dotted, node, target)
        if read is None:
            return False
        self._add_idiom(
            read, unknown(read.display), line, "call", symbol=q or dotted, in_model=self.in_model()
        )
        return True

    def _every_layer_trainable(self, name: str, line: int) -> None:
        """``for layer in model.layers: layer.trainable = True`` (``idioms.every_layer_trainable``)."""
        if not self._for_iters:
            return
        loop_target, loop_iter = self._for_iters[-1]
        read = every_layer_trainable(name, loop_target or "", loop_iter)
        if read is None or read.concept in self.scope.computed:
            return
        self.scope.computed.add(read.concept)
        self._add_idiom(read, unknown(read.display), line, "structure")

    def _freezing(self, line: int, what: str, name: str = "") -> None:
        scope = self.scope
        if scope.froze:
            return
        scope.froze = True
        scope.computed.add("layer_freezing")
        item = Item(
            "other",
            "layer_freezing",
            unknown(what),
            line,
            self._template_scope().key,
            "structure",
            detail=f"parameters frozen: {what}",
            display=what.strip("`"),
        )
        self.add(item)
        if name:
            scope.frozen_by = (name, item, False)

    def _written_in_place(self, dotted: str) -> None:
        """``w.copy_(new)`` while ``w.requires_grad`` is switched off: an in-place write."""
        frozen = self.scope.frozen_by
        assert frozen is not None
        obj, _, method = dotted.rpartition(".")
        tensor = frozen[0].rsplit(".", 1)[0]
        if (
            method.endswith("_")
            and not method.startswith("_")
            and obj in (tensor, f"{tensor}.data")
        ):
            self.scope.frozen_by = (frozen[0], frozen[1], True)

    def _unfrozen(self, name: str) -> None:
        """``w.requires_grad = False; w.copy_(new); w.requires_grad = True``: the same tensor,
        written in place and made trainable again in the same function, was switched off only
        for that write (autograd refuses one on a leaf that requires grad), not frozen for
        training. Made trainable again without such a write (all frozen, then some unfrozen
        by name), it stays a freezing."""
        scope = self.scope
        if scope.frozen_by is None or scope.frozen_by[0] != name or not scope.frozen_by[2]:
            return
        scope.unfrozen.append(scope.frozen_by[1])  # dropped when the function is left
        scope.frozen_by = None
        scope.froze = False
        scope.computed.discard("layer_freezing")

    # ── conditions: components that depend on a flag ──
    def _condition(self, test: cst.BaseExpression) -> Guard | None:
        positive = True
        while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            positive = not positive
            test = test.expression
        if not isinstance(test, (cst.Name, cst.Attribute, cst.Subscript)):
            return None
        v = self.eval(test)
        if v.state in (PARAM, REF):
            return Guard(Val(v.state, None, v.text, v.name, v.line, path=v.path), positive)
        return None

    def _push_guard(self, test: cst.BaseExpression, orelse: cst.CSTNode | None, line: int) -> None:
        g = self._condition(test)
        entry = [g]
        self.guards.append(entry)
        if g is not None and orelse is not None:

            def flip() -> None:
                entry[0] = Guard(g.ref, not g.positive)

            self.w.hooks[id(orelse)] = flip
        if g is not None and g.ref.state == REF and self._in_function():
            kind = setting_names.classify(g.ref.name)
            if (
                kind is not None
                and kind.kind != "other"
                and setting_names.is_known_setting(g.ref.name)
            ):
                # `if config.prefix_init:` selects how the model is built
                self.add(
                    Item(
                        kind.kind,
                        kind.concept,
                        Val(REF, None, g.ref.text, g.ref.name, path=g.ref.path),
                        line,
                        self._template_scope().key,
                        "branch",
                        symbol=g.ref.name,
                        param=g.ref.name,
                        in_model=self.in_model(),
                        detail=f"branch on the setting `{g.ref.text}`",
                        guard=None,
                    )
                )

    def _push_branch(self, node: cst.If) -> None:
        selector = _selector(node.test)
        entry = [f"{selector[0]} == {selector[1]!r}" if selector else None]
        self.branches.append(entry)
        orelse = node.orelse
        if selector is None or orelse is None:
            return
        # `else:  # 'cosine_similarity'`: the comment names the value the else branch stands
        # for; otherwise the else branch (and an `elif`, which labels itself) is unlabelled
        named = _else_comment(orelse) if isinstance(orelse, cst.Else) else None
        label = f"{selector[0]} == {named!r}" if named else None
        before = self.w.hooks.get(id(orelse))

        def enter_else() -> None:
            if before is not None:
                before()
            entry[0] = label

        self.w.hooks[id(orelse)] = enter_else

    def _push_if_path(self, node: cst.If | cst.IfExp) -> None:
        entry = [(id(node), "body")]
        self.if_path.append(entry)
        orelse = node.orelse
        if orelse is None:
            return
        before = self.w.hooks.get(id(orelse))

        def enter_else() -> None:
            if before is not None:
                before()
            entry[0] = (id(node), "else")

        self.w.hooks[id(orelse)] = enter_else

    def visit_If(self, node: cst.If) -> None:
        self.blocks += 1
        if self.scope.kind == "module" and _is_main_guard(node.test):
            self.f.config.entry.main = True  # a script: an entry point of its runs
        self._push_guard(node.test, node.orelse, self.w.line + len(node.leading_lines))
        self._push_branch(node)
        self._push_if_path(node)

    def leave_If(self, node: cst.If) -> None:
        self.blocks -= 1
        self.guards.pop()
        self.branches.pop()
        self.if_path.pop()

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self._push_guard(node.test, node.orelse, self.w.line)
        self._push_if_path(node)

    def leave_IfExp(self, node: cst.IfExp) -> None:
        self.guards.pop()
        self.if_path.pop()

    def visit_With(self, node: cst.With) -> None:
        self.blocks += 1
        if any(_no_grad(item.item) for item in node.items):
            self.no_grad += 1
            self._gradient_truncation(node)

    def _gradient_truncation(self, node: cst.With) -> None:
        """``with torch.no_grad():`` inside a model's forward pass: part of the computation
        the loss depends on gets no gradient (only the last recursion step is trained, a
        target network is held fixed): a training-procedure choice."""
        if not self.in_model() or self._method_name() not in _FORWARD_METHODS:
            return
        if not _calls_a_layer(node.body):
            return  # bookkeeping without gradients (metrics, an average of the weights)
        if "gradient_truncation" in self.scope.computed:
            return
        self.scope.computed.add("gradient_truncation")
        line = self.w.line_of(node.items[0].item)
        text = expr_text(node.items[0].item).strip()
        self.add(
            Item(
                "other",
                "gradient_truncation",
                unknown(f"with {text}:"),
                line,
                self._template_scope().key,
                "structure",
                in_model=True,
                detail=f"part of the forward pass runs without gradients (`with {text}:`)",
                display=f"with {text}:",
            )
        )

    def leave_With(self, node: cst.With) -> None:
        self.blocks -= 1
        if any(_no_grad(item.item) for item in node.items):
            self.no_grad -= 1

    def visit_Return(self, node: cst.Return) -> None:
        if isinstance(node.value, cst.Call):
            self.returned.add(id(node.value))

    def visit_Expr(self, node: cst.Expr) -> None:
        # a call on a line of its own whose result nothing takes: `F.relu(x)`, `nn.ReLU()(x)`
        if isinstance(node.value, cst.Call):
            self.discarded.add(id(node.value))
            if isinstance(node.value.func, cst.Call):
                self.discarded.add(id(node.value.func))

    def visit_Try(self, node: cst.Try) -> None:
        self.blocks += 1

    def leave_Try(self, node: cst.Try) -> None:
        self.blocks -= 1

    def visit_While(self, node: cst.While) -> None:
        self.blocks += 1

    def leave_While(self, node: cst.While) -> None:
        self.blocks -= 1

    def _reads_a_prediction(self) -> bool:
        """An output activation computed to read a prediction or a metric, not to train: inside
        an argmax (``argmax(softmax(x))``), under ``torch.no_grad()`` outside the model, or in a
        function named for evaluation, prediction or logging."""
        if len(self.call_stack) >= 2:
            outer = self.call_stack[-2][0].func
            name = (
                outer.attr.value if isinstance(outer, cst.Attribute) else dotted_name(outer) or ""
            )
            if name.rsplit(".", 1)[-1] in _PICKS:
                return True
        if self.no_grad and not self.in_model():
            return True
        return bool(_EVALUATION_FUNCTION.search(self._method_name()))

    # ── loops: epochs and layers built in a loop ──
    def _range_count(self, it: cst.BaseExpression) -> tuple[Val, cst.BaseExpression] | None:
        if not (
            isinstance(it, cst.Call)
            and isinstance(it.func, cst.Name)
            and it.func.value == "range"
            and it.args
        ):
            return None
        if len(it.args) == 1:
            count_node = it.args[0].value
            return self.eval(count_node), count_node
        start_node, count_node = it.args[0].value, it.args[1].value
        start, stop = self.eval(start_node), self.eval(count_node)
        if len(it.args) == 2 and start.state == LIT and stop.state == LIT:
            try:
                return lit(stop.value - start.value), count_node
            except TypeError:
                pass
        if (
            start.state == LIT
            and start.value == 1
            and isinstance(count_node, cst.BinaryOperation)
            and isinstance(count_node.operator, cst.Add)
            and isinstance(count_node.right, cst.Integer)
            and count_node.right.value == "1"
        ):
            return self.eval(count_node.left), count_node.left  # range(1, epochs + 1)
        if start.state == LIT and start.value == 0:
            return stop, count_node
        if len(it.args) == 2 and re.search(r"start|begin|resume", expr_text(start_node), re.I):
            return stop, count_node  # range(start_epoch, epochs): `epochs` is the total
        return unknown(expr_text(it)), count_node

    def visit_For(self, node: cst.For) -> None:
        self._for_iters.append(
            (dotted_name(node.target) if isinstance(node.target, cst.Name) else "", node.iter)
        )
        self.input_indices.append(input_index(node))
        self.blocks += 1
        rc = self._range_count(node.iter)
        self.loops.append(rc[0] if rc else unknown("loop"))
        node_line = self.w.line + len(node.leading_lines)
        self._for_state.append((node_line, len(self.f.items), len(self.f.calls), rc))
        self._search_grid(node.iter, node_line)

    def leave_For(self, node: cst.For) -> None:
        self._for_iters.pop()
        self.input_indices.pop()
        self.blocks -= 1
        self.loops.pop()
        line, n_items, n_calls, rc = self._for_state.pop()
        if rc is None:
            return
        count, count_node = rc
        target = (
            dotted_name(node.target) if isinstance(node.target, (cst.Name, cst.Attribute)) else None
        )
        count_text = expr_text(count_node).strip()
        scope_key = self._template_scope().key
        if target and (_EPOCH_NAME.match(target) and "epoch" in (target + count_text).lower()):
            self.add(
                Item(
                    "epochs",
                    "epochs",
                    _at(count, line),
                    line,
                    scope_key,
                    "loop",
                    symbol="range",
                    param=target,
                    in_model=self.in_model(),
                    detail=f"training loop `for {target} in range({count_text})`",
                )
            )
            stop = _early_stop(node.body)
            if stop is not None:
                text = expr_text(stop.test).strip()
                self.add(
                    Item(
                        "epochs",
                        "early_stopping",
                        unknown(text),
                        self._first_line(stop.test),
                        scope_key,
                        "structure",
                        symbol="break",
                        in_model=self.in_model(),
                        detail=f"training stops early (`break` when `{text}`)",
                        display=f"stop when {text}"[:80],
                    )
                )
            update = _epoch_update(node.body)
            if update is not None:
                text = self._text(update, line)
                fed = _fed_input(node.body, update)
                self.add(
                    Item(
                        "batch_size",
                        "full_batch",
                        lit("full batch", "full batch"),
                        self._first_line(fed) if fed is not None else self.w.line_of(update),
                        scope_key,
                        "structure",
                        symbol=text,
                        in_model=self.in_model(),
                        detail=f"one optimizer update per epoch (`{text}` outside any loop over "
                        "batches): each step's gradient is over the whole training set",
                        display="one update per epoch (full batch)",
                    )
                )
            return
        layers = any(it.layer for it in self.f.items[n_items:])
        calls = len(self.f.calls) > n_calls
        if layers or calls:
            self.add(
                Item(
                    "depth",
                    "depth",
                    _at(count, line),
                    line,
                    scope_key,
                    "loop",
                    symbol="range",
                    param=target or "",
                    in_model=self.in_model(),
                    detail=f"blocks built in a loop `for {target or '_'} in range({count_text})`",
                    needs_model=True,
                    builds=None if layers else (n_calls, len(self.f.calls)),
                )
            )

    def _visit_comprehension(self, node: cst.ListComp | cst.GeneratorExp) -> None:
        rc = self._range_count(node.for_in.iter)
        self.loops.append(rc[0] if rc else unknown("comprehension"))
        self.comprehensions += 1
        self._for_state.append((self.w.line, len(self.f.items), len(self.f.calls), rc))

    def _leave_comprehension(self, node: cst.ListComp | cst.GeneratorExp) -> None:
        self.loops.pop()
        self.comprehensions -= 1
        line, n_items, n_calls, rc = self._for_state.pop()
        if rc is None:
            return
        count, count_node = rc
        layers = any(it.layer for it in self.f.items[n_items:])
        if not layers and len(self.f.calls) == n_calls:
            return
        line = self.w.line_of(node.for_in.iter)
        self.add(
            Item(
                "depth",
                "depth",
                _at(count, line),
                line,
                self._template_scope().key,
                "loop",
                symbol="range",
                in_model=self.in_model(),
                detail=f"blocks built in a comprehension over range({expr_text(count_node).strip()})",
                needs_model=True,
                builds=None if layers else (n_calls, len(self.f.calls)),
            )
        )

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._visit_comprehension(node)

    def leave_ListComp(self, node: cst.ListComp) -> None:
        self._leave_comprehension(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._visit_comprehension(node)

    def leave_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._leave_comprehension(node)

    # ── comparisons: early stopping patience and thresholds ──
    def visit_Comparison(self, node: cst.Comparison) -> None:
        if not self._in_function():
            return
        left_node = node.left
        left = expr_text(left_node).strip() if _small(left_node) else ""
        if isinstance(left_node, cst.Name):
            held = self.resolver()(left_node.value)
            if held is not None and notsettings.is_character_code(held.text):
                return  # `cp = ord(char)`, `cp >= 33`: a character class's bounds
        for comp in node.comparisons:
            num = comp.comparator
            if isinstance(num, cst.UnaryOperation) and isinstance(num.operator, cst.Minus):
                num = num.expression
            if not isinstance(num, (cst.Integer, cst.Float)) or notsettings.is_coded_number(num):
                continue  # (`cp >= 0x4E00`: a character's code, written as its table writes it)
            v = self.eval(comp.comparator)
            line = self.w.line_of(num)
            if re.search(
                r"patience|no_improve|not_improv|increase|bad_epochs|wait|stop", left, re.I
            ):
                self.add(
                    Item(
                        "epochs",
                        "early_stopping",
                        v,
                        line,
                        self._template_scope().key,
                        "structure",
                        symbol=left,
                        in_model=self.in_model(),
                        detail=f"early stopping: `{left} {_op_text(comp.operator)} {v.display()}`",
                    )
                )
                return
            if (
                isinstance(
                    comp.operator,
                    (cst.GreaterThan, cst.GreaterThanEqual, cst.LessThan, cst.LessThanEqual),
                )
                and isinstance(left_node, (cst.Name, cst.Subscript))
                and v.state == LIT
                and isinstance(v.value, (int, float))
                and v.value not in _TRIVIAL_NUMBERS
                and not _COUNTER_NAME.search(_base_name(left_node))
                and not self.call_stack
            ):
                self.add(
                    Item(
                        "other",
                        "threshold",
                        v,
                        line,
                        self._template_scope().key,
                        "constant",
                        symbol=left,
                        in_model=self.in_model(),
                        detail=f"threshold `{left} {_op_text(comp.operator)} {v.display()}`",
                        display=f"{left} {_op_text(comp.operator)} {v.display()}"[:80],
                    )
                )

    # ── numbers written into model and training code ──
    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if not self._in_function():
            return
        line = self.w.line_of(node)
        if isinstance(node.operator, cst.Add):
            self._residual(node, line)
        elif isinstance(node.operator, cst.Subtract):
            right = node.right
            rname = dotted_name(right) if isinstance(right, (cst.Name, cst.Attribute)) else None
            if rname and _MEAN_NAME.search(rname.rsplit(".", 1)[-1]):
                self.add(
                    Item(
                        "other",
                        "input_normalization",
                        unknown(rname),
                        line,
                        self._template_scope().key,
                        "structure",
                        symbol=rname,
                        in_model=self.in_model(),
                        detail=f"mean subtraction `... - {rname}`",
                        display=f"x - {rname}",
                    )
                )
        if isinstance(node.operator, cst.Power) and self._branch():
            self._branch_power(node, line)
        if isinstance(node.operator, cst.Power) and isinstance(node.right, cst.Name):
            self._parameter_exponent(node.right, line)
        scaling = isinstance(
            node.operator, (cst.Multiply, cst.Divide, cst.FloorDivide, cst.Add, cst.Subtract)
        )
        for operand in (node.left, node.right):
            # a float written into model or training code (`x * 0.1`), and an integer that
            # scales a model's output (`(cos + 1) * 5 / 2`); shapes and indices are not choices
            number = isinstance(operand, cst.Float) or (
                isinstance(operand, cst.Integer)
                and not notsettings.is_coded_number(operand)
                and scaling
                and self._method_name() not in _BUILD_METHODS
                and self.scope.kind == "method"
                and not self._inside_layer_call()
            )
            if (
                operand is node.right
                and isinstance(operand, (cst.Integer, cst.Float))
                and self._in_function()
                and self._lr_scaling_rule(node, line)
            ):
                continue
            if isinstance(operand, cst.Float) and self._split_fraction(node, operand):
                continue
            if number and not self.call_stack_is_shape():
                v = self.eval(operand)
                seen = self.scope.computed
                if (
                    v.state == LIT
                    and v.value not in _TRIVIAL_NUMBERS
                    and f"={v.value!r}" not in seen
                ):
                    seen.add(f"={v.value!r}")  # the same constant again in this function: once
                    text = self._text(node, line)
                    self.add(
                        Item(
                            "other",
                            "constant",
                            v,
                            self.w.line_of(operand),
                            self._template_scope().key,
                            "constant",
                            in_model=self.in_model(),
                            detail=f"constant in `{text}`",
                            display=f"{v.display()} in `{text}`",
                            needs_model=isinstance(operand, cst.Integer),
                        )
                    )

    def _split_fraction(self, node: cst.BinaryOperation, operand: cst.Float) -> bool:
        """``split_idx = int(len(data) * 0.9)`` (``idioms.split_fraction``)."""
        target = self.assign_target[-1] if self.assign_target else ""
        v = self.eval(operand)
        if not target or v.state != LIT or not isinstance(v.value, float):
            return False
        read = split_fraction(target, node, v.value)
        if read is None:
            return False
        self._add_idiom(read, v, self.w.line_of(operand), "constant")
        return True

    def _lr_scaling_rule(self, node: cst.BinaryOperation, line: int) -> bool:
        """``lr * batch_size / 512`` (``idioms.lr_scaling_rule``)."""
        target = self.assign_target[-1] if self.assign_target else ""
        read = lr_scaling_rule(node, target)
        if read is None:
            return False
        if read.concept in self.scope.computed:
            return True
        self.scope.computed.add(read.concept)
        self._add_idiom(
            read,
            self.eval(node.right),
            self.w.line_of(node.right),
            "constant",
            in_model=self.in_model(),
        )
        return True

    def _parameter_exponent(self, name: cst.Name, line: int) -> None:
        """``(freq / freq_max) ** alpha`` with ``alpha=0.75`` in the function's signature: an
        exponent set by a parameter's fractional default shapes what is computed (a smoothing
        of frequencies, a schedule's curve): a choice where it is applied, with the default's
        value (a call that passes its own exponent is not followed)."""
        v = self.eval(name)
        d = v.default if v.state == PARAM else None
        if d is None or d.state != LIT or not isinstance(d.value, float):
            return
        if d.value in _TRIVIAL_NUMBERS:
            return
        self.add(
            Item(
                "other",
                setting_names.normalize_name(name.value),
                Val(LIT, d.value, d.text, line=line),
                line,
                self._template_scope().key,
                "assign",
                symbol=name.value,
                param=name.value,
                in_model=self.in_model(),
                detail=f"exponent `** {name.value}` (default {d.display()})",
            )
        )

    def _branch_power(self, node: cst.BinaryOperation, line: int) -> None:
        """``if schedule == "linear": betas = linspace(a ** 0.5, b ** 0.5, n) ** 2``: under a
        branch a string option selects, a power with a number defines what the option's value
        computes (linear in the square root, quadratic): a choice at its line, even for the
        0.5 and 2 that elsewhere are no choice. Once per branch."""
        exponent = node.right
        if isinstance(exponent, cst.UnaryOperation):
            exponent = exponent.expression
        if not isinstance(exponent, (cst.Integer, cst.Float)):
            return
        branch = self._branch()
        seen = self.scope.computed
        if f"**{branch}" in seen:
            return
        seen.add(f"**{branch}")
        text = self._text(node, line)
        v = unknown(text)
        self.add(
            Item(
                "other",
                "constant",
                v,
                line,
                self._template_scope().key,
                "constant",
                in_model=self.in_model(),
                detail=f"computed under `{branch}`: `{text}`",
                display=text,
            )
        )

    def _schedule_shape(self, call: cst.Call) -> tuple[str, str] | None:
        """What a hand-written schedule (``LambdaLR(opt, lr_lambda=...)``) computes, read from its
        lambda or the function it names: the shape is the choice, not "a custom schedule"."""
        fn: cst.CSTNode | None = None
        for i, arg in enumerate(call.args):
            name = arg.keyword.value if arg.keyword else None
            if name in ("lr_lambda", "schedule") or (name is None and i == 1):
                fn = arg.value
        if isinstance(fn, cst.Name):
            fn = self.function_defs.get(fn.value)
        if not isinstance(fn, (cst.Lambda, cst.FunctionDef)):
            return None
        return _schedule_shape_of(fn)

    def _inside_layer_call(self) -> bool:
        """Inside the arguments of a layer or a project function: a number there sizes a
        tensor (``linear(net, 128 * 7 * 7)``) rather than scaling a value."""
        if not self.call_stack:
            return False
        d = dotted_name(self.call_stack[-1][0].func)
        q = self.qualify(d) if d else None
        spec = self.table.get(q) if q else None
        return spec is None or is_layer(spec)

    def call_stack_is_shape(self) -> bool:
        for call, _ in self.call_stack[-2:]:
            f = call.func
            name = (
                f.attr.value
                if isinstance(f, cst.Attribute)
                else f.value
                if isinstance(f, cst.Name)
                else ""
            )
            if name in _SHAPE_METHODS:
                return True
        return False

    def _residual(self, node: cst.BinaryOperation, line: int) -> None:
        left, right = node.left, node.right
        if any(isinstance(n, cst.Name) and _COUNT_NAME.search(n.value) for n in (left, right)):
            return  # `aug_start + unsup_batch_size`: positions and counts, not tensors
        hit = False
        for a, b in ((left, right), (right, left)):
            if not isinstance(a, cst.Name):
                continue
            name = a.value
            if _RESIDUAL_NAME.search(name):
                hit = True
                break
            # `x + f(x)`, or `h + out` where `out` was computed from `h` (not only from its
            # shape: a top-down merge `lateral + upsample(top, size=lateral.shape)`)
            b_names = data_names_in(b, 400)
            aggregate = is_graph_aggregation(b) if isinstance(b, cst.Call) else False
            if name in b_names and isinstance(b, cst.Call) and not aggregate:
                hit = True
                break
            b_deps = self.scope.deps.get(b.value, set()) if isinstance(b, cst.Name) else set()
            if name in b_deps and b_deps - {name} and b.value not in self.scope.aggregates:
                hit = True
                break
            if (name in b_names and aggregate) or (
                name in b_deps and isinstance(b, cst.Name) and b.value in self.scope.aggregates
            ):
                # a node's features plus its neighbours' sum is a message it sends itself
                self._self_connection(name, b, line)
                return
        if not hit:
            return
        text = self._text(node, line)
        self.add(
            Item(
                "residual",
                "residual_connection",
                unknown(text),
                line,
                self._template_scope().key,
                "structure",
                in_model=self.in_model(),
                detail=f"skip connection `{text}`",
                display=text,
                needs_model=True,
            )
        )

    def _self_connection(self, own: str, aggregate: cst.BaseExpression, line: int) -> None:
        """``h + A @ h`` (``idioms.self_connection``)."""
        read = self_connection(own, self._text(aggregate, line))
        self._add_idiom(
            read,
            unknown(read.display),
            line,
            "structure",
            in_model=self.in_model(),
            needs_model=True,
        )

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.operator, cst.AddAssign) and self._in_function():
            t = dotted_name(node.target)
            v = (
                dotted_name(node.value)
                if isinstance(node.value, (cst.Name, cst.Attribute))
                else None
            )
            if t and v and (_RESIDUAL_NAME.search(v) or v in ("x", "h", "inputs")):
                self.add(
                    Item(
                        "residual",
                        "residual_connection",
                        unknown(f"{t} += {v}"),
                        self.w.line,
                        self._template_scope().key,
                        "structure",
                        in_model=self.in_model(),
                        detail=f"skip connection `{t} += {v}`",
                        display=f"{t} += {v}",
                        needs_model=True,
                    )
                )

    # ── dict configs ──
    def leave_Dict(self, node: cst.Dict) -> None:
        # on leaving, every element has been visited and its line is known
        if not _is_dict_config(node, self.f.config.is_config):
            return
        in_call = self.call_stack[-1][0] if self.call_stack else None
        entries = []
        for el in node.elements:
            if not isinstance(el, cst.DictElement) or not isinstance(el.key, cst.SimpleString):
                continue
            key = evaluate(el.key).value
            if isinstance(key, str):
                entries.append((key, el.value, self.w.line_of(el)))
        self._config_entries(entries, in_call is not None)

    def _config_entries(
        self, entries: list[tuple[str, cst.BaseExpression, int]], in_call: bool
    ) -> None:
        """A dict config's entries, handed to the sources of settings that read dicts, with the
        path of keys the dict sits under (``model = dict(backbone=dict(depth=50))``)."""
        path = [k for k in self.owner_keys if k]
        if self.assign_target and self.assign_target[-1]:
            root = self.assign_target[-1].rsplit(".", 1)[-1]
            path = [root, *path]
        for source in setting_sources.dict_readers():
            self._origin = source.name
            source.read_dict(self, entries, in_call, path)  # type: ignore[misc]

    def visit_Arg(self, node: cst.Arg) -> None:
        self.owner_keys.append(node.keyword.value if node.keyword is not None else "")

    def leave_Arg(self, node: cst.Arg) -> None:
        self.owner_keys.pop()

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = node.key
        self.owner_keys.append(_string_value(key) if isinstance(key, cst.SimpleString) else "")

    def leave_DictElement(self, node: cst.DictElement) -> None:
        self.owner_keys.pop()

    # ── calls ──
    def _per_input_lists(self, class_key: str) -> None:
        """A list of modules that a loop over the inputs picks by the input's index holds one
        module per input (a scale per pyramid level, a head per task): its count is the number
        of inputs, not a depth. The choice is that each input has a module of its own."""
        for key, items in self.module_lists.items():
            if not key.startswith(f"{class_key}::") or key not in self.per_input_lists:
                continue
            attr = key.split("::", 1)[1]
            for it in items:
                it.kind = "other"
                it.concept = "per_input_modules"
                it.detail = f"one module per input (`self.{attr}[i]` is the i-th input's)"

    def visit_Call(self, node: cst.Call) -> None:
        if self.input_indices and self.scope.class_key:
            attr = per_input_list(node.func, self.input_indices)
            if attr is not None:
                self.per_input_lists.add(f"{self.scope.class_key}::{attr}")
        line = self.w.line_of(node)
        self.call_stack.append((node, line))
        dotted = dotted_name(node.func)
        if dotted is None:
            return
        if self.scope.frozen_by is not None:
            self._written_in_place(dotted)
        if self.scope.kind in ("function", "method"):
            length = notsettings.byte_buffer_length(node, dotted)
            if length is not None:
                for name in notsettings.buffer_names(length):
                    self.scope.byte_lengths[name] = self.scope.byte_lengths.get(name, 0) + 1
        q = self.qualify(dotted)
        spec = self.table.get(q) if q else None
        # the container's own record is written when the call is left; what is built inside it
        # while its arguments are walked belongs to it
        self._container_of[id(node)] = self.containers[-1][1] if self.containers else 0
        if spec is not None and spec.concept in ("sequential", "module_list"):
            self.containers.append((id(node), line))

    def leave_Call(self, node: cst.Call) -> None:
        # calls are read when left: every argument has been walked, so its line is known
        self._read_call(node)
        self.call_stack.pop()
        self._container_of.pop(id(node), None)
        if self._pending_dicts:
            pending = self._pending_dicts.pop(id(node), None)
            if pending is not None:
                self._config_entries(pending, bool(self.call_stack))
        if self.containers and self.containers[-1][0] == id(node):
            self.containers.pop()

    def _read_call(self, node: cst.Call) -> None:
        line = self.w.line_of(node)
        func = node.func
        dotted = dotted_name(func)
        if dotted is None:
            # nn.ReLU()(x): the callee is itself a call; it is read on its own
            self._base_constructor_call(node, line)
            return
        last = dotted.rsplit(".", 1)[-1]
        for source in setting_sources.readers_of_call(last):
            self._origin = source.name
            if source.read_call(self, node, dotted, line):  # type: ignore[misc]
                return  # a source of settings read it (an argparse option, a flag ...)
        if dotted == "dict" and node.args and all(a.keyword is not None for a in node.args):
            entries = [
                (a.keyword.value, a.value, self.w.line_of(a))
                for a in node.args
                if a.keyword is not None
            ]
            # in a config file (mmcv `_base_`) one key is enough: `model = dict(depth=101)`
            if len(entries) >= 2 or entries[0][0] in ("type", "policy") or self.f.config.is_config:
                self._pending_dicts[id(node)] = entries
            return
        if dotted in _BUILTINS:
            return
        if last in dataparallel.CALLS:
            self.f.data_parallel.append((line, last))
        if last == "apply" and node.args:
            n = dotted_name(node.args[0].value)
            if n:
                self.f.applied.add(n.rsplit(".", 1)[-1])
        if last == "compile" and isinstance(func, cst.Attribute):
            self._keras_compile(node, line)
        if last in ("fit", "fit_generator") and isinstance(func, cst.Attribute):
            self._keras_fit(node, line)
        if (
            last == "step"
            and isinstance(func, cst.Attribute)
            and _SCHEDULER_NAME.search(dotted.rsplit(".", 2)[-2] if "." in dotted else "")
        ):
            self.f.schedule_steps.append(line)
        if (
            last == "set_value"
            and node.args
            and re.search(r"\.(lr|learning_rate)$", expr_text(node.args[0].value).strip())
            and self._in_function()
        ):
            self._hand_schedule(line, self._text(node, line))
        if last in _WEIGHT_MAKERS and node.args:
            self._weight_initializer(node, last, line)
        if last == "requires_grad_" and node.args:
            v = self.eval(node.args[0].value)
            if v.state == LIT and v.value is False:
                self._freezing(line, f"`{expr_text(func).strip()}(False)`")
        if (
            last in _INIT_METHODS
            and isinstance(func, cst.Attribute)
            and re.search(r"weight|bias|data", expr_text(func.value))
            # `w.grad.data.zero_()` resets a gradient between steps; it initializes no weight
            and not _GRADIENT.search(expr_text(func.value))
        ):
            text = self._text(node, line)
            self.add(
                Item(
                    "init",
                    "custom_init",
                    unknown(text),
                    line,
                    self._template_scope().key,
                    "call",
                    symbol=last,
                    in_model=self.in_model(),
                    detail="weights initialized in place",
                    display=text,
                )
            )
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == "self"
            and self._method_name() in _FORWARD_METHODS
        ):
            first = node.args[0].value if node.args else None
            scope_key = self._template_scope().key
            method = self.f.templates.get(scope_key)
            self.f.self_calls.append(
                SelfCall(
                    self.scope.class_key,
                    scope_key,
                    last,
                    line,
                    first.value if isinstance(first, cst.Name) else "",
                    self.assign_target[-1] if self.assign_target else "",
                    self._loop(),
                    path=tuple(e[0] for e in self.if_path),
                    guard=self._guard(),
                    def_line=method.line if method is not None else 0,
                )
            )
        self._transform_reuse(node, line)
        q = self.qualify(dotted)
        self._axis_keywords(node, dotted, q)
        self._output_function(node, q, line)
        if self._low_rank_adapter(node, dotted, q, line):
            return
        spec = self.table.get(q) if q else None
        if spec is None:
            # a vendored trainer's optimizer and schedule are what every run uses; its other
            # library calls (fallback arguments, seeding) are the library's internals
            vendored = self.library_spec(q)
            if vendored is not None and vendored.kind in ("optimizer", "scheduler"):
                spec = vendored
        if spec is not None:
            self._library_call(spec, node, line)
            return
        self._weights_loaded(node, q or dotted)
        self._pretrained_call(node, q or dotted, line)
        self._optimizer_by_parameters(node, q or dotted, line)
        self._initializer_body(q or dotted, line)
        if q is not None or isinstance(node.func, cst.Name):
            # a function (`trunc_normal_(w)`), not a tensor's own method (`w.data.normal_()`)
            self._in_place_initializer(node, q or dotted, line)
        self._loss_class(q or dotted, line)
        if q is not None and q.split(".")[0] in _LIBRARY_ROOTS:
            return
        named = setting_names.classify(last)
        if named is not None and named.kind == "augmentation":
            self._augmentation_call(dotted, line)
        # a call into the project: this file's own function/class, an imported one, or self.method
        if dotted.startswith("self.") and dotted.count(".") == 1:
            target = f"self.{last}"
        elif q is not None:
            target = q
        elif "." not in dotted:
            target = dotted
        else:
            return
        self._template_call(target, node, line)

    def _axis_keywords(self, node: cst.Call, dotted: str, q: str | None) -> None:
        """``torch.sum(x, dim=d)``, ``x.softmax(dim=d)``, ``reduce_max(x, axis=a)`` in ``def
        f(x, d)``: the parameter is passed on as an axis (:func:`notsettings.is_axis_keyword`),
        to a library's function or a tensor's method (a call of the project's own is
        followed where it is expanded)."""
        func = node.func
        library = q is not None and q.split(".")[0] in _LIBRARY_ROOTS
        method = (
            q is None
            and isinstance(func, cst.Attribute)
            and not (isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"))
        )
        if not (library or method):
            return
        resolve = None
        for a in node.args:
            if a.keyword is None or a.keyword.value not in notsettings.AXIS_PARAMS:
                continue
            if not isinstance(a.value, cst.Name):
                continue
            resolve = resolve or self.resolver()
            v = resolve(a.value.value)
            if (
                v is not None
                and v.state == PARAM
                and notsettings.is_axis_keyword(a.keyword.value, q or dotted)
            ):
                self.f.axis_params.add(v.name)

    def _formula_part(self, spec: Callable_, concept: str, bound: dict) -> str:
        """Why a softmax is part of the formula around it (``idioms.normalisation_in_a_formula``):
        the tensor it normalises and the call its result is passed to."""
        if spec.kind != "activation" or concept not in ("softmax", "log_softmax"):
            return ""
        operand = bound.get("input")
        outer = ""
        if len(self.call_stack) >= 2:
            outer = (dotted_name(self.call_stack[-2][0].func) or "").rsplit(".", 1)[-1]
        text = operand.display() if operand is not None and not is_star(operand) else ""
        return normalisation_in_a_formula(concept, text, outer)

    def _result_discarded(self, spec: Callable_, node: cst.Call, bound: dict) -> bool:
        """An activation computed on a line of its own and not in place (`F.relu(x)`,
        `nn.ReLU()(x)`): its result is thrown away, the tensor passes unchanged."""
        if spec.kind != "activation" or id(node) not in self.discarded:
            return False
        if spec.qualname.endswith("_"):
            return False  # `relu_`: in place
        inplace = bound.get("inplace")
        if inplace is not None and not (inplace.state == LIT and inplace.value is False):
            return False
        if isinstance(node.func, cst.Call):
            return False  # `nn.ReLU()(x)` is read from its constructor, the inner call
        return bool(node.args) or self._called_on_a_tensor(node)

    def _called_on_a_tensor(self, node: cst.Call) -> bool:
        """`nn.ReLU()` whose result is called on a tensor by the statement around it."""
        return len(self.call_stack) >= 2 and self.call_stack[-2][0].func is node

    def _base_constructor_call(self, node: cst.Call, line: int) -> None:
        """``super().__init__(embed_dims=[64, 128], depths=[3, 4])`` in a class's constructor:
        research code defines a model's variants (B0..B5, -S/-B/-L) as subclasses that only hand
        their settings to the base class. The call is a call of the base class, read as one
        (``MixVisionTransformer(embed_dims=...)``), with the values at the subclass's lines."""
        func = node.func
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value == "__init__"
            and isinstance(func.value, cst.Call)
            and dotted_name(func.value.func) == "super"
            and self._method_name() == "__init__"
            and any(a.keyword is not None for a in node.args)
        ):
            return
        cls = self.f.templates.get(self.scope.class_key)
        if cls is None or not cls.bases:
            return
        base = cls.bases[0]
        if base.split(".")[0] in _LIBRARY_ROOTS:
            return  # `nn.Module.__init__`: the library's own, read through its signature table
        positional, keywords, lines = self._args(node)
        scope = self._template_scope()
        self.f.calls.append(
            TemplateCall(
                base,
                line,
                scope.key,
                positional,
                keywords,
                self.in_model(),
                guard=self._guard(),
                keyword_lines=lines,
            )
        )

    def library_spec(self, q: str | None) -> Callable_ | None:
        """The table's entry for a qualified name, also when the project vendors the library:
        ``src.transformers.optimization.AdamW`` (a copy of transformers inside the repository)
        is ``transformers.AdamW``."""
        if q is None:
            return None
        spec = self.table.get(q)
        if spec is not None:
            return spec
        parts = q.split(".")
        for i in range(len(parts) - 2, 0, -1):
            if parts[i] in _VENDORED_ROOTS:
                for cand in (".".join(parts[i:]), f"{parts[i]}.{parts[-1]}"):
                    spec = self.table.get(canonical(cand))
                    if spec is not None:
                        return spec
                return None
        return None

    def _search_grid(self, it: cst.BaseExpression, line: int) -> None:
        """``for t in np.linspace(0.05, 0.95, num=19):`` (or a local holding that grid): a loop
        over a grid of fractional values searches them (thresholds, weights): the grid is a
        choice, at the line it is written."""
        if isinstance(it, cst.Name) and it.value in self.scope.grids:
            at, node = self.scope.grids[it.value], it
        elif _is_grid(it, self.qualify):
            at, node = line, it
        else:
            return
        text = self.scope.locals.get(it.value).text if isinstance(it, cst.Name) else ""
        text = text or self._text(node, line)
        self.add(
            Item(
                "other",
                "search_grid",
                unknown(text),
                at,
                self._template_scope().key,
                "structure",
                symbol=it.value if isinstance(it, cst.Name) else "",
                in_model=self.in_model(),
                detail=f"values searched in a loop: `{text}`",
                display=text,
            )
        )

    def _output_function(self, node: cst.Call, q: str | None, line: int) -> None:
        """``torch.exp(self.bbox_pred(x))``, ``logvar.exp()`` in a forward pass: an
        element-wise function applied to a layer's output decides the range of what the model
        predicts (positive box sizes), an activation choice the tables' activations miss."""
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _OUTPUT_METHODS and not node.args:
            concept, arg = _OUTPUT_METHODS[func.attr.value], func.value
        elif q in _OUTPUT_FUNCTIONS and node.args:
            concept, arg = _OUTPUT_FUNCTIONS[q], node.args[0].value
        else:
            return
        if self._method_name() not in _FORWARD_METHODS or not self.in_model():
            return
        if self._reads_a_prediction():
            return
        outputs = self.scope.layer_outputs
        if not (_calls_a_layer(arg) or any(outputs.get(n) for n in names_in(arg, 50))):
            return
        text = self._text(node, line)
        self.add(
            Item(
                "activation",
                concept,
                lit(text, text),
                line,
                self._template_scope().key,
                "call",
                symbol=q or (func.attr.value if isinstance(func, cst.Attribute) else ""),
                in_model=True,
                detail="an element-wise function on a layer's output",
                display=text,
            )
        )

    def _pretrained_call(self, node: cst.Call, name: str, line: int) -> None:
        """``X.from_pretrained("roberta-base")`` for a class the tables do not know (a vendored
        or another library's model), ``create_model(arch, pretrained=True)``: the model starts
        from published weights (or, with ``pretrained=False``, from scratch)."""
        last = name.rsplit(".", 1)[-1]
        value: Val | None = None
        at = line
        if CHECKPOINT_COMPANION.search(name):
            return  # a tokenizer's or a configuration's files are no weights
        if last == "from_pretrained" and node.args and node.args[0].keyword is None:
            value = self.eval(node.args[0].value)
        else:
            for a in node.args:
                if a.keyword is not None and a.keyword.value in ("pretrained", "use_pretrained"):
                    value, at = self.eval(a.value), self.w.line_of(a)
        if value is None or value.state == PARAM:
            return  # a parameter: read where the function is called
        if value.state != LIT and _RESUMED.search(value.text):
            return  # the run's own best or last checkpoint, reloaded
        if value.state == LIT and not (
            isinstance(value.value, bool) or _is_setting_value(value.value)
        ):
            return
        shown = value.display() if value.state == LIT else value.text
        self.add(
            Item(
                "init",
                "pretrained_weights",
                value if value.state == LIT else unknown(shown),
                at,
                self._template_scope().key,
                "call",
                symbol=name,
                in_model=self.in_model(),
                detail=f"`{name.rsplit('.', 2)[-2] if '.' in name else name}` weights: {shown}",
            )
        )

    def _weights_loaded(self, node: cst.Call, name: str) -> None:
        """``torch.load(model_args.lora_path)`` then ``load_state_dict``, ``load_weights(
        args.init_weights)``: the option names a file of weights the model starts from, so a
        launcher that sets it chooses an initialization (a resumed run's checkpoint is not one)."""
        last = name.rsplit(".", 1)[-1]
        if last not in ("load", "load_weights", "load_state_dict", "load_checkpoint") or not (
            node.args
        ):
            return
        if last == "load" and not name.startswith(("torch.", "tensorflow.", "keras.")):
            return
        v = self.eval(node.args[0].value)
        if v.state != REF or not v.name:
            return
        key = v.name.rsplit(".", 1)[-1]
        if _RESUMED.search(key):
            return
        self.f.weight_options.add(setting_names.normalize_name(key))

    def _initializer_body(self, name: str, line: int) -> None:
        """``def label_embed(self, shape, dtype=None): return K.random_normal(shape)``: a
        function of Keras's initializer protocol (the weight's ``shape`` and a ``dtype``)
        initializes with the distribution it draws from, named as initializations are."""
        scope = self.scope
        if scope.kind not in ("function", "method"):
            return
        params = [p for p in scope.params if p not in ("self", "cls")]
        if not params or params[0] != "shape" or "dtype" not in params or len(params) > 4:
            return  # Keras's protocol is `(shape, dtype=None)`
        if setting_names.init_scheme(scope.name) is not None:
            return  # `glorot(shape, dtype)`: named for its scheme, read where it is called
        concept = setting_names.init_scheme(name.rsplit(".", 1)[-1])
        if concept is None or f"init:{scope.key}" in scope.computed:
            return
        scope.computed.add(f"init:{scope.key}")
        short = name.rsplit(".", 1)[-1]
        self.add(
            Item(
                "init",
                concept,
                lit(short, short),
                line,
                self._template_scope().key,
                "call",
                symbol=name,
                in_model=self.in_model(),
                detail=f"the initializer `{scope.name}` draws from `{short}`",
                display=short,
            )
        )

    def _in_place_initializer(self, node: cst.Call, name: str, line: int) -> None:
        """``trunc_normal_(self.pos_embed, std=.02)``: a function named for an initialization
        scheme with PyTorch's trailing underscore (it fills the tensor it is given in place),
        from a library the tables do not know (timm, mmcv) or the project's own copy."""
        short = name.rsplit(".", 1)[-1]
        if not short.endswith("_") or short.startswith("_") or not node.args:
            return
        concept = setting_names.init_scheme(short.rstrip("_"))
        if concept is None:
            return
        text = self._text(node, line)
        self.add(
            Item(
                "init",
                concept,
                lit(short, short),
                line,
                self._template_scope().key,
                "call",
                symbol=name,
                in_model=self.in_model(),
                detail=f"`{short}` fills `{expr_text(node.args[0].value).strip()}` in place",
                display=text[:80],
            )
        )

    def _loss_class(self, name: str, line: int) -> None:
        """``SigmoidFocalLoss(gamma, alpha)``, ``DiceLoss()``: a class the tables do not know,
        named as a loss, is that loss (the concept its name contains: focal, cross-entropy);
        named for a sigmoid or a softmax it also decides how the classifier's outputs are read
        (independent sigmoids, or one softmax over the classes)."""
        short = name.rsplit(".", 1)[-1]
        found = loss_class_named(short)
        if found is None:
            return
        for kind, concept in found:
            what = f"`{short}`, a loss named for its kind"
            self.add(
                Item(
                    kind,
                    concept,
                    lit(short, short),
                    line,
                    self._template_scope().key,
                    "call",
                    symbol=name,
                    in_model=self.in_model(),
                    detail=what if kind == "loss" else f"{what}: outputs read through a {concept}",
                    display=short,
                )
            )

    def _optimizer_class(self, name: str, q: str | None, line: int) -> None:
        """``optimizer_cls = AdamW`` in a function: the optimizer class a trainer builds its
        optimizer from (``optimizer_cls(params, **kwargs)``), chosen where it is assigned."""
        spec = self.library_spec(q)
        if spec is None or spec.kind != "optimizer" or not self._in_function():
            return
        short = _short(spec.qualname)
        self.add(
            Item(
                "optimizer",
                spec.concept,
                lit(short, short),
                line,
                self._template_scope().key,
                "call",
                symbol=spec.qualname,
                framework=spec.framework,
                in_model=self.in_model(),
                display=short,
                detail=f"`{name} = {short}`: the optimizer class the run builds",
            )
        )

    def _optimizer_by_parameters(self, node: cst.Call, name: str, line: int) -> None:
        """``AdamATan2(model.parameters(), lr=1e-4, betas=(0.9, 0.95))``: a class the tables do
        not know, constructed with a model's parameters and a learning rate (or named as an
        optimizer), is an optimizer whatever its name; its settings are choices."""
        short = name.rsplit(".", 1)[-1]
        if not short[:1].isupper() or _NOT_OPTIMIZER.search(short):
            return
        first = next((a.value for a in node.args if a.keyword is None and not a.star), None)
        params = next(
            (
                a.value
                for a in node.args
                if a.keyword and a.keyword.value in ("params", "parameters")
            ),
            first,
        )
        if params is None or not _model_parameters(params):
            return
        keywords = {a.keyword.value: a for a in node.args if a.keyword is not None}
        concept = _optimizer_concept(short)
        if concept == "custom_optimizer" and not ({"lr", "learning_rate"} & set(keywords)):
            return
        scope_key = self._template_scope().key
        group = f"{line}:{len(self.f.items)}"
        self.add(
            Item(
                "optimizer",
                concept,
                lit(short, short),
                line,
                scope_key,
                "call",
                symbol=name,
                in_model=self.in_model(),
                group=group,
                display=short,
                detail=f"`{short}` built with the model's parameters",
            )
        )
        for key, arg in keywords.items():
            if key in ("params", "parameters"):
                continue
            v = self.eval(arg.value)
            kind = classify_setting(key, v.value if v.state == LIT else NO_VALUE)
            if kind is None or kind.kind == "context":
                continue
            if kind.kind == "learning_rate" and v.state == LIT and v.value == 0:
                continue  # `lr=0`: the placeholder a schedule overwrites at every step
            arg_line = self.w.line_of(arg)
            self.add(
                Item(
                    kind.kind,
                    kind.concept if kind.kind != "other" else f"{concept}.{key}",
                    v,
                    _arg_line(v, arg_line),
                    scope_key,
                    "argument",
                    symbol=name,
                    param=key,
                    in_model=self.in_model(),
                    group=group,
                    detail=f"{short}({key}=...)",
                )
            )

    def _weight_initializer(self, node: cst.Call, method: str, line: int) -> None:
        """``self.add_weight(..., initializer="glorot_uniform")``, ``self.param("w",
        nn.initializers.lecun_normal(), shape)``: a layer's own weight, initialized as named."""
        from paperlint.vocab import concept_for_code_string

        init = next(
            (
                a.value
                for a in node.args
                if a.keyword is not None and a.keyword.value in ("initializer", "init", "init_fn")
            ),
            None,
        )
        positional = [a.value for a in node.args if a.keyword is None]
        if init is None and method == "param" and len(positional) >= 2:
            init = positional[1]  # flax: self.param(name, init_fn, *shape)
        if init is None:
            return
        concept = None
        if isinstance(init, cst.SimpleString):
            text = _string_value(init)
            concept = concept_for_code_string(text) or setting_names.init_scheme(text)
        else:
            target = init.func if isinstance(init, cst.Call) else init
            dotted = dotted_name(target)
            if dotted is None:
                return
            q = self.qualify(dotted)
            spec = self.table.get(q) if q else None
            if spec is not None:
                return  # a known initializer call is read on its own
            text = dotted.rsplit(".", 1)[-1]
            concept = setting_names.init_scheme(text)
        if concept is None or concept not in _INIT_CONCEPTS:
            return
        self.add(
            Item(
                "init",
                concept,
                lit(text, text),
                line,
                self._template_scope().key,
                "call",
                symbol=method,
                in_model=self.in_model(),
                detail=f"a weight created by `{method}(...)` with initializer `{text}`",
                display=text,
            )
        )

    def _augmentation_call(self, dotted: str, line: int) -> None:
        name = dotted.rsplit(".", 1)[-1]
        self.add(
            Item(
                "augmentation",
                "augmentation",
                lit(name, name),
                line,
                self._template_scope().key,
                "call",
                symbol=dotted,
                in_model=self.in_model(),
                detail=f"data augmented by `{dotted}(...)`",
                display=f"{name}(...)",
            )
        )

    def _transform_reuse(self, node: cst.Call, line: int) -> None:
        """The training augmentation handed to an evaluation dataset (``test_ds = DS(...,
        transform=train_transform)``): evaluation sees randomly augmented inputs."""
        if not self.scope.aug_vars:
            return
        target = self.assign_target[-1] if self.assign_target else ""
        if not _TEST_NAME.search(target.rsplit(".", 1)[-1]):
            return
        for a in node.args:
            if not isinstance(a.value, cst.Name) or a.value.value not in self.scope.aug_vars:
                continue
            if a.keyword is not None and "transform" not in a.keyword.value:
                continue
            self.add(
                Item(
                    "augmentation",
                    "evaluation_augmentation",
                    unknown(a.value.value),
                    line,
                    self._template_scope().key,
                    "structure",
                    symbol=a.value.value,
                    in_model=False,
                    detail=f"the augmenting pipeline `{a.value.value}` is also applied to `{target}`",
                    display=f"{a.value.value} also used for {target}",
                    obviousness="irregular",
                )
            )

    def _args(self, node: cst.Call) -> tuple[list[Val], dict[str, Val], dict[str, int]]:
        positional: list[Val] = []
        keywords: dict[str, Val] = {}
        lines: dict[str, int] = {}
        resolve = self.resolver()
        for a in node.args:
            if a.star == "*":
                positional.append(STAR)  # type: ignore[arg-type]
            elif a.star == "**":
                keywords["**"] = unknown(expr_text(a.value) if _small(a.value) else "**kwargs")
            elif a.keyword is not None:
                keywords[a.keyword.value] = self.eval(a.value)
                lines[a.keyword.value] = self.w.line_of(a)
            else:
                positional.append(self.eval(a.value))
            # a parameter used anywhere in an argument (`Linear(2 * width)`) is consumed
            value = a.value
            if isinstance(value, (cst.Integer, cst.Float, cst.SimpleString)):
                continue
            for name in (value.value,) if isinstance(value, cst.Name) else names_in(value, 200):
                found = resolve(name)
                if found is not None and found.state == PARAM:
                    self.f.param_uses.add(found.name)
        for v in (*positional, *keywords.values()):
            if isinstance(v, Val) and v.state == PARAM:
                self.f.param_uses.add(v.name)
        return positional, keywords, lines

    def _first_line(self, node: cst.CSTNode) -> int:
        """The line of a statement or expression the walker keeps no line for: its first
        descendant's that it does."""
        known = [self.w.lines[id(n)] for n in _descendants(node) if id(n) in self.w.lines]
        return min(known) if known else self.w.line

    def _appended_to(self, node: cst.Call) -> str:
        """``self.layers.append(node)``: the list the call's result is appended to."""
        if len(self.call_stack) < 2:
            return ""
        outer = self.call_stack[-2][0]
        func = outer.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "append"
            and len(outer.args) == 1
            and outer.args[0].value is node
        ):
            return dotted_name(func.value) or ""
        return ""

    def _template_call(self, target: str, node: cst.Call, line: int) -> None:
        positional, keywords, lines = self._args(node)
        scope = self._template_scope()
        attr = self.assign_target[-1] if self.assign_target else ""
        self.f.calls.append(
            TemplateCall(
                target,
                line,
                scope.key,
                positional,
                keywords,
                self.in_model(),
                assigned_to=attr,
                loop=self._loop(),
                guard=self._guard(),
                keyword_lines=lines,
                appended_to=self._appended_to(node),
            )
        )
        container = self._container_of.get(id(node), 0)
        is_block = target.rsplit(".", 1)[-1][:1].isupper() or bool(container)
        if (
            self._in_function()
            and is_block
            and (self._method_name() in _BUILD_METHODS or container or attr)
        ):
            self.f.layers.append(
                LayerUse(
                    scope.key,
                    attr if not container else "",
                    target,
                    "",
                    None,
                    line,
                    container=container,
                    guard=self._guard(),
                    loop=self._loop(),
                    project=True,
                    in_comprehension=self.comprehensions > 0,
                    returned=id(node) in self.returned,
                )
            )

    def _library_call(self, spec: Callable_, node: cst.Call, line: int) -> None:
        positional, keywords, lines = self._args(node)
        bound, complete = spec.bind(positional, keywords)
        for name in notsettings.AXIS_PARAMS & bound.keys():
            v = bound[name]
            if isinstance(v, Val) and v.state == PARAM:
                self.f.axis_params.add(v.name)  # `tf.nn.softmax(x, dim)` in `def f(x, dim)`
        arg_lines = {spec.param_aliases.get(k, k): v for k, v in lines.items()}
        scope_key = self._template_scope().key
        in_model = self.in_model()
        needs_model = spec.only_in_model and not in_model
        if spec.only_in_model and not self._in_function():
            return
        if spec.needs and not all(n in bound for n in spec.needs):
            return
        if spec.concept == "concatenation" and notsettings.stacks_rows(_axis_of(spec, bound)):
            return  # `torch.cat([x] * 2)`: a batch stacked with a copy, no features joined
        if spec.concept in _OUTPUT_ACTIVATIONS and self._reads_a_prediction():
            return  # `argmax(softmax(logits))` for an accuracy: no activation of the model
        if spec.concept in _ONCE_PER_SCOPE:
            if spec.concept in self.scope.computed:
                return  # `torch.manual_seed(0); np.random.seed(0)`: one choice, at its first line
            self.scope.computed.add(spec.concept)
        layer = is_layer(spec)
        folded_name = ""
        group = f"{line}:{len(self.f.items)}"
        short = _short(spec.qualname)
        target_name = self.assign_target[-1] if self.assign_target else ""
        container = self._container_of.get(id(node), 0)
        if spec.concept == "input_shape":
            self._input_shape(node, line)
        if spec.concept == "transform_pipeline":
            self.f.pipelines.append((line, scope_key))
        if spec.qualname == "torch.nn.Parameter" and node.args:
            self._parameter_init(node.args[0].value, line)
        if spec.kind is not None:
            concept, kind, display = spec.concept, spec.kind, short
            if spec.value_param:
                v = bound.get(spec.value_param)
                if v is not None and v.state == LIT and isinstance(v.value, str):
                    from paperlint.vocab import concept_for_code_string

                    c = concept_for_code_string(v.value)
                    concept = c or (v.value if spec.kind == "activation" else spec.concept)
                    display = f"{short}({v.value!r})"
            if concept == "cross_entropy" and _argmax_of_outputs(bound.get("target")):
                concept = "hard_label_distillation"
                display = f"{short}(target = argmax of outputs)"
            if concept == "custom_schedule":
                shape = self._schedule_shape(node)
                if shape is not None:
                    concept, how = shape
                    display = f"{short}({how})"
            from paperlint.vocab import concept as vocab_concept

            vc = vocab_concept(concept)
            conventional = spec.conventional_component or bool(vc and vc.conventional)
            obviousness = "conventional" if conventional else "deliberate"
            formula = self._formula_part(spec, concept, bound)
            if formula:
                obviousness = "conventional"  # the formula's, not a choice of its own
            value = lit(display, display)
            discarded = self._result_discarded(spec, node, bound)
            folded_name = ""
            if discarded:
                # `nn.ReLU()(x)` on a line of its own: the activation is computed and thrown
                # away, so the network has none there
                obviousness = "absent"
                display = f"{display} (result discarded)"
            else:
                # Dropout(0.3): the rate *is* the dropout choice, not a second one
                candidates = [n for n, k in spec.arg_kinds.items() if k == spec.kind]
                given_ones = [n for n in candidates if n in bound]
                folded = given_ones if len(given_ones) == 1 else candidates
                folded_name = folded[0] if len(folded) == 1 else ""
                if len(folded) == 1:
                    fp = spec.param(folded[0])
                    fv = bound.get(folded[0])
                    if (
                        fv is None
                        and fp is not None
                        and fp.has_default
                        and folded[0] in spec.always
                    ):
                        fv = Val(LIT, fp.default, fp.default_text or repr(fp.default), line=line)
                    if fv is not None and not is_star(fv):
                        value = fv
                        display = f"{short}({fv.display()})"
                        if fv.state == PARAM:
                            display = ""
            self.add(
                Item(
                    kind,
                    concept,
                    value,
                    line,
                    scope_key,
                    "call",
                    symbol=spec.qualname,
                    param=folded_name if value is not None and folded_name in bound else "",
                    framework=spec.framework,
                    in_model=in_model,
                    obviousness=obviousness,
                    group=group,
                    display=display,
                    detail=(
                        f"`{short}` is applied but its result is discarded: it takes no effect"
                        if discarded
                        else f"{_call_detail(short, bound)}: {formula}"
                        if formula
                        else _call_detail(short, bound)
                    ),
                    needs_model=needs_model and not discarded,
                    layer=layer,
                )
            )
            if discarded:
                return  # no layer of the network
        elif layer and spec.concept not in ("sequential", "module_list"):
            # a Conv2d/Linear without kind still marks model code
            self.add(
                Item(
                    "other",
                    spec.concept,
                    lit(short, short),
                    line,
                    scope_key,
                    "layer",
                    symbol=spec.qualname,
                    framework=spec.framework,
                    in_model=in_model,
                    group=group,
                    display=short,
                    detail=_call_detail(short, bound),
                    layer=True,
                )
            )
        if layer or spec.concept in ("sequential", "module_list"):
            self.f.layers.append(
                LayerUse(
                    scope_key,
                    target_name if not container else "",
                    spec.qualname,
                    spec.concept,
                    spec.kind,
                    line,
                    container=container,
                    guard=self._guard(),
                    loop=self._loop(),
                    in_comprehension=self.comprehensions > 0,
                    returned=id(node) in self.returned,
                )
            )
        for p in spec.params:
            name = p.name
            if name.startswith("*") or name == spec.value_param:
                continue
            if (
                name in spec.plumbing
                and name not in spec.arg_kinds
                and name not in spec.arg_concepts
            ):
                continue
            if spec.kind is not None and name == folded_name:
                continue  # folded into the component choice above
            given = name in bound
            if not given and name not in spec.always:
                continue
            if given:
                v = bound[name]
                if is_star(v):
                    continue
                if v.state != LIT and _DATA_SIZE.search(f"{v.text} {v.name}"):
                    continue  # `Linear(h, num_classes)`: the dataset decides it, not the author
                if name == "groups" and _depthwise(bound, v):
                    # `Conv2d(inp, inp, 3, groups=inp)`: whatever `inp` is at each call, this
                    # is a depthwise convolution, a choice read here and not per call site
                    v = Val(
                        LIT,
                        "depthwise",
                        "groups = in_channels (depthwise)",
                        line=arg_lines.get(name, line),
                    )
                if v.state == LIT and p.has_default and same_value(v.value, p.default):
                    obv = "default"
                elif (
                    v.state == LIT
                    and name in spec.conventional
                    and any(same_value(v.value, c) for c in spec.conventional[name])
                ):
                    obv = "conventional"
                else:
                    obv = "deliberate"
            else:
                if not p.has_default or not complete:
                    continue  # `**kwargs` may set it: its value is not known to be the default
                v = Val(LIT, p.default, p.default_text or repr(p.default), line=line)
                obv = "default"
            if obv == "default" and name not in spec.always:
                continue  # a default value written out is not a choice of its own
            kind = spec.arg_kinds.get(name, "other")
            concept = arg_concept(spec, name, kind, v)
            if obv == "deliberate" and kind in _REFERENCE_KINDS:
                from paperlint.vocab import concept as vocab_concept

                vc = vocab_concept(concept)
                if vc is not None and vc.conventional:
                    obv = "conventional"  # activation='relu'

            if kind in _REFERENCE_KINDS and v.state not in (LIT, PARAM, REF):
                # `activation=tf.nn.relu`: a function passed by reference
                q = self.qualify(v.text) if re.fullmatch(r"[\w.]+", v.text) else None
                ref = self.table.get(q) if q else None
                if ref is not None:
                    concept = ref.concept
                    v = Val(LIT, _short(ref.qualname), _short(ref.qualname), line=v.line)
            self.add(
                Item(
                    kind,
                    concept,
                    v,
                    _arg_line(v, arg_lines.get(name, line)) if given else line,
                    scope_key,
                    "argument",
                    symbol=spec.qualname,
                    param=name,
                    framework=spec.framework,
                    in_model=in_model,
                    obviousness=obv,
                    group=group,
                    detail=f"{short}({name}=...)"
                    + (" (library default)" if obv == "default" else ""),
                    needs_model=needs_model,
                    layer=layer,
                )
            )

    def _input_shape(self, node: cst.Call, line: int) -> None:
        """``tf.placeholder(tf.float32, [None, L, 3])`` for input features: the number of
        features per position is a choice (which features go in)."""
        target = self.assign_target[-1].rsplit(".", 1)[-1] if self.assign_target else ""
        if not _FEATURE_NAME.search(target):
            return
        shape = next((a.value for a in node.args if a.keyword and a.keyword.value == "shape"), None)
        if shape is None:
            positional = [a.value for a in node.args if a.keyword is None]
            shape = (
                positional[1]
                if len(positional) > 1 and "placeholder" in expr_text(node.func)
                else (positional[0] if positional else None)
            )
        if not isinstance(shape, (cst.List, cst.Tuple)) or not shape.elements:
            return
        last = self.eval(shape.elements[-1].value)
        if not (last.state == LIT and isinstance(last.value, int) and last.value >= 2):
            return
        text = expr_text(shape)
        self.add(
            Item(
                "other",
                "feature_input",
                last,
                line,
                self._template_scope().key,
                "argument",
                symbol=target,
                param="shape",
                in_model=self.in_model(),
                detail=f"input `{target}` of shape {text}: {last.value} features per position",
                display=f"{last.value} features ({text})",
            )
        )

    def _parameter_init(self, arg: cst.BaseExpression, line: int) -> None:
        """``nn.Parameter(torch.ones(...))``: a learnable tensor's initialization."""
        if not isinstance(arg, cst.Call):
            return
        d = dotted_name(arg.func)
        if d is None:
            return
        q = self.qualify(d) or d
        last = q.rsplit(".", 1)[-1]
        if not (q.startswith(("torch.", "numpy.")) and last in _TENSOR_INITS):
            return
        self.add(
            Item(
                "init",
                _TENSOR_INITS[last],
                lit(f"{last}(...)", f"{last}(...)"),
                line,
                self._template_scope().key,
                "call",
                symbol="torch.nn.Parameter",
                framework="torch",
                in_model=self.in_model(),
                detail=f"learnable tensor initialized with `{d}(...)`",
                display=f"Parameter({last}(...))",
            )
        )

    def _keras_compile(self, node: cst.Call, line: int) -> None:
        from paperlint.vocab import concept_for_code_string

        for a in node.args:
            if a.keyword is None or a.keyword.value not in ("optimizer", "loss"):
                continue
            v = self.eval(a.value)
            values = (
                v.value
                if v.state == LIT and isinstance(v.value, (list, tuple))
                else [v.value]
                if v.state == LIT
                else []
            )
            for s in values:
                if isinstance(s, str):
                    concept = concept_for_code_string(s) or s
                    kind = a.keyword.value
                    self.add(
                        Item(
                            kind,
                            concept,
                            lit(s),
                            line,
                            self._template_scope().key,
                            "call",
                            symbol="compile",
                            param=kind,
                            framework="keras",
                            in_model=self.in_model(),
                            detail=f"compile({kind}={s!r})",
                            display=repr(s),
                        )
                    )

    def _keras_fit(self, node: cst.Call, line: int) -> None:
        for a in node.args:
            if a.keyword is None:
                continue
            k = a.keyword.value
            kind, concept = {
                "epochs": ("epochs", "epochs"),
                "batch_size": ("batch_size", "batch_size"),
                "steps_per_epoch": ("other", "steps_per_epoch"),
                "validation_split": ("other", "validation_split"),
            }.get(k, ("", ""))
            if kind:
                v = self.eval(a.value)
                self.add(
                    Item(
                        kind,
                        concept,
                        v,
                        line,
                        self._template_scope().key,
                        "argument",
                        symbol="fit",
                        param=k,
                        framework="keras",
                        detail=f"fit({k}=...)",
                    )
                )

    # ── comments: inline suppressions ──
    def visit_Comment(self, node: cst.Comment) -> None:
        m = _SUPPRESS.search(node.value)
        if m:
            rules = tuple(r.strip() for r in (m.group(1) or "").split(",") if r.strip())
            self.f.suppressions.append((self.w.line, rules, (m.group(2) or "").strip()))


_SHAPE_METHODS = frozenset(
    [
        "view",
        "reshape",
        "permute",
        "transpose",
        "unsqueeze",
        "squeeze",
        "size",
        "expand",
        "repeat",
        "flatten",
        "narrow",
        "split",
        "chunk",
        "index_select",
        "gather",
        "scatter",
        "unfold",
        "contiguous",
        "max",
        "min",
        "argmax",
        "argmin",
        "sum",
        "mean",
        "topk",
        "sort",
        "format",
        "join",
        "append",
        "insert",
        "pop",
        "get",
        "range",
        "print",
        "log",
        "info",
        "debug",
        "warning",
        "error",
        "write",
        "zeros",
        "ones",
        "full",
        "empty",
        "arange",
        "linspace",
        "randn",
        "rand",
        "randint",
        "eye",
        "tile",
        "stack",
        "concat",
        "cat",
        "pad_sequence",
        "set_shape",
        "get_shape",
        "reduce_sum",
        "reduce_mean",
        "reduce_max",
        "expand_dims",
        "shape",
    ]
)


#: library packages a repository may carry a copy of (``src/transformers/``): a module inside the
#: project under one of these names is read as the library
_VENDORED_ROOTS = frozenset(["transformers", "timm", "keras", "torchvision", "diffusers", "peft"])
#: classes built from a model's parameters that are no optimizer: averages of the weights,
#: gradient clipping, counting and summaries
_NOT_OPTIMIZER = re.compile(
    r"EMA|Ema|Average|Averag|SWA|Polyak|Clip|Count|Summary|Stat|Hook|Tracker|Logger|Norm|Vector"
    r"|Scaler|Lookahead|Wrapper|Sampler|Loader|Dataset"
)


#: element-wise functions whose application to a layer's output is an activation choice (the
#: tables' activations — sigmoid, tanh, softplus — are read wherever a model calls them)
_OUTPUT_FUNCTIONS = {
    "torch.exp": "exp_activation",
    "tensorflow.exp": "exp_activation",
    "tensorflow.math.exp": "exp_activation",
    "jax.numpy.exp": "exp_activation",
}
_OUTPUT_METHODS = {"exp": "exp_activation", "sigmoid": "sigmoid", "exp_": "exp_activation"}


#: a class named as a loss (``FocalLoss``, ``SigmoidFocalLoss``, ``IOULoss``)
_LOSS_CLASS = re.compile(r"[a-z0-9]Loss$|^[A-Z0-9]+Loss$")


def loss_class_named(class_name: str) -> list[tuple[str, str]] | None:
    """(kind, concept) of what a class named as a loss decides: the loss its snake_case name
    contains (``SigmoidFocalLoss`` → focal_loss, the longest first; custom_loss when none) and,
    for a name with ``sigmoid`` or ``softmax``, that output activation. None for other names."""
    if not _LOSS_CLASS.search(class_name):
        return None
    from paperlint.vocab import concepts

    words = setting_names.normalize_name(class_name)
    names = sorted(
        (n for n, c in concepts().items() if c.kind == "loss" and n not in ("loss", "custom_loss")),
        key=len,
        reverse=True,
    )
    padded = f"_{words}_"
    out = [("loss", next((n for n in names if f"_{n}_" in padded), "custom_loss"))]
    out += [("activation", a) for a in ("sigmoid", "softmax") if a in words.split("_")]
    return out


def loss_function_named(function_name: str) -> str | None:
    """The loss a function's name ends with (``masked_softmax_cross_entropy`` → cross_entropy,
    ``bpr_loss`` → bpr_loss, ``dice_loss`` → custom_loss is None): only a name that says which
    loss; None for other names (``compute_loss``, ``cross_entropy_weights``)."""
    from paperlint.vocab import concepts

    name = setting_names.normalize_name(function_name)
    named_loss = bool(re.search(r"(^|_)loss$", name))
    words = re.sub(r"_(with_logits|loss|fn|func|function)$", "", name)
    loss_concepts = [
        n for n, c in concepts().items() if c.kind == "loss" and n not in ("loss", "custom_loss")
    ]
    for n in sorted(loss_concepts, key=len, reverse=True):
        stem = n.removesuffix("_loss")
        if stem != n and not named_loss:
            continue  # `ranking(scores)` is no ranking loss; `ranking_loss(scores)` is
        if words == stem or words.endswith(f"_{stem}"):
            return n
    return None


#: options that resume a run (its own checkpoint), not an initialization
_RESUMED = re.compile(r"resum|restart|continu|output|save|last|latest|best", re.I)
#: kinds a run's configuration sets (its schedule and batch): a local value of these in some
#: function is not the run's
_RUN_KINDS = ("epochs", "learning_rate", "batch_size")
#: draws of a random number between two bounds
_RANDOM_RANGES = frozenset(
    ["numpy.random.uniform", "random.uniform", "torch.distributions.Uniform", "numpy.random.beta"]
)
_GRID_FUNCTIONS = frozenset(
    ["numpy.linspace", "numpy.arange", "numpy.logspace", "torch.linspace", "torch.arange"]
)


def _is_grid(node: cst.BaseExpression, qualify: Callable[[str], str | None]) -> bool:
    """``np.linspace(0.05, 0.95, num=19)``, ``np.arange(0.1, 1.0, 0.1)``: a grid of numbers
    with literal bounds, one at least a fraction (a grid of integers is a range of counts)."""
    if not isinstance(node, cst.Call):
        return False
    d = dotted_name(node.func)
    if d is None or qualify(d) not in _GRID_FUNCTIONS:
        return False
    values = [a.value for a in node.args if a.keyword is None or a.keyword.value != "dtype"]
    numbers = [v for v in values if isinstance(v, (cst.Integer, cst.Float))]
    return (
        len(values) >= 2
        and len(numbers) == len(values)
        and any(isinstance(v, cst.Float) for v in numbers)
    )


#: names of lists of numbers that are tensor shapes or indices, not choices
_SHAPE_NAME = re.compile(r"(^|_)(shape|shapes|dims?|perm|axes|axis|idx|index|indices|ids|view)$")


def _is_numeric_table(value: object) -> bool:
    """Rows of numbers (``[[-1, 64], [64, 128]]``, two rows at least) or a list of three
    numbers at least (``[8, 16, 32, 64, 128]``)."""

    def numbers(x: object) -> bool:
        return (
            isinstance(x, (list, tuple))
            and bool(x)
            and all(isinstance(e, (int, float)) and not isinstance(e, bool) for e in x)
        )

    if not isinstance(value, (list, tuple)):
        return False
    if len(value) >= 2 and all(numbers(r) for r in value):
        return True
    return len(value) >= 3 and numbers(value)


def _calls_a_layer(node: cst.BaseExpression) -> bool:
    """The expression calls one of the model's own layers: ``self.bbox_pred(x)``,
    ``self.scales[l](...)``."""
    for n in (node, *_descendants(node)):
        if isinstance(n, cst.Call):
            f = n.func
            while isinstance(f, cst.Subscript):
                f = f.value
            if (
                isinstance(f, cst.Attribute)
                and isinstance(f.value, cst.Name)
                and f.value.value == "self"
                and f.attr.value not in _MODULE_API
            ):
                return True
    return False


#: a module's own bookkeeping methods (`self.named_buffers()`): no layer of the model
_MODULE_API = frozenset(
    [
        "parameters",
        "named_parameters",
        "buffers",
        "named_buffers",
        "modules",
        "named_modules",
        "children",
        "named_children",
        "state_dict",
        "load_state_dict",
        "register_buffer",
        "register_parameter",
        "train",
        "eval",
        "to",
        "cuda",
        "cpu",
        "apply",
        "zero_grad",
        "log",
        "log_dict",
    ]
)


def _model_parameters(node: cst.BaseExpression) -> bool:
    """``model.parameters()``, ``filter(f, net.parameters())``, ``chain(a.parameters(), ...)``,
    ``optimizer_grouped_parameters``, ``param_groups``: an expression that holds a model's
    parameters."""
    for n in (node, *_descendants(node)):
        if (
            isinstance(n, cst.Call)
            and isinstance(n.func, cst.Attribute)
            and n.func.attr.value in ("parameters", "named_parameters", "trainable_variables")
        ):
            return True
    if isinstance(node, (cst.Name, cst.Attribute)):
        last = (dotted_name(node) or "").rsplit(".", 1)[-1].lower()
        return bool(re.search(r"(^|_)(params|parameters|param_groups|grouped_parameters)$", last))
    return False


def _optimizer_concept(class_name: str) -> str:
    """The optimizer a class is named for (``AdamATan2`` → adam, ``FusedLAMB`` → lamb), by the
    longest optimizer concept its lower-cased name contains; ``custom_optimizer`` otherwise."""
    from paperlint.vocab import concepts

    low = class_name.lower()
    names = sorted(
        (n for n, c in concepts().items() if c.kind == "optimizer" and "_" not in n),
        key=len,
        reverse=True,
    )
    for n in names:
        if low.startswith(n) or low.endswith(n) or (len(n) > 3 and n in low):
            return n
    return "custom_optimizer"


def _via(v: Val) -> Val:
    """A value reached through a name: it is used here, and was written at ``v.line``."""
    if v.state != LIT:
        return v
    return Val(LIT, v.value, v.text, v.name, 0, v.default, v.via or v.line)


def _arg_line(v: Val, arg_line: int) -> int:
    """Where an argument's choice is reported: where its literal is written, else at the
    argument (a value from a name or a parameter is chosen where it is used)."""
    if v.state == LIT and v.line and not v.via:
        return v.line
    return arg_line


def _at(v: Val, line: int) -> Val:
    if v.state == LIT and not v.line:
        return Val(LIT, v.value, v.text, v.name, line, v.default, v.via)
    return v


def _op_text(op: cst.CSTNode) -> str:
    from paperlint.code.values import _OPS

    return _OPS.get(type(op), "?")


def _small(node: cst.CSTNode) -> bool:
    return isinstance(
        node, (cst.Name, cst.Attribute, cst.Subscript, cst.Integer, cst.Float, cst.SimpleString)
    )


def _base_name(node: cst.BaseExpression) -> str:
    while isinstance(node, (cst.Subscript, cst.Attribute)):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""


def _schedule_shape_of(fn: cst.Lambda | cst.FunctionDef) -> tuple[str, str] | None:
    """The learning-rate curve a schedule function computes, from the operations it uses:
    a square root (the inverse square-root or "Noam" schedule), a cosine, or a step count
    subtracted from a total (linear decay)."""
    sqrt = cosine = linear = False
    for node in _descendants(fn):
        if isinstance(node, cst.Call):
            callee = dotted_name(node.func) or ""
            leaf = callee.rsplit(".", 1)[-1]
            sqrt |= leaf in ("sqrt", "rsqrt")
            cosine |= leaf == "cos"
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Power):
            exponent = node.right
            if isinstance(exponent, cst.UnaryOperation) and isinstance(
                exponent.operator, cst.Minus
            ):
                exponent = exponent.expression
            sqrt |= isinstance(exponent, cst.Float) and exponent.value in ("0.5", ".5")
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            # `float(total - step) / (total - warmup)`
            linear |= _has_operator(node.left, cst.Subtract)
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract):
            # `1 - step / total`
            linear |= _has_operator(node.right, cst.Divide)
    if sqrt:
        return "inverse_sqrt_schedule", "inverse square root"
    if cosine:
        return "cosine_schedule", "cosine"
    if linear:
        return "linear_schedule", "linear decay"
    return None


_LOOPS = (cst.For, cst.While, cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp)
_DEFS = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
_OPTIMIZER_NAME = re.compile(
    r"(^|_)(opt|optim|optimizer|optimiser|solver|scaler|trainer)s?\d*$", re.I
)
_TRAIN_OP = re.compile(
    r"(^|[._])(opt|optim|optimizer|train_op|train_step|opt_op|update_op|minimize)", re.I
)


def _epoch_update(body: cst.CSTNode) -> cst.Call | None:
    """The optimizer update written directly in an epoch loop's body, outside any loop over
    batches (``optimizer.step()``, ``opt.apply_gradients(...)``, ``sess.run(model.opt_op, ...)``):
    training takes one step per epoch, with the gradient over the whole training set."""
    stack = list(body.children)
    while stack:
        n = stack.pop(0)
        if isinstance(n, (*_LOOPS, *_DEFS)):
            continue  # an inner loop iterates over batches; a nested def runs elsewhere
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute):
            method = n.func.attr.value
            owner = dotted_name(n.func.value) or ""
            last = owner.rsplit(".", 1)[-1]
            if method == "step" and _OPTIMIZER_NAME.search(last) and not n.args:
                return n
            if method in ("apply_gradients", "minimize"):
                return n
            if (
                method == "run"
                and re.search(r"(^|_)sess(ion)?$", last)
                and n.args
                and _TRAIN_OP.search(expr_text(n.args[0].value))
            ):
                return n
        stack.extend(n.children)
    return None


#: what an early-stopping condition looks at: the validation history, a loss, a metric
_STOP_CONDITION = re.compile(
    r"val|valid|loss|cost|acc|metric|score|best|patience|improv|early|stop|bad|wait", re.I
)


def _early_stop(body: cst.CSTNode) -> cst.If | None:
    """``if epoch > patience and cost_val[-1] > np.mean(cost_val[-11:-1]): break`` directly in
    an epoch loop's body: a rule that ends training before its epoch budget, on a condition on
    the validation history (a loss, a metric, a count of epochs without improvement). A
    ``break`` on anything else (a step budget, a time limit) is no early stopping."""
    stack = list(body.children)
    while stack:
        n = stack.pop(0)
        if isinstance(n, (*_LOOPS, *_DEFS)):
            continue  # a `break` there leaves an inner loop
        if isinstance(n, cst.If):
            breaks = (
                any(
                    isinstance(s, cst.SimpleStatementLine)
                    and any(isinstance(x, cst.Break) for x in s.body)
                    for s in n.body.body
                )
                if isinstance(n.body, cst.IndentedBlock)
                else any(isinstance(x, cst.Break) for x in n.body.body)
            )
            # a counter against a setting (`if wait > patience`) is the setting's, read where
            # it is set; a condition computed on the history (`cost_val[-1] > mean(...)`) is
            # a rule of its own
            computed = any(isinstance(x, (cst.Subscript, cst.Call)) for x in _descendants(n.test))
            if breaks and computed and _STOP_CONDITION.search(expr_text(n.test)):
                return n
        stack.extend(n.children)
    return None


def _fed_input(body: cst.CSTNode, update: cst.Call) -> cst.CSTNode | None:
    """The statement in an epoch loop's body that builds what the update is fed
    (``feed_dict = construct_feed_dict(features, support, y_train, ...)`` before
    ``sess.run(opt_op, feed_dict=feed_dict)``): where each step's whole-data input is made."""
    fed = {
        a.value.value
        for a in update.args
        if a.keyword is not None and isinstance(a.value, cst.Name)
    }
    if not fed or not isinstance(body, cst.IndentedBlock):
        return None
    for stmt in body.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value in fed for t in small.targets
                ):
                    return stmt
    return None


def _loss_normalizer(value: cst.BaseExpression) -> str:
    """``loss_fn(pred, y) / num_pos``: what a computed loss is divided by (a count, a sum of
    weights), when its numerator computes a loss (a call) and the divisor is no literal; "" else.
    An accumulated loss divided for logging (``total / len(loader)``) has a name, not a call, on
    top."""
    if not (isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Divide)):
        return ""
    right = value.right
    while isinstance(right, cst.UnaryOperation):
        right = right.expression
    if isinstance(right, (cst.Integer, cst.Float)):
        return ""
    left = value.left
    calls = [n for n in _descendants(left) if isinstance(n, cst.Call)]
    if not calls or any(
        isinstance(c.func, cst.Attribute) and c.func.attr.value in ("item", "detach", "cpu")
        for c in calls
    ):
        return ""
    text = expr_text(value.right).strip()
    return text if len(text) <= 60 else text[:57] + "..."


_EXAMPLE_COUNT = re.compile(
    r"((n|num|number_of|total|total_num|nb)_?)?(batch_size|bs|batch|examples|samples)"
)


def _counts_examples(divisor: str) -> bool:
    """``args.batch_size``, ``float(total_num_examples)``, ``len(batch)``, ``x.size(0)``: a
    divisor that counts the examples a loss was summed over (not its elements, ``numel()``,
    nor its positive samples, ``num_pos``)."""
    text = divisor.strip()
    if re.search(r"\.(size\(0\)|shape\[0\])$", text):
        return True
    text = re.sub(r"^(float|int|len|max)\((.*)\)$", r"\2", text).strip()
    text = text.split(",")[0].strip()
    leaf = text.rsplit(".", 1)[-1].lower()
    return bool(_EXAMPLE_COUNT.fullmatch(leaf))


def _has_operator(node: cst.CSTNode, operator: type) -> bool:
    return any(
        isinstance(n, cst.BinaryOperation) and isinstance(n.operator, operator)
        for n in _descendants(node)
    )


def _descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def _is_main_guard(test: cst.BaseExpression) -> bool:
    """``__name__ == "__main__"``."""
    return (
        isinstance(test, cst.Comparison)
        and isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and _string_value(test.comparisons[0].comparator) == "__main__"  # type: ignore[arg-type]
    )


def _selector(test: cst.BaseExpression) -> tuple[str, str] | None:
    """``args.sample == "anneal"`` → ("sample", "anneal"): a branch that selects one named way
    of doing something. The setting is named by its last part (``args.sample``, ``cfg["sample"]``)."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return None
    target = test.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return None
    for setting, literal in ((test.left, target.comparator), (target.comparator, test.left)):
        if not isinstance(literal, cst.SimpleString):
            continue
        value = _string_value(literal)
        if not _BRANCH_VALUE.fullmatch(value):
            return None
        name = ""
        if isinstance(setting, cst.Name):
            name = setting.value
        elif isinstance(setting, cst.Attribute):
            name = setting.attr.value
        elif isinstance(setting, cst.Subscript) and len(setting.slice) == 1:
            key = setting.slice[0].slice
            if isinstance(key, cst.Index) and isinstance(key.value, cst.SimpleString):
                name = _string_value(key.value)
        return (name, value) if name else None
    return None


#: a value a branch selects by: a short name ("anneal", "add-abs", "cosine_similarity")
_BRANCH_VALUE = re.compile(r"[A-Za-z][\w\- ]{1,40}")


def _else_comment(orelse: cst.Else) -> str | None:
    """``else:  # 'add-abs'``: the value the comment says the else branch stands for."""
    body = orelse.body
    if not isinstance(body, cst.IndentedBlock) or body.header.comment is None:
        return None
    text = body.header.comment.value.lstrip("#").strip().strip("'\"").strip()
    return text if _BRANCH_VALUE.fullmatch(text) and len(text.split()) <= 3 else None


def _string_value(node: cst.SimpleString) -> str:
    try:
        s = evaluate(node).value
    except Exception:
        return ""
    return s if isinstance(s, str) else ""


def same_value(a: object, b: object) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (list, tuple)) and not isinstance(b, (list, tuple)):
        return len(a) > 0 and all(same_value(x, b) for x in a)
    if isinstance(b, (list, tuple)) and not isinstance(a, (list, tuple)):
        return same_value(b, a)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))
    return a == b


#: the class a target takes as another network's hard decision: ``argmax(x)``,
#: ``x.argmax(1)``, ``x.max(1)[1]``; group 1 or 2 is what it is taken of
_ARGMAX_OF = re.compile(
    r"^(?:(?:torch|np|numpy|jnp|tf|tf\.math)\.)?argmax\(\s*([\w.]+)"
    r"|^([\w.]+)\.(?:argmax\(|max\([^)]*\)(?:\[1\]|\.indices)$)"
)
#: what a network outputs, as code names it; labels are never read as one
_NETWORK_OUTPUT = re.compile(r"teacher|logit|output|pred|score|prob", re.I)
_LABELS = re.compile(r"label|target|one_?hot|truth|(^|_)gts?($|_)|(^|_)y($|_)", re.I)


def _argmax_of_outputs(target: Val | None) -> bool:
    """A loss's target is the argmax of a network's outputs (``teacher_logits.argmax(1)``), not
    of one-hot labels (``y_onehot.argmax(1)``): the model learns another model's hard decisions."""
    if target is None or is_star(target) or not target.text:
        return False
    m = _ARGMAX_OF.match(target.text.strip())
    if m is None:
        return False
    operand = (m.group(1) or m.group(2)).rsplit(".", 1)[-1]
    return bool(_NETWORK_OUTPUT.search(operand)) and not _LABELS.search(operand)


def _depthwise(bound: dict, groups: Val) -> bool:
    """``groups`` is the layer's own input channel count, written the same way."""
    channels = bound.get("in_channels")
    return (
        channels is not None
        and not is_star(channels)
        and groups.state != LIT
        and bool(groups.text)
        and groups.text == channels.text
    )


def arg_concept(spec: Callable_, name: str, kind: str, v: Val) -> str:
    if name in spec.arg_concepts:
        return spec.arg_concepts[name]
    if kind == "activation" and v.state == LIT and isinstance(v.value, str):
        from paperlint.vocab import concept_for_code_string

        return concept_for_code_string(v.value.rsplit(".", 1)[-1]) or v.value
    if kind in _REFERENCE_KINDS and v.state == LIT and isinstance(v.value, str):
        found = concept_of_string(v.value, kind)
        if found:
            return found
    if kind in (
        "learning_rate",
        "weight_decay",
        "momentum",
        "dropout",
        "channels",
        "kernel_size",
        "depth",
        "heads",
        "batch_size",
        "epochs",
        "warmup",
    ):
        return {"channels": "width"}.get(kind, kind)
    return f"{spec.concept}.{name}"


def concept_of_string(value: str, kind: str) -> str | None:
    """The concept a string names for a choice of ``kind``: ``'adamw_torch'`` (optimizer) →
    adamw, ``'cosine'`` (scheduler) → cosine_schedule, ``'gelu_new'`` → gelu."""
    from paperlint.vocab import concept_for_code_string, concepts

    table_ = concepts()
    short = value.strip().rsplit(".", 1)[-1]
    for name, c in table_.items():
        if c.kind == kind and short in c.abbreviations:
            return name  # 'BN' → batch_norm
    text = short.lower()
    parts = re.split(r"[^a-z0-9]+", text)
    for n in range(len(parts), 0, -1):
        head = "_".join(parts[:n])
        found = concept_for_code_string(head)
        if found and table_[found].kind == kind:
            return found
        if head in table_ and table_[head].kind == kind:
            return head
        for name, c in table_.items():
            if c.kind == kind and name.startswith(head + "_"):
                return name
    return None


def _call_detail(short: str, bound: dict[str, Val]) -> str:
    shown = []
    for k, v in bound.items():
        if is_star(v) or k == "**":
            continue
        shown.append(f"{k}={v.display()}")
        if len(shown) == 4:
            break
    return f"{short}({', '.join(shown)})"


def analyze(
    source: str, path: str, module: str, inherited: dict[str, str] | None = None
) -> FileFacts:
    """All the facts one Python 3 source file holds. Raises libcst's ParserSyntaxError.

    ``inherited`` are names the module gets from ``from local_module import *`` (resolved by
    the project stage before any file is analysed).
    """
    tree = cst.parse_module(source)
    imports = ImportTable(module=module, package=path.endswith("__init__.py"))
    if inherited:
        imports.inherit(inherited)
    facts = FileFacts(path=path, module=module, imports=imports)
    facts.lines = source.count("\n") + 1
    facts.source_lines = source.splitlines()
    _Analyzer(facts).w.walk(tree)
    return facts
