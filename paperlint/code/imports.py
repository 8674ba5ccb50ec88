"""Name resolution from a module's own import statements.

libcst's ``QualifiedNameProvider`` resolves names exactly but costs seconds on a large file, because
it builds scope metadata for the whole module. A model file only needs to know what ``nn``,
``F``, ``optim`` or ``Conv2D`` stand for, and that is written in its imports: an
:class:`ImportTable` built from them qualifies ``nn.Conv2d`` to ``torch.nn.Conv2d`` in a dict
lookup. Module-level aliases (``seq = nn.Sequential``) are added by the extractor.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import libcst as cst

from paperlint.code.values import dotted_name


@dataclass
class ImportTable:
    """Local name → fully qualified name, as the module's imports bind it."""

    module: str = ""  # dotted name of this module inside the project ("src.models.encoder")
    names: dict[str, str] = field(default_factory=dict)
    star_modules: list[str] = field(default_factory=list)  # `from x import *`, in order
    #: the module is a package's ``__init__.py``: ``from .defaults import x`` is inside it
    package: bool = False
    #: the names in ``names`` that a ``from local_module import *`` bound, not an import of
    #: the module's own: the code may use a few of them or none
    star_names: set[str] = field(default_factory=set)

    def bind(self, local: str, full: str) -> None:
        """``local`` names ``full`` by an import statement of the module's own."""
        self.names[local] = full
        self.star_names.discard(local)

    def inherit(self, names: dict[str, str]) -> None:
        """The names ``from local_module import *`` gives the module (resolved by the project
        stage); an import statement of the module's own rebinds one of them."""
        self.names.update(names)
        self.star_names.update(names)

    def add_import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.bind(alias.asname.name.value, full)
            else:
                # `import torch.nn` binds `torch`; `torch.nn.X` then qualifies through it.
                head = full.split(".")[0]
                self.names.setdefault(head, head)
                self.star_names.discard(head)

    def add_import_from(self, node: cst.ImportFrom) -> None:
        base = dotted_name(node.module) if node.module is not None else ""
        if base is None:
            return
        level = len(node.relative)
        if level:
            base = self._relative(base, level)
        if isinstance(node.names, cst.ImportStar):
            self.star_modules.append(base)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is None:
                continue
            local = (
                alias.asname.name.value
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                else name
            )
            self.bind(local, f"{base}.{name}" if base else name)

    def add_ast(self, tree: ast.AST) -> None:
        """Every import statement of a module parsed by :mod:`ast` (the cheap pre-pass that lets
        the project resolve ``from local_module import *`` before any file is analysed)."""
        for node in _statements(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self.names[a.asname] = a.name
                    else:
                        head = a.name.split(".")[0]
                        self.names.setdefault(head, head)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = self._relative(base, node.level)
                for a in node.names:
                    if a.name == "*":
                        if base not in self.star_modules:
                            self.star_modules.append(base)
                        continue
                    self.names[a.asname or a.name] = f"{base}.{a.name}" if base else a.name

    def _relative(self, base: str, level: int) -> str:
        package = self.module.split(".") if self.package else self.module.split(".")[:-1]
        if level > 1:
            package = package[: len(package) - (level - 1)] if level - 1 <= len(package) else []
        parts = [*package, *([base] if base else [])]
        return ".".join(p for p in parts if p)

    def qualify(self, dotted: str) -> str | None:
        """``nn.Conv2d`` → ``torch.nn.Conv2d`` when ``nn`` was imported; None when unbound."""
        head, _, rest = dotted.partition(".")
        target = self.names.get(head)
        if target is None:
            return None
        return f"{target}.{rest}" if rest else target


def _statements(tree: ast.AST):
    """Every statement of a module, nested ones included (imports are statements; expressions
    are never walked, which keeps this pass cheap)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, name, None)
            if isinstance(block, list):
                stack.extend(x for x in block if isinstance(x, ast.AST))


# ── canonical names ──────────────────────────────────────────────────────────────────────────

#: Re-exports of the same API under several module paths, most specific first. The signature
#: tables are keyed by the canonical (right-hand) spelling.
_CANONICAL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("tensorflow.compat.v1.keras.", "keras."),
    ("tensorflow.compat.v2.keras.", "keras."),
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api.", "keras."),
    ("keras.layers.core.", "keras.layers."),
    ("keras.layers.convolutional.", "keras.layers."),
    ("keras.layers.pooling.", "keras.layers."),
    ("keras.layers.normalization.", "keras.layers."),
    ("keras.layers.recurrent.", "keras.layers."),
    ("keras.layers.merge.", "keras.layers."),
    ("keras.layers.advanced_activations.", "keras.layers."),
    ("keras.optimizers.legacy.", "keras.optimizers."),
    ("keras.optimizer_v2.", "keras.optimizers."),
    ("tensorflow.compat.v1.", "tensorflow."),
    ("tensorflow.python.ops.nn.", "tensorflow.nn."),
    ("tensorflow.python.ops.rnn_cell.", "tensorflow.nn.rnn_cell."),
    ("tensorflow.python.ops.rnn_cell_impl.", "tensorflow.nn.rnn_cell."),
    ("tensorflow.python.ops.init_ops.", "tensorflow.initializers."),
    ("tensorflow.contrib.rnn.python.ops.core_rnn_cell.", "tensorflow.contrib.rnn."),
    ("tensorflow.contrib.rnn.python.ops.", "tensorflow.contrib.rnn."),
    ("tensorflow.python.layers.", "tensorflow.layers."),
    ("torch.nn.modules.", "torch.nn."),
    ("torch.optim.adam.", "torch.optim."),
    ("torch.optim.sgd.", "torch.optim."),
    ("torch.optim.adamw.", "torch.optim."),
    ("torchvision.transforms.v2.", "torchvision.transforms."),
    ("torchvision.transforms.transforms.", "torchvision.transforms."),
    ("transformers.optimization.", "transformers."),
    ("transformers.training_args.", "transformers."),
    ("transformers.models.auto.", "transformers."),
    ("optax.schedules.", "optax."),
    ("optax.losses.", "optax."),
    ("jax.example_libraries.optimizers.", "optax."),
)

_MODULE_RENAMES = {"tf": "tensorflow", "np": "numpy"}


def canonical(qualified: str) -> str:
    """One spelling per API: ``tensorflow.keras.layers.Conv2D`` → ``keras.layers.Conv2D``."""
    head, _, rest = qualified.partition(".")
    if head in _MODULE_RENAMES:
        qualified = _MODULE_RENAMES[head] + ("." + rest if rest else "")
    for prefix, repl in _CANONICAL_PREFIXES:
        if qualified.startswith(prefix):
            qualified = repl + qualified[len(prefix) :]
    # torch.nn.modules.conv.Conv2d → torch.nn.conv.Conv2d → torch.nn.Conv2d
    parts = qualified.split(".")
    if len(parts) == 4 and parts[:2] == ["torch", "nn"] and parts[2] in _TORCH_NN_SUBMODULES:
        qualified = "torch.nn." + parts[3]
    if (
        len(parts) == 4
        and parts[:2] in (["keras", "layers"], ["keras", "applications"], ["torchvision", "models"])
        and parts[2][:1].islower()
    ):
        qualified = ".".join([*parts[:2], parts[3]])  # keras.layers.core.Dense → keras.layers.Dense
    return qualified


_TORCH_NN_SUBMODULES = frozenset(
    [
        "conv",
        "linear",
        "batchnorm",
        "normalization",
        "activation",
        "pooling",
        "dropout",
        "loss",
        "rnn",
        "transformer",
        "sparse",
        "padding",
        "pixelshuffle",
        "upsampling",
        "flatten",
        "container",
        "instancenorm",
    ]
)


#: a module loaded by a name the code builds at run time: ``importlib.import_module("models." +
#: name)``, ``__import__(f"nets.{arch}")``, a name put together before the call from a written
#: package prefix (``name = "models." + arch``), or a module loaded from a file's path
#: (``imp.load_source``, ``SourceFileLoader(...)``, ``runpy.run_path``). A call handed a name
#: whole (``import_module(module)`` of a config's ``target: pkg.mod.Class``) loads what the data
#: names, which the runs' reach reads from the configs and settings that hold it.
_IMPORT_CALL = re.compile(r"\b(?:import_module|__import__)\s*\(([^)]*)")
_FROM_PATH = re.compile(r"\b(?:load_source|SourceFileLoader|spec_from_file_location|run_path)\s*\(")
_MODULE_PREFIX = re.compile(r"(?:\bf|(?<!\w))[\"'][A-Za-z_]\w*(?:\.\w+)*\.(?:[\"']|\{)")


def loads_by_name(lines: Iterable[str]) -> bool:
    """The code loads a module by a name it builds at run time, which no reading of its import
    statements follows (comments left out)."""
    code = [line.split("#", 1)[0] for line in lines]
    calls = [m.group(1) for line in code for m in _IMPORT_CALL.finditer(line)]
    if any(_FROM_PATH.search(line) for line in code):
        return True
    if not calls:
        return False
    return any("'" in a or '"' in a for a in calls) or any(_MODULE_PREFIX.search(x) for x in code)
