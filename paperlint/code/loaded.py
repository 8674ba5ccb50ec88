"""Initial weights that a loaded checkpoint replaces: a data-flow fact of the code, read after
extraction (the audited Python files parsed with :mod:`ast`, never imported or run).

Research code often defines a model that loads pretrained weights into itself when it is given
a checkpoint (``def init_weights(self, pretrained=None): load_checkpoint(self, pretrained)``,
``self.load_state_dict(torch.load(weights))``), and draws initial weights for the same modules
before (``self.apply(self._init_weights)``). When a config or a call of the audited code gives
that parameter a checkpoint (a path string: ``pretrained='pretrained/mit_b0.pth'``), the loaded
weights replace the drawn ones, and the initialisers written in that file (the model class and
the modules defined beside it, which it is built from) never shape the trained model. Asking
why they are what they are asks the wrong question; modules of other files (a decoder trained
from scratch) keep theirs. :func:`overwritten_inits` returns the choices with the reason, for
:mod:`paperlint.setaside` (as ``inert``); ``tests/test_loaded.py`` runs the examples.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from paperlint.model import Choice, CodeInventory

#: calls that load saved weights into a module
_LOADERS = frozenset({"load_checkpoint", "load_state_dict", "load_pretrained", "load_weights"})
#: the initialisation concepts that are not drawn weights (the checkpoint itself)
_NOT_DRAWN = frozenset({"pretrained_weights"})


def _last(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _into_self(call: ast.Call) -> bool:
    """``load_checkpoint(self, ...)`` or ``self.load_state_dict(...)``."""
    if isinstance(call.func, ast.Attribute) and _names(call.func.value) == {"self"}:
        return True
    return bool(call.args) and isinstance(call.args[0], ast.Name) and call.args[0].id == "self"


def loading_parameters(tree: ast.Module, nodes: list[ast.AST] | None = None) -> frozenset[str]:
    """The parameters of a class's methods whose value is loaded into the instance (``nodes``:
    the tree's nodes in :func:`ast.walk`'s order, when the caller has them already)."""
    nodes = list(ast.walk(tree)) if nodes is None else nodes
    if not any(isinstance(n, ast.Call) and _last(n.func) in _LOADERS for n in nodes):
        return frozenset()  # nothing loads weights: the methods need not be read one by one
    out: set[str] = set()
    for cls in nodes:
        if not isinstance(cls, ast.ClassDef):
            continue
        for fn in cls.body:
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = {a.arg for a in (*fn.args.args, *fn.args.kwonlyargs)} - {"self"}
            for call in ast.walk(fn):
                if isinstance(call, ast.Call) and _last(call.func) in _LOADERS and _into_self(call):
                    used = set().union(*(_names(a) for a in call.args)) if call.args else set()
                    used |= {n for k in call.keywords for n in _names(k.value)}
                    out |= params & used
    return frozenset(out)


def _checkpoint_path(node: ast.expr) -> bool:
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return False
    v = node.value.strip()
    return bool(v) and ("/" in v or "." in v.rsplit("/", 1)[-1])


def checkpoint_keys(tree: ast.Module, nodes: list[ast.AST] | None = None) -> frozenset[str]:
    """The names a file gives a checkpoint path (a keyword of a call or a key of a dict
    literal): ``init_weights(pretrained='ckpt/mit_b0.pth')``, ``{"pretrained": "a.pth"}``
    (``nodes``: as :func:`loading_parameters` takes them)."""
    out: set[str] = set()
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.Call):
            out.update(
                k.arg for k in node.keywords if k.arg is not None and _checkpoint_path(k.value)
            )
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=False):
                if (
                    isinstance(k, ast.Constant)
                    and isinstance(k.value, str)
                    and v is not None
                    and _checkpoint_path(v)
                ):
                    out.add(k.value)
    return frozenset(out)


def given_checkpoint(trees: Iterable[ast.Module], parameters: frozenset[str]) -> bool:
    """Does some audited file give one of ``parameters`` a checkpoint path (a keyword of a call
    or a key of a dict literal)?"""
    return any(checkpoint_keys(tree) & parameters for tree in trees)


def file_facts(tree: ast.Module, path: str) -> dict[str, list[str]]:
    """What one file says of checkpoints: the parameters its classes load into themselves, and
    the names it gives a checkpoint path (one scan a file, kept by the file's content)."""
    nodes = list(ast.walk(tree))  # walked once for both
    return {
        "loading": sorted(loading_parameters(tree, nodes)),
        "given": sorted(checkpoint_keys(tree, nodes)),
    }


def overwritten_inits(
    choices: Iterable[Choice], inventory: CodeInventory, base: str = "."
) -> dict[str, str]:
    """The ids of initialisers a loaded checkpoint replaces, with the reason. Each file is
    scanned once (:mod:`paperlint.code.filefacts`): no file's syntax tree is held past its scan."""
    from paperlint.code import filefacts

    scanned = {
        f.path: found
        for f in inventory.files
        if f.language == "python"
        and (found := filefacts.facts("loaded", f.path, f.sha256, base, file_facts))
    }
    loading = {p: frozenset(s["loading"]) for p, s in scanned.items() if s["loading"]}
    if not loading:
        return {}
    given = frozenset(k for s in scanned.values() for k in s["given"])
    loaded = {p for p, ps in loading.items() if ps & given}
    return {
        c.id: "initial weights that the checkpoint the run loads into this model replaces"
        for c in choices
        if c.kind == "init" and c.concept not in _NOT_DRAWN and c.file in loaded
    }
