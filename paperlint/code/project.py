"""From files to choices: read every file, then resolve what one file cannot know alone.

* A project's own building blocks (``Down(512, 1024)``) are expanded at their call sites: a value
  bound to a parameter is reported where it was written, so ``out_channels=1024`` inside
  ``DoubleConv`` is a choice at the ``Down(512, 1024)`` line.
* Settings (``args.lr``, ``cfg["lr"]``) are resolved to the argparse/flag/config default that
  feeds them, across files.
* Structure: layers repeated in a row are a depth choice; components missing from the whole model
  (no normalization, no dropout, no schedule) are choices of their own.
"""

from __future__ import annotations

import ast
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import libcst as cst

from paperlint.code import py2
from paperlint.code import settings as setting_names
from paperlint.code.configs import analyze_config
from paperlint.code.files import CodeFile, decode_source, discover, read_bytes
from paperlint.code.python import FileFacts, Item, TemplateCall, TemplateDef, analyze
from paperlint.code.values import LIT, PARAM, REF, UNKNOWN, Val, format_literal
from paperlint.errors import PaperlintError
from paperlint.model import Choice, CodeInventory, Problem, SourceFile, Suppression, short_hash

MAX_AST_DEPTH = 120
MAX_EXPANSION_DEPTH = 6


@dataclass
class Options:
    exclude: tuple[str, ...] = ()
    max_file_size: int = 2_000_000
    code_timeout: float = 10.0  # seconds per file, in the worker process
    code_memory: int | None = 2 << 30  # bytes of address space for the worker
    debug: bool = False


# ── reading one file ─────────────────────────────────────────────────────────────────────────


def read_file(f: CodeFile, max_file_size: int = 2_000_000) -> tuple[FileFacts, str, str]:
    """The facts of one file, its language and sha256. Raises PaperlintError for bad input.

    The gates run cheapest first: regular file and size (:func:`read_bytes`), encoding
    (:func:`decode_source`), CPython's parser and a nesting check (:func:`python_source`);
    only then does libcst see the text. Callers run this in a worker process
    (:mod:`paperlint.sandbox`), so a hang or a crash in a parser costs one file, not the run.
    """
    import hashlib

    data = read_bytes(f, max_file_size)
    digest = hashlib.sha256(data).hexdigest()
    text = decode_source(data, f.display)
    try:
        if f.language in ("yaml", "json"):
            return analyze_config(text, f.display, f.module, f.language), f.language, digest
        if f.language == "gin":
            from paperlint.code.gin import analyze_gin

            return analyze_gin(text, f.display, f.module), "gin", digest
        if f.language == "notebook":
            from paperlint.code.notebooks import analyze_notebook, notebook_code

            code, _where = notebook_code(text, f.display)
            python_source(code, f.display)  # the same gate as a .py file before libcst
            return analyze_notebook(text, f.display, f.module), "notebook", digest
        text, language = python_source(text, f.display)
        return analyze(text, f.display, f.module), language, digest
    except cst.ParserSyntaxError as e:
        raise PaperlintError("E105", f.display, f"line {e.raw_line}: {e.message}") from None
    except RecursionError:
        raise PaperlintError("E106", f.display) from None


#: CPython parser messages that mean "too deep", not "wrong"
_TOO_DEEP = ("too many nested parentheses", "too many levels of indentation", "too complex")


def python_source(text: str, display: str) -> tuple[str, str]:
    """The text to hand to libcst, after CPython's parser has vouched for it (a cheap gate: libcst
    can crash the process on pathological nesting). Python 2 files are rewritten line by line;
    a file that neither parses nor can be rewritten is E105, one nested too deeply E106."""
    language = "python"
    try:
        tree = ast.parse(text)
    except SyntaxError as first:
        if any(m in str(first.msg) for m in _TOO_DEEP):
            raise PaperlintError("E106", display, f"line {first.lineno}: {first.msg}") from None
        rewritten, _n = py2.rewrite(text)
        try:
            tree = ast.parse(rewritten)
        except SyntaxError:
            raise PaperlintError("E105", display, f"line {first.lineno}: {first.msg}") from None
        except (RecursionError, MemoryError):
            raise PaperlintError("E106", display) from None
        except ValueError as e:
            raise PaperlintError("E105", display, str(e)) from None
        text, language = rewritten, "python2"
    except (RecursionError, MemoryError):
        raise PaperlintError("E106", display) from None
    except ValueError as e:  # NUL bytes and the like
        raise PaperlintError("E105", display, str(e)) from None
    if _ast_depth(tree) > MAX_AST_DEPTH:
        raise PaperlintError(
            "E106", display, f"expressions nest more than {MAX_AST_DEPTH} levels deep"
        )
    return text, language


def _ast_depth(tree: ast.AST) -> int:
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, d = stack.pop()
        if d > deepest:
            deepest = d
            if deepest > MAX_AST_DEPTH:
                return deepest
        for child in ast.iter_child_nodes(node):
            stack.append((child, d + 1))
    return deepest


# ── the project ──────────────────────────────────────────────────────────────────────────────


def extract(paths: Iterable[str | Path], options: Options | None = None) -> CodeInventory:
    """Every choice in the code under ``paths`` (files or folders)."""
    options = options or Options()
    errors: list[PaperlintError] = []
    files = discover(paths, errors, options.exclude)
    facts: list[FileFacts] = []
    sources: list[SourceFile] = []
    from paperlint.sandbox import Worker

    # every file is parsed in one worker process, restarted after a file that hangs or crashes
    with Worker(memory=options.code_memory, kind="code", debug=options.debug) as worker:
        for f in files:
            try:
                ff, language, digest = worker.call(
                    read_file,
                    f,
                    options.max_file_size,
                    timeout=options.code_timeout,
                    display=f.display,
                )
            except PaperlintError as e:
                errors.append(e)
                continue
            facts.append(ff)
            sources.append(SourceFile(f.display, language, ff.lines, digest))
    return build_inventory(facts, sources, [e.problem() for e in errors])


def build_inventory(
    facts: list[FileFacts], sources: list[SourceFile], problems: list[Problem]
) -> CodeInventory:
    project = Project(facts)
    choices = project.choices()
    per_file = Counter(c.file for c in choices)
    sources = [replace(s, choices=per_file.get(s.path, 0)) for s in sources]
    suppressions = tuple(
        Suppression(ff.path, line, rules, reason)
        for ff in facts
        for line, rules, reason in ff.suppressions
    )
    return CodeInventory(tuple(choices), tuple(sources), tuple(problems), suppressions)


Binding = dict[str, tuple[Val, str]]  # full parameter name → (value, file it was written in)


class Project:
    def __init__(self, facts: list[FileFacts]) -> None:
        self.facts = facts
        self.templates: dict[str, tuple[TemplateDef, FileFacts]] = {}
        self.by_simple_name: dict[str, list[str]] = defaultdict(list)
        self.items_by_scope: dict[str, list[tuple[Item, FileFacts]]] = defaultdict(list)
        self.calls_by_scope: dict[str, list[tuple[TemplateCall, FileFacts]]] = defaultdict(list)
        self.called: set[str] = set()
        for ff in facts:
            for key, t in ff.templates.items():
                self.templates[key] = (t, ff)
                self.by_simple_name[t.name].append(key)
            for it in ff.items:
                self.items_by_scope[it.scope].append((it, ff))
            for c in ff.calls:
                self.calls_by_scope[c.scope].append((c, ff))
        self.resolved_calls: list[tuple[TemplateCall, FileFacts, str]] = []
        for ff in facts:
            for c in ff.calls:
                key = self.resolve_target(c, ff)
                if key is not None:
                    self.resolved_calls.append((c, ff, key))
                    self.called.add(key)
                    cls_key = key.rsplit(".", 1)[0] if key.endswith(".__init__") else key
                    self.called.add(cls_key)
        self.settings = self._collect_settings()
        self.consumed: set[str] = set().union(*(ff.param_uses for ff in facts)) if facts else set()

    # ── call targets ──
    def resolve_target(self, call: TemplateCall, ff: FileFacts) -> str | None:
        t = call.target
        if t.startswith("self."):
            method = t[5:]
            cls = self._class_of_scope(call.scope)
            seen = set()
            while cls and cls not in seen:
                seen.add(cls)
                key = f"{cls}.{method}"
                if key in self.templates:
                    return key
                tdef = self.templates.get(cls)
                cls = None
                if tdef:
                    for base in tdef[0].bases:
                        found = self._find(base, tdef[1])
                        if found:
                            cls = found
                            break
            return None
        return self._find(t, ff)

    def _class_of_scope(self, scope: str) -> str | None:
        parts = scope.split(".")
        while parts:
            key = ".".join(parts)
            t = self.templates.get(key)
            if t and t[0].kind == "class":
                return key
            parts.pop()
        return None

    def _find(self, name: str, ff: FileFacts) -> str | None:
        if "." not in name:
            local = f"{ff.module}:{name}"
            if local in self.templates:
                return local
            q = ff.imports.qualify(name)
            if q is not None:
                name = q
            else:
                cands = self.by_simple_name.get(name, [])
                # only names made visible by `from local_module import *`
                if ff.imports.star_modules:
                    cands = [
                        c
                        for c in cands
                        if self.templates[c][0].kind in ("class", "function")
                        and ":" in c
                        and "." not in c.split(":", 1)[1]
                    ]
                    return cands[0] if len(cands) == 1 else None
                return None
        module, _, simple = name.rpartition(".")
        exact = f"{module}:{simple}"
        if exact in self.templates:
            return exact
        # `sys.path` hacks import sibling modules by their last name: match on module suffix.
        cands = [
            k
            for k in self.by_simple_name.get(simple, [])
            if k.split(":", 1)[0].endswith(module.split(".")[-1]) and "." not in k.split(":", 1)[1]
        ]
        if len(cands) > 1:
            same_dir = [
                k
                for k in cands
                if k.split(":", 1)[0].rsplit(".", 1)[0] == ff.module.rsplit(".", 1)[0]
            ]
            cands = same_dir or cands
        return cands[0] if cands else None

    # ── settings ──
    def _collect_settings(self) -> dict[str, list[tuple[Item, FileFacts]]]:
        out: dict[str, list[tuple[Item, FileFacts]]] = defaultdict(list)
        for ff in self.facts:
            for it in ff.items:
                if (
                    it.source in ("argparse", "flag", "click", "dict", "config", "assign", "field")
                    and it.param
                ):
                    out[setting_names.normalize_name(it.param)].append((it, ff))
        return out

    def resolve_ref(self, v: Val) -> tuple[Val, str] | None:
        cands = self.settings.get(setting_names.normalize_name(v.name), [])
        for it, ff in sorted(
            cands,
            key=lambda p: {
                "argparse": 0,
                "flag": 0,
                "click": 0,
                "config": 1,
                "dict": 2,
                "field": 2,
                "assign": 3,
            }.get(p[0].source, 4),
        ):
            if it.value.state == LIT:
                return it.value, f"{ff.path}:{it.line}"
        return None

    # ── choices ──
    def choices(self) -> list[Choice]:
        raw: list[tuple[Item, str, Val, int]] = []  # item, file, value, line

        def emit(item: Item, file: str, value: Val, line: int) -> None:
            raw.append((item, file, value, line))

        # 1. items as written, where they are written
        param_counts = {k: len(t.params) for k, (t, _) in self.templates.items()}
        consumed = set().union(*(ff.param_uses for ff in self.facts)) if self.facts else set()
        for ff in self.facts:
            for it in ff.items:
                v = it.value
                if it.source == "param" and f"{it.scope}::{it.param}" in consumed:
                    continue  # the call that consumes the parameter reports it
                if v.state == PARAM:
                    owner = v.name.split("::", 1)[0]
                    cls = owner.rsplit(".", 1)[0] if owner.endswith(".__init__") else owner
                    if owner in self.called or cls in self.called:
                        continue  # reported at the call sites instead
                    default = v.default
                    if default is not None and default.state == LIT:
                        emit(it, ff.path, default, it.line)
                    else:
                        emit(it, ff.path, Val(UNKNOWN, None, f"parameter `{v.text}`"), it.line)
                    continue
                emit(it, ff.path, v, it.line)
        _ = param_counts

        # 2. building blocks expanded at their call sites
        memo: set[tuple] = set()
        for call, ff, key in self.resolved_calls:
            bindings = self._bind(call, ff, key, {})
            if bindings is None:
                continue
            self._expand(key, bindings, call, ff, emit, 0, memo, (key,))

        # 3. structure
        raw.extend(self._structure())
        return self._finish(raw)

    def _params_of(self, key: str) -> tuple[str, list]:
        t, _ = self.templates[key]
        if t.kind == "class":
            init = f"{key}.__init__"
            if init in self.templates:
                return init, self.templates[init][0].params
            return init, []
        return key, t.params

    def _bind(self, call: TemplateCall, ff: FileFacts, key: str, outer: Binding) -> Binding | None:
        owner, params = self._params_of(key)
        bindings: Binding = {}
        plist = [p for p in params]
        t = self.templates[key][0]
        # methods called as self.m(...): `self` is not in params (visit_Param skips it)
        for i, v in enumerate(call.positional):
            if not isinstance(v, Val):
                break
            if i < len(plist):
                bindings[f"{owner}::{plist[i].name}"] = self._subst(v, ff.path, outer)
        for k, v in call.keywords.items():
            if k == "**":
                continue
            bindings[f"{owner}::{k}"] = self._subst(v, ff.path, outer)
        for p in plist:
            full = f"{owner}::{p.name}"
            if full not in bindings and p.default is not None:
                bindings[full] = (p.default, self.templates[key][1].path)
        _ = t
        return bindings

    def _subst(self, v: Val, file: str, outer: Binding) -> tuple[Val, str]:
        if v.state == PARAM and v.name in outer:
            return outer[v.name]
        return v, file

    def _expand(
        self,
        key: str,
        bindings: Binding,
        site: TemplateCall,
        site_ff: FileFacts,
        emit,
        depth: int,
        memo: set,
        path: tuple,
    ) -> None:
        if depth > MAX_EXPANSION_DEPTH:
            return
        sig = (
            key,
            site_ff.path,
            site.line,
            tuple(sorted((k, v.state, repr(v.value), v.line, f) for k, (v, f) in bindings.items())),
        )
        if sig in memo:
            return
        memo.add(sig)
        scopes = self._scopes_of(key)
        used: set[str] = set()
        for scope in scopes:
            for it, _ff in self.items_by_scope.get(scope, []):
                v = it.value
                if v.state != PARAM or v.name not in bindings:
                    continue
                bv, bfile = bindings[v.name]
                used.add(v.name)
                if bv.state == PARAM:
                    continue  # still unbound: the caller's own callers will bind it
                if bv.state == LIT and bv.line:
                    emit(it, bfile, bv, bv.line)
                else:
                    emit(it, site_ff.path, bv, site.line)
        for scope in scopes:
            for call, ff in self.calls_by_scope.get(scope, []):
                inner_key = self.resolve_target(call, ff)
                if inner_key is None or inner_key in path:
                    continue
                inner = self._bind(call, ff, inner_key, bindings)
                if inner is None:
                    continue
                if any(
                    v.state == PARAM and v.name in bindings
                    for v in [*call.positional, *call.keywords.values()]
                    if isinstance(v, Val)
                ):
                    used.update(
                        v.name
                        for v in [*call.positional, *call.keywords.values()]
                        if isinstance(v, Val) and v.state == PARAM
                    )
                    self._expand(
                        inner_key, inner, site, site_ff, emit, depth + 1, memo, (*path, inner_key)
                    )
        if depth == 0:
            # Values handed to a building block that no component inside consumed are still
            # decisions (`RNNEncoder(..., "gru")` picks the cell type): report them as settings.
            owner, params = self._params_of(key)
            for p in params:
                full = f"{owner}::{p.name}"
                if full in used or full not in bindings:
                    continue
                bv, bfile = bindings[full]
                if bv.state != LIT or bv.line != site.line or bfile != site_ff.path:
                    continue
                if (
                    isinstance(bv.value, bool)
                    or bv.value is None
                    or not isinstance(bv.value, (int, float, str))
                ):
                    continue
                if self._param_feeds_choice(key, owner, p.name) or full in self.consumed:
                    continue
                kind = setting_names.classify(p.name)
                if kind is None:
                    continue
                it = Item(
                    kind.kind,
                    kind.concept,
                    bv,
                    site.line,
                    site.scope,
                    "argument",
                    symbol=self.templates[key][0].name,
                    param=p.name,
                    in_model=site.in_model,
                    detail=f"{self.templates[key][0].name}({p.name}=...)",
                )
                emit(it, site_ff.path, bv, site.line)

    def _param_feeds_choice(self, key: str, owner: str, name: str) -> bool:
        full = f"{owner}::{name}"
        for scope in self._scopes_of(key):
            for it, _ in self.items_by_scope.get(scope, []):
                if it.value.state == PARAM and it.value.name == full:
                    return True
            for call, _ in self.calls_by_scope.get(scope, []):
                if any(
                    isinstance(v, Val) and v.state == PARAM and v.name == full
                    for v in [*call.positional, *call.keywords.values()]
                ):
                    return True
        return False

    def _scopes_of(self, key: str) -> list[str]:
        t, _ = self.templates[key]
        if t.kind == "class":
            return [key] + [
                k
                for k in self.templates
                if k.startswith(key + ".") and k.count(".") == key.count(".") + 1
            ]
        return [key] + [k for k in self.templates if k.startswith(key + ".<locals>.")]

    # ── structure: repeated layers and missing components ──
    def _structure(self) -> list[tuple[Item, str, Val, int]]:
        out: list[tuple[Item, str, Val, int]] = []
        all_items = [(it, ff) for ff in self.facts for it in ff.items]
        model_items = [(it, ff) for it, ff in all_items if it.in_model]
        kinds_present = {it.kind for it, _ in all_items}
        model_kinds = {it.kind for it, _ in model_items}
        models = [(t, ff) for t, ff in self.templates.values() if t.kind == "class" and t.is_model]

        # layers assigned one after another to numbered attributes: conv1..conv4 → depth 4
        for ff in self.facts:
            runs: dict[tuple[str, str, str], list[int]] = defaultdict(list)
            for lu in ff.layers:
                m = re.fullmatch(r"(?:self\.)?([A-Za-z_]+?)_?(\d+)", lu.attr or "")
                if m:
                    runs[(lu.scope, m.group(1), lu.target)].append(lu.line)
            for call in ff.calls:
                m = re.fullmatch(r"(?:self\.)?([A-Za-z_]+?)_?(\d+)", call.assigned_to or "")
                if m and call.in_model:
                    runs[(call.scope, m.group(1), call.target)].append(call.line)
            for (scope, stem, target), lines in runs.items():
                if len(lines) >= 2:
                    first = min(lines)
                    v = Val(LIT, len(lines), str(len(lines)), line=first)
                    it = Item(
                        "depth",
                        "depth",
                        v,
                        first,
                        scope,
                        "structure",
                        symbol=target,
                        in_model=True,
                        detail=f"{len(lines)} × {target.rsplit('.', 1)[-1]} stacked ({stem}…)",
                    )
                    out.append((it, ff.path, v, first))

        if not models:
            return out
        # the model the others are parts of: a model class no other model class builds
        built_by_models = {key for call, ff, key in self.resolved_calls if call.in_model}
        root_models = [m for m in models if m[0].key not in built_by_models] or models
        main_model, main_ff = max(root_models, key=lambda m: len(self._scopes_of(m[0].key)))
        anchor_line = main_model.line

        def absent(kind: str, concept: str, what: str, file: str, line: int, scope: str) -> None:
            v = Val(LIT, "none", "none", line=line)
            it = Item(
                kind,
                concept,
                v,
                line,
                scope,
                "absence",
                in_model=True,
                obviousness="absent",
                detail=what,
                display="absent",
            )
            out.append((it, file, v, line))

        has_layers = any(it.source in ("call", "argument") and it.in_model for it, _ in all_items)
        if has_layers and "normalization" not in model_kinds:
            file, line, scope = self._block_anchor(main_ff, anchor_line, main_model.key)
            absent(
                "normalization",
                "no_normalization",
                "no normalization layer anywhere in the model",
                file,
                line,
                scope,
            )
        if has_layers and "dropout" not in kinds_present:
            file, line, scope = self._head_anchor(main_model, main_ff)
            absent("dropout", "no_dropout", "no dropout anywhere in the model", file, line, scope)
        init_items = [(it, ff) for it, ff in all_items if it.kind == "init"]
        applied = set().union(*(ff.applied for ff in self.facts)) if self.facts else set()
        for t, ff in self.templates.values():
            if t.kind != "function" or not re.search(r"init", t.name, re.I):
                continue
            inside = [it for it, _ in self.items_by_scope.get(t.key, []) if it.kind == "init"]
            if inside and t.key not in self.called and t.name not in applied:
                v = Val(LIT, "unused", "unused", line=t.line)
                it = Item(
                    "init",
                    "unused_init",
                    v,
                    t.line,
                    t.key,
                    "structure",
                    in_model=True,
                    detail=f"`{t.name}` initializes weights but is never called or applied",
                    display=f"{t.name} (never applied)",
                )
                out.append((it, ff.path, v, t.line))
        if not [1 for it, _ in init_items if it.concept != "unused_init"] or all(
            it.scope
            in {
                t.key
                for t, _ in self.templates.values()
                if t.key not in self.called and t.name not in applied
            }
            for it, _ in init_items
        ):
            absent(
                "init",
                "default_init",
                "no explicit weight initialization (framework defaults)",
                main_ff.path,
                anchor_line,
                main_model.key,
            )
        has_optimizer = "optimizer" in kinds_present
        if has_optimizer and "scheduler" not in kinds_present:
            file, line, scope = self._training_anchor()
            absent(
                "scheduler",
                "no_schedule",
                "no learning-rate schedule: the learning rate is constant",
                file,
                line,
                scope,
            )
        if "augmentation" not in kinds_present:
            pipelines = [
                (it, ff) for it, ff in all_items if it.symbol == "torchvision.transforms.Compose"
            ]
            if pipelines:
                it, ff = min(pipelines, key=lambda p: (p[1].path, p[0].line))
                absent(
                    "augmentation",
                    "no_augmentation",
                    "no data augmentation in the input pipeline",
                    ff.path,
                    it.line,
                    it.scope,
                )
        return out

    def _block_anchor(self, ff: FileFacts, line: int, model_key: str) -> tuple[str, int, str]:
        """Where a missing component would go: the first layer of the most repeated block."""
        counts = Counter(key for _, _, key in self.resolved_calls)
        loop_blocks = []
        for f in self.facts:
            for it in f.items:
                if it.source == "loop" and it.kind == "depth":
                    loop_blocks.append(it.scope)
        best = None
        for key, n in counts.most_common():
            _t, tff = self.templates[key]
            layer_lines = sorted(
                it.line
                for scope in self._scopes_of(key)
                for it, _ in self.items_by_scope.get(scope, [])
                if it.source in ("call", "argument")
                and it.in_model
                and it.kind in ("channels", "kernel_size", "activation", "other")
            )
            if layer_lines and n >= 2:
                best = (tff.path, layer_lines[0], key)
                break
        return best or (ff.path, line, model_key)

    def _head_anchor(self, model: TemplateDef, ff: FileFacts) -> tuple[str, int, str]:
        lines = [
            lu.line for lu in ff.layers if lu.scope.startswith(model.key) and lu.concept == "linear"
        ]
        if lines:
            return ff.path, max(lines), model.key
        return ff.path, model.line, model.key

    def _training_anchor(self) -> tuple[str, int, str]:
        for ff in self.facts:
            for it in ff.items:
                if it.symbol in ("fit", "fit_generator"):
                    return ff.path, it.line, it.scope
        for ff in self.facts:
            for it in ff.items:
                if it.source == "loop" and it.kind == "epochs":
                    return ff.path, it.line, it.scope
        for ff in self.facts:
            for it in ff.items:
                if it.kind == "optimizer":
                    return ff.path, it.line, it.scope
        return "", 0, ""

    # ── final records ──
    def _finish(self, raw: list[tuple[Item, str, Val, int]]) -> list[Choice]:
        seen: set[tuple] = set()
        out: list[Choice] = []
        occurrence: Counter = Counter()
        raw.sort(key=lambda r: (r[1], r[3], r[0].kind, r[0].concept, r[0].param))
        for item, file, value, line in raw:
            if not file or line <= 0:
                continue
            resolved = True
            detail = item.detail
            via = ""
            if value.state == REF:
                found = self.resolve_ref(value)
                if found is not None:
                    v2, where = found
                    detail = (
                        f"{detail}; `{value.text}` = {v2.display()} ({where})"
                        if detail
                        else f"`{value.text}` = {v2.display()} ({where})"
                    )
                    value = Val(LIT, v2.value, v2.text)
                    via = where
                else:
                    resolved = False
            if value.state in (UNKNOWN, "unset", PARAM):
                resolved = False
            display = (
                item.display
                if item.source in ("call", "structure", "absence") and item.display
                else value.display()
            )
            if (
                item.source == "call"
                and item.symbol
                and value.state == LIT
                and not isinstance(value.value, str)
            ):
                display = f"{item.symbol.rsplit('.', 1)[-1]}({value.display()})"  # Dropout(0.3)
            if value.state == PARAM:
                display = f"parameter `{value.text}`"
            key = (file, line, item.kind, item.concept, item.param, display)
            if key in seen:
                continue
            seen.add(key)
            numbers = value.numbers() if value.state == LIT else ()
            if item.kind == "dropout" and item.param and "keep" in item.param and len(numbers) == 1:
                detail = f"{detail} (keep probability; dropout rate {1 - numbers[0]:.3g})"
            ident = (file, item.kind, item.concept, item.param, item.scope, item.symbol)
            occurrence[ident] += 1
            cid = "c" + short_hash(*ident, occurrence[ident])
            out.append(
                Choice(
                    id=cid,
                    kind=item.kind,
                    concept=item.concept,
                    value=display,
                    file=file,
                    line=line,
                    source=item.source,
                    symbol=item.symbol,
                    param=item.param,
                    scope=item.scope.split(":", 1)[-1] if item.scope else "",
                    framework=item.framework,
                    obviousness=item.obviousness,
                    number=numbers[0] if len(numbers) == 1 else None,
                    values=numbers if len(numbers) > 1 else (),
                    resolved=resolved,
                    detail=detail,
                    via=via,
                )
            )
        return _with_snippets(out, self.facts)


def _with_snippets(choices: list[Choice], facts: list[FileFacts]) -> list[Choice]:
    """Attach the source line of each choice."""
    lines_of = {ff.path: ff.source_lines for ff in facts}
    out = []
    for c in choices:
        lines = lines_of.get(c.file, [])
        snippet = lines[c.line - 1].strip() if 0 < c.line <= len(lines) else ""
        out.append(replace(c, snippet=snippet[:200]))
    return out


def format_value(v: object) -> str:
    return format_literal(v)
