"""Which files an audit reads, and the cheap gates every file passes before a parser sees it.

Folders are walked for Python sources, notebooks and config files, skipping hidden, virtualenv,
build and cache folders. A file is opened only when it is a regular file inside the audited
root (no FIFO, device or socket; no symlink leading out), below the size cap, and decodes.
"""

from __future__ import annotations

import ast
import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from paperlint.code import syntax
from paperlint.code.json_kinds import json_of_no_settings
from paperlint.errors import PaperlintError
from paperlint.outputs import is_output

SKIP_DIRS = frozenset(
    [
        "venv",
        "env",
        "virtualenv",
        "site-packages",
        "node_modules",
        "build",
        "dist",
        "__pycache__",
        "wandb",
        "mlruns",
        "htmlcov",
        "_build",
        "egg-info",
        ".eggs",
    ]
)
CODE_SUFFIXES = {
    ".py": "python",
    ".ipynb": "notebook",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".gin": "gin",
}


def language_of(name: str) -> str | None:
    """How a file of this name is read: python, notebook, or the language of the source of
    settings that reads it (yaml, json, gin, shell, makefile ...); None: not read."""
    lang = CODE_SUFFIXES.get(os.path.splitext(name)[1].lower())
    if lang is not None:
        return lang
    from paperlint.code.sources import language_of as source_language

    return source_language(name)


DEFAULT_MAX_FILE_SIZE = 2_000_000  # bytes; the largest hand-written model files are ~300 KB
_CONFIG_MAX_SIZE = 256_000
#: JSON that is a tool's or a tokenizer's file by its name, never a run's settings
NOT_CONFIG_JSON = re.compile(
    r"(^|/)(package(-lock)?|tsconfig|\.?eslintrc|composer|manifest|vocab|tokenizer(_config)?|special_tokens_map)\.json$"
)
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


@dataclass(frozen=True)
class CodeFile:
    path: Path  # absolute
    display: str  # POSIX, relative to the working directory
    language: str
    root: Path  # the audited folder it was found under
    module: str  # dotted module name relative to root, for Python


def display_path(path: Path, cwd: Path | None = None) -> str:
    cwd = cwd or Path.cwd()
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        rel = str(path)
    rel = rel.replace(os.sep, "/")
    while rel.startswith("./"):
        rel = rel[2:]
    return rel


def _module_name(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(p.replace("-", "_") for p in parts) or path.stem


def discover(
    paths: Iterable[str | Path], errors: list[PaperlintError], exclude: Iterable[str] = ()
) -> list[CodeFile]:
    """Every code and config file under ``paths``, in a stable order."""
    excluded = [re.compile(_glob_to_regex(g)) for g in exclude]
    found: dict[Path, CodeFile] = {}
    for arg in paths:
        p = Path(arg)
        if not os.path.lexists(p):
            errors.append(PaperlintError("E101", str(arg)))
            continue
        if p.is_dir():
            root = p.resolve()
            for f in _walk(root, errors):
                _add(found, f, root, excluded)
        else:
            root = p.resolve().parent
            mode = os.lstat(p).st_mode
            if stat.S_ISLNK(mode):
                target = p.resolve()
                if not target.is_file():
                    errors.append(PaperlintError("E102", display_path(p.absolute())))
                    continue
            elif not stat.S_ISREG(mode):
                errors.append(PaperlintError("E102", display_path(p.absolute())))
                continue
            # a file named on the command line is read as Python whatever its suffix
            lang = language_of(p.name) or "python"
            full = p.resolve()
            found.setdefault(
                full,
                CodeFile(full, display_path(p.absolute()), lang, root, _module_name(full, root)),
            )
    return sorted(found.values(), key=lambda f: f.display)


def _glob_to_regex(glob: str) -> str:
    out = re.escape(glob).replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", ".")
    return f"(^|/){out}($|/)"


def _add(
    found: dict[Path, CodeFile], path: Path, root: Path, excluded: list[re.Pattern[str]]
) -> None:
    lang = language_of(path.name)
    if lang is None:
        return
    disp = display_path(path)
    if any(r.search(disp) for r in excluded):
        return
    if lang not in ("python", "notebook"):
        try:
            if path.stat().st_size > _CONFIG_MAX_SIZE or NOT_CONFIG_JSON.search(disp):
                return
        except OSError:
            return
        if lang == "json" and json_of_no_settings(path):
            return  # a checkpoint's record, a table of data or a run's results, not its settings
        if is_output(path):
            return  # paperlint's own report, baseline or cache entry, or a SARIF log
    found.setdefault(path, CodeFile(path, disp, lang, root, _module_name(path, root)))


def _walk(root: Path, errors: list[PaperlintError]) -> Iterator[Path]:
    seen_dirs: set[tuple[int, int]] = set()

    def unreadable(e: OSError) -> None:  # a folder os.walk cannot list is named, not skipped
        where = display_path(Path(e.filename)) if e.filename else str(root)
        errors.append(PaperlintError("E101", where, f"cannot read folder: {e.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS and not d.endswith(".egg-info")
        )
        for name in sorted(filenames):
            if name.startswith(".") or language_of(name) is None:
                continue
            path = Path(dirpath) / name
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    errors.append(
                        PaperlintError("E107", display_path(path), "broken or looping symlink")
                    )
                    continue
                if not _inside(target, root):
                    errors.append(PaperlintError("E107", display_path(path)))
                    continue
                if not target.is_file():  # a link to a FIFO, a device or a folder
                    errors.append(PaperlintError("E102", display_path(path)))
                    continue
                yield target
            elif stat.S_ISREG(mode):
                yield path
            else:
                errors.append(PaperlintError("E102", display_path(path)))


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


#: audited Python files larger than this are not parsed again after extraction (generated code,
#: data in .py)
MAX_REPARSE_BYTES = 2_000_000


def audited_python_tree(path: str, digest: str, base: str = ".") -> ast.Module | None:
    """The syntax tree of the audited Python file at ``path`` (relative to ``base``), for the
    passes that read the files again after extraction (call sites, inert settings); None when it
    is not a regular file (a FIFO or a device behind an audited name would block), is too large,
    no longer has the audited content (``digest``, its sha256, when known) or does not parse."""
    full = os.path.join(base, path)
    try:
        st = os.stat(full)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_REPARSE_BYTES:
            return None
        with open(full, "rb") as fh:
            data = fh.read(MAX_REPARSE_BYTES + 1)
    except OSError:
        return None
    found = hashlib.sha256(data).hexdigest()
    if digest and found != digest:
        return None
    kept = _parsed.pop(found, None)
    if kept is not None:
        tree = kept[0]
        _forget_parsed(kept[1])
    else:
        try:
            tree = syntax.parse(data)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    _keep_parsed(found, tree, len(data))
    return tree


#: the syntax trees :func:`audited_python_tree` parsed last, by their source's sha256 (the most
#: recent last), with their sources' sizes: the passes read the same files (and after an edit, a
#: long-running process, the daemon, the unchanged files) again; they only read the trees
_parsed: dict[str, tuple[ast.Module, int]] = {}
#: the sources' bytes whose trees are kept at most
MAX_PARSED_BYTES = 4_000_000
_parsed_bytes = 0


def _forget_parsed(size: int) -> None:
    global _parsed_bytes
    _parsed_bytes -= size


def _keep_parsed(digest: str, tree: ast.Module, size: int) -> None:
    global _parsed_bytes
    _parsed[digest] = (tree, size)
    _parsed_bytes += size
    while _parsed_bytes > MAX_PARSED_BYTES and len(_parsed) > 1:
        _tree, dropped = _parsed.pop(next(iter(_parsed)))
        _parsed_bytes -= dropped


def read_bytes(f: CodeFile, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The file's bytes, after the gates: regular file, size cap. Never blocks on a FIFO.

    A notebook's saved outputs (plots, logs) are not code: its file may be larger, up to
    ``max_notebook_size``, and ``max_size`` applies to its code cells once they are read
    (:func:`paperlint.code.notebooks.notebook_code`)."""
    if f.language == "notebook":
        from paperlint.limits import DEFAULT

        max_size = max(max_size, DEFAULT.max_notebook_size)
    return read_regular(f.path, f.display, max_size, "E103", nofollow=True)


def open_regular(path: Path | str, display: str, *, nofollow: bool = False) -> int:
    """A file descriptor for ``path`` if it is a regular file (E101/E102 otherwise).

    Opened non-blocking, so a FIFO or a device named like a source file or a paper never
    blocks the run; checked with ``fstat`` on the open descriptor, so a file swapped for a
    FIFO after a ``stat`` is still refused. The caller closes the descriptor.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if nofollow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise PaperlintError("E101", display, f"cannot open: {e.strerror}") from None
    try:
        st = os.fstat(fd)
    except OSError as e:
        os.close(fd)
        raise PaperlintError("E101", display, f"cannot open: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise PaperlintError("E102", display)
    return fd


def read_regular(
    path: Path | str,
    display: str,
    max_size: int,
    too_large: str = "E103",
    *,
    nofollow: bool = False,
) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes (``too_large`` otherwise)."""
    fd = open_regular(path, display, nofollow=nofollow)
    try:
        size = os.fstat(fd).st_size
        if size > max_size:
            raise PaperlintError(too_large, display, _too_large(size, max_size))
        chunks = []
        remaining = max_size + 1
        while remaining > 0:
            chunk = os.read(fd, min(1 << 20, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_size:  # the file grew while being read
            raise PaperlintError(too_large, display, _too_large(len(data), max_size))
        return data
    except OSError as e:
        raise PaperlintError("E101", display, f"cannot read: {e.strerror}") from None
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({size:,} bytes > {limit:,})"


def decode_source(data: bytes, display: str) -> str:
    """Python source text: BOM, PEP 263 cookie, else UTF-8; anything else is error E104."""
    if b"\x00" in data[:8192]:
        raise PaperlintError(
            "E104",
            display,
            "binary file (contains NUL bytes)",
            "this is not source code; exclude it with --exclude",
        )
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    else:
        for line in data.split(b"\n", 2)[:2]:
            m = _COOKIE.match(line)
            if m:
                encoding = m.group(1).decode("ascii", "replace")
                break
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise PaperlintError(
            "E104", display, f"unknown encoding {encoding!r} in the coding cookie"
        ) from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, zlib_codec ...
        raise PaperlintError("E104", display, f"{encoding!r} is not a text encoding")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise PaperlintError(
            "E104",
            display,
            f"not valid {encoding} (byte 0x{data[e.start]:02X} on line {line})",
            "add a `# -*- coding: latin-1 -*-` line (or the file's real encoding) or re-encode the file as UTF-8"
            if encoding == "utf-8"
            else None,
        ) from None
    except (UnicodeError, ValueError, TypeError) as e:
        raise PaperlintError("E104", display, f"cannot decode as {encoding}: {e}") from None
