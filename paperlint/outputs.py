"""paperlint's own outputs, recognised by what they are, so that an audit never reads them.

A JSON report, a baseline or a cache entry written inside the audited folder is JSON, and the
code stage reads JSON files as configs: run twice, ``paperlint . paper.pdf -o audit.json``
would audit its own last report. Names are the user's to choose (``--output findings.json``),
so outputs are recognised by their contents: the schema marker every paperlint JSON file starts
with, a SARIF log (any tool's: a scan result is never a config), and the generator tag of the
HTML report. Only the first few kilobytes are read.
"""

from __future__ import annotations

import re
from pathlib import Path

#: How much of a file's start is read to recognise it.
HEAD = 4096
#: ``{"schema": "paperlint-report/1", ...}``, a baseline, a cache entry's header line
_OWN_JSON = re.compile(rb'^\s*\{\s*"(?:schema|format)"\s*:\s*"paperlint-[a-z]+/\d+"')
#: a SARIF log: ``{"$schema": ".../sarif-2.1.0.json", "version": "2.1.0", "runs": [...]}``
_SARIF = re.compile(rb'^\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*"', re.IGNORECASE)
_SARIF_VERSION = re.compile(rb'"version"\s*:\s*"2\.1\.0"\s*,\s*"runs"\s*:')
#: the HTML report's ``<meta name="generator" content="paperlint ...">``
_HTML = re.compile(rb'<meta name="generator" content="paperlint[ "]')


def looks_like_output(head: bytes) -> str:
    """What kind of paperlint output (or SARIF log) ``head``, a file's first bytes, starts
    like: "paperlint json", "sarif", "paperlint html"; "" for anything else."""
    if _OWN_JSON.match(head):
        return "paperlint json"
    if _SARIF.match(head) or (head.lstrip().startswith(b"{") and _SARIF_VERSION.search(head)):
        return "sarif"
    if _HTML.search(head):
        return "paperlint html"
    return ""


def is_output(path: Path) -> bool:
    """True when the regular file at ``path`` is a paperlint report, baseline or cache entry,
    or a SARIF log. A file that cannot be read is not one (its reader reports why)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
    except OSError:
        return False
    return bool(looks_like_output(head))
