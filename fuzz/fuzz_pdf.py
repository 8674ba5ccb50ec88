"""Coverage-guided fuzzing of the PDF reader with atheris (libFuzzer for Python).

    pip install atheris
    python fuzz/make_corpus.py                       # seeds: fixture PDFs and crafted ones
    python fuzz/fuzz_pdf.py fuzz/corpus/pdf -timeout=20 -rss_limit_mb=2048 -max_total_time=600

The reader runs in this process (no worker), so libFuzzer sees what the worker would hide:
an input that takes longer than ``-timeout`` seconds (a hang: the worker's deadline would
turn it into E206), one that needs more than ``-rss_limit_mb`` (E207), and any exception
other than :class:`PaperlintError`. libFuzzer writes such an input to ``crash-*``,
``timeout-*`` or ``oom-*``; turn it into a committed fixture under fixtures/hostile/ and a
case in tests/hostile/.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["pdfminer", "paperlint"]):
    # pdf.py imports pdfminer lazily: import it here so that it is instrumented too
    import pdfminer.converter
    import pdfminer.layout
    import pdfminer.pdfdocument
    import pdfminer.pdfinterp
    import pdfminer.pdfpage
    import pdfminer.pdfparser  # noqa: F401

    from paperlint.errors import PaperlintError
    from paperlint.paper.pdf import read_pdf

_FD, _PATH = tempfile.mkstemp(prefix="fuzz-", suffix=".pdf")


def test_one_input(data: bytes) -> None:
    os.ftruncate(_FD, 0)
    os.pwrite(_FD, data, 0)
    with contextlib.suppress(PaperlintError):  # a named error is the right answer
        read_pdf(_PATH, max_pages=20)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        os.unlink(_PATH)


if __name__ == "__main__":
    main()
