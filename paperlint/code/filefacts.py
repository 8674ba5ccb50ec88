"""What the passes that read the audited Python files again after extraction (the call sites,
:mod:`paperlint.callsites`; the inert settings, :mod:`paperlint.code.inert`) learn from each
file, kept by the file's content hash, as the extraction keeps its own facts: after an edit
only the edited file is parsed again.

    facts("inert", "models.py", sha256, base, inert.scan)   # the pass's scan of one file

A pass's facts of one file depend only on the file's path and content and on paperlint itself,
so they are kept in this process (a long-running one, the daemon, answers from memory) and in
the cache (:mod:`paperlint.cache`, kind ``facts``, keyed by the pass, paperlint's fingerprint,
the path and the content's sha256; written as :mod:`paperlint.jsonrecords`, never pickled).
An audit with a cache turns this on with :func:`keep_in`; without one (``--no-cache``) every
file is parsed afresh and nothing is kept.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from paperlint.code.files import audited_python_tree

T = TypeVar("T")

#: where facts are kept: (a :class:`paperlint.cache.Cache`, paperlint's fingerprint), or None
_kept_in: tuple[Any, str] | None = None
#: facts of this process: (pass, fingerprint, path, sha256) → facts
_memory: dict[tuple[str, str, str, str], Any] = {}
#: at most this many files' facts are held in memory (the oldest go first)
MAX_IN_MEMORY = 20_000


def keep_in(store: Any, fingerprint: str) -> None:
    """Keep facts in ``store`` (and this process) under paperlint's ``fingerprint``; ``store``
    None: keep none."""
    global _kept_in
    _kept_in = (store, fingerprint) if store is not None else None


def facts(
    kind: str, path: str, digest: str, base: str, scan: Callable[[ast.Module, str], T]
) -> T | None:
    """``scan(tree, path)`` of the audited Python file at ``path`` (relative to ``base``) with
    the content whose sha256 is ``digest``: kept, or made now from the file (None when it no
    longer has that content or does not parse, see
    :func:`paperlint.code.files.audited_python_tree`). What ``scan`` raises is raised."""
    kept = _kept_in
    if kept is None or not digest:
        tree = audited_python_tree(path, digest, base)
        return None if tree is None else scan(tree, path)
    store, fingerprint = kept
    memo = (kind, fingerprint, path, digest)
    if memo in _memory:
        return _memory[memo]
    from paperlint import cache as caching
    from paperlint import jsonrecords

    key = caching.key("facts", kind, fingerprint, path, digest)
    payload = store.get_bytes("facts", key)
    if payload is not None:
        try:
            found = jsonrecords.loads(payload)
        except ValueError:
            store.discard("facts", key)
        else:
            _remember(memo, found)
            return found
    tree = audited_python_tree(path, digest, base)
    if tree is None:
        return None
    made = scan(tree, path)
    # facts that cannot be written exactly are not kept in the cache
    store.put_later("facts", key, lambda: jsonrecords.dumps(made))
    _remember(memo, made)
    return made


def prepare(
    files: Iterable[tuple[str, str]],
    base: str,
    scans: Mapping[str, Callable[[ast.Module, str], Any]],
) -> None:
    """Make the facts of every pass in ``scans`` (kind → scan) for each of ``files`` (``(path,
    sha256)`` pairs) from one parse of the file, where neither this process nor the cache holds
    them yet: the passes then find them kept, instead of each parsing every file again (three
    parses a file on a whole repository). A scan that raises keeps nothing: its pass makes the
    facts itself, and meets the error there as it would have. Without a cache nothing is kept,
    and nothing is done here."""
    kept = _kept_in
    if kept is None:
        return
    store, fingerprint = kept
    from paperlint import cache as caching
    from paperlint import jsonrecords

    for path, digest in files:
        if not digest:
            continue
        missing = []
        for kind in scans:
            memo = (kind, fingerprint, path, digest)
            if memo in _memory:
                continue
            key = caching.key("facts", kind, fingerprint, path, digest)
            if store.get_bytes("facts", key) is None:
                missing.append((kind, memo, key))
        if not missing:
            continue
        tree = audited_python_tree(path, digest, base)
        if tree is None:
            continue
        for kind, memo, key in missing:
            try:
                made = scans[kind](tree, path)
            except Exception:  # the pass meets it again when it makes the facts itself
                continue
            store.put_later("facts", key, lambda made=made: jsonrecords.dumps(made))
            _remember(memo, made)


def _remember(memo: tuple[str, str, str, str], value: Any) -> None:
    while len(_memory) >= MAX_IN_MEMORY:
        del _memory[next(iter(_memory))]
    _memory[memo] = value
