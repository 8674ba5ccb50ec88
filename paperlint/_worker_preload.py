"""Imported once by the sandbox's fork server (:data:`paperlint.sandbox.PRELOAD`).

Loads the tables every code worker needs (library signatures, setting names, the sources of
settings and the resolver of runs), so that each worker forked from the server starts with them
instead of parsing the YAML and importing the readers again.
"""

from __future__ import annotations

try:
    from paperlint.code import runs, settings, sources
    from paperlint.code.signatures import table

    table()
    settings.classify("learning_rate")
    sources.sources()
    _ = runs.EffectiveConfiguration
except Exception:  # a broken rule file is reported by the worker that needs it, not here
    pass
