"""Property tests of the two entry points that take untrusted bytes: whatever the bytes, the
result is a value or a named PaperlintError, never another exception, a hang or a crash.

The PDF and code readers run in their worker processes here too (as in a real audit), so a
crasher shows up as a named error (E205/E109) rather than killing the test run; a crasher found
this way becomes a committed fixture under fixtures/hostile/.
"""

from __future__ import annotations

import sys

import pytest
from hostile_support import HOSTILE, MODEL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperlint.code.files import CodeFile, decode_source
from paperlint.code.project import python_source, read_file
from paperlint.errors import CODES, PaperlintError
from paperlint.limits import Limits
from paperlint.model import Document
from paperlint.paper import read_paper
from paperlint.sandbox import Worker

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX worker limits")

FAST = Limits(pdf_timeout=5.0, pdf_memory=512 << 20, code_timeout=10.0)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _seed_pdf() -> bytes:
    sys.path.insert(0, str(HOSTILE))
    try:
        import make_hostile
    finally:
        sys.path.remove(str(HOSTILE))
    return make_hostile.simple_pdf([make_hostile.PROSE * 3])


SEED = _seed_pdf()


@st.composite
def mutated(draw, seed: bytes):
    """``seed`` with a few bytes replaced, inserted or deleted, or cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate"]))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if op == "replace":
            data[i : i + len(chunk)] = chunk
        elif op == "insert":
            data[i:i] = chunk
        elif op == "delete":
            del data[i : i + len(chunk)]
        else:
            del data[i:]
    return bytes(data)


pdf_bytes = st.one_of(
    st.binary(max_size=512),
    st.binary(max_size=512).map(lambda b: b"%PDF-1.7\n" + b),
    mutated(SEED),
)


@SETTINGS
@given(data=pdf_bytes)
def test_any_bytes_as_a_pdf_give_a_document_or_a_named_error(tmp_path, data):
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(data)
    try:
        doc = read_paper(paper, limits=FAST)
    except PaperlintError as e:
        assert e.code in CODES and (e.code.startswith("E2") or e.code == "E102"), e
        assert "\n" not in e.format()
    else:
        assert isinstance(doc, Document) and doc.coverage.pages >= 1


source_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda s: s.encode("utf-8")),
    st.lists(
        st.sampled_from(
            [
                "(",
                ")",
                "[",
                "]",
                "{",
                "}",
                "x",
                " + ",
                "lambda: ",
                "not ",
                "\n",
                "    ",
                "print 'a'",
                "def f(",
                "class C:",
                ":",
                ",",
                "'",
                '"""',
                "\\",
                "\t",
                "# -*- coding: latin-1 -*-\n",
                "\u202e",
                "\x00",
            ]
        ),
        max_size=300,
    ).map(lambda parts: "".join(parts).encode("utf-8")),
    mutated(MODEL.encode()),
)


@SETTINGS
@given(data=source_bytes)
def test_the_gates_accept_or_name_any_bytes(data):
    """decode + ast gate in this process: cheap, and never anything but PaperlintError."""
    try:
        text = decode_source(data, "x.py")
        out, language, _tree = python_source(text, "x.py")
    except PaperlintError as e:
        assert e.code in ("E104", "E105", "E106"), e
    else:
        assert language in ("python", "python2") and isinstance(out, str)


@pytest.fixture(scope="module")
def code_worker():
    with Worker(memory=1 << 30, kind="code") as w:
        yield w


@SETTINGS
@given(
    data=source_bytes,
    name=st.sampled_from(["x.py", "x.ipynb", "x.yaml", "x.json", "x.gin", "x.sh", "Makefile"]),
)
def test_any_bytes_as_a_code_file_give_facts_or_a_named_error(tmp_path, code_worker, data, name):
    from paperlint.code.files import language_of

    f = tmp_path / name
    f.write_bytes(data)
    cf = CodeFile(f, f.name, language_of(name) or "python", tmp_path, "x")
    try:
        facts, _language, digest = code_worker.call(
            read_file, cf, 2_000_000, timeout=10, display=f.name
        )
    except PaperlintError as e:
        assert e.code in CODES and e.code.startswith("E1"), e
        assert e.code != "E109", f"the code reader failed on {data!r}: {e}"  # a crasher
    else:
        assert len(digest) == 64 and facts.path == f.name
