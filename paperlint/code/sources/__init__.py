"""Sources of settings: one module per way research code sets its values, in one table.

Like bandit's plugins, each source is a small module that says what it reads and reads it; the
readers that walk files (:mod:`paperlint.code.python`, :mod:`paperlint.code.sources.yaml_files`)
and the discovery of files ask this table, never a list of their own. A source is keyed by

* ``files``: the file names it reads (``*.sh``, ``Makefile``): it reads the whole file;
* ``calls``: the last name of the calls it reads in Python (``add_argument``, ``DEFINE_*``);
* ``assigns``: it reads assignment statements (``_C.SOLVER.BASE_LR = 0.01``, ``_base_ = [...]``);
* ``dicts``: it reads dict configs (``dict(lr=0.1)``, ``{"lr": 0.1}``);
* ``yaml_keys``: the mapping keys of YAML files it reads (``_BASE_``, ``defaults``, ``target``).

Adding a config system is one module here, one line in :data:`SOURCES`, and one folder of
examples in ``examples/<name>/`` (see :mod:`paperlint.code.sources.testing`).
"""

from __future__ import annotations

import fnmatch
import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Source:
    """One source of settings: what it reads, where its values sit in the layers of a run, and
    the functions that read it (only those it needs)."""

    name: str
    layer: str  # library | code | config | launch | written (paperlint.code.sources.base.LAYERS)
    doc: str  # one line: what it reads
    calls: tuple[str, ...] = ()
    assigns: bool = False
    dicts: bool = False
    yaml_keys: tuple[str, ...] = ()
    read_file: Callable[..., Any] | None = None  # (text, path, module) -> FileFacts
    read_call: Callable[..., bool] | None = None  # (ctx, node, dotted, line) -> handled
    read_assign: Callable[..., bool] | None = None  # (ctx, target, value, line, annotated)
    read_dict: Callable[..., None] | None = None  # (ctx, entries, in_call, path)
    read_yaml: Callable[..., bool] | None = None  # (ctx, key, value, path, line) -> handled


@dataclass(frozen=True)
class Entry:
    """A line of the table: the source's name, its module here, and — for a source that reads
    whole files — the file names it reads and the language they are listed as. File patterns
    live in the table, not the module, so that finding files never imports a parser."""

    name: str
    module: str
    files: tuple[str, ...] = ()
    language: str = ""


#: The sources of settings, in the order they are asked.
TABLE: tuple[Entry, ...] = (
    Entry("argparse", "argparse_options"),
    Entry("absl", "absl_flags"),
    Entry("click", "click_options"),
    Entry("function_cli", "function_clis"),
    Entry("dataclass", "dataclass_fields"),
    Entry("config_classes", "config_classes"),
    Entry("config_objects", "config_objects"),
    Entry("dict_configs", "dict_configs"),
    Entry("mmcv", "mmcv_configs"),
    Entry("hydra", "hydra_configs"),
    Entry("instantiate", "omegaconf_configs"),
    Entry("yaml", "yaml_files", ("*.yaml", "*.yml"), "yaml"),
    Entry("json", "json_files", ("*.json",), "json"),
    Entry("gin", "gin_files", ("*.gin",), "gin"),
    Entry(
        "shell",
        "shell_scripts",
        ("*.sh", "*.bash", "*.zsh", "*.slurm", "*.sbatch", "*.bsub", "*.pbs", "*.job"),
        "shell",
    ),
    Entry("make", "makefiles", ("Makefile", "makefile", "GNUmakefile", "*.mk"), "makefile"),
)


@functools.cache
def sources() -> tuple[Source, ...]:
    """Every registered source (its module imported on first use), in table order."""
    return tuple(importlib.import_module(f"{__name__}.{e.module}").SOURCE for e in TABLE)


def by_name(name: str) -> Source:
    for s in sources():
        if s.name == name:
            return s
    raise KeyError(name)


def language_of(filename: str) -> str | None:
    """The language a file of this name is read as by a file source (``train.sh`` → shell)."""
    exact = {p: e.language for e in TABLE for p in e.files if "*" not in p}
    if filename in exact:
        return exact[filename]
    for e in TABLE:
        for p in e.files:
            if "*" in p and fnmatch.fnmatchcase(filename.lower(), p):
                return e.language
    return None


def file_source(language: str) -> Source | None:
    """The source that reads files of ``language`` (yaml, shell, ...); None for Python."""
    return _file_sources().get(language)


@functools.cache
def _file_sources() -> dict[str, Source]:
    return {e.language: by_name(e.name) for e in TABLE if e.language}


@functools.cache
def call_readers() -> tuple[dict[str, tuple[Source, ...]], tuple[tuple[str, Source], ...]]:
    """Python call readers by the call's last name, and those keyed by a name prefix."""
    exact: dict[str, list[Source]] = {}
    prefixed: list[tuple[str, Source]] = []
    for s in sources():
        if s.read_call is None:
            continue
        for name in s.calls:
            if name.endswith("*"):
                prefixed.append((name[:-1], s))
            else:
                exact.setdefault(name, []).append(s)
    return {k: tuple(v) for k, v in exact.items()}, tuple(prefixed)


def readers_of_call(last: str) -> tuple[Source, ...]:
    exact, prefixed = call_readers()
    found = exact.get(last, ())
    extra = tuple(s for p, s in prefixed if last.startswith(p))
    return found + extra if extra else found


@functools.cache
def assign_readers() -> tuple[Source, ...]:
    return tuple(s for s in sources() if s.assigns and s.read_assign is not None)


@functools.cache
def dict_readers() -> tuple[Source, ...]:
    return tuple(s for s in sources() if s.dicts and s.read_dict is not None)


@functools.cache
def yaml_readers() -> dict[str, Source]:
    return {k: s for s in sources() if s.read_yaml is not None for k in s.yaml_keys}


def layer_of(source_name: str) -> str:
    """The layer of the effective configuration a source's settings form."""
    try:
        return by_name(source_name).layer
    except KeyError:
        return "code"
