"""Small helpers shared by the tests."""

from __future__ import annotations

import textwrap

from paperlint.code.project import Project, build_inventory
from paperlint.code.python import analyze
from paperlint.link.paper_view import PaperView
from paperlint.model import Choice, CodeInventory, Finding
from paperlint.paper.document import document_from_text
from paperlint.paper.index import build_index


def inventory_of(*files: tuple[str, str]) -> CodeInventory:
    """The inventory of in-memory Python files (choices, and context such as the dataset)."""
    facts = []
    for path, source in files:
        src = textwrap.dedent(source).lstrip("\n")
        facts.append(analyze(src, path, path.removesuffix(".py").replace("/", ".")))
    return build_inventory(facts, [], [])


def choices_of(*files: tuple[str, str]) -> list[Choice]:
    """Choices of in-memory Python files: choices_of(("model.py", "...source...")) ."""
    return list(inventory_of(*files).choices)


def make_pdf(objects: dict[int, bytes]) -> bytes:
    """A PDF whose object ``n`` is ``objects[n]``, by the fixtures' own small PDF writer
    (``fixtures/hostile/make_hostile.py``), loaded without touching ``sys.path``."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "fixtures" / "hostile" / "make_hostile.py"
    spec = importlib.util.spec_from_file_location("paperlint_test_make_hostile", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pdf(objects)


def find(choices: list[Choice], **want: object) -> list[Choice]:
    return [c for c in choices if all(getattr(c, k) == v for k, v in want.items())]


def at(choices: list[Choice], line: int) -> list[Choice]:
    return [c for c in choices if c.line == line]


_ = Project


def extract_files(root, files: dict[str, str]):
    """Write ``files`` (name → dedented text) under ``root`` and extract the folder, with paths
    reported relative to ``root``: returns the CodeInventory."""
    import os
    from pathlib import Path

    from paperlint.code.project import extract

    root = Path(root)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return extract(["."])
    finally:
        os.chdir(cwd)


# ── small builders the first-screen, set-aside and linker tests share ─────────────────────────


def choice(id: str, kind: str, value: str, **kw) -> Choice:
    """A choice with the fields a test names and plain defaults for the rest."""
    return Choice(
        id=id,
        kind=kind,
        concept=kw.pop("concept", kind),
        value=value,
        file=kw.pop("file", "train.py"),
        line=kw.pop("line", 1),
        **kw,
    )


def finding(c: Choice, rule: str = "CH101") -> Finding:
    """A finding of ``rule`` on ``c``."""
    return Finding(rule, "medium", "high", f"{c.kind} `{c.value}`", choice=c.id, file=c.file)


def view_of(text: str) -> PaperView:
    """The linker's view of a paper written as plain text."""
    return PaperView(build_index(document_from_text(text)))


def setting(param: str, value: float, kind: str = "other", file: str = "train.py") -> Choice:
    """A numeric argparse setting, as the code stage reads ``--param value``."""
    return Choice(
        id=param, kind=kind, concept=kind, value=str(value), file=file, line=3,
        source="argparse", param=param, number=value,
    )  # fmt: skip


def inert_of(tmp_path, files: dict[str, str]) -> dict[str, str]:
    """{"file:line setting-or-param": reason} for the inert choices of a small repository."""
    from paperlint.code import inert

    inv = extract_files(tmp_path, files)
    out = inert.inert_choices(inv.choices, inv, base=str(tmp_path))
    by_id = {c.id: c for c in inv.choices}
    return {
        f"{by_id[k].file}:{by_id[k].line} {by_id[k].setting or by_id[k].param}": v
        for k, v in out.items()
    }
