"""Seed corpora for the fuzzers: `python fuzz/make_corpus.py` writes fuzz/corpus/{pdf,code}/.

Seeds are our own files: the fixture PDFs, the crafted hostile ones, paperlint's own sources,
the demo code and the hostile sources. fuzz/corpus/ is not committed (libFuzzer adds to it).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"


#: seeds that are known to blow the fuzzer's limits on purpose (the worker's limits stop them)
_KNOWN_BOMBS = ("flate_bomb", "slow_content")


def _write(kind: str, data: bytes) -> None:
    folder = OUT / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> int:
    sys.path.insert(0, str(ROOT / "fixtures" / "hostile"))
    import make_hostile

    pdfs = [p.read_bytes() for p in (ROOT / "fixtures").rglob("*.pdf")]
    pdfs += [
        p.read_bytes()
        for p in (ROOT / "fixtures" / "hostile").glob("*.pdf.hostile")
        if not p.name.startswith(_KNOWN_BOMBS)
    ]
    pdfs += [make_hostile.simple_pdf([make_hostile.PROSE] * 2), make_hostile.many_pages(3)]
    for data in pdfs:
        _write("pdf", data)
    sources = [p.read_bytes() for p in (ROOT / "paperlint").rglob("*.py")]
    sources += [p.read_bytes() for p in (ROOT / "fixtures" / "demo").rglob("*.py")]
    sources += [p.read_bytes() for p in (ROOT / "fixtures" / "hostile" / "code").glob("*.hostile")]
    for data in sources:
        if len(data) < 50_000:
            _write("code", data)
    print(f"fuzz/corpus: {len(pdfs)} PDF seeds, {len(sources)} code seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
