"""A cache of what the slow stages computed, so that an unchanged audit is instant.

Three kinds of entry, each keyed by everything that can change it:

``paper``
    The paper's :class:`~paperlint.model.Document` and its index (mentions and cues), keyed by
    the file's content hash, how it was read (PDF, LaTeX or text; the password; ``max_pages``;
    ``PAPERLINT_SPACY_MODEL``) and the tool fingerprint below. The display path is not part of
    the key: the same PDF under another name is a hit.
``code``
    The code inventory, keyed by every file's path, module name and content hash, what
    discovery refused, the options that change what is read, and the tool fingerprint. The code
    stage resolves names across files, so the whole inventory is one entry: one changed file
    re-reads the project (never a stale cross-file resolution).
``result``
    The audit result, keyed by the two keys above, the rule selection and the baseline's
    content. A hit needs none of the parsers: neither spaCy, libcst nor pdfminer is imported.

The **tool fingerprint** is paperlint's version, a hash of its own source and of ``rules/``
(the vocabulary, cues, signatures and rule packs), and the identity of the installed spaCy,
pdfminer.six and libcst.

Entries are plain JSON (records through :func:`paperlint.model.to_dict` /
:func:`~paperlint.model.from_dict`), never pickle, under the user cache directory
(``$XDG_CACHE_HOME/paperlint``, else ``~/.cache/paperlint``; ``PAPERLINT_CACHE_DIR``
overrides; ``--no-cache`` or ``PAPERLINT_NO_CACHE=1`` turn it off), trimmed once a day to
``PAPERLINT_CACHE_SIZE`` (default 1 GiB), least recently used entries first. A write goes to a temporary
file that is renamed into place, so concurrent runs see a whole entry or none; an entry carries
the hash of its payload, and one that is truncated, corrupt or of another format is ignored
(and rebuilt by the run), never an error. Results that depend on the machine rather than the
input (a reader that timed out, ran out of memory or crashed) are not stored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

FORMAT = "paperlint-cache/1"
#: error codes that say something about the run, not the input: never cached
VOLATILE_CODES = frozenset({"E109", "E110", "E111", "E205", "E206", "E207", "E301", "E999"})
#: the cache is trimmed (oldest entries first) to this size when it grows past it
DEFAULT_MAX_BYTES = 1 << 30
_MAX_ENTRY = 512 << 20


def default_dir() -> Path:
    """``PAPERLINT_CACHE_DIR``, else the platform's user cache directory + ``paperlint``."""
    env = os.environ.get("PAPERLINT_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "paperlint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "paperlint"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "paperlint"


def disabled_by_env() -> bool:
    return os.environ.get("PAPERLINT_NO_CACHE", "").strip().lower() in ("1", "yes", "true", "on")


class Cache:
    """Entries under ``root``; every method swallows I/O and format errors (a miss)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.hits = 0
        self.misses = 0
        self.writes = 0
        #: entries written while writes are held (:func:`hold_writes`): (kind, key) → how to
        #: make the payload; read back from here until :func:`write_held` writes them
        self._pending: dict[tuple[str, str], Any] = {}

    @classmethod
    def open(cls, enabled: bool = True, root: Path | str | None = None) -> Cache | None:
        """The user's cache, or None when caching is off (``enabled`` or the environment)."""
        if not enabled or disabled_by_env():
            return None
        return cls(root if root is not None else default_dir())

    def _path(self, kind: str, key: str) -> Path:
        return self.root / "v1" / kind / key[:2] / f"{key}.json"

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry exists (it may still turn out corrupt when read)."""
        return (kind, key) in self._pending or self._path(kind, key).is_file()

    def get(self, kind: str, key: str) -> Any | None:
        """The data stored under ``kind``/``key``, or None (missing, corrupt, other format)."""
        payload = self.get_bytes(kind, key)
        if payload is None:
            return None
        try:
            return json.loads(payload)
        except (ValueError, TypeError, RecursionError, UnicodeDecodeError):
            self.discard(kind, key)
            self.hits -= 1
            self.misses += 1
            return None

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        """The JSON text stored under ``kind``/``key``, its hash checked but not parsed (for a
        caller that hands it on, or parses it its own way), or None."""
        if (kind, key) in self._pending:
            payload = _made(self._pending[(kind, key)])
            if payload is not None:
                self.hits += 1
                return payload
        path = self._path(kind, key)
        try:
            with open(path, "rb") as fh:
                raw = fh.read(_MAX_ENTRY + 1)
        except OSError:
            self.misses += 1
            return None
        try:
            head, sep, payload = raw.partition(b"\n")
            header = json.loads(head)
            if (
                not sep
                or len(raw) > _MAX_ENTRY
                or header.get("format") != FORMAT
                or header.get("kind") != kind
                or header.get("key") != key
                or header.get("sha256") != hashlib.sha256(payload).hexdigest()
            ):
                raise ValueError("not a valid entry")
        except (ValueError, TypeError, AttributeError, RecursionError, UnicodeDecodeError):
            self.discard(kind, key)
            self.misses += 1
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: trimmed last
        self.hits += 1
        return payload

    def put(self, kind: str, key: str, data: Any) -> bool:
        """Store ``data`` (JSON-ready builtins) atomically; False if it could not be written."""
        try:
            payload = json.dumps(data, separators=(",", ":"), allow_nan=True).encode("ascii")
        except (TypeError, ValueError, RecursionError):
            return False
        return self.put_bytes(kind, key, payload)

    def put_later(self, kind: str, key: str, make: Any) -> bool:
        """Store the JSON text ``make()`` returns (:class:`TypeError`: nothing is stored), now,
        or once :func:`write_held` is called while writes are held."""
        if _held is not None:
            self._pending[(kind, key)] = make
            _held.append((self, kind, key))
            return True
        payload = _made(make)
        return payload is not None and self.put_bytes(kind, key, payload)

    def put_bytes(self, kind: str, key: str, payload: bytes) -> bool:
        """Store ``payload``, JSON text (such as :mod:`paperlint.jsonrecords` writes),
        atomically; False if it could not be written."""
        if _held is not None:
            return self.put_later(kind, key, payload)
        path = self._path(kind, key)
        header = {
            "format": FORMAT,
            "kind": kind,
            "key": key,
            "sha256": hashlib.sha256(payload).hexdigest(),
            "created": round(time.time()),
        }
        blob = json.dumps(header).encode("ascii") + b"\n" + payload
        tmp = None
        try:
            if not self.root.exists():
                self.root.mkdir(parents=True, mode=0o700, exist_ok=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # here: a run that writes nothing (the daemon's client) skips it

            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            return False
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self.writes += 1
        return True

    def discard(self, kind: str, key: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self._path(kind, key))

    def entries(self) -> list[tuple[Path, int, float]]:
        """Every entry file: (path, size, last used)."""
        out = []
        base = self.root / "v1"
        if not base.is_dir():
            return out
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                if not name.endswith(".json"):
                    continue
                p = Path(dirpath) / name
                with contextlib.suppress(OSError):
                    st = p.stat()
                    out.append((p, st.st_size, st.st_mtime))
        return out

    def trim(self, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
        """Delete the least recently used entries until the cache is below ``max_bytes``;
        returns how many were deleted."""
        entries = sorted(self.entries(), key=lambda e: e[2])
        total = sum(size for _, size, _ in entries)
        removed = 0
        for p, size, _ in entries:
            if total <= max_bytes:
                break
            with contextlib.suppress(OSError):
                p.unlink()
                total -= size
                removed += 1
        return removed

    def maybe_trim(self, every: float = 86400.0) -> None:
        """:meth:`trim` to ``PAPERLINT_CACHE_SIZE`` (bytes; default 1 GiB), at most once a day."""
        marker = self.root / "last-trim"
        try:
            if marker.exists() and time.time() - marker.stat().st_mtime < every:
                return
            self.root.mkdir(parents=True, mode=0o700, exist_ok=True)
            marker.touch()
        except OSError:
            return
        limit = os.environ.get("PAPERLINT_CACHE_SIZE", "")
        try:
            from paperlint.limits import parse_size

            self.trim(parse_size(limit) if limit else DEFAULT_MAX_BYTES)
        except ValueError:
            self.trim(DEFAULT_MAX_BYTES)

    def clear(self) -> int:
        removed = 0
        for p, _, _ in self.entries():
            with contextlib.suppress(OSError):
                p.unlink()
                removed += 1
        return removed


# ── writes held back ─────────────────────────────────────────────────────────────────────────

#: while not None, writes wait here (:func:`hold_writes`): (cache, kind, key)
_held: list[tuple[Cache, str, str]] | None = None


def hold_writes() -> None:
    """Hold every entry written from now on until :func:`write_held` (reads see them): a
    long-running process (:mod:`paperlint.daemon`) answers its client first and writes the
    cache after, before it takes the next request."""
    global _held
    if _held is None:
        _held = []


def write_held() -> int:
    """Write the entries held since :func:`hold_writes`, and stop holding; how many."""
    global _held
    held, _held = _held or [], None
    written = 0
    for store, kind, key in held:
        make = store._pending.pop((kind, key), None)
        payload = _made(make) if make is not None else None
        if payload is not None and store.put_bytes(kind, key, payload):
            written += 1
    return written


def _made(make: Any) -> bytes | None:
    """The payload ``make`` is or makes (None: it cannot be written)."""
    if isinstance(make, bytes):
        return make
    try:
        return make()
    except (TypeError, ValueError, RecursionError):
        return None


# ── keys ─────────────────────────────────────────────────────────────────────────────────────


def key(*parts: Any) -> str:
    """A hex digest of JSON-ready ``parts`` (the same parts give the same key everywhere)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@functools.cache
def tool_fingerprint() -> str:
    """paperlint's version, its source and rules/, and the installed readers' identity."""
    h = hashlib.sha256(f"{FORMAT}\x1f{_version()}".encode())
    for root, path in _tool_files():
        with contextlib.suppress(OSError):
            data = path.read_bytes()
            h.update(f"\x1f{path.relative_to(root).as_posix()}\x1f".encode())
            h.update(data)
    for lib, path in _reader_files():
        with contextlib.suppress(OSError):
            st = path.stat()
            h.update(f"\x1f{lib}\x1f{path.parent}\x1f{st.st_size}\x1f{st.st_mtime_ns}".encode())
    return h.hexdigest()


def fingerprint(store: Cache | None = None) -> str:
    """:func:`tool_fingerprint`, remembered in ``store`` under the size and modification time of
    every file it reads: a run then reads the files' metadata only, not their ~2 MB (an edit to
    a file changes its modification time, and so the entry it is looked up under)."""
    if store is None:
        return tool_fingerprint()
    if tool_fingerprint.cache_info().currsize:
        return tool_fingerprint()
    signature = stat_signature()
    got = store.get("fingerprint", signature)
    if isinstance(got, dict) and isinstance(got.get("fingerprint"), str):
        return got["fingerprint"]
    value = tool_fingerprint()
    store.put("fingerprint", signature, {"fingerprint": value})
    return value


def stat_signature() -> str:
    """What :func:`tool_fingerprint` reads, by the size and modification time of each file
    (not its content): cheap enough for every run, and changed by any edit or upgrade."""
    h = hashlib.sha256(f"{FORMAT}\x1f{_version()}".encode())
    for root, path in [*_tool_files(), *_reader_files()]:
        with contextlib.suppress(OSError):
            st = path.stat()
            h.update(f"\x1f{root}\x1f{path}\x1f{st.st_size}\x1f{st.st_mtime_ns}".encode())
    return h.hexdigest()


def identity_files() -> list[Path]:
    """The files :func:`tool_fingerprint` reads or stats (paperlint's source and rules/, the
    readers' identity), and the folders that hold them (a file added changes its folder)."""
    files = [path for _root, path in [*_tool_files(), *_reader_files()]]
    return [*files, *sorted({p.parent for p in files})]


def _version() -> str:
    from paperlint import __version__

    return __version__


def _tool_files() -> list[tuple[Path, Path]]:
    """(root, file) of every file of paperlint's source and of rules/, in a fixed order."""
    from paperlint import resources

    out = []
    package = Path(__file__).resolve().parent
    for root in (package, resources.rules_dir()):
        for dirpath, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            for name in sorted(names):
                if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                    continue
                out.append((root, Path(dirpath) / name))
    return out


def _reader_files() -> list[tuple[str, Path]]:
    """(library, file) that identify the installed readers (found, not imported)."""
    import importlib.util

    out = []
    for lib, files in (
        ("spacy", ("about.py",)),
        ("pdfminer", ("__init__.py",)),
        ("libcst", ("_version.py",)),
    ):
        with contextlib.suppress(Exception):
            spec = importlib.util.find_spec(lib)  # finds, does not import
            if spec is not None and spec.origin:
                out.extend((lib, Path(spec.origin).parent / f) for f in files)
    return out


def volatile(problems: Any) -> bool:
    """True when any problem is about the run (timeout, memory, crash), not the input."""
    return any(p.code in VOLATILE_CODES for p in problems)
