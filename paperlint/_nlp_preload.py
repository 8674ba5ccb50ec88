"""Imported once by the sandbox's fork server when a caller asks for it
(:func:`paperlint.sandbox.preload_nlp`, as ``paperlint batch`` does).

Loads spaCy's blank pipeline with paperlint's sentence component, the index's phrase matchers
and cue patterns, so that every paper's builder forked from the server starts with them.
"""

from __future__ import annotations

try:
    from paperlint.paper import _load_pipeline

    _load_pipeline()
except Exception:  # a broken rule file is reported by the worker that needs it, not here
    pass
