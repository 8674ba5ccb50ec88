"""Reporters: one small module per output format, keyed by format name.

A reporter receives only the :class:`~paperlint.model.AuditResult` (never the engine) and returns
the report as text. ``REPORTERS`` is the registry the CLI's ``--format`` reads.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from paperlint.model import AuditResult

Reporter = Callable[..., str]

#: format name → module under paperlint.report that defines ``render(result, **options)``
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "markdown": "markdown",
    "html": "html",
}


def get(name: str) -> Reporter:
    module = importlib.import_module(f"paperlint.report.{FORMATS[name]}")
    return module.render


def render(name: str, result: AuditResult, **options: object) -> str:
    return get(name)(result, **options)
