"""Where paperlint's data lives: ``rules/`` and the bundled demo.

In a checkout they sit at the top of the repository; an installed wheel carries them inside the
package as ``paperlint/_rules`` and ``paperlint/_demo`` (see pyproject.toml).
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError(
        f"paperlint data folder not found; looked in: {', '.join(map(str, candidates))}"
    )


@functools.cache
def rules_dir() -> Path:
    return _first_existing(_PACKAGE / "_rules", _PACKAGE.parent / "rules")


@functools.cache
def demo_dir() -> Path:
    return _first_existing(_PACKAGE / "_demo", _PACKAGE.parent / "fixtures" / "demo")


#: where :func:`load_yaml` keeps what it parsed, as JSON: (a :class:`paperlint.cache.Cache`,
#: paperlint's fingerprint), set by an audit that has a cache (:func:`keep_parsed_in`)
_parsed_in: tuple[Any, str] | None = None


def keep_parsed_in(store: Any, fingerprint: str) -> None:
    """Have :func:`load_yaml` read each rule file as the JSON it parsed to before (kept in
    ``store`` under paperlint's ``fingerprint``, which covers rules/), and keep what it parses
    there: JSON is read some fifteen times faster than YAML, and a run after an edit reads
    some twenty rule files. ``store`` None: parse the YAML, keep nothing."""
    global _parsed_in
    _parsed_in = (store, fingerprint) if store is not None else None


@functools.cache
def load_yaml(relative: str) -> Any:
    """A YAML file under rules/, parsed with the safe loader (never anything else): libyaml's
    ``CSafeLoader`` when PyYAML was built with it (the same data, several times faster: the
    rules are read on every cold run), else the pure-Python ``SafeLoader``; or, with
    :func:`keep_parsed_in`, the same data read back from the JSON it was kept as."""
    kept = _parsed_in
    if kept is None:
        return _parse_yaml(relative)
    from paperlint import cache as caching
    from paperlint import jsonrecords

    store, fingerprint = kept
    key = caching.key("rules-file", fingerprint, relative)
    payload = store.get_bytes("rules-file", key)
    if payload is not None:
        try:
            return jsonrecords.loads(payload)
        except ValueError:
            store.discard("rules-file", key)
    data = _parse_yaml(relative)
    with contextlib.suppress(TypeError):  # what JSON cannot hold exactly (a date): not kept
        store.put_bytes("rules-file", key, jsonrecords.dumps(data))
    return data


def _parse_yaml(relative: str) -> Any:
    import yaml

    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(rules_dir() / relative, encoding="utf-8") as fh:
        loader = safe(fh)  # what yaml.safe_load does, with the C loader when there is one
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()


def yaml_files(folder: str) -> list[Path]:
    return sorted((rules_dir() / folder).glob("*.yaml"))
