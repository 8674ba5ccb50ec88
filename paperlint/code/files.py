"""Which files an audit reads, and the cheap gates every file passes before a parser sees it.

Folders are walked for Python sources, notebooks and config files, skipping hidden, virtualenv,
build and cache folders. A file is opened only when it is a regular file inside the audited
root (no FIFO, device or socket; no symlink leading out), below the size cap, and decodes.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from paperlint.errors import PaperlintError

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
DEFAULT_MAX_FILE_SIZE = 2_000_000  # bytes; the largest hand-written model files are ~300 KB
_CONFIG_MAX_SIZE = 256_000
_NOT_CONFIG_JSON = re.compile(
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
            lang = CODE_SUFFIXES.get(p.suffix.lower(), "python")
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
    lang = CODE_SUFFIXES.get(path.suffix.lower())
    if lang is None:
        return
    disp = display_path(path)
    if any(r.search(disp) for r in excluded):
        return
    if lang in ("json", "yaml", "gin"):
        try:
            if path.stat().st_size > _CONFIG_MAX_SIZE or _NOT_CONFIG_JSON.search(disp):
                return
        except OSError:
            return
    found.setdefault(path, CodeFile(path, disp, lang, root, _module_name(path, root)))


def _walk(root: Path, errors: list[PaperlintError]) -> Iterator[Path]:
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
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
            if name.startswith(".") or Path(name).suffix.lower() not in CODE_SUFFIXES:
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
                if not target.is_file():
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


def read_bytes(f: CodeFile, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The file's bytes, after the gates: regular file, size cap. Never blocks on a FIFO."""
    try:
        fd = os.open(
            f.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
    except OSError as e:
        raise PaperlintError("E101", f.display, f"cannot open: {e.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise PaperlintError("E102", f.display)
        if st.st_size > max_size:
            raise PaperlintError(
                "E103", f.display, f"file too large ({st.st_size:,} bytes > {max_size:,})"
            )
        chunks = []
        remaining = max_size + 1
        while remaining > 0:
            chunk = os.read(fd, min(1 << 20, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_size:
            raise PaperlintError("E103", f.display, f"file too large (> {max_size:,} bytes)")
        return data
    finally:
        os.close(fd)


def decode_source(data: bytes, display: str) -> str:
    """Python source text: BOM, PEP 263 cookie, else UTF-8; anything else is error E104."""
    if b"\x00" in data[:8192]:
        raise PaperlintError("E104", display, "binary file (contains NUL bytes)")
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
        codecs.lookup(encoding)
    except LookupError:
        raise PaperlintError(
            "E104", display, f"unknown encoding {encoding!r} in the coding cookie"
        ) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise PaperlintError("E104", display, f"not valid {encoding} (byte {e.start})") from None
