"""The effective configuration: for every run a repository defines, the value each setting takes
and the ``file:line`` where that value is set.

A *run* is an entry point with the config files and overrides it is launched with: a command
of a launch script or Makefile (:mod:`paperlint.code.sources.shell_scripts`), a config file an
entry point loads (a yacs YAML over its defaults, an mmcv config and its ``_base_`` files, a
Hydra primary config, an OmegaConf config), or — when nothing launches it — an entry point's
own defaults. Each run's settings are resolved through the layers in order, a later layer
overriding an earlier one:

    library defaults   the signature tables (``TrainingArguments`` when it is not vendored)
    code defaults      argparse, flags, click, dataclass fields, yacs trees, config classes
    config files       and what they inherit (``_BASE_``, ``_base_`` + ``_delete_``, Hydra
                       ``defaults:``), in merge order
    launch overrides   ``--lr 5e-4``, ``lr=1e-4`` / ``+x=1`` (Hydra), ``KEY VALUE`` (yacs)
    written in code    ``cfg.SOLVER.BASE_LR = 0.1`` after loading, in the entry's own code

The code stage then reports a setting where the value that takes effect is written: a default
that every run overrides is not a choice, a launcher's ``--lr 5e-4`` is (see
:meth:`EffectiveConfiguration.site_runs`), and a setting read in code (``cfg.MODEL.X``,
``self.args.lr``) takes its value from the runs the code belongs to (:meth:`resolve`).

Everything is static: the records come from the sources' readings, nothing is run. The work is
bounded: inheritance depth, number of runs, settings per run.
"""

from __future__ import annotations

import functools
import posixpath
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from paperlint.code import settings as setting_names
from paperlint.code import sources as setting_sources
from paperlint.code.python import FileFacts, Item
from paperlint.code.sources.argparse_options import CONFIG_OPTIONS
from paperlint.code.sources.base import (
    LAYERS,
    NO_VALUE,
    REFERENCE_KINDS,
    Launch,
    LaunchArg,
    classify_setting,
    is_setting_value,
    scalar,
)
from paperlint.code.values import LIT, UNKNOWN, Val
from paperlint.errors import PaperlintError
from paperlint.model import Defaults, Load, Problem, Reach, Run, Setting

MAX_RUNS = 300
MAX_DEPTH = 12  # config inheritance
MAX_CLOSURE = 400  # files an entry point's imports reach
_RANK = {layer: i for i, layer in enumerate(LAYERS)}
#: Item sources that define a setting (the sources of settings write these)
_DEFINING = frozenset(["argparse", "flag", "click", "field", "attr", "dict", "config"])
_CONFIG_SUFFIX = re.compile(r"\.(ya?ml|json|py|gin|cfg|conf)$")
_UNRESOLVED = re.compile(r"\$\{?[A-Za-z_0-9@*#?]+\}?|\$\(")

Key = tuple[str, ...]


@functools.lru_cache(maxsize=65536)
def norm_key(key: str) -> Key:
    """``SOLVER.BASE_LR`` → ("solver", "base_lr"); ``--learning-rate`` → ("learning_rate",)."""
    return tuple(setting_names.normalize_name(p) for p in key.split(".") if p)


@dataclass
class Def:
    """Where one setting gets one value: a default, a config line, a launch argument."""

    key: Key
    display: str  # the key as written
    value: Val
    file: str
    line: int
    layer: str
    source: str
    item: Item | None = None
    order: int = 0  # position in the merge order within its layer (config chain, overrides)
    symbol: str = ""  # the option as written on the command line (``--lr``)
    loop: str = ""  # a launch inside a ``for`` loop: the loop as written
    switch: bool = False  # a switch or plumbing: a value of the run, never a choice


@dataclass
class _Run:
    name: str
    entry: str
    kind: str
    launched_at: str = ""
    configs: list[str] = field(default_factory=list)
    defs: dict[Key, list[Def]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)
    closure: frozenset[str] = frozenset()
    dropped: list[Def] = field(default_factory=list)  # replaced by a `_delete_=True` dict
    #: the values of switches and plumbing (no choices), by key, in the layers of ``defs``
    switches: dict[Key, list[Def]] = field(default_factory=lambda: defaultdict(list))
    builds: list[tuple[str, str, str, int]] = field(default_factory=list)  # Run.builds

    def add(self, d: Def) -> None:
        self.defs[d.key].append(d)

    def add_switch(self, d: Def) -> None:
        self.switches[d.key].append(d)

    def winner(self, key: Key) -> Def | None:
        found = self.defs.get(key)
        return found[-1] if found else None  # in merge order once the run is built

    def settle(self) -> None:
        """Put each setting's definitions in merge order: layer, then order within it."""
        for defs in [*self.defs.values(), *self.switches.values()]:
            defs.sort(key=_merge_order)


def _merge_order(d: Def) -> tuple[int, int]:
    return _RANK.get(d.layer, 1), d.order


class EffectiveConfiguration:
    """The runs of a project and the value each setting takes in each."""

    def __init__(self, facts: list[FileFacts]) -> None:
        self.facts = facts
        self.by_path = {ff.path: ff for ff in facts}
        #: Python modules by dotted name, and by their last part (``sys.path`` imports)
        self.by_module = {ff.module: ff for ff in facts if ff.module and ff.path.endswith(".py")}
        self._by_last_part: dict[str, list[str]] = defaultdict(list)
        for m in self.by_module:
            self._by_last_part[m.rsplit(".", 1)[-1]].append(m)
        self.problems: list[Problem] = []
        self._closures: dict[str, frozenset[str]] = {}
        self._uses: dict[str, frozenset[str]] = {}
        #: each file's (passed, reached) by the names it imports: read once, whatever reaches it
        self._used_by_file: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._entry_defaults: dict[str, list[Def]] = {}
        self._not_leaves: set[str] = set()  # config files inherited or composed by others
        self._settings: dict[int, Setting] = {}
        self._defs = {ff.path: self._defs_of(ff, ff.items) for ff in facts}
        self._switch_defs = {ff.path: self._defs_of(ff, ff.config.switches) for ff in facts}
        self._runs: list[_Run] = []
        self._build()
        self._index()

    # ── the settings each file defines ──
    def _defs_of(self, ff: FileFacts, items: Iterable[Item]) -> list[Def]:
        out = []
        for it in items:
            if not it.key or it.source not in _DEFINING:
                continue
            layer = setting_sources.layer_of(it.origin) if it.origin else "code"
            if layer == "code" and ff.config.is_config:
                layer = "config"  # an mmcv-style Python config's dicts
            if layer == "config" and not ff.config.is_config:
                layer = "code"
            if it.origin == "config_objects" and it.scope and not ff.config.is_config:
                layer = "written"  # `cfg.SOLVER.BASE_LR = 0.1` in a function
            out.append(
                Def(norm_key(it.key), it.key, it.value, ff.path, it.line, layer, it.origin, it)
            )
        return out

    # ── the import closure of an entry point ──
    def closure(self, path: str) -> frozenset[str]:
        """The files ``path`` imports, transitively (a package's ``__init__.py`` reaches every
        module it imports)."""
        if path not in self._closures:
            self._closures[path] = self._reach(path, lambda ff: ((), self._imported(ff)))
        return self._closures[path]

    # ── what an entry point uses ──
    def uses(self, path: str) -> frozenset[str]:
        """The files the code at ``path`` uses: what it imports, transitively, where a name
        imported from a package (``from pkg.models import build_model``) reaches the module that
        defines it, not every module the package's ``__init__.py`` imports to register or
        re-export its parts. A package imported whole (``import pkg``) reaches all of them, as
        :meth:`closure` does; ``from pkg import *`` reaches the parts whose names the code
        mentions (:meth:`_used_by`)."""
        if path not in self._uses:
            self._uses[path] = self._reach(path, self._used_by)
        return self._uses[path]

    def _used_by(self, ff: FileFacts) -> tuple[list[str], list[str]]:
        """(the packages passed through, the modules reached) by the names ``ff`` imports
        (:meth:`_file_used_by`), read once a file: every entry point that reaches the file
        follows the same imports."""
        got = self._used_by_file.get(ff.path)
        if got is None:
            passed, targets = self._file_used_by(ff)
            got = self._used_by_file[ff.path] = (tuple(passed), tuple(targets))
        return list(got[0]), list(got[1])

    def _file_used_by(self, ff: FileFacts) -> tuple[list[str], list[str]]:
        """(the packages passed through, the modules reached) by the names ``ff`` imports.

        A ``from pkg import *`` binds every name the package's ``__init__.py`` re-exports; the
        code uses the ones it mentions, so only those lead to the modules that define them
        (``from models.utils import *`` and ``resize(x)`` reach the module of ``resize``, not
        the package's other parts). A star import of a plain module reaches that module."""
        passed: list[str] = []
        targets: list[str] = []
        star = ff.imports.star_names
        mentioned = mentioned_names(ff.source_lines) if star else frozenset()
        for local, q in ff.imports.names.items():
            if local in star and local not in mentioned:
                continue  # brought by a star import, never used
            found = self._defining(q, passed)
            if found is not None:
                targets.append(found)
        for q in ff.imports.star_modules:
            owner = self._module(q) or self._inside(q.split("."))
            if owner is None:
                continue
            if star and owner.path.endswith("__init__.py"):
                passed.append(owner.path)  # its names were followed above, as the code uses them
            else:
                targets.append(owner.path)
        return passed, targets

    def _reach(
        self, path: str, step: Callable[[FileFacts], tuple[Iterable[str], Iterable[str]]]
    ) -> frozenset[str]:
        """Every file reached from ``path``, breadth first: ``step`` gives, for one file, the
        files it passes through (reached, not followed) and the files it leads to (followed)."""
        followed: list[str] = [path]
        queued = {path}
        reached = {path}
        i = 0
        while i < len(followed) and len(reached) < MAX_CLOSURE:
            ff = self.by_path.get(followed[i])
            i += 1
            if ff is None:
                continue
            passed, targets = step(ff)
            reached.update(passed)
            for t in targets:
                if t not in queued:
                    queued.add(t)
                    reached.add(t)
                    followed.append(t)
        return frozenset(reached)

    def _defining(self, name: str, passed: list[str], depth: int = 0) -> str | None:
        """The file to follow for an imported dotted ``name``: the module it names, or the
        module that defines it; the package ``__init__.py`` files it is re-exported through are
        put in ``passed`` (reached, their other imports not followed)."""
        parts = name.split(".")
        for n in range(len(parts), 0, -1):
            owner = self._module(".".join(parts[:n])) or self._inside(parts[:n])
            if owner is None:
                continue
            if n == len(parts) or not owner.path.endswith("__init__.py") or depth > 8:
                return owner.path
            again = owner.imports.names.get(parts[n])
            if again is None or again == name:
                return owner.path  # defined in the package itself, or bound by a star import
            passed.append(owner.path)
            return self._defining(".".join([again, *parts[n + 1 :]]), passed, depth + 1)
        return None

    def _inside(self, parts: list[str]) -> FileFacts | None:
        """A module named with the package the audited folder is (``src.models.encoder`` when
        the audit runs inside ``src/``, whose modules are ``models.encoder``): the longest tail of
        the name, of two parts or more, that is an audited module."""
        if parts[0] in _libraries() or parts[0] in sys.stdlib_module_names:
            return None  # `transformers.models.bert` is the library's, not the project's `models/`
        for k in range(1, len(parts) - 1):
            found = self.by_module.get(".".join(parts[k:]))
            if found is not None:
                return found
        return None

    def _registered(self) -> dict[str, list[str]]:
        """Classes and functions the project defines at a module's top level, by name: what a
        config selects by its registered name (``type='ResNet'``)."""
        done = self.__dict__.get("_registered_names")
        if done is not None:
            return done
        out: dict[str, list[str]] = defaultdict(list)
        for ff in self.facts:
            if not ff.path.endswith(".py") or ff.config.is_config:
                continue
            for t in ff.templates.values():
                if t.kind in ("class", "function") and "." not in t.key.rpartition(":")[2]:
                    out[t.name].append(ff.path)
        self.__dict__["_registered_names"] = out
        return out

    def _selected(self, run: _Run) -> set[str]:
        """The code files a run's config files select by name (:meth:`_selects`) and what they
        use."""
        out: set[str] = set()
        for config in run.configs:
            for path in self._selects(config):
                out |= self.uses(path)
        return out

    def _selects(self, config: str) -> set[str]:
        """The modules a config file selects by name: a component's registered ``type``
        (``backbone=dict(type='ResNet', depth=50)``), the way registry-based codebases (mmcv,
        mmdet, mmseg and their kin) build every part from its config, or a class written with
        its module (``name: models.recurrent@Model``) that the code imports by it."""
        names = self._registered()
        out: set[str] = set()
        ff = self.by_path.get(config)
        for _key, name, _line in ff.config.selects if ff is not None else ():
            if _REGISTERED_NAME.fullmatch(name):
                out.update(names.get(name, ()))
                continue
            # `module@Class`, `module:Class`: the module, however the code finds it
            module = re.split(r"[@:]", name, maxsplit=1)[0]
            owner = self._module(module) or self._inside(module.split("."))
            if owner is not None:
                out.add(owner.path)
        return out

    def _targets(self, config: str) -> set[str]:
        """The modules a config file names as the class to build (``target: ldm.models.X``)."""
        ff = self.by_path.get(config)
        out: set[str] = set()
        for _args, target, _line in ff.config.targets if ff is not None else ():
            module = target.rpartition(".")[0]
            owner = self._module(module) if module else None
            if owner is not None:
                out.add(owner.path)
        return out

    def _imported(self, ff: FileFacts) -> Iterable[str]:
        names = [*ff.imports.names.values(), *ff.imports.star_modules]
        for q in names:
            parts = q.split(".")
            for n in range(len(parts), 0, -1):
                found = self._module(".".join(parts[:n]))
                if found is not None:
                    yield found.path
                    break

    def _modules_named(self, name: str) -> set[str]:
        """Every project module an imported dotted ``name`` may load, read generously: the
        longest leading part of it that names a module, exactly, by the tail of a longer name
        (``sys.path`` imports; every one when several share it), or with the audited folder's
        own package before it (:meth:`_inside`). What a file may load is never less than what
        it loads."""
        parts = name.split(".")
        for n in range(len(parts), 0, -1):
            head = ".".join(parts[:n])
            if head in self.by_module:
                return {self.by_module[head].path}
            tails = [m for m in self._by_last_part.get(parts[n - 1], ()) if m.endswith("." + head)]
            if tails:
                return {self.by_module[m].path for m in tails}
            inside = self._inside(parts[:n])
            if inside is not None:
                return {inside.path}
            # a folder without its ``__init__.py`` here (a namespace package, or one the audited
            # files leave out): any module in it may be what the import loads
            under = [ff.path for m, ff in self.by_module.items() if f".{head}." in f".{m}"]
            if under:
                return set(under)
        return set()

    def _module(self, name: str) -> FileFacts | None:
        ff = self.by_module.get(name)
        if ff is not None:
            return ff
        cands = [
            m for m in self._by_last_part.get(name.rsplit(".", 1)[-1], ()) if m.endswith("." + name)
        ]
        return self.by_module[cands[0]] if len(cands) == 1 else None

    # ── runs ──
    def _build(self) -> None:
        launched: set[str] = set()
        named_configs: set[str] = set()
        for ff in self.facts:
            launches = ff.config.launches
            names = _launch_names(ff.path, launches)
            for launch, name in zip(launches, names, strict=True):
                if len(self._runs) >= MAX_RUNS:
                    break
                run = self._launch_run(ff, launch, name)
                if run is not None:
                    self._runs.append(run)
                    if run.entry:
                        launched.add(run.entry)
                    named_configs.update(run.configs)
        self._config_runs(named_configs, launched)
        self._default_runs(launched)
        self._config_folder_runs(named_configs)

    def _entries(self) -> list[FileFacts]:
        """Files that run as programs; tests (``tests/``, ``test_*.py``) are not runs."""
        return [ff for ff in self.facts if ff.config.entry.main and not _is_test(ff.path)]

    def _launch_run(self, launcher: FileFacts, launch: Launch, name: str) -> _Run | None:
        entry = self._entry_of(launcher.path, launch)
        entry_ff = self.by_path.get(entry) if entry else None
        run = _Run(
            name=name,
            entry=entry or launch.target,
            kind="launch",
            launched_at=f"{launcher.path}:{launch.line}",
        )
        if entry_ff is not None:
            run.closure = self.closure(entry_ff.path)
            self._code_defaults(run, entry_ff)
        config_files, rest = self._config_args(launcher.path, launch, entry_ff)
        hydra = entry_ff is not None and entry_ff.config.entry.hydra_name is not None
        overrides: list[tuple[str, LaunchArg]] = []
        groups: dict[str, str] = {}
        flags: list[tuple[str, LaunchArg | None, LaunchArg]] = []
        yacs_pairs: list[tuple[LaunchArg, LaunchArg]] = []
        i = 0
        while i < len(rest):
            a = rest[i]
            t = a.text
            if t.startswith("-") and not _is_number(t):
                name_, eq, value = t.lstrip("-").partition("=")
                if not eq and setting_names.normalize_name(name_) in _OVERRIDE_LISTS:
                    i += 1  # `--cfg-options a.b=1 c=2`, `--opts KEY VALUE`: read as overrides
                    continue
                if eq:
                    flags.append((name_, None, LaunchArg(value, a.line, a.origin, a.unresolved)))
                elif i + 1 < len(rest) and not _option_like(rest[i + 1].text):
                    flags.append((name_, a, rest[i + 1]))
                    i += 1
                else:
                    flags.append((name_, a, LaunchArg("True", a.line)))
            elif "=" in t and re.match(r"^[+~]{0,2}[A-Za-z_][\w./@-]*=", t):
                key, _, value = t.partition("=")
                key = key.lstrip("+~")
                if hydra and "." not in key and self._hydra_group(entry_ff, key, value):
                    groups[key] = value  # `optimizer=sgd`: selects a config group's option
                    overrides.append(
                        (f"defaults.{key}", LaunchArg(value, a.line, a.origin, a.unresolved))
                    )
                else:
                    overrides.append((key, LaunchArg(value, a.line, a.origin, a.unresolved)))
            elif (
                i + 1 < len(rest)
                and re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", t)
                and not rest[i + 1].text.startswith("--")
            ):
                yacs_pairs.append((a, rest[i + 1]))
                i += 1
            i += 1
        if hydra and entry_ff is not None:
            self._hydra(run, entry_ff, groups, launch)
        for f in config_files:
            self._config_chain(run, f)
        order = 0
        for name_, opt, val in flags:
            order += 1
            self._launch_def(run, launcher.path, name_, opt, val, order, launch)
        for key, val in overrides:
            order += 1
            self._launch_def(run, launcher.path, key, None, val, order, launch)
        for k, v in yacs_pairs:
            order += 1
            self._launch_def(run, launcher.path, k.text, k, v, order, launch)
        self._written(run)
        return run

    def _launch_def(
        self,
        run: _Run,
        path: str,
        name: str,
        option: LaunchArg | None,
        value: LaunchArg,
        order: int,
        launch: Launch,
    ) -> None:
        key = norm_key(name)
        if not key:
            return
        line = value.origin or value.line
        if value.unresolved or _UNRESOLVED.search(value.text):
            v = Val(UNKNOWN, None, value.text)
        else:
            parsed = scalar(value.text)
            v = Val(LIT, parsed, value.text, line=line)
        symbol = option.text if option is not None else name
        known = run.defs.get(key)
        display = known[0].display if known else name  # `--learning-rate` sets learning_rate
        run.add(
            Def(
                key,
                display,
                v,
                path,
                line,
                "launch",
                "launch",
                order=order,
                symbol=symbol,
                loop=launch.loop,
            )
        )

    def _entry_of(self, launcher: str, launch: Launch) -> str:
        target = launch.target
        if launch.module:
            ff = self._module(target)
            return ff.path if ff is not None else ""
        return self._path(launcher, target, (".py",)) or ""

    def _path(self, near: str, target: str, suffixes: tuple[str, ...] = ()) -> str | None:
        """The audited file a script names: relative to the script's folder, to the top, or
        the one file whose path ends so (a prefix the script does not set, ``${REPO}/``, is
        dropped; of an absolute path, the longest part an audited path ends with)."""
        m = list(_UNRESOLVED.finditer(target))
        if m:
            target = target[m[-1].end() :].lstrip("}/")
        target = target.strip().strip("'\"")
        if not target:
            return None
        folder = posixpath.dirname(near)
        for cand in (
            posixpath.normpath(posixpath.join(folder, target)),
            posixpath.normpath(target),
        ):
            if cand in self.by_path:
                return cand
        tail = posixpath.normpath(target).lstrip("./")
        if not tail or tail.startswith(".."):
            tail = tail.lstrip("./")
        ends = self._ending_in(tail)
        if not ends and target.startswith(("/", "~")):
            # an absolute path of the machine it ran on (``/content/repo/src/train.py`` in a
            # Colab notebook): the audited file that ends with the longest part of it
            parts = tail.split("/")
            for k in range(1, len(parts)):
                ends = self._ending_in("/".join(parts[k:]))
                if ends:
                    break
        if len(ends) == 1:
            return ends[0]
        if ends:
            return min(ends, key=lambda p: (len(p), p))
        return None

    def _ending_in(self, tail: str) -> list[str]:
        return [p for p in self.by_path if p == tail or p.endswith("/" + tail)]

    def _config_args(
        self, launcher: str, launch: Launch, entry: FileFacts | None
    ) -> tuple[list[str], list[LaunchArg]]:
        """The config files a command names (``--config-file x.yaml``, ``--base a.yaml b.yaml``,
        ``-c x``) and the other arguments."""
        named = set(entry.config.entry.config_options) if entry is not None else set()
        files: list[str] = []
        rest: list[LaunchArg] = []
        args = launch.args
        i = 0
        while i < len(args):
            a = args[i]
            opt, eq, value = a.text.partition("=")
            name = setting_names.normalize_name(opt)
            is_config = opt.startswith("-") and (opt in named or name in CONFIG_OPTIONS)
            if is_config:
                values = [value] if eq else []
                j = i + 1
                if not eq:
                    while j < len(args) and not args[j].text.startswith("-"):
                        values.append(args[j].text)
                        j += 1
                        if not _CONFIG_SUFFIX.search(args[j - 1].text):
                            break
                found = [p for v in values if (p := self._path(launcher, v))]
                if found:
                    files.extend(found)
                    i = j
                    continue
            rest.append(a)
            i += 1
        return files, rest

    # ── code defaults of an entry point ──
    def _code_defaults(self, run: _Run, entry: FileFacts) -> None:
        """The code defaults an entry point's runs start from (worked out once per entry)."""
        found = self._entry_defaults.get(entry.path)
        if found is None:
            scratch = _Run(name="", entry=entry.path, kind="defaults", closure=run.closure)
            order = 0
            for path in sorted(run.closure, key=lambda p: (p != entry.path, p)):
                for d in self._defs.get(path, ()):
                    if d.layer == "code" and not d.file.endswith(_CONFIG_EXTS):
                        order += 1
                        scratch.add(_at(d, order))
            for name in entry.config.entry.dataclasses:
                self._dataclass_defaults(scratch, entry, name)
            for name in entry.config.entry.functions:
                self._function_defaults(scratch, entry, name)
            found = [d for defs in scratch.defs.values() for d in defs]
            order = 0
            for path in sorted(run.closure, key=lambda p: (p != entry.path, p)):
                for d in self._switch_defs.get(path, ()):
                    if d.layer == "code" and not d.file.endswith(_CONFIG_EXTS):
                        order += 1
                        found.append(_at(d, order, switch=True))
            self._entry_defaults[entry.path] = found
        for d in found:
            if d.switch:
                run.add_switch(d)
            else:
                run.add(d)

    def _dataclass_defaults(self, run: _Run, entry: FileFacts, name: str) -> None:
        """The fields of a class handed to ``HfArgumentParser``: the project's own class (also
        a vendored copy of a library's), else the library's defaults from the signature table."""
        short = name.rsplit(".", 1)[-1]
        found = False
        for ff in self.facts:
            for d in self._defs[ff.path]:
                item = d.item
                if item is None or item.source != "field" or not item.scope:
                    continue
                cls = item.scope.rsplit(":", 1)[-1].rsplit(".", 1)[-1]
                if cls == short:
                    found = True
                    if d.key not in run.defs or all(x.file != d.file for x in run.defs[d.key]):
                        run.add(_at(d, 0))
        if found:
            return
        from paperlint.code.imports import canonical
        from paperlint.code.signatures import table

        q = entry.imports.qualify(name) or name
        spec = table().get(canonical(q))
        if spec is None:
            return
        for p in spec.params:
            if p.has_default and not p.name.startswith("*"):
                v = Val(LIT, p.default, p.default_text or repr(p.default))
                run.add(
                    Def(
                        (setting_names.normalize_name(p.name),),
                        p.name,
                        v,
                        "",
                        0,
                        "library",
                        spec.qualname,
                    )
                )

    def _function_defaults(self, run: _Run, entry: FileFacts, name: str) -> None:
        """The parameters of a function whose signature is the command line (``fire.Fire``)."""
        owner = entry
        if "." in name or f"{entry.module}:{name}" not in entry.templates:
            q = entry.imports.qualify(name) or name
            module, _, name = q.rpartition(".")
            owner = self._module(module) if module else None
        t = owner.templates.get(f"{owner.module}:{name}") if owner is not None else None
        if owner is None or t is None:
            return
        params = (
            t.params if t.kind == "function" else [p for p, _ in self._constructor(owner, name, 0)]
        )
        for p in params:
            v = p.default
            if v is None or v.state != LIT or v.value is None:
                continue
            key = (setting_names.normalize_name(p.name),)
            run.add(Def(key, p.name, v, owner.path, p.line, "code", "function_cli", order=-1))

    # ── config files ──
    def _config_chain(
        self, run: _Run, path: str, depth: int = 0, seen: tuple[str, ...] = ()
    ) -> None:
        """A config file and what it inherits (yacs ``_BASE_``, mmcv ``_base_``), bases first."""
        ff = self.by_path.get(path)
        if ff is None:
            return
        if path in seen:
            problem = PaperlintError(
                "E113", path, f"inherits from itself ({' → '.join([*seen, path])})"
            ).problem()
            if problem not in self.problems:
                self.problems.append(problem)
            return
        if depth > MAX_DEPTH:
            run.notes.append(f"{path}: inheritance deeper than {MAX_DEPTH} files, not followed")
            return
        for base in ff.config.bases:
            if base.system not in ("yacs", "mmcv"):
                continue
            target = self._path(path, base.target)
            if target is None:
                run.notes.append(
                    f"{path}:{base.line}: base config {base.target} is not among the audited files"
                )
                continue
            self._config_chain(run, target, depth + 1, (*seen, path))
        self._overlay(run, ff, "")

    def _overlay(self, run: _Run, ff: FileFacts, mount: str) -> None:
        """One config file's settings on top of the run's, mounted at ``mount`` (a Hydra
        group); a dict written with ``_delete_=True`` first drops what it replaces."""
        prefix = norm_key(mount) if mount else ()
        for replaced in ff.config.replaces:
            drop = prefix + norm_key(replaced)
            for key, defs in run.defs.items():
                if key[: len(drop)] == drop:
                    run.dropped.extend(d for d in defs if d.layer == "config")
                    defs[:] = [d for d in defs if d.layer != "config"]
        run.configs.append(ff.path)
        self._instantiated(run, ff, mount)
        order = len(run.configs) * 10_000
        for switch, defs in ((False, self._defs), (True, self._switch_defs)):
            for d in defs.get(ff.path, ()):
                if d.layer not in ("config", "code"):
                    continue
                key = prefix + d.key
                order += 1
                (run.add_switch if switch else run.add)(
                    Def(
                        key,
                        f"{mount}.{d.display}" if mount else d.display,
                        d.value,
                        d.file,
                        d.line,
                        "config",
                        d.source,
                        d.item,
                        order,
                        switch=switch,
                    )
                )

    def _instantiated(self, run: _Run, ff: FileFacts, mount: str) -> None:
        """A config that names the class it builds (``target:`` + ``params:``): the class's
        constructor defaults are the code defaults of the keys the config leaves out."""
        prefix = norm_key(mount) if mount else ()
        for key, name, line in ff.config.selects:  # a registry's `type='Net'`: siblings
            args = ".".join(p for p in (mount, key.rpartition(".")[0]) if p)
            run.builds.append((args, name, ff.path, line))
        for args, target, line in ff.config.targets:
            run.builds.append((".".join(p for p in (mount, args) if p), target, ff.path, line))
            module, _, name = target.rpartition(".")
            owner = self._module(module) if module else None
            if owner is None:
                continue
            for param, tff in self._constructor(owner, name, 0):
                v = param.default
                if v is None or v.state != LIT or v.value is None:
                    continue
                key = prefix + norm_key(args) + (setting_names.normalize_name(param.name),)
                if key in run.defs:
                    continue
                shown = f"{args}.{param.name}" if args else param.name
                run.add(Def(key, shown, v, tff.path, param.line, "code", "instantiate"))

    def _constructor(self, ff: FileFacts, name: str, depth: int) -> list:
        """The parameters of class ``name``'s constructor, and of the base classes it hands
        its ``**kwargs`` to (a Lightning module's subclass passes most of them on)."""
        t = ff.templates.get(f"{ff.module}:{name}")
        if t is None or t.kind != "class" or depth > 4:
            return []
        out = [(p, ff) for p in t.params if p.name not in ("args", "kwargs")]
        if any(p.name in ("kwargs", "kw", "kwds") for p in t.params):
            seen = {p.name for p, _ in out}
            for base in t.bases:
                module, _, short = base.rpartition(".")
                owner = self._module(module) if module else ff
                if owner is None:
                    continue
                for p, pff in self._constructor(owner, short, depth + 1):
                    if p.name not in seen:
                        seen.add(p.name)
                        out.append((p, pff))
        return out

    def _yacs_tree(self, keys: set[Key]) -> str | None:
        """The file whose config-node defaults a YAML's keys overlay best (yacs, EasyDict)."""
        best, score = None, 0
        for ff in self.facts:
            if ff.config.is_config:
                continue
            tree = {
                d.key
                for d in self._defs[ff.path]
                if d.source == "config_objects" and len(d.key) > 1
            }
            if not tree:
                continue
            n = len(keys & tree)
            if n > score:
                best, score = ff.path, n
        return best

    def _config_runs(self, named: set[str], launched: set[str]) -> None:
        """Config files that are runs of their own: yacs YAMLs over a tree of defaults, mmcv
        configs with ``_base_``, Hydra primary configs, OmegaConf model configs — the leaves,
        not the bases others inherit."""
        inherited: set[str] = set()
        for ff in self.facts:
            for base in ff.config.bases:
                if base.system in ("yacs", "mmcv"):
                    t = self._path(ff.path, base.target)
                    if t is not None:
                        inherited.add(t)
        hydra_groups = self._hydra_members()
        self._not_leaves = inherited | hydra_groups
        entries = self._entries()
        for ff in self.facts:
            if len(self._runs) >= MAX_RUNS:
                break
            if not ff.config.is_config or ff.path in named or ff.path in inherited:
                continue
            if ff.path in hydra_groups:
                continue
            systems = {b.system for b in ff.config.bases}
            keys = {d.key for d in self._defs[ff.path]}
            tree = self._yacs_tree(keys) if ff.path.endswith((".yaml", ".yml")) else None
            omega = any(t[0].startswith("model") for t in ff.config.targets)
            if not (tree or systems & {"yacs", "mmcv"} or omega):
                continue
            run = _Run(name=ff.path, entry="", kind="config")
            loaders = [e for e in entries if tree and tree in self.closure(e.path)]
            entry = min(loaders, key=_entry_rank) if loaders else None
            if entry is not None:
                run.entry = entry.path
                run.closure = self.closure(entry.path)
                self._code_defaults(run, entry)
            elif tree is not None:
                for d in self._defs[tree]:
                    if d.layer == "code":
                        run.add(_at(d, 0))
                for d in self._switch_defs[tree]:
                    if d.layer == "code":
                        run.add_switch(_at(d, 0, switch=True))
            self._config_chain(run, ff.path)
            if entry is None:
                # the entry point that takes config files and defines what this one builds
                trees = self._trees_of(run)
                loaders = [
                    e
                    for e in entries
                    if (e.config.entry.config_options or e.config.entry.yacs)
                    and self.closure(e.path) & trees
                ]
                if loaders:
                    entry = min(loaders, key=_entry_rank)
                    run.entry = entry.path
                    run.closure = self.closure(entry.path)
                    self._code_defaults(run, entry)
            self._runs.append(run)
            if entry is not None:
                launched.add(entry.path)
        # a Hydra entry point nobody launches runs its primary config
        for e in entries:
            h = e.config.entry
            if h.hydra_name is None or e.path in launched or len(self._runs) >= MAX_RUNS:
                continue
            run = _Run(name=e.path, entry=e.path, kind="defaults")
            run.closure = self.closure(e.path)
            self._code_defaults(run, e)
            self._hydra(run, e, {}, None)
            self._written(run)
            self._runs.append(run)
            launched.add(e.path)

    def _default_runs(self, launched: set[str]) -> None:
        """An entry point no launcher runs: run with its defaults — the config file its
        ``--config-file`` option defaults to, if any. An entry point that loads a config file
        it is given, where config files are runs already, runs with one of those instead."""
        config_runs = [r for r in self._runs if r.kind == "config"]
        for e in self._entries():
            if e.path in launched or len(self._runs) >= MAX_RUNS:
                continue
            hints = e.config.entry
            folder = posixpath.dirname(e.path)
            configs = [
                p
                for c in hints.config_defaults
                if (p := self._path(e.path, c)) is not None or (p := self._path(folder, c))
            ]
            takes_config = bool(hints.config_options) or hints.yacs
            closure = self.closure(e.path)
            if (
                not configs
                and takes_config
                and any(
                    r.configs and any(f in closure for f in self._trees_of(r)) for r in config_runs
                )
            ):
                continue  # run with the config files that are runs of their own
            run = _Run(name=e.path, entry=e.path, kind="defaults")
            run.closure = closure
            self._code_defaults(run, e)
            for f in configs:
                self._config_chain(run, f)
            self._written(run)
            if run.defs:
                self._runs.append(run)

    def _config_folder_runs(self, named: set[str]) -> None:
        """Config files in a config folder (``configs/``, ``conf/``) that no run uses yet,
        where an entry point takes a config file (``--config``): each is a run of it."""
        loaders = [e for e in self._entries() if e.config.entry.config_options]
        if not loaders:
            return
        used = set(named) | self._not_leaves | {f for r in self._runs for f in r.configs}
        for ff in self.facts:
            if len(self._runs) >= MAX_RUNS:
                break
            folders = ff.path.split("/")[:-1]
            if (
                not ff.config.is_config
                or ff.path in used
                or not ff.path.endswith(_CONFIG_EXTS)
                or not any(_CONFIG_FOLDER.match(p) for p in folders)
                or not self._defs[ff.path]
            ):
                continue
            entry = min(loaders, key=lambda e: (not self._points_into(e, ff.path), _entry_rank(e)))
            run = _Run(name=ff.path, entry=entry.path, kind="config")
            run.closure = self.closure(entry.path)
            self._code_defaults(run, entry)
            self._config_chain(run, ff.path)
            self._written(run)
            self._runs.append(run)

    def _points_into(self, entry: FileFacts, path: str) -> bool:
        """The entry's config option defaults to a file in ``path``'s folder."""
        folder = posixpath.dirname(path)
        for c in entry.config.entry.config_defaults:
            found = self._path(entry.path, c)
            if found is not None and posixpath.dirname(found) == folder:
                return True
        return False

    def _trees_of(self, run: _Run) -> set[str]:
        """The files whose code defaults a run starts from."""
        return {d.file for defs in run.defs.values() for d in defs if d.layer == "code"}

    def _written(self, run: _Run) -> None:
        """Values the entry's own code assigns to the config after loading it."""
        # in one order whatever the hash seed: the entry point first, as at its defaults
        for path in sorted(run.closure, key=lambda p: (p != run.entry, p)):
            for switch, defs in ((False, self._defs), (True, self._switch_defs)):
                for d in defs.get(path, ()):
                    if (
                        d.layer == "written"
                        and d.item is not None
                        and d.item.guard is None
                        and not d.item.branch
                    ):
                        (run.add_switch if switch else run.add)(_at(d, 0, switch=switch))

    # ── Hydra ──
    def _hydra_dir(self, entry: FileFacts) -> str:
        h = entry.config.entry
        return posixpath.normpath(
            posixpath.join(posixpath.dirname(entry.path), h.hydra_path or ".")
        )

    def _hydra_file(self, folder: str, name: str) -> str | None:
        name = name.removesuffix(".yaml").removesuffix(".yml")
        for suffix in (".yaml", ".yml"):
            p = posixpath.normpath(posixpath.join(folder, name + suffix))
            if p in self.by_path:
                return p
        return None

    def _hydra_group(self, entry: FileFacts | None, group: str, option: str) -> bool:
        if entry is None:
            return False
        return self._hydra_file(posixpath.join(self._hydra_dir(entry), group), option) is not None

    def _hydra_members(self) -> set[str]:
        """Config files that are options of a Hydra group or composed by a primary config."""
        out: set[str] = set()
        for e in self._entries():
            h = e.config.entry
            if h.hydra_name is None:
                continue
            folder = self._hydra_dir(e)
            for p in self.by_path:
                if p.startswith(folder + "/") and p.endswith((".yaml", ".yml")):
                    out.add(p)
        return out

    def _hydra(self, run: _Run, entry: FileFacts, groups: dict[str, str], launch) -> None:
        folder = self._hydra_dir(entry)
        primary = self._hydra_file(folder, entry.config.entry.hydra_name or "config")
        if primary is None:
            run.notes.append(
                f"Hydra config {entry.config.entry.hydra_name!r} is not among the audited files"
            )
            return
        self._hydra_compose(run, folder, primary, "", groups, 0, (primary,))

    def _hydra_compose(
        self,
        run: _Run,
        folder: str,
        path: str,
        mount: str,
        groups: dict[str, str],
        depth: int,
        seen,
    ) -> None:
        ff = self.by_path[path]
        if depth > MAX_DEPTH:
            return
        self_done = False
        for base in ff.config.bases:
            if base.system != "hydra":
                continue
            if base.target == "_self_":
                self._overlay(run, ff, mount)
                self_done = True
                continue
            if base.group:
                group = base.group.lstrip("/")
                option = groups.get(group, base.target)
                target = self._hydra_file(posixpath.join(folder, group), option)
                sub_mount = group.replace("/", ".")
            else:
                target = self._hydra_file(posixpath.dirname(path), base.target)
                sub_mount = mount
            if target is None or target in seen:
                continue
            self._hydra_compose(run, folder, target, sub_mount, groups, depth + 1, (*seen, target))
        if not self_done:
            self._overlay(run, ff, mount)

    # ── resolution ──
    def _setting(self, d: Def) -> Setting:
        found = self._settings.get(id(d))
        if found is None:
            found = self._settings[id(d)] = _setting(d)
        return found

    def _index(self) -> None:
        for run in self._runs:
            run.settle()
        self.runs_by_name = {r.name: r for r in self._runs}
        #: (file, line, key) → runs in which the value written there takes effect
        self.effective: dict[tuple[str, int, Key], set[str]] = defaultdict(set)
        self.participating: dict[tuple[str, int, Key], set[str]] = defaultdict(set)
        self.by_last: dict[str, dict[str, list[Key]]] = {}
        #: (file, line, key as written there) → the setting's full key in the runs
        self.full_keys: dict[tuple[str, int, Key], str] = {}
        for run in self._runs:
            for d in run.dropped:
                self.participating[(d.file, d.line, _site_key(d))].add(run.name)
            last: dict[str, list[Key]] = defaultdict(list)
            for key, defs in run.defs.items():
                if not defs:
                    continue
                last[key[-1]].append(key)
                ordered = defs
                win = ordered[-1]
                for d in ordered:
                    site = (d.file, d.line, _site_key(d))
                    self.participating[site].add(run.name)
                    self.full_keys.setdefault(site, d.display)
                    if d is win or (
                        d.layer == "code" and win.layer == "code" and d.file != win.file
                    ):
                        self.effective[site].add(run.name)
            self.by_last[run.name] = last

    @property
    def runs(self) -> tuple[Run, ...]:
        return self._records()[0]

    @property
    def defaults(self) -> tuple[Defaults, ...]:
        return self._records()[1]

    def _records(self) -> tuple[tuple[Run, ...], tuple[Defaults, ...]]:
        """The runs as records; code and library defaults shared by runs are kept once."""
        done = self.__dict__.get("_done")
        if done is not None:
            return done
        groups: dict[tuple, str] = {}
        shared: list[Defaults] = []
        runs = []
        for run in self._runs:
            own, base = [], []
            own_switches, base_switches = [], []
            for key in sorted(run.defs, key=lambda k: ".".join(k)):
                ordered = run.defs[key]
                if not ordered:
                    continue
                defaults = [d for d in ordered if d.layer in ("code", "library")]
                if defaults:
                    base.append(self._setting(defaults[-1]))
                if ordered[-1].layer not in ("code", "library"):
                    own.append(self._setting(ordered[-1]))
            for key in sorted(run.switches, key=lambda k: ".".join(k)):
                # a switch's value where no setting of the same key is written at its layer
                ordered, settings = run.switches[key], run.defs.get(key, [])
                if not ordered:
                    continue
                defaults = [d for d in ordered if d.layer in ("code", "library")]
                if defaults and not any(d.layer in ("code", "library") for d in settings):
                    base_switches.append(self._setting(defaults[-1]))
                if ordered[-1].layer not in ("code", "library") and not any(
                    d.layer not in ("code", "library") for d in settings
                ):
                    own_switches.append(self._setting(ordered[-1]))
            sig = (tuple(base), tuple(base_switches))
            name = ""
            if base or base_switches:
                name = groups.get(sig, "")
                if not name:
                    name = _defaults_name(run, base or base_switches, {d.name for d in shared})
                    groups[sig] = name
                    shared.append(Defaults(name, tuple(base), tuple(base_switches)))
            runs.append(
                Run(
                    name=run.name,
                    entry=run.entry,
                    kind=run.kind,
                    launched_at=run.launched_at,
                    configs=tuple(run.configs),
                    settings=tuple(own),
                    defaults=name,
                    notes=tuple(run.notes),
                    switches=tuple(own_switches),
                    builds=tuple(run.builds),
                )
            )
        done = (tuple(runs), tuple(shared))
        self.__dict__["_done"] = done
        return done

    @property
    def reaches(self) -> tuple[Reach, ...]:
        """The files each run reaches: its launcher, its entry point and what that imports, its
        config files, and the modules they name as the class to build (``target:``) with what
        those import. Runs that reach the same files share one record."""
        done = self.__dict__.get("_reaches")
        if done is not None:
            return done
        groups: dict[frozenset[str], list[str]] = {}
        roots: dict[frozenset[str], set[str]] = defaultdict(set)
        for run in self._runs:
            # an entry point reaches what it uses (:meth:`uses`); a config, the parts it selects
            files: set[str] = self._selected(run)
            starts: set[str] = {p for c in run.configs for p in self._selects(c)}
            if run.entry in self.by_path:
                files |= self.uses(run.entry)
                starts.add(run.entry)
            else:
                files |= run.closure
                starts |= run.closure
            if run.launched_at:
                files.add(run.launched_at.rpartition(":")[0])
                starts.add(run.launched_at.rpartition(":")[0])
            for path in run.configs:
                files.add(path)
                starts.add(path)
                for owner in self._targets(path):
                    files |= self.uses(owner)
                    starts.add(owner)
            # a module its settings name as text (``arch.name: models.recurrent@Model``, a class's
            # dotted path): the code loads it by name
            for defs in run.defs.values():
                for d in defs:
                    named = self._named_module(d.value)
                    if named is not None:
                        files |= self.uses(named.path)
                        starts.add(named.path)
            key = frozenset(files)
            groups.setdefault(key, []).append(run.name)
            roots[key] |= starts & files
        out = tuple(
            Reach(tuple(names), tuple(sorted(files)), tuple(sorted(roots[files])))
            for files, names in groups.items()
            if files
        )
        self.__dict__["_reaches"] = out
        return out

    @property
    def loads(self) -> tuple[Load, ...]:
        """What each file of the project loads: the modules its imports lead to (what
        :meth:`uses` follows), the package files they pass through and any other module an
        import statement of it names, and for a config file the modules it names as classes to
        build (:meth:`_selects`, :meth:`_targets`, a module written as a setting's value)."""
        out = []
        for ff in self.facts:
            passed, targets = self._used_by(ff)
            follows = set(targets) | self._selects(ff.path) | self._targets(ff.path)
            for _args, target, _line in ff.config.targets:
                passed.extend(self._modules_named(target))
            for d in self._defs.get(ff.path, ()):
                named = self._named_module(d.value)
                if named is not None:
                    follows.add(named.path)
            follows.discard(ff.path)
            passes = set(passed)
            for q in [*ff.imports.names.values(), *ff.imports.star_modules]:
                passes |= self._modules_named(q)
            passes -= follows | {ff.path}
            if follows or passes:
                out.append(Load(ff.path, tuple(sorted(follows)), tuple(sorted(passes))))
        return tuple(out)

    def _named_module(self, value: Val) -> FileFacts | None:
        """The audited module a text value names (``pkg.mod``, ``pkg.mod.Class``,
        ``pkg.mod@Class``, ``pkg.mod:fn``), if any."""
        if value.state != LIT or not isinstance(value.value, str):
            return None
        m = _MODULE_REF.fullmatch(value.value.strip())
        if m is None:
            return None
        name = m.group(1)
        found = self._module(name)
        if found is None and "." in name:
            found = self._module(name.rpartition(".")[0])  # the module of a class's path
        return found

    def site_runs(self, file: str, line: int, key: str) -> tuple[str, ...] | None:
        """The runs in which the value written at ``file:line`` for setting ``key`` takes
        effect: () when it is part of no run (report it as before), None when every run it is
        part of overrides it (it is no choice: the value that runs is elsewhere)."""
        site = (file, line, norm_key(key))
        if site in self.effective:
            return tuple(sorted(self.effective[site]))
        if site in self.participating:
            return None
        return ()

    def full_key(self, file: str, line: int, key: str) -> str:
        """The full key of the setting written at ``file:line`` as ``key`` (a Hydra group's
        ``lr`` is ``optimizer.lr`` in its runs)."""
        return self.full_keys.get((file, line, norm_key(key)), key)

    def launch_values(self) -> list[tuple[Def, tuple[str, ...], tuple[int, ...]]]:
        """Values set by launchers that take effect: one per setting and value in a launcher
        (a Makefile's targets repeat most options), at the first line it is written on, with
        its runs and the other lines that write it."""
        found: dict[tuple[str, Key, str], tuple[Def, set[str], set[int]]] = {}
        for run in self._runs:
            for key, defs in run.defs.items():
                win = defs[-1] if defs else None
                if win is None or win.layer != "launch" or not win.line:
                    continue
                same = (win.file, key, repr(win.value.value) + win.value.text)
                d, runs, lines = found.setdefault(same, (win, set(), set()))
                runs.add(run.name)
                lines.add(win.line)
                if win.line < d.line:
                    found[same] = (win, runs, lines)
        return [
            (d, tuple(sorted(rs)), tuple(sorted(ls - {d.line}))) for d, rs, ls in found.values()
        ]

    def default_values(self) -> list[tuple[Def, tuple[str, ...]]]:
        """Constructor defaults of classes a config builds that take effect (the config does
        not set them), each once with its runs."""
        found: dict[tuple[str, int, Key], tuple[Def, set[str]]] = {}
        for run in self._runs:
            for key, defs in run.defs.items():
                win = defs[-1] if defs else None
                if win is None or win.source not in ("instantiate", "function_cli"):
                    continue
                site = (win.file, win.line, key)
                found.setdefault(site, (win, set()))[1].add(run.name)
        return [(d, tuple(sorted(rs))) for d, rs in found.values()]

    def resolve(self, path: str, where: str) -> list[tuple[Val, str, tuple[str, ...]]]:
        """The values a setting read in code (``cfg.MODEL.X`` → path ``MODEL.X``) takes in the
        runs the file ``where`` belongs to: (value, "file:line" it is set at, runs), one per
        distinct value; [] when no run knows the setting."""
        parts = norm_key(path)
        if not parts:
            return []
        candidates = (
            [r for r in self._runs if where in r.closure]
            or [r for r in self._runs if not r.closure or r.kind == "config"]
            or self._runs
        )
        out: dict[tuple[str, str, int], tuple[Val, str, list[str]]] = {}
        for run in candidates:
            keys = [
                k
                for k in self.by_last.get(run.name, {}).get(parts[-1], ())
                if k[-len(parts) :] == parts
            ]
            if not keys:
                continue
            key = min(keys, key=lambda k: (len(k) != len(parts), len(k)))
            win = run.winner(key)
            if win is None or win.value.state != LIT:
                continue
            where_set = f"{win.file}:{win.line}" if win.file else f"{win.source} default"
            sig = (repr(win.value.value), win.file, win.line)
            if sig not in out:
                out[sig] = (win.value, where_set, [])
            out[sig][2].append(run.name)
        return [(v, w, tuple(sorted(rs))) for v, w, rs in out.values()]


_CONFIG_EXTS = (".yaml", ".yml", ".json", ".gin")


#: an import statement's first line, and a name
_IMPORT_LINE = re.compile(r"\s*(from\s+\S+\s+)?import\s")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def mentioned_names(lines: list[str]) -> frozenset[str]:
    """The names a module's code writes outside its import statements (comments and strings
    included: a name written anywhere may be used, so this errs on the side of use)."""
    out: set[str] = set()
    in_import = False
    for line in lines:
        if in_import:
            in_import = ")" not in line
            continue
        if _IMPORT_LINE.match(line):
            in_import = "(" in line and ")" not in line
            continue
        out.update(_NAME.findall(line))
    return frozenset(out)


@functools.cache
def _libraries() -> frozenset[str]:
    """Import names of libraries (``rules/scope/names.yaml``) and of the numerical stack: a name
    they start with is never the audited package's own."""
    from paperlint import resources

    listed = resources.load_yaml("scope/names.yaml")["libraries"]
    return frozenset(listed) | _NUMERICAL


_NUMERICAL = frozenset(
    {"torch", "numpy", "scipy", "jax", "pandas", "tensorflow", "keras", "tf", "np", "sklearn"}
)

#: a registered component's name as a config writes it (``ResNet``, ``mit_b2``)
_REGISTERED_NAME = re.compile(r"[A-Za-z_]\w{2,}")
#: a text value that names a module: ``pkg.mod``, ``pkg.mod.Class``, ``pkg.mod@Class``
_MODULE_REF = re.compile(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:[@:][A-Za-z_]\w*)?")
#: folders that hold config files
_CONFIG_FOLDER = re.compile(r"^(local_)?(configs?|conf|cfgs?|hparams|experiments?)$", re.I)
#: options followed by a list of overrides (mmcv `--cfg-options k=v`, yacs `--opts K V`)
_OVERRIDE_LISTS = frozenset(
    ["cfg_options", "options", "opts", "set", "overrides", "override", "gin_bindings", "gin_param"]
)


def _site_key(d: Def) -> Key:
    """The key a definition is written under in its own file (before any Hydra mount)."""
    if d.item is not None and d.item.key:
        return norm_key(d.item.key)
    return d.key


def _is_test(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1]
    return (
        any(p in ("tests", "test", "testing") for p in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
    )


def _entry_rank(ff: FileFacts) -> tuple[int, str]:
    """Which of several entry points that load the same configs runs them: a training script
    before a demo, a test or a tool (by the usual names), then the first by path."""
    stem = posixpath.basename(ff.path)
    order = 0 if stem.startswith("train") else 1 if stem in ("main.py", "run.py") else 2
    return order, ff.path


def _setting(d: Def) -> Setting:
    shown = d.value.display() if d.value.state == LIT else d.value.text
    return Setting(d.display, shown, d.file, d.line, d.layer, d.source)


def _defaults_name(run: _Run, base: list[Setting], taken: set[str]) -> str:
    """A name for a set of defaults: the entry point's, else the file most of them are in."""
    if run.entry and run.kind != "config":
        name = f"{run.entry} defaults"
    else:
        files = defaultdict(int)
        for s in base:
            files[s.file or s.source] += 1
        name = f"{max(files, key=lambda f: (files[f], f))} defaults"
    n, out = 1, name
    while out in taken:
        n += 1
        out = f"{name} #{n}"
    return out


def _at(d: Def, order: int, switch: bool = False) -> Def:
    return Def(
        d.key, d.display, d.value, d.file, d.line, d.layer, d.source, d.item, order, switch=switch
    )


def _is_number(t: str) -> bool:
    return bool(re.fullmatch(r"-\d+(\.\d*)?([eE][+-]?\d+)?|-\.\d+", t))


def _option_like(t: str) -> bool:
    return t.startswith("-") and not _is_number(t)


def _launch_names(path: str, launches: list[Launch]) -> list[str]:
    """Stable names for the runs of one launcher: its path, with the Makefile target or the
    script it runs when it launches more than one, and a count when that still repeats."""
    if not launches:
        return []
    if len(launches) == 1 and not launches[0].name:
        return [path]
    names = []
    for launch in launches:
        stem = posixpath.splitext(posixpath.basename(launch.target))[0] or launch.target
        names.append(f"{path}:{launch.name}" if launch.name else f"{path}:{stem}")
    counts: dict[str, int] = defaultdict(int)
    out = []
    for n in names:
        counts[n] += 1
        out.append(n if names.count(n) == 1 else f"{n}#{counts[n]}")
    return out


def launch_item(d: Def, runs: tuple[str, ...], also: tuple[int, ...] = ()) -> Item | None:
    """A choice for a value a launcher sets (``--lr 5e-4`` at the script's line)."""
    name = d.key[-1] if d.key else ""
    kind = classify_setting(d.display, d.value.value if d.value.state == LIT else NO_VALUE)
    if kind is None:
        return None
    v = d.value
    if v.state == LIT and not is_setting_value(v.value):
        return None
    concept = kind.concept
    if v.state == LIT and isinstance(v.value, str) and kind.kind in REFERENCE_KINDS:
        from paperlint.code.python import concept_of_string

        concept = concept_of_string(v.value, kind.kind) or concept
    shown = d.symbol or d.display
    detail = f"set at launch: `{shown} {v.display() if v.state == LIT else v.text}`"
    if d.loop:
        detail += f" (inside `{d.loop}`)"
    if also:
        shown_lines = ", ".join(str(n) for n in also[:8]) + (", ..." if len(also) > 8 else "")
        detail += f"; the same value at lines {shown_lines}"
    return Item(
        kind.kind,
        concept,
        v,
        d.line,
        "",
        "launch",
        symbol=shown,
        param=d.display.rsplit(".", 1)[-1] or name,
        framework="config",
        detail=detail,
        key=d.display,
        origin="launch",
    )


def weights_item(d: Def, runs: tuple[str, ...], weight_options: set[str]) -> Item | None:
    """``--lora_path ./mnli_lora.bin`` where the code loads that option's file into the model:
    the run starts from those weights (a path is otherwise plumbing)."""
    key = setting_names.normalize_name(d.display.rsplit(".", 1)[-1])
    v = d.value
    if key not in weight_options or v.state != LIT or not isinstance(v.value, str) or not v.value:
        return None
    shown = d.symbol or d.display
    return Item(
        "init",
        "pretrained_weights",
        v,
        d.line,
        "",
        "launch",
        symbol=shown,
        param=d.display.rsplit(".", 1)[-1],
        framework="config",
        detail=f"set at launch: `{shown} {v.display()}`, weights the code loads into the model",
        key=d.display,
        origin="launch",
    )


def default_item(d: Def) -> Item | None:
    """A choice for a parameter default that takes effect in a run: a constructor default a
    config's class takes (``parameterization="eps"`` when the config does not set it), a
    default of a function whose signature is the command line (``fire.Fire(main)``)."""
    name = d.display.rsplit(".", 1)[-1]
    kind = classify_setting(d.display, d.value.value if d.value.state == LIT else NO_VALUE)
    v = d.value
    if kind is None or v.state != LIT or not is_setting_value(v.value):
        return None
    if isinstance(v.value, bool) and kind.kind == "other":
        return None  # a switch of unknown meaning decides little
    return Item(
        kind.kind,
        kind.concept,
        v,
        d.line,
        "",
        "param",
        symbol=name,
        param=name,
        detail=(
            f"default of `{name}`, which the config that builds the class leaves unset"
            if d.source == "instantiate"
            else f"default of the command-line option `{name}`"
        ),
        key=d.display,
        origin=d.source,
    )
