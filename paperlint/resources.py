"""Where paperlint's data lives: ``rules/`` and the bundled demo.

In a checkout they sit at the top of the repository; an installed wheel carries them inside the
package as ``paperlint/_rules`` and ``paperlint/_demo`` (see pyproject.toml).
"""

from __future__ import annotations

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


@functools.cache
def load_yaml(relative: str) -> Any:
    """A YAML file under rules/, parsed with the safe loader (never anything else): libyaml's
    ``CSafeLoader`` when PyYAML was built with it (the same data, several times faster: the
    rules are read on every cold run), else the pure-Python ``SafeLoader``."""
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
