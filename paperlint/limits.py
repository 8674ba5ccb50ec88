"""Every cap paperlint puts on untrusted input, in one place, with defaults a user can raise.

A reader of a stranger's files needs limits that fail fast and say which limit was hit: the
error names the option that raises it (``--pdf-timeout``, ``--max-pages`` ...). The defaults
are generous for real papers and code: a 60-page two-column paper reads in a few seconds and
well under 1 GiB; a hand-written model file is under 300 KB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30


@dataclass(frozen=True)
class Limits:
    # papers (PDF, LaTeX): read in a worker process
    pdf_timeout: float = 60.0  # seconds of wall clock per paper
    pdf_memory: int = 1 * GiB  # address space of the paper's worker
    max_pages: int = 300
    max_paper_size: int = 200 * MiB  # the PDF, .tex or source archive on disk
    # code files: read in a worker process, one file at a time
    code_timeout: float = 10.0  # seconds of wall clock per file
    code_memory: int = 2 * GiB  # address space of the code worker
    max_file_size: int = 2_000_000  # bytes per source file (a notebook: of its code cells)
    #: a notebook on disk, saved outputs (plots, logs) included; its code is held to max_file_size
    max_notebook_size: int = 64 * MiB
    # arXiv source archives have their own caps, next to the reader: paperlint.paper.latex


DEFAULT = Limits()

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.I)
_UNITS = {"": 1, "k": KiB, "m": MiB, "g": GiB, "t": 1 << 40}


def parse_size(text: str | int) -> int:
    """``"1G"``, ``"512M"``, ``"2000000"`` → bytes (K/M/G are powers of 1024)."""
    if isinstance(text, int):
        return text
    m = _SIZE.match(str(text))
    if not m:
        raise ValueError(f"not a size: {text!r} (write e.g. 500K, 2M, 1G)")
    number, unit = m.groups()
    scale = _UNITS[(unit or "").lower()[:1]]
    return int(float(number) * scale)
