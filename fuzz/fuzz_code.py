"""Coverage-guided fuzzing of the code reader with atheris (libFuzzer for Python).

    pip install atheris
    python fuzz/make_corpus.py                       # seeds: fixture and hostile sources
    python fuzz/fuzz_code.py fuzz/corpus/code -timeout=20 -rss_limit_mb=3072 -max_total_time=600

Each input is read as one Python file exactly as an audit reads it (:func:`read_file`: the
gates, then libcst and the visitor), in this process, so libFuzzer reports what the worker
process would contain: a crash of the interpreter (libcst is native code; the ast gate must stop
what crashes it), a hang, and any exception other than :class:`PaperlintError` (an audit would
report E109 and skip the file). Set ``FUZZ_LANGUAGE`` to ``notebook``, ``yaml``, ``json`` or
``gin`` to fuzz those readers instead. Turn every crasher into a committed fixture under
fixtures/hostile/code/ and a case in tests/hostile/.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["paperlint"]):
    from paperlint.code.files import CodeFile
    from paperlint.code.project import read_file
    from paperlint.errors import PaperlintError

_LANGUAGE = os.environ.get("FUZZ_LANGUAGE", "python")
_SUFFIX = {"python": ".py", "notebook": ".ipynb", "yaml": ".yaml", "json": ".json", "gin": ".gin"}
_DIR = Path(tempfile.mkdtemp(prefix="fuzz-code-"))
_FILE = _DIR / f"fuzzed{_SUFFIX[_LANGUAGE]}"
_CODE_FILE = CodeFile(_FILE, _FILE.name, _LANGUAGE, _DIR, "fuzzed")


def test_one_input(data: bytes) -> None:
    _FILE.write_bytes(data)
    with contextlib.suppress(PaperlintError):  # a named error is the right answer
        read_file(_CODE_FILE)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
