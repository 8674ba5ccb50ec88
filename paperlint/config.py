"""``[tool.paperlint]`` in the audited repository's pyproject.toml.

    [tool.paperlint]
    code = ["src"]                 # what `paperlint` alone audits
    paper = "paper/paper.pdf"
    select = ["CH", "MM", "ST"]    # rule ids or prefixes, or "ALL"; default: every rule
    extend-select = ["TN"]         # added to select (the command line's or this one)
    ignore = ["CH103"]
    fail-on = "medium"             # exit 1 only for findings this severe (default: low)
    exclude = ["scripts/*"]
    baseline = "paperlint-baseline.json"
    history = true                 # the tuning trace reads the git history (default: true)
    history-max-commits = 20000    # ... at most this many commits
    history-timeout = 15           # ... for at most this many seconds
    runs = ["configs/fcos/fcos_R_50_FPN_1x.yaml"]   # audit these runs (default: the paper's)
    daemon = true                  # hand audits to a daemon (paperlint.daemon; default: false)

The nearest pyproject.toml with a ``[tool.paperlint]`` table, from the working directory up, is
used (or the file given with ``--config``). Paths in it are relative to its folder. Options on
the command line win over the file; ``--ignore`` adds to the file's ``ignore``. An unknown key
or a value of the wrong type is error E002, with the key's name and what was expected.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperlint.errors import PaperlintError
from paperlint.model import SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TABLE = "tool.paperlint"


@dataclass(frozen=True)
class Key:
    name: str
    kind: str  # path | paths | ids | globs | severity | int | seconds | bool | format
    help: str


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("code", "paths", "code files or folders to audit when none are given"),
        Key("paper", "path", "the paper (PDF, .tex, .txt) when none is given"),
        Key("select", "ids", "only these rules (ids or prefixes; ALL: every rule)"),
        Key("extend-select", "ids", "rules added to the selection"),
        Key("ignore", "ids", "skip these rules (ids or prefixes)"),
        Key("fail-on", "severity", "lowest severity that makes the run fail (exit 1)"),
        Key("exclude", "globs", "glob patterns of code paths to skip"),
        Key(
            "runs",
            "globs",
            "the runs to audit (names, config files or globs; default: the runs the paper describes)",
        ),
        Key("baseline", "path", "file of accepted findings (written with --write-baseline)"),
        Key("max-pages", "int", "refuse papers longer than this"),
        Key("max-file-size", "int", "skip code files larger than this many bytes"),
        Key("format", "format", "report format"),
        Key("history", "bool", "read the git history for the tuning trace"),
        Key("history-max-commits", "int", "read at most this many commits of the history"),
        Key("history-timeout", "seconds", "read the history for at most this many seconds"),
        Key("output", "path", "write the report to this file"),
        Key("daemon", "bool", "hand audits to a daemon that keeps paperlint loaded (edit loop)"),
    )
}


@dataclass(frozen=True)
class Settings:
    """What ``[tool.paperlint]`` set; paths are made absolute against the file's folder."""

    source: str = ""  # the pyproject.toml read, "" when none
    code: tuple[str, ...] = ()
    paper: str | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    runs: tuple[str, ...] = ()
    baseline: str | None = None
    max_pages: int | None = None
    max_file_size: int | None = None
    format: str | None = None
    output: str | None = None
    history: bool | None = None
    history_max_commits: int | None = None
    history_timeout: float | None = None
    daemon: bool | None = None  # read by paperlint.daemon's client, before this module


def find(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml with a [tool.paperlint] table, from ``start`` upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # a broken pyproject.toml that seems to hold our table, even with its header broken
        # (`[tool.paperlint` without its bracket): load() reports the error, E002
        return _MENTIONS_TABLE.search(text) is not None
    return isinstance(data.get("tool"), dict) and "paperlint" in data["tool"]


_MENTIONS_TABLE = re.compile(r"^[ \t]*\[+[ \t]*tool[ \t]*\.[ \t]*\"?paperlint\b", re.MULTILINE)


def project_root(start: Path | None = None) -> Path:
    """The top of the repository being audited, which code scanning and annotations count paths
    from: the nearest folder with ``.git`` from ``start`` (the working directory) up, else
    ``$GITHUB_WORKSPACE`` when it holds ``start``, else ``start``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        top = Path(workspace).resolve()
        if top == here or top in here.parents:
            return top
    return here


def load(path: Path) -> Settings:
    """The [tool.paperlint] table of ``path``, validated. Raises PaperlintError E002."""
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise PaperlintError("E002", shown, f"cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        raise PaperlintError("E002", shown, "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise PaperlintError("E002", shown, f"not valid TOML: {e}") from None
    table = data.get("tool", {}).get("paperlint")
    if table is None:
        return Settings(source=shown)
    if not isinstance(table, dict):
        raise PaperlintError("E002", shown, f"[{TABLE}] must be a table")
    return from_table(table, base=path.parent, source=shown)


def from_table(table: dict[str, Any], base: Path, source: str = "") -> Settings:
    values: dict[str, Any] = {}
    for key, value in table.items():
        spec = KEYS.get(key)
        if spec is None:
            raise PaperlintError("E002", source or TABLE, _unknown(key))
        values[key.replace("-", "_")] = _coerce(spec, value, base, source)
    return Settings(source=source, **values)


def _unknown(key: str) -> str:
    close = difflib.get_close_matches(key.replace("_", "-"), list(KEYS), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {key!r} in [{TABLE}]{hint}; known keys: {', '.join(KEYS)}"


def _coerce(spec: Key, value: Any, base: Path, source: str) -> Any:
    def bad(expected: str) -> PaperlintError:
        return PaperlintError(
            "E002",
            source or TABLE,
            f"[{TABLE}] {spec.name} must be {expected}, got {value!r}",
        )

    if spec.kind in ("paths", "ids", "globs"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            raise bad("a string or a list of strings")
        if spec.kind == "paths":
            return tuple(str(base / v) for v in items)
        if spec.kind == "ids":
            return tuple(split_ids(items))
        return tuple(items)
    if spec.kind == "path":
        if not isinstance(value, str) or not value:
            raise bad("a path (a string)")
        return str(base / value)
    if spec.kind == "severity":
        if value not in SEVERITIES:
            raise bad(f"one of {', '.join(SEVERITIES)}")
        return value
    if spec.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise bad("a positive integer")
        return value
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if spec.kind == "seconds":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise bad("a positive number of seconds")
        return float(value)
    if spec.kind == "format":
        from paperlint.report import FORMATS

        if value not in FORMATS:
            raise bad(f"one of {', '.join(FORMATS)}")
        return value
    raise AssertionError(spec.kind)  # pragma: no cover


def split_ids(values: list[str] | tuple[str, ...]) -> list[str]:
    """``["CH1,ST", "MM201"]`` → ``["CH1", "ST", "MM201"]``: ids may be comma-separated."""
    return [part.strip().upper() for v in values for part in v.split(",") if part.strip()]
