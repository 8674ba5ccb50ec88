"""Imported once by the sandbox's fork server (:data:`paperlint.sandbox.PRELOAD`).

Loads the tables every code worker needs (library signatures, setting names), so that each
worker forked from the server starts with them instead of parsing the YAML again.
"""

from __future__ import annotations

try:
    from paperlint.code import settings
    from paperlint.code.signatures import table

    table()
    settings.classify("learning_rate")
except Exception:  # a broken rule file is reported by the worker that needs it, not here
    pass
