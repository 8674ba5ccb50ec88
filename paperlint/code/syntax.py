"""CPython's parser on audited source, without its warnings.

Research code is full of strings such as ``"\\d+"`` written without the ``r`` prefix. Parsing
them makes CPython warn about an invalid escape sequence (a ``DeprecationWarning``, a
``SyntaxWarning`` from Python 3.12 on), which would reach the user's terminal as lines about
their code that paperlint never means to say. The audited code's own warnings are not ours to
print: every parse of audited source goes through :func:`parse`.
"""

from __future__ import annotations

import ast
import warnings


def parse(source: str | bytes) -> ast.Module:
    """``ast.parse(source)`` with the parser's warnings silenced; its errors (``SyntaxError``,
    ``ValueError``, ``RecursionError``) are raised as before."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(source)
