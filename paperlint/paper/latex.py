"""LaTeX source → :class:`~paperlint.model.Document`, read statically: never compiled, never run.

The input is a ``paper.tex`` (its ``\\input`` files are read from the same folder) or an arXiv
source archive (``.tar.gz``, ``.tgz``, ``.tar``, or a gzip of a single ``.tex``), read in memory
through a bounded stream: nothing is extracted to disk, member paths that leave the archive are
refused, and the sizes, the member count and the decompressed total are capped (E209).

The stages:

    sources   archive members or the .tex folder, by relative POSIX path
    prepare   comments removed, verbatim dropped, ``\\url`` / ``\\verb`` text protected
    includes  ``\\input`` / ``\\include`` / ``\\subfile`` / ``\\import`` followed (inside only;
              depth, cycle and size guards)
    reader    a small TeX-like interpreter over tokens: user macros (``\\newcommand``, ``\\def``)
              expanded, sections numbered as LaTeX does (``\\appendix`` → letters), captions,
              tabular rows, footnotes, the bibliography apart, math made readable
              (``$10^{-4}$`` → ``10^-4``, ``$3\\times3$`` → ``3×3``)
    finish    citations numbered by first appearance (``[1]``, ``[2, 3]``: the markers the link
              stage recognises), ``\\ref`` resolved to the real numbers, then the same
              :func:`~paperlint.paper.document.build_document` the PDF and text readers use.

LaTeX has no pages: every sentence is on page 1 and ``Coverage.source`` is ``"tex"``.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import json
import lzma
import posixpath
import re
import tarfile
import unicodedata
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from paperlint.errors import PaperlintError
from paperlint.model import Document
from paperlint.paper.document import _Part, build_document
from paperlint.paper.text import clean_line

# ── caps ──────────────────────────────────────────────────────────────────────────────────────

MAX_FILE = 20 * 2**20  # one .tex / .bbl / .bib / .sty file, or the single file of a .gz
MAX_UNCOMPRESSED = 100 * 2**20  # everything an archive decompresses to (streamed through, not kept)
MAX_TEXT = 30 * 2**20  # text kept from an archive's members
MAX_MEMBERS = 2000
MAX_INCLUDE_DEPTH = 20
MAX_INCLUDES = 1000
MAX_EXPANDED = 8 * 2**20  # characters of source once every \input is followed
MAX_EXPANSIONS = 100_000  # user macro expansions in all
MAX_PER_MACRO = 2_000  # expansions of one macro before it is taken for a runaway loop
MAX_FRAMES = 2_000  # macros expanding inside each other
MAX_NESTING = 150  # arguments rendered inside arguments

_TEXT_SUFFIXES = (".tex", ".ltx", ".latex", ".bbl", ".bib", ".sty")
_TEX_SUFFIXES = (".tex", ".ltx", ".latex")


def _words(s: str) -> tuple[str, ...]:
    return tuple(s.split())


def _pairs(s: str) -> dict[str, str]:
    """``"times × cdot ·"`` → ``{"times": "×", "cdot": "·"}``."""
    w = s.split()
    return dict(zip(w[::2], w[1::2], strict=True))


class _Fail(Exception):
    """A reason the source cannot be read; becomes PaperlintError E209 with the display path."""


# ── reading the inputs ────────────────────────────────────────────────────────────────────────


def read_latex(path: str | Path, *, display: str | None = None) -> Document:
    """The paper whose LaTeX source is at ``path``: a ``.tex`` file, or an arXiv source archive.

    Raises :class:`PaperlintError` E209 for a source that cannot be read (never a traceback).
    """
    p = Path(path)
    display = display or str(path)
    try:
        data_hash = _sha256(p)
        sources, main = _open_sources(p)
        reader = _Reader(sources, main)
        parts, appendix_heads = reader.read()
    except _Fail as e:
        raise PaperlintError("E209", display, str(e)) from None
    except OSError as e:
        raise PaperlintError("E209", display, f"cannot read: {e.strerror or e}") from None
    except RecursionError:
        raise PaperlintError("E209", display, "the source nests too deeply to read") from None
    except Exception as e:  # a reader bug must not end the whole audit with a traceback
        raise PaperlintError(
            "E209",
            display,
            f"the LaTeX reader failed ({type(e).__name__}: {e})",
            "please report this with the source attached",
        ) from None
    if not any(pt.role in ("body", "caption", "table", "footnote") for pt in parts):
        raise PaperlintError(
            "E209", display, f"no text found in {main} (is this the paper's LaTeX source?)"
        )
    doc = build_document(
        parts, path=display, sha256=data_hash, pages=1, pages_with_text=1, source="tex"
    )
    # \appendix marks the sections after it, whatever their titles say.
    sections = tuple(
        replace(s, role="appendix")
        if i < len(appendix_heads) and appendix_heads[i] and s.role == "body"
        else s
        for i, s in enumerate(doc.sections)
    )
    return replace(doc, sections=sections)


def latex_parts(path: str | Path) -> tuple[list[_Part], list[str]]:
    """The parts read from a LaTeX source before they become a Document, and the reader's notes
    (an ``\\input`` not found, a cycle refused): for tests and debugging."""
    try:
        sources, main = _open_sources(Path(path))
        reader = _Reader(sources, main)
        parts, _ = reader.read()
    except _Fail as e:
        raise PaperlintError("E209", str(path), str(e)) from None
    return parts, reader.notes


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class _Sources:
    """The files of a LaTeX project by relative POSIX path: an archive's text members, held in
    memory, or the folder of a ``.tex`` file (read on demand, never outside that folder)."""

    def __init__(self, files: dict[str, bytes] | None = None, root: Path | None = None) -> None:
        self._files = files or {}
        self._root = root.resolve() if root is not None else None
        self._cache: dict[str, str | None] = {}

    def names(self) -> list[str]:
        return sorted(self._files)

    def read(self, name: str) -> str | None:
        if name in self._cache:
            return self._cache[name]
        data: bytes | None = self._files.get(name)
        if data is None and self._root is not None:
            data = self._read_disk(name)
        text = _decode(data) if data is not None else None
        self._cache[name] = text
        return text

    def _read_disk(self, name: str) -> bytes | None:
        assert self._root is not None
        if not name.lower().endswith(_TEXT_SUFFIXES):
            return None
        p = (self._root / name).resolve()
        if p != self._root and self._root not in p.parents:
            return None  # a symlink or ".." that leaves the paper's folder is never followed
        try:
            if not p.is_file() or p.stat().st_size > MAX_FILE:
                return None
            return p.read_bytes()
        except OSError:
            return None


def _decode(data: bytes) -> str | None:
    if b"\x00" in data[:8192]:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _open_sources(path: Path) -> tuple[_Sources, str]:
    """The project's files and the name of its main file."""
    name = path.name.lower()
    if name.endswith(_TEX_SUFFIXES):
        if path.stat().st_size > MAX_FILE:
            raise _Fail(f"the file is larger than {MAX_FILE // 2**20} MB")
        with open(path, "rb") as fh:
            if fh.read(5) == b"%PDF-":
                raise _Fail("the file is a PDF, not LaTeX source: give it a .pdf name")
        return _Sources(root=path.parent), path.name
    files = _read_archive(path)
    return _Sources(files), _main_file(files)


class _Bounded:
    """A read-only stream that fails once more than ``limit`` bytes came through it: the guard
    against decompression bombs (nothing is decompressed ahead of what is read)."""

    def __init__(self, raw, limit: int, prefix: bytes = b"") -> None:
        self.raw = raw
        self.limit = limit
        self.count = 0
        self.prefix = prefix

    def read(self, n: int = -1) -> bytes:
        if self.prefix:
            if n < 0 or n >= len(self.prefix):
                head, self.prefix = self.prefix, b""
                rest = self.read(n - len(head)) if n < 0 or n > len(head) else b""
                return head + rest
            head, self.prefix = self.prefix[:n], self.prefix[n:]
            return head
        want = self.limit - self.count + 1 if n < 0 else min(n, self.limit - self.count + 1)
        try:
            data = self.raw.read(max(want, 0))
        except (OSError, EOFError, zlib.error, lzma.LZMAError) as e:
            raise _Fail(f"the archive is damaged: {e}") from None
        self.count += len(data)
        if self.count > self.limit:
            raise _Fail(
                f"the archive decompresses to more than {self.limit // 2**20} MB "
                "(a decompression bomb, or not a paper's source)"
            )
        return data


def _read_archive(path: Path) -> dict[str, bytes]:
    """The text members of a (compressed) tar archive, or the one file of a .gz, in memory."""
    with open(path, "rb") as fh:
        magic = fh.read(6)
        fh.seek(0)
        if magic[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=fh, mode="rb") as raw:
                return _archive_from(raw, path, compressed=True)
        if magic[:3] == b"BZh":
            with bz2.BZ2File(fh) as raw:
                return _archive_from(raw, path, compressed=True)
        if magic == b"\xfd7zXZ\x00":
            with lzma.LZMAFile(fh) as raw:
                return _archive_from(raw, path, compressed=True)
        return _archive_from(fh, path, compressed=False)


def _archive_from(raw, path: Path, *, compressed: bool) -> dict[str, bytes]:
    stream = _Bounded(raw, MAX_UNCOMPRESSED)
    head = stream.read(512)
    if _is_tar_header(head):
        stream.prefix = head
        return _tar_members(stream)
    if not compressed:
        raise _Fail("not a tar archive, a gzip file or a .tex file")
    # arXiv serves a single-file submission as a plain gzip of the .tex
    data = head + stream.read(MAX_FILE + 1 - len(head))
    if len(data) > MAX_FILE:
        raise _Fail(f"the compressed file is larger than {MAX_FILE // 2**20} MB")
    stem = re.sub(r"\.(t?gz|gzip|bz2|xz|tar)$", "", path.name, flags=re.I) or "main"
    if not stem.lower().endswith(_TEX_SUFFIXES):
        stem += ".tex"
    return {stem: data}


def _is_tar_header(block: bytes) -> bool:
    if len(block) < 512:
        return False
    if block[257:262] == b"ustar" or block == bytes(512):  # an empty archive starts with zeros
        return True
    try:
        tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
    except tarfile.HeaderError:
        return False
    return True


def _member_name(name: str) -> str:
    n = name.replace("\\", "/")
    while n.startswith("./"):
        n = n[2:]
    parts = [x for x in n.split("/") if x not in ("", ".")]
    if n.startswith("/") or re.match(r"^[A-Za-z]:", n) or ".." in parts:
        raise _Fail(f"archive member {name!r} points outside the archive; nothing was read")
    return "/".join(parts)


def _tar_members(stream: _Bounded) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    kept = 0
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tf:
            for count, m in enumerate(tf, start=1):
                if count > MAX_MEMBERS:
                    raise _Fail(f"the archive has more than {MAX_MEMBERS} members")
                name = _member_name(m.name)
                wanted = name.lower().endswith(_TEXT_SUFFIXES) or name in _README
                if not m.isfile() or not wanted:
                    continue  # links are never followed; figures are not read
                if m.size > MAX_FILE:
                    raise _Fail(f"archive member {name!r} is larger than {MAX_FILE // 2**20} MB")
                fh = tf.extractfile(m)
                data = fh.read(MAX_FILE + 1) if fh is not None else b""
                kept += len(data)
                if kept > MAX_TEXT:
                    raise _Fail(f"the archive holds more than {MAX_TEXT // 2**20} MB of text")
                files[name] = data
    except tarfile.TarError as e:
        raise _Fail(f"the archive is damaged: {e}") from None
    return files


_README = ("00README.json", "00README.XXX", "00README")


def _readme_toplevel(files: dict[str, bytes]) -> str | None:
    """The main file an arXiv ``00README`` names (``"usage": "toplevel"``, or ``toplevelfile``)."""
    for name in _README:
        text = _decode(files.get(name, b"")) or ""
        if name.endswith(".json"):
            try:
                data = json.loads(text)
            except ValueError:
                continue
            for src in data.get("sources", []) if isinstance(data, dict) else []:
                if isinstance(src, dict) and src.get("usage") == "toplevel":
                    return str(src.get("filename", ""))
        for line in text.splitlines():
            words = line.split()
            if len(words) == 2 and words[1] == "toplevelfile":
                return words[0]
    return None


def _main_file(files: dict[str, bytes]) -> str:
    """The file LaTeX would be run on: the one arXiv's ``00README`` names, else the one with
    ``\\documentclass`` and ``\\begin{document}``, not included by another, nearest the top,
    largest."""
    tex = {n: _decode(d) or "" for n, d in files.items() if n.lower().endswith(_TEX_SUFFIXES)}
    if not tex:
        raise _Fail("the archive has no .tex file")
    named = _readme_toplevel(files)
    if named in tex:
        return named
    prepared = {n: _prepare(t) for n, t in tex.items()}
    included = set()
    for t in prepared.values():
        for m in _INCLUDE_RX.finditer(t):
            target = (m.group("b") or m.group("a") or m.group("bare") or "").strip()
            included.add(posixpath.basename(target).removesuffix(".tex"))

    def key(n: str) -> tuple:
        t = prepared[n]
        cls = bool(re.search(r"\\documentclass\b", t))
        begin = bool(re.search(r"\\begin\s*\{document\}", t))
        stem = posixpath.basename(n).rsplit(".", 1)[0]
        return (
            cls and begin,
            cls,
            stem not in included,
            -n.count("/"),
            stem.lower() in ("main", "ms", "paper", "arxiv"),
            len(t),
        )

    best = max(tex, key=key)
    if len(tex) > 1 and not key(best)[1]:
        raise _Fail("no main file: none of the .tex files has \\documentclass")
    return best


# ── prepare: comments, verbatim, protected text ───────────────────────────────────────────────

_SPECIALS = "\\{}$&#^_%~"
_PROTECT = str.maketrans({c: chr(0xE020 + i) for i, c in enumerate(_SPECIALS)})
_UNPROTECT = str.maketrans({chr(0xE020 + i): c for i, c in enumerate(_SPECIALS)})
_VERBATIM_ENVS = frozenset(
    _words(
        "verbatim verbatim* Verbatim Verbatim* BVerbatim LVerbatim lstlisting minted comment "
        "filecontents filecontents* spverbatim pythoncode"
    )
)
_PREP_RX = re.compile(
    r"\\(?:(?P<verb>verb)\*?(?![A-Za-z@])"
    r"|(?P<url>url|href|nolinkurl|path)\s*\{"
    r"|begin\s*\{\s*(?P<env>[A-Za-z*]+)\s*\}"
    r"|(?P<endinput>endinput)(?![A-Za-z@])"
    r"|.)"
    r"|(?P<comment>%)"
)


def _prepare(text: str) -> str:
    """Comments removed as TeX does (``%`` eats the line break and the next line's indent),
    verbatim-like environments dropped, and the text of ``\\verb`` and ``\\url`` protected so
    that its ``%`` and ``_`` stay literal; reading stops after a line with ``\\endinput``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    eat = False
    verbatim: str | None = None
    for line in text.split("\n"):
        if eat:
            line = line.lstrip(" \t")
        eat = False
        if verbatim is not None:
            end = re.search(r"\\end\s*\{\s*" + re.escape(verbatim) + r"\s*\}", line)
            if end is None:
                continue
            verbatim = None
            line = line[end.end() :]
        if not line.strip():
            out.append("\n\n")
            continue
        buf: list[str] = []
        start = pos = 0  # line[start:] is not copied yet; the scan resumes at pos
        newline, stop = True, False
        while True:
            m = _PREP_RX.search(line, pos)
            if m is None:
                buf.append(line[start:])
                break
            if m.group("comment"):
                buf.append(line[start : m.start()])
                eat, newline = True, False
                break
            if m.group("verb"):
                i = m.end()
                if i >= len(line):
                    pos = i
                    continue
                close = line.find(line[i], i + 1)
                close = len(line) if close < 0 else close
                buf.append(line[start : m.start()])
                buf.append("\\texttt{" + line[i + 1 : close].translate(_PROTECT) + "}")
                start = pos = close + 1
                continue
            if m.group("url"):
                depth, i = 1, m.end()
                while i < len(line) and depth:
                    depth += {"{": 1, "}": -1}.get(line[i], 0)
                    i += 1
                inner = line[m.end() : i - 1] if depth == 0 else line[m.end() :]
                buf.append(line[start : m.end()] + inner.translate(_PROTECT) + "}")
                start = pos = i
                continue
            env = m.group("env")
            if env in _VERBATIM_ENVS:
                buf.append(line[start : m.start()])
                end = re.compile(r"\\end\s*\{\s*" + re.escape(env) + r"\s*\}").search(line, m.end())
                if end is None:
                    verbatim = env
                    start = pos = len(line)
                    newline = False
                    break
                start = pos = end.end()
                continue
            if m.group("endinput"):
                buf.append(line[start:])
                stop = True
                break
            pos = m.end()  # an escaped character (\%, \\) or a command: copied with the rest
        out.append("".join(buf) + ("\n" if newline else ""))
        if stop:
            break
    return "".join(out)


_INCLUDE_RX = re.compile(
    r"\\(?P<cmd>input|include|subfile|import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom)"
    r"(?![A-Za-z@])\*?[ \t]*"
    r"(?:\{(?P<a>[^{}\n]*)\}(?:[ \t]*\{(?P<b>[^{}\n]*)\})?|(?P<bare>[^\s{}\\%]+))"
)


def _document_body(text: str) -> str:
    """What lies between ``\\begin{document}`` and ``\\end{document}`` (a ``\\subfile``)."""
    b = re.search(r"\\begin\s*\{document\}", text)
    if b is None:
        return text
    e = re.search(r"\\end\s*\{document\}", text[b.end() :])
    return text[b.end() : b.end() + e.start()] if e else text[b.end() :]


class _Includes:
    """Follows ``\\input`` and friends inside the project only, with depth, cycle, count and size
    guards; a file that cannot be found is left out and noted."""

    def __init__(self, sources: _Sources, main: str, notes: list[str]) -> None:
        self.sources = sources
        self.main_dir = posixpath.dirname(main)
        self.notes = notes
        self.count = 0
        self.size = 0

    def expand(self, text: str, name: str, base: str, stack: tuple[str, ...] = ()) -> str:
        stack = (*stack, name)

        def repl(m: re.Match[str]) -> str:
            cmd = m.group("cmd")
            if cmd in ("import", "subimport", "inputfrom", "subinputfrom", "includefrom"):
                if m.group("b") is None:
                    return ""
                folder = m.group("a").strip()
                if cmd.startswith("sub"):
                    folder = posixpath.join(posixpath.dirname(name), folder)
                target, bases = m.group("b").strip(), [folder]
            else:
                target = (m.group("a") if m.group("a") is not None else m.group("bare")).strip()
                bases = [base, posixpath.dirname(name)]
            target = target.strip('"')
            found = self._resolve(target, bases)
            if found is None:
                self.notes.append(f"\\{cmd}{{{target}}}: not found in the source")
                return ""
            if found in stack:
                self.notes.append(f"\\{cmd}{{{target}}}: includes itself; not followed again")
                return ""
            if len(stack) > MAX_INCLUDE_DEPTH:
                self.notes.append(f"\\{cmd}{{{target}}}: nested deeper than {MAX_INCLUDE_DEPTH}")
                return ""
            self.count += 1
            if self.count > MAX_INCLUDES:
                raise _Fail(f"more than {MAX_INCLUDES} \\input files")
            content = _prepare(self.sources.read(found) or "")
            if re.search(r"\\begin\s*\{document\}", content):
                content = _document_body(content)
            new_base = bases[0] if cmd in ("import", "subimport") else base
            sub = self.expand(content, found, new_base, stack)
            self.size += len(sub)
            if self.size > MAX_EXPANDED:
                raise _Fail(f"the source is larger than {MAX_EXPANDED // 2**20} MB once included")
            sep = "\n\n" if cmd in ("include", "subfile", "includefrom", "subincludefrom") else ""
            return sep + sub + sep

        return _INCLUDE_RX.sub(repl, text)

    def _resolve(self, target: str, bases: list[str]) -> str | None:
        if not target or "\x00" in target:
            return None
        for base in dict.fromkeys(bases):
            for cand in (target, target + ".tex"):
                full = posixpath.normpath(posixpath.join(base, cand)) if base else cand
                full = posixpath.normpath(full)
                if full.startswith(("../", "/")) or full == ".." or re.match(r"^[A-Za-z]:", full):
                    continue  # outside the project: never read
                if full.lower().endswith(_TEXT_SUFFIXES) and self.sources.read(full) is not None:
                    return full
        return None


# ── tokens ────────────────────────────────────────────────────────────────────────────────────

Tok = tuple[str, str]  # (kind, value); kind: cs text sp par { } $ & ~ ^ _ # [ ]

_TOKEN_RX = re.compile(
    r"(?P<par>[ \t]*\n[ \t]*\n[ \t\n]*)"
    r"|\\(?P<cw>[A-Za-z@]+\*?)[ \t]*(?:\n(?![ \t]*\n)[ \t]*)?"
    r"|\\(?P<cs>[^A-Za-z@])"
    r"|(?P<sp>[ \t]+(?:\n(?![ \t]*\n)[ \t]*)?|\n(?![ \t]*\n)[ \t]*)"
    r"|(?P<ch>[{}$&~^_#\[\]])"
    r"|(?P<text>[^\\{}$&~^_#\[\]\s]+)"
    r"|(?P<bs>\\)",
    re.S,
)


def tokenize(text: str) -> list[Tok]:
    out: list[Tok] = []
    for m in _TOKEN_RX.finditer(text):
        k = m.lastgroup
        if k == "text":
            out.append(("text", m.group("text")))
        elif k == "sp":
            out.append(("sp", " "))
        elif k == "cw":
            out.append(("cs", m.group("cw")))
        elif k == "cs":
            out.append(("cs", m.group("cs")))
        elif k == "ch":
            c = m.group("ch")
            out.append((c, c))
        elif k == "par":
            out.append(("par", ""))
    return out


def _raw(tokens: list[Tok]) -> str:
    """The source text of tokens (for keys, labels and file names)."""
    out = []
    for k, v in tokens:
        if k == "cs":
            out.append("\\" + v)
        elif k == "par":
            out.append("\n\n")
        else:
            out.append(v)
    return "".join(out).translate(_UNPROTECT)


class _Stream:
    """Tokens with a stack of frames, so a macro's expansion is read before what follows it.

    ``budget`` (shared by every stream of one reader) bounds the tokens read in all: however
    the source nests and re-reads itself, the work stays proportional to its size."""

    __slots__ = ("budget", "frames")

    def __init__(self, tokens: list[Tok], budget: list[int] | None = None) -> None:
        self.frames: list[list] = [[tokens, 0]]
        self.budget = budget if budget is not None else [len(tokens) * 20 + 100_000]

    def next(self) -> Tok | None:
        frames = self.frames
        while frames:
            f = frames[-1]
            toks, i = f
            if i < len(toks):
                f[1] = i + 1
                self.budget[0] -= 1
                if self.budget[0] < 0:
                    raise _Fail("the source re-reads itself without end (unbalanced braces?)")
                return toks[i]
            frames.pop()
        return None

    def peek(self) -> Tok | None:
        for toks, i in reversed(self.frames):
            if i < len(toks):
                return toks[i]
        return None

    def push(self, tokens: list[Tok]) -> None:
        frames = self.frames
        while frames and frames[-1][1] >= len(frames[-1][0]):
            frames.pop()  # a macro at the end of its own expansion does not deepen the stack
        if tokens:
            frames.append([tokens, 0])

    def skip_space(self) -> None:
        while (t := self.peek()) is not None and t[0] == "sp":
            self.next()

    def read_arg(self) -> list[Tok]:
        """A mandatory argument: a brace group's content, or one token (one character)."""
        self.skip_space()
        t = self.peek()
        if t is None or t[0] in ("}", "par"):
            return []
        self.next()
        if t[0] == "{":
            return self.read_group()
        if t[0] == "text" and len(t[1]) > 1:
            self.push([("text", t[1][1:])])
            return [("text", t[1][0])]
        return [t]

    def read_group(self) -> list[Tok]:
        out: list[Tok] = []
        depth = 1
        while (t := self.next()) is not None:
            if t[0] == "{":
                depth += 1
            elif t[0] == "}":
                depth -= 1
                if depth == 0:
                    return out
            out.append(t)
        self.push(out)  # a brace never closed opens nothing: the rest is read as it comes
        return []

    def read_opt(self) -> list[Tok] | None:
        """An optional ``[...]`` argument, or None when none follows."""
        self.skip_space()
        t = self.peek()
        if t is None or t[0] != "[":
            return None
        self.next()
        out: list[Tok] = []
        depth = 0
        while (t := self.next()) is not None:
            if t[0] == "{":
                depth += 1
            elif t[0] == "}":
                depth -= 1
            elif t[0] == "]" and depth == 0:
                return out
            out.append(t)
        self.push([("[", "["), *out])  # a "[" never closed is text, not an optional argument
        return None

    def read_paren(self) -> None:
        """A booktabs trim spec ``(lr)``."""
        t = self.peek()
        if t is not None and t[0] == "text" and t[1].startswith("("):
            self.next()
            close = t[1].find(")")
            if close >= 0 and close + 1 < len(t[1]):
                self.push([("text", t[1][close + 1 :])])

    def read_env(self, name: str) -> list[Tok] | None:
        """The tokens up to the matching ``\\end{name}`` (nested ones of the same name kept);
        None, with nothing consumed, for an environment that never ends (or ends through a
        macro): its content is then read as it comes."""
        out: list[Tok] = []
        depth = 0
        while (t := self.next()) is not None:
            if t == ("cs", "begin") or t == ("cs", "end"):
                arg = self.read_arg()
                env = _raw(arg).strip()
                if env == name:
                    if t[1] == "end":
                        if depth == 0:
                            return out
                        depth -= 1
                    else:
                        depth += 1
                out.extend([t, ("{", "{"), *arg, ("}", "}")])
                continue
            out.append(t)
        self.push(out)
        return None


# ── what commands mean ────────────────────────────────────────────────────────────────────────

#: Commands that stand for text (name, then text). User definitions may replace these.
_TEXT_SYMBOLS: dict[str, str] = {
    **_pairs(
        "eg e.g. Eg E.g. ie i.e. Ie I.e. etc etc. cf cf. Cf Cf. wrt w.r.t. iid i.i.d. vs vs. "
        "aka a.k.a. resp resp. cmark ✓ xmark ✗ checkmark ✓ ss ß o ø O Ø ae æ AE Æ oe œ OE Œ "
        "aa å AA Å l ł L Ł i i j j dag † ddag ‡ S § P ¶ copyright © pounds £ euro € "
        "textasciitilde ~ textasciicircum ^ textunderscore _ textbar | textless < "
        "textgreater > textdegree ° degree ° textmu µ textperiodcentered · texttimes × "
        "textpm ± textminus - textendash - textquoteleft ' textquoteright ' textquotesingle ' "
        "textbullet • ldots ... dots ... textellipsis ... LaTeX LaTeX LaTeXe LaTeX2e TeX TeX "
        "BibTeX BibTeX percent %"
    ),
    "etal": "et al.",
    "textbackslash": "\\",
    "textemdash": " - ",
    "textquotedblleft": '"',
    "textquotedblright": '"',
    "space": " ",
    "quad": " ",
    "qquad": " ",
    "enspace": " ",
    "thinspace": " ",
    "hfill": " ",
    "newline": " ",
    "linebreak": " ",
    "tabularnewline": " ",
    "and": ", ",
    "AND": ", ",
}
#: Text commands followed by a space when a word follows (as \\xspace does).
_XSPACE = frozenset(_words("eg Eg ie Ie etal etc cf Cf wrt iid vs aka resp"))

#: Commands that stand for a symbol or a name in math.
_MATH_SYMBOLS: dict[str, str] = {
    **dict(
        zip(
            _words(
                "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi "
                "rho sigma tau upsilon phi chi psi omega"
            ),
            "αβγδϵζηθικλμνξπρστυϕχψω",
            strict=True,
        )
    ),
    **_pairs(
        "varepsilon ε vartheta ϑ varphi φ varrho ϱ varsigma ς varpi ϖ Gamma Γ Delta Δ Theta Θ "
        "Lambda Λ Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω times × cdot · pm ± mp ∓ "
        "div ÷ ast * star ⋆ circ ∘ bullet • odot ⊙ otimes ⊗ oplus ⊕ le ≤ leq ≤ leqslant ≤ "
        "ge ≥ geq ≥ geqslant ≥ ne ≠ neq ≠ approx ≈ sim ~ simeq ≃ cong ≅ equiv ≡ propto ∝ ll ≪ "
        "gg ≫ in ∈ notin ∉ subset ⊂ subseteq ⊆ supset ⊃ cup ∪ cap ∩ setminus ∖ emptyset ∅ "
        "varnothing ∅ to → rightarrow → leftarrow ← gets ← Rightarrow ⇒ Leftarrow ⇐ "
        "leftrightarrow ↔ Leftrightarrow ⇔ mapsto ↦ uparrow ↑ downarrow ↓ infty ∞ partial ∂ "
        "nabla ∇ sum ∑ prod ∏ int ∫ oint ∮ forall ∀ exists ∃ neg ¬ lnot ¬ land ∧ lor ∨ "
        "wedge ∧ vee ∨ ell ℓ top ⊤ bot ⊥ perp ⊥ prime ' cdots ... ldots ... dots ... "
        "vdots ... ddots ... mid | vert | lvert | rvert | Vert ‖ lVert ‖ rVert ‖ | ‖ langle ⟨ "
        "rangle ⟩ lfloor ⌊ rfloor ⌋ lceil ⌈ rceil ⌉ lbrace { rbrace } colon : hbar ℏ Re ℜ "
        "Im ℑ aleph ℵ angle ∠ triangle △ square □ log log ln ln exp exp max max min min "
        "arg arg argmax argmax argmin argmin sup sup inf inf lim lim det det dim dim sin sin "
        "cos cos tan tan tanh tanh sinh sinh cosh cosh sigmoid sigmoid softmax softmax "
        "ker ker deg deg gcd gcd Pr Pr mod mod bmod bmod pmod mod coloneqq := eqqcolon =: "
        "triangleq ≜ doteq ≐ iff ⟺ implies ⟹ models ⊨ vdash ⊢ dagger † ddagger ‡ checkmark ✓"
    ),
}

#: Accents: the combining character each one adds.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}

#: Control symbols (``\,``, ``\%``) outside accents.
_CONTROL_SYMBOLS = {
    ",": " ",
    ";": " ",
    ":": " ",
    ">": " ",
    " ": " ",
    "\n": " ",
    "\t": " ",
    "!": "",
    "@": "",
    "/": "",
    "-": "",
    "%": "%",
    "&": "&",
    "#": "#",
    "$": "$",
    "_": "_",
    "{": "{",
    "}": "}",
    "|": "‖",
}

#: Commands whose arguments are read: (spec, index of the argument kept, or -1 to drop all).
#: spec letters: m mandatory, o optional [...], p a booktabs trim (lr).
_ARGS: dict[str, tuple[str, int]] = {
    **{
        name: ("m", 0)
        for name in _words(
            "textbf textit emph texttt textsc textsf textrm textup textsl textmd textnormal "
            "underline uline uuline sout xout hl mbox hbox fbox textsuperscript textsubscript "
            "MakeUppercase MakeLowercase uppercase lowercase MakeTextUppercase NoCaseChange "
            "mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak mathscr mathnormal "
            "boldsymbol bm pmb operatorname hat bar tilde vec dot ddot widehat widetilde "
            "overline underbrace overbrace check breve acute grave mathring smash boxed cancel "
            "url nolinkurl path centerline llap rlap mathclap mathllap mathrlap substack "
            "AtBeginDocument AtEndDocument bibnamefont bibfnamefont citenamefont natexlab "
            "enquote emphasis textcircled mathstrut ensuremath text textnormal mbox"
        )
    },
    "href": ("mm", 1),
    "hyperref": ("om", 1),
    "hyperlink": ("mm", 1),
    "hypertarget": ("mm", 1),
    "texorpdfstring": ("mm", 0),
    "textcolor": ("omm", 2),
    "colorbox": ("omm", 2),
    "fcolorbox": ("ommm", 3),
    "resizebox": ("mmm", 2),
    "scalebox": ("mom", 2),
    "rotatebox": ("omm", 2),
    "reflectbox": ("m", 0),
    "raisebox": ("moom", 3),
    "parbox": ("ooomm", 4),
    "makebox": ("oom", 2),
    "framebox": ("oom", 2),
    "adjustbox": ("mm", 1),
    "shortstack": ("om", 1),
    "multicolumn": ("mmm", 2),
    "multirow": ("omomom", 5),
    "makecell": ("om", 1),
    "thead": ("om", 1),
    "rotcell": ("om", 1),
    "overset": ("mm", 1),
    "underset": ("mm", 1),
    "stackrel": ("mm", 1),
    "bibinfo": ("mm", 1),
    "bibfield": ("mm", 1),
    "twocolumn": ("o", 0),
    **{
        name: ("m", -1)
        for name in _words(
            "label input include includeonly bibliographystyle pagestyle thispagestyle "
            "pagenumbering vspace hspace date thanks address email institute keywords "
            "orcid icmlkeywords printAffiliationsAndNotice icmltitlerunning titlerunning "
            "authorrunning runningtitle runningauthor markright theoremstyle graphicspath "
            "hypersetup definecolor colorlet hyphenation newgeometry geometry setstretch "
            "phantom hphantom vphantom cline hhline tnote tag linespread enlargethispage "
            "pgfplotsset usetikzlibrary tikzset sisetup setcopyright pdfinfo addbibresource "
            "newlength BibitemShut urlstyle ccsdesc settopmatter acmConference acmYear acmDOI "
            "acmISBN acmPrice copyrightyear acmJournal acmVolume acmNumber acmArticle acmMonth "
            "fancyhead fancyfoot lhead chead rhead lfoot cfoot rfoot bibpunct "
            "specialcomment excludecomment includecomment DeclareGraphicsExtensions "
            "lstset lstdefinestyle AddToShipoutPicture captionsetup crefname Crefname "
            "newcolumntype arrayrulecolor subfile"
        )
    },
    "author": ("om", -1),
    "affiliation": ("om", -1),
    "affil": ("om", -1),
    "markboth": ("mm", -1),
    "includegraphics": ("om", -1),
    "includepdf": ("om", -1),
    "documentclass": ("om", -1),
    "setlength": ("mm", -1),
    "addtolength": ("mm", -1),
    "settowidth": ("mm", -1),
    "settoheight": ("mm", -1),
    "newcounter": ("mo", -1),
    "definecolor": ("mmm", -1),
    "rule": ("omm", -1),
    "icmlauthor": ("mm", -1),
    "icmlaffiliation": ("mm", -1),
    "icmlcorrespondingauthor": ("mm", -1),
    "icmlsetsymbol": ("mm", -1),
    "newenvironment": ("moomm", -1),
    "renewenvironment": ("moomm", -1),
    "NewDocumentEnvironment": ("mmmm", -1),
    "NewDocumentCommand": ("mmm", -1),
    "cmidrule": ("opm", -1),
    "toprule": ("o", -1),
    "midrule": ("o", -1),
    "bottomrule": ("o", -1),
    "specialrule": ("mmm", -1),
    "addlinespace": ("o", -1),
    "rowcolor": ("om", -1),
    "cellcolor": ("om", -1),
    "rowcolors": ("ommm", -1),
    "color": ("om", -1),
    "footnotemark": ("o", -1),
    "todo": ("om", -1),
    "marginpar": ("om", -1),
    "marginnote": ("om", -1),
    "missingfigure": ("om", -1),
    "fontsize": ("mm", -1),
    "addcontentsline": ("mmm", -1),
    "addtocontents": ("mm", -1),
    "PassOptionsToPackage": ("mm", -1),
    "PassOptionsToClass": ("mm", -1),
    "ProvidesPackage": ("mo", -1),
    "ProvidesFile": ("mo", -1),
    "NeedsTeXFormat": ("mo", -1),
    "DeclareOption": ("mm", -1),
    "ifthenelse": ("mmm", -1),
    "IfFileExists": ("mmm", 2),
    "pgfmathsetmacro": ("mm", -1),
    "tikz": ("om", -1),
    "crefformat": ("mm", -1),
    "titleformat": ("mommm", -1),
    "titlespacing": ("mmmm", -1),
    "AtBeginEnvironment": ("mm", -1),
    "patchcmd": ("mmmmm", -1),
    "apptocmd": ("mmmm", -1),
    "pretocmd": ("mmmm", -1),
}

#: Commands kept in text mode even inside math.
_TEXT_IN_MATH = frozenset(_words("text mbox textrm textit textbf texttt textsf textnormal hbox"))

#: Commands without arguments that print nothing.
_NOTHING = frozenset(
    _words(
        "maketitle centering raggedright raggedleft noindent indent par relax protect null "
        "smallskip medskip bigskip newpage clearpage cleardoublepage pagebreak nopagebreak "
        "nolinebreak hline toprule midrule bottomrule strut displaystyle textstyle scriptstyle "
        "scriptscriptstyle limits nolimits left right big Big bigg Bigg bigl bigr Bigl Bigr biggl "
        "biggr Biggl Biggr middle nonumber notag tiny scriptsize footnotesize small normalsize "
        "large Large LARGE huge Huge bf it em rm sf tt sc sl bfseries itshape mdseries rmfamily "
        "sffamily ttfamily scshape upshape slshape normalfont boldmath unboldmath makeatletter "
        "makeatother tableofcontents listoffigures listoftables frenchspacing sloppy fussy "
        "hfil vfill vfil onecolumn ignorespaces unskip endhead endfirsthead endfoot endlastfoot "
        "expandafter noexpand global long outer begingroup endgroup bgroup egroup "
        "IEEEpeerreviewmaketitle IEEEoverridecommandlockouts icmlEqualContribution "
        "iclrfinalcopy aclfinalcopy cvprfinalcopy iccvfinalcopy nocopyright "
        "BibitemOpen newblock morecmidrules ProcessOptions ExecuteOptions allowdisplaybreaks "
        "acmlicensed appendixpage addappheadtotoc printindex baselineskip tabcolsep "
        "arraystretch linewidth textwidth columnwidth hsize vsize selectfont "
        "normalcolor leavevmode mathversion centerfloat"
    )
)

_SECTION_DEPTH = {
    "part": -1,
    "chapter": 0,
    "section": 1,
    "subsection": 2,
    "subsubsection": 3,
    "paragraph": 4,
    "subparagraph": 5,
}
_SECTION_CHILD = {
    "chapter": "section",
    "section": "subsection",
    "subsection": "subsubsection",
    "subsubsection": "paragraph",
    "paragraph": "subparagraph",
}

_FLOATS = {
    **dict.fromkeys(
        _words(
            "figure figure* wrapfigure sidewaysfigure teaserfigure SCfigure marginfigure "
            "floatingfigure"
        ),
        "figure",
    ),
    **dict.fromkeys(_words("table table* wraptable sidewaystable SCtable margintable"), "table"),
    **dict.fromkeys(_words("algorithm algorithm* algorithm2e"), "algorithm"),
    "listing": "listing",
    "subfigure": "subfigure",
    "subtable": "subfigure",
}
_FLOAT_NAMES = {
    "figure": "Figure",
    "table": "Table",
    "algorithm": "Algorithm",
    "listing": "Listing",
}

_MATH_ENVS = frozenset(
    _words(
        "equation align gather multline eqnarray flalign alignat dmath IEEEeqnarray displaymath "
        "xalignat"
    )
)
_NUMBERED_MATH = frozenset(
    _words("equation align gather multline eqnarray flalign alignat dmath IEEEeqnarray xalignat")
)
_TABULAR_ENVS = {
    "tabular": "om",
    "tabular*": "mom",
    "tabularx": "mm",
    "tabulary": "mm",
    "longtable": "om",
    "longtable*": "om",
    "supertabular": "m",
    "xtabular": "m",
    "tabu": "m",
    "tblr": "om",
    "longtblr": "oom",
    "NiceTabular": "omo",
    "array": "om",
}
_DROPPED_ENVS = frozenset(
    _words(
        "tikzpicture pgfpicture picture pspicture circuitikz algorithmic algorithmic* algpseudocode "
        "CCSXML icmlauthorlist IEEEkeywords keywords forest dot2tex titlepage comment "
        "thebibliography-notes"
    )
)
_LIST_ENVS = frozenset(
    _words(
        "itemize enumerate description compactitem compactenum compactdesc inparaenum "
        "asparaenum asparaitem itemize* enumerate* description*"
    )
)
_ACK_ENVS = frozenset(
    _words("ack acks acknowledgements acknowledgments acknowledgement acknowledgment")
)
_ENV_ARGS = {
    "minipage": "ooom",
    "wrapfigure": "omom",
    "wraptable": "omom",
    "subfigure": "om",
    "subtable": "om",
    "multicols": "m",
    "multicols*": "m",
    "adjustbox": "m",
    "spacing": "m",
    "otherlanguage": "m",
    "tcolorbox": "o",
    "mdframed": "o",
    "alignat": "m",
    "alignat*": "m",
    "xalignat": "m",
    "IEEEeqnarray": "m",
    "IEEEeqnarray*": "m",
    "thebibliography": "m",
    "SCfigure": "oo",
    "CJK": "omm",
    "CJK*": "omm",
    "SCtable": "oo",
}

#: What \cref / \autoref call each counter.
_REF_NAMES = {
    "chapter": "Chapter",
    "section": "Section",
    "subsection": "Section",
    "subsubsection": "Section",
    "paragraph": "Section",
    "appendix": "Appendix",
    "figure": "Figure",
    "subfigure": "Figure",
    "table": "Table",
    "equation": "Eq.",
    "algorithm": "Algorithm",
    "listing": "Listing",
}

_CITES = {
    **dict.fromkeys(
        _words(
            "cite citep citealp citenum parencite Parencite autocite Autocite footcite smartcite "
            "supercite Cite Citep Citealp shortcite citeA citeN cites"
        ),
        "p",
    ),
    **dict.fromkeys(_words("citet Citet citealt Citealt textcite Textcite"), "t"),
    **dict.fromkeys(_words("citeauthor Citeauthor"), "a"),
    **dict.fromkeys(_words("citeyear citeyearpar"), "y"),
}
_REFS = {
    "ref": "",
    "eqref": "",
    "vref": "",
    "labelcref": "",
    "subref": "",
    "pageref": "page",
    "cpageref": "page",
    "autoref": "auto",
    "Autoref": "auto",
    "cref": "auto",
    "Cref": "auto",
    "nameref": "name",
}
_SI_UNITS = {
    "percent": "%",
    "second": "s",
    "minute": "min",
    "hour": "h",
    "day": "d",
    "metre": "m",
    "meter": "m",
    "gram": "g",
    "byte": "B",
    "bit": "bit",
    "hertz": "Hz",
    "watt": "W",
    "degree": "°",
    "kilo": "k",
    "mega": "M",
    "giga": "G",
    "tera": "T",
    "milli": "m",
    "micro": "µ",
    "nano": "n",
    "per": "/",
}
_DINGS = {"51": "✓", "52": "✔", "55": "✗", "56": "✘", "53": "✓", "54": "✗"}

_PH, _PH_SEP, _PH_END = "\ue000", "\ue001", "\ue002"
_PH_RX = re.compile("\ue000([CRB])([a-z]*)\ue001([^\ue002]*)\ue002")
_TEXTUAL_CITE_START = re.compile(r"(?<=[.!?])\s+(?=\ue000C[tay])")
_REFS_TITLE = re.compile(r"^(references|bibliography|literature cited|works cited)\.?$", re.I)
_DASHES_RX = re.compile(r"---|--|``|''|`")
_DASHES = {"---": "—", "--": "–", "``": '"', "''": '"', "`": "'"}
_DIMEN_RX = re.compile(
    r"^=?\s*[-+]?(?:\d+\.?\d*|\.\d+)?\s*(?:pt|mm|cm|in|em|ex|bp|sp|pc|dd|cc|mu|fill|fil|true)?"
)


def _text_chars(s: str) -> str:
    if "-" in s or "`" in s or "'" in s:
        return _DASHES_RX.sub(lambda m: _DASHES[m.group()], s)
    return s


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for v, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)


def _alph(n: int) -> str:
    return chr(ord("A") + n - 1) if 1 <= n <= 26 else str(n)


def _wrap(s: str) -> str:
    """``a+b`` → ``(a+b)`` where it is an operand of ``/``: values stay readable."""
    return f"({s})" if re.search(r"[\s+\-−×·/]", s.lstrip("-")) else s


def _split_top(tokens: list[Tok], seps: frozenset[Tok]) -> list[list[Tok]]:
    """Split at separators outside braces and nested environments."""
    out: list[list[Tok]] = [[]]
    depth = env = 0
    for t in tokens:
        if t[0] == "{":
            depth += 1
        elif t[0] == "}":
            depth -= 1
        elif t == ("cs", "begin"):
            env += 1
        elif t == ("cs", "end"):
            env -= 1
        if depth == 0 and env == 0 and t in seps:
            out.append([])
            continue
        out[-1].append(t)
    return out


_ROW_SEPS = frozenset({("cs", "\\"), ("cs", "tabularnewline"), ("cs", "cr"), ("cs", "crcr")})
_CELL_SEPS = frozenset({("&", "&")})


def _rows(tokens: list[Tok]) -> list[list[Tok]]:
    rows = _split_top(tokens, _ROW_SEPS)
    out = []
    for r in rows:
        # what \\ reads after itself: a star and a [2pt] skip
        i = 0
        while i < len(r) and r[i][0] == "sp":
            i += 1
        if i < len(r) and r[i] == ("text", "*"):
            i += 1
        if i < len(r) and r[i][0] == "[":
            j = i
            while j < len(r) and r[j][0] != "]":
                j += 1
            i = j + 1 if j < len(r) else i
        out.append(r[i:])
    return out


@dataclass
class _Macro:
    nargs: int
    default: list[Tok] | None
    body: list[Tok]


def _substitute(body: list[Tok], args: list[list[Tok]]) -> list[Tok]:
    out: list[Tok] = []
    i = 0
    while i < len(body):
        k = body[i][0]
        if k == "#" and i + 1 < len(body):
            nk, nv = body[i + 1]
            if nk == "text" and nv[:1].isdigit():
                n = int(nv[0])
                if 1 <= n <= len(args):
                    out.extend(args[n - 1])
                if len(nv) > 1:
                    out.append(("text", nv[1:]))
                i += 2
                continue
            if nk == "#":
                out.append(("#", "#"))
                i += 2
                continue
        out.append(body[i])
        i += 1
    return out


# ── the reader ────────────────────────────────────────────────────────────────────────────────

_HANDLERS: dict[str, str] = {
    "begin": "_h_begin",
    "end": "_h_end",
    **dict.fromkeys(_SECTION_DEPTH, "_h_section"),
    "appendix": "_h_appendix",
    "appendices": "_h_appendix",
    "caption": "_h_caption",
    "captionof": "_h_caption",
    "subcaption": "_h_caption",
    "subfloat": "_h_subfloat",
    "subfigure": "_h_subfloat",
    "footnote": "_h_footnote",
    "footnotetext": "_h_footnote",
    **dict.fromkeys(_CITES, "_h_cite"),
    "nocite": "_h_nocite",
    **dict.fromkeys(_REFS, "_h_ref"),
    "label": "_h_label",
    "title": "_h_title",
    "icmltitle": "_h_title",
    "abstract": "_h_abstract",
    "item": "_h_item",
    "bibliography": "_h_bibliography",
    "printbibliography": "_h_bibliography",
    "bibitem": "_h_bibitem",
    "addbibresource": "_h_addbibresource",
    **dict.fromkeys(
        _words(
            "newcommand renewcommand providecommand DeclareRobustCommand DeclareMathOperator "
            "newcommandx renewcommandx"
        ),
        "_h_newcommand",
    ),
    **dict.fromkeys(_words("def gdef edef xdef"), "_h_def"),
    "let": "_h_let",
    "newif": "_h_newif",
    "newtheorem": "_h_newtheorem",
    "usepackage": "_h_usepackage",
    "RequirePackage": "_h_usepackage",
    **dict.fromkeys(_words("setcounter addtocounter stepcounter refstepcounter"), "_h_counter"),
    **dict.fromkeys(_words("arabic roman Roman alph Alph fnsymbol"), "_h_counter_value"),
    "\\": "_h_linebreak",
    "(": "_h_inline_math",
    "[": "_h_display_math",
    "par": "_h_par",
    "xspace": "_h_xspace",
    "onedot": "_h_onedot",
    "ding": "_h_ding",
    **dict.fromkeys(_words("num SI si qty unit numrange SIrange qtyrange ang tablenum"), "_h_si"),
    "IEEEPARstart": "_h_parstart",
    **dict.fromkeys(_words("penalty vskip hskip kern vspace hspace mskip"), "_h_skip"),
    **dict.fromkeys(_words("frac dfrac tfrac cfrac nicefrac sfrac"), "_h_frac"),
    "sqrt": "_h_sqrt",
    "binom": "_h_binom",
    **dict.fromkeys(_words("left right"), "_h_delimiter"),
    "else": "_h_else",
    "fi": "_h_fi",
    "today": "_h_nothing",
}
_PROTECTED = frozenset(_HANDLERS) | frozenset(_ARGS) | _NOTHING | frozenset({"onedot"})


class _Reader:
    """Runs over the tokens of the expanded source and collects the parts of the paper."""

    def __init__(self, sources: _Sources, main: str) -> None:
        self.sources = sources
        self.main = main
        self.main_dir = posixpath.dirname(main)
        self.notes: list[str] = []
        self.parts: list[_Part] = []
        self.appendix_heads: list[bool] = []
        self.buf: list[str] = []
        self.saved: list[list[str]] = []
        self.footnotes: list[str] = []
        self.role_stack: list[str] = []
        self.float_stack: list[str] = []
        self.float_captioned: list[bool] = []
        self.env_stack: list[str] = []
        self.macros: dict[str, _Macro] = {}
        self.aliases: dict[str, str] = {}
        self.flags: dict[str, bool] = {}
        self.cond: list[bool] = []
        self.counters: dict[str, int] = {}
        self.labels: dict[str, tuple[str, str, str]] = {}
        self.current: tuple[str, str, str] = ("", "", "")
        self.appendix = False
        self.title = ""
        self.title_done = False
        self.abstract_tokens: list[Tok] | None = None
        self.bib_names: dict[str, str] = {}
        self.bib_years: dict[str, str] = {}
        self.bib_keys: list[str] = []
        self.nocite: list[str] = []
        self.bib_files: list[str] = []
        self.bibtex: dict[str, str] = {}
        self.bibtex_at: int | None = None
        self.bib_done = False
        self.loaded: set[str] = set()
        self.budget = [2_000_000]
        self.expansions = 0
        self.expanded: dict[str, int] = {}
        self.theorems: dict[str, tuple[str, str]] = {}  # environment → (counter, "Lemma")
        self.resets: dict[str, list[str]] = {}  # counter → counters it resets
        self.depth = 0
        self.done = False
        self.mode = "body"
        self.secnumdepth = 3
        self.has_chapters = False
        self.sub_counter = 0

    # ── driving ──

    def read(self) -> tuple[list[_Part], list[bool]]:
        text = self.sources.read(self.main)
        if text is None:
            raise _Fail(f"{self.main} is not a text file")
        text = _prepare(text)
        text = _Includes(self.sources, self.main, self.notes).expand(text, self.main, self.main_dir)
        self._setup_class(text)
        tokens = tokenize(text)
        self.budget = [len(tokens) * 20 + 2_000_000]
        stream = _Stream(tokens, self.budget)
        self.mode = "preamble" if re.search(r"\\begin\s*\{document\}", text) else "body"
        junk: list[str] = []
        while not self.done:
            t = stream.next()
            if t is None:
                break
            if self.mode == "body":
                self._step(t, stream, self.buf, "body")
            else:
                self._step(t, stream, junk, "preamble")
                if len(junk) > 256:
                    junk.clear()
        self._flush()
        return self._finish(), self.appendix_heads

    def _setup_class(self, text: str) -> None:
        m = re.search(r"\\documentclass\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}", text)
        cls = m.group(2).strip() if m else "article"
        options = (m.group(1) or "") if m else ""
        books = ("report", "book", "memoir", "scrbook", "scrreprt")
        self.has_chapters = cls in books or bool(re.search(r"\\chapter\*?\s*[\[{]", text))
        self.secnumdepth = 2 if cls in (*books, "llncs") else 3
        ch = r"\thechapter." if self.has_chapters else ""
        the = {
            "thechapter": r"\arabic{chapter}",
            "thesection": ch + r"\arabic{section}",
            "thesubsection": r"\thesection.\arabic{subsection}",
            "thesubsubsection": r"\thesubsection.\arabic{subsubsection}",
            "theparagraph": r"\thesubsubsection.\arabic{paragraph}",
            "thesubparagraph": r"\theparagraph.\arabic{subparagraph}",
            "thefigure": ch + r"\arabic{figure}",
            "thetable": ch + r"\arabic{table}",
            "theequation": ch + r"\arabic{equation}",
            "thealgorithm": r"\arabic{algorithm}",
            "thelisting": r"\arabic{listing}",
        }
        if cls == "IEEEtran" and "compsoc" not in options:
            the.update(
                thesection=r"\Roman{section}",
                thesubsection=r"\thesection-\Alph{subsection}",
                thesubsubsection=r"\thesubsection\arabic{subsubsection}",
                theparagraph=r"\thesubsubsection\alph{paragraph}",
                thetable=r"\Roman{table}",
            )
        for name, body in the.items():
            self.macros[name] = _Macro(0, None, tokenize(body))

    def _step(self, t: Tok, stream: _Stream, out: list[str], mode: str) -> None:
        kind, val = t
        if kind == "text":
            out.append(val if mode == "math" else _text_chars(val))
        elif kind == "sp":
            out.append(" ")
        elif kind == "cs":
            self._command(val, stream, out, mode)
        elif kind == "par":
            if mode == "body":
                self._flush()
            else:
                out.append(" ")
        elif kind == "$":
            self._dollar(stream, out, mode)
        elif kind in ("~", "&"):
            out.append(" ")
        elif kind in ("[", "]"):
            out.append(kind)
        elif kind == "^" and mode == "math":
            s = self._render(stream.read_arg(), "math").strip()
            simple = re.fullmatch(r"[-+]?[\w.]+|\S|\(.*\)", s)
            out.append("^" + (s if simple else f"({s})"))
        elif kind == "_" and mode == "math":
            out.append(self._render(stream.read_arg(), "math").replace(" ", ""))

    def _render(self, tokens: list[Tok], mode: str = "inline") -> str:
        """The text of tokens read apart (an argument, a caption, a cell)."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise _Fail("the source nests too deeply to read")
        try:
            out: list[str] = []
            stream = _Stream(tokens, self.budget)
            while (t := stream.next()) is not None:
                self._step(t, stream, out, mode)
            text = "".join(out)
            return text if mode == "math" else _squash(text)
        finally:
            self.depth -= 1

    def _math(self, tokens: list[Tok]) -> str:
        s = _squash(self._render(tokens, "math"))
        # relations and binary operators: spaced on both sides, or on neither
        return re.sub(
            r"\s*(:=|=:|[=<>≤≥≈≠×·±∈→~≜≐⟹⟺])\s*",
            lambda m: m.group(1) if m.group(0) == m.group(1) else f" {m.group(1)} ",
            s,
        ).strip()

    def _command(self, name: str, stream: _Stream, out: list[str], mode: str) -> None:
        if name in self.macros:
            if mode != "preamble":  # the preamble is read for its definitions only
                self._expand(name, stream)
            return
        base = name[:-1] if name.endswith("*") and len(name) > 1 else name
        star = base != name
        if star and base in self.macros:
            if mode != "preamble":
                stream.push([("text", "*")])
                self._expand(base, stream)
            return
        base = self.aliases.get(base, base)
        handler = _HANDLERS.get(base)
        if handler is not None:
            getattr(self, handler)(stream, out, mode, star, base)
            return
        spec = _ARGS.get(base)
        if spec is not None:
            self._args(base, spec, stream, out, mode)
            return
        if base in _NOTHING:
            return
        if base in _ACCENTS and mode != "math":
            self._accent(base, stream, out)
            return
        if base in _CONTROL_SYMBOLS:
            out.append(_CONTROL_SYMBOLS[base])
        elif mode == "math" and base in _MATH_SYMBOLS:
            sym = _MATH_SYMBOLS[base]
            nxt = stream.peek()
            if (
                sym.isalpha()
                and len(sym) > 1
                and nxt is not None
                and (nxt[0] == "cs" or (nxt[0] == "text" and nxt[1][:1].isalnum()))
            ):
                sym += " "  # \log n → "log n", not "logn"
            out.append(sym)
        elif base in _TEXT_SYMBOLS:
            out.append(_TEXT_SYMBOLS[base] + (self._xspace(stream) if base in _XSPACE else ""))
        elif base in _MATH_SYMBOLS:
            out.append(_MATH_SYMBOLS[base])
        elif self._is_if(base):
            self._conditional(base, stream, mode)
        elif base.endswith("true") and base[:-4] in self.flags:
            self.flags[base[:-4]] = True
        elif base.endswith("false") and base[:-5] in self.flags:
            self.flags[base[:-5]] = False
        else:
            self._eat_assignment(stream)  # an unknown command prints nothing; \foo=3pt too

    def _expand(self, name: str, stream: _Stream) -> None:
        self.expansions += 1
        if self.expansions > MAX_EXPANSIONS:
            raise _Fail(f"macros expand without end (more than {MAX_EXPANSIONS} expansions)")
        count = self.expanded.get(name, 0) + 1
        self.expanded[name] = count
        if count > MAX_PER_MACRO or len(stream.frames) > MAX_FRAMES:
            # TeX programming (loops, recursion ended by conditionals) is beyond a static reader:
            # the macro prints nothing from here on, and the rest of the paper is still read
            self.macros[name] = _Macro(0, None, [])
            self.notes.append(f"macro \\{name} expands without end; ignored")
            return
        m = self.macros[name]
        if not m.nargs:
            stream.push(m.body)
            return
        args: list[list[Tok]] = []
        if m.default is not None:
            opt = stream.read_opt()
            args.append(m.default if opt is None else opt)
        while len(args) < m.nargs:
            args.append(stream.read_arg())
        stream.push(_substitute(m.body, args))

    def _args(self, base: str, spec: tuple[str, int], stream: _Stream, out: list[str], mode: str):
        letters, keep = spec
        args: list[list[Tok] | None] = []
        for c in letters:
            if c == "o":
                args.append(stream.read_opt())
            elif c == "p":
                stream.read_paren()
                args.append(None)
            else:
                args.append(stream.read_arg())
        kept = args[keep] if keep >= 0 else None
        if not kept:
            return
        if mode == "math" and base in _TEXT_IN_MATH:
            out.append(self._render(kept, "inline"))
        else:
            stream.push([("{", "{"), *kept, ("}", "}")])

    def _accent(self, mark: str, stream: _Stream, out: list[str]) -> None:
        s = self._render(stream.read_arg())
        if s:
            out.append(unicodedata.normalize("NFC", s[0] + _ACCENTS[mark] + s[1:]))

    def _xspace(self, stream: _Stream) -> str:
        t = stream.peek()
        if t is None:
            return ""
        if t[0] == "text":
            return " " if t[1][0].isalnum() or t[1][0] in "(\"'" else ""
        if t[0] == "cs":
            return "" if t[1] in ("footnote", "footnotemark", "xspace", "/", " ", "\\") else " "
        return " " if t[0] == "$" else ""

    def _eat_assignment(self, stream: _Stream) -> None:
        t = stream.peek()
        if t is not None and t[0] == "text" and t[1].startswith("="):
            self._eat_dimen(stream)

    def _eat_dimen(self, stream: _Stream) -> None:
        stream.skip_space()
        t = stream.peek()
        if t is None:
            return
        if t[0] == "cs":
            stream.next()
            return
        if t[0] == "text":
            m = _DIMEN_RX.match(t[1])
            if m and m.end():
                stream.next()
                if m.end() < len(t[1]):
                    stream.push([("text", t[1][m.end() :])])
                elif t[1].endswith("=") or t[1] == "=":
                    self._eat_dimen(stream)

    # ── paragraphs and parts ──

    def _flush(self) -> None:
        text = _squash("".join(self.buf))
        self.buf.clear()
        if text and re.search(r"\w", text):
            role = self.role_stack[-1] if self.role_stack else "body"
            if self.role_stack or not self.float_stack:
                # "... as shown. \citet{x} proposed": a sentence that opens with a bare "[3]"
                # would be read as the end of the one before, so it starts a part of its own
                for piece in _TEXTUAL_CITE_START.split(text):
                    self.parts.append(_Part(piece, 1, role))
            # loose text inside a figure (axis labels, "(a)") is not prose
        for f in self.footnotes:
            self.parts.append(_Part(f, 1, "footnote"))
        self.footnotes.clear()

    def _heading(self, number: str, title: str, level: int) -> None:
        text = f"{number} {title}".strip() if number else title
        self.parts.append(_Part(text, 1, "heading", (number, title, level)))
        self.appendix_heads.append(self.appendix)

    def _title_part(self) -> None:
        if self.title and not self.title_done:
            self.parts.append(_Part(self.title, 1, "body"))
            self.title_done = True

    # ── counters ──

    def _step_counter(self, name: str) -> None:
        self.counters[name] = self.counters.get(name, 0) + 1
        child = _SECTION_CHILD.get(name)
        while child:
            self.counters[child] = 0
            child = _SECTION_CHILD.get(child)
        if name == "chapter":
            for c in ("figure", "table", "equation"):
                self.counters[c] = 0
        for c in self.resets.get(name, ()):
            self.counters[c] = 0

    def _the(self, name: str) -> str:
        if "the" + name in self.macros:
            return self._render([("cs", "the" + name)])
        return str(self.counters.get(name, 0))

    # ── handlers (each takes stream, out, mode, star, name) ──

    def _h_nothing(self, stream, out, mode, star, name) -> None:
        pass

    def _h_begin(self, stream, out, mode, star, name) -> None:
        env = _raw(stream.read_arg()).strip()
        if env == "document":
            if mode == "preamble":
                self._begin_document(stream)
            return
        if env in _DROPPED_ENVS:
            stream.read_env(env)
            return
        base = env.rstrip("*")
        if base in _MATH_ENVS or env == "math":
            for c in _ENV_ARGS.get(env, ""):
                stream.read_opt() if c == "o" else stream.read_arg()
            tokens = stream.read_env(env)
            if tokens is None or mode == "preamble":
                return
            if env == "math":
                out.append(self._math(tokens))
            else:
                self._display(env, tokens, out)
            return
        if env in _TABULAR_ENVS:
            for c in _TABULAR_ENVS[env]:
                stream.read_opt() if c == "o" else stream.read_arg()
            tokens = stream.read_env(env)
            if tokens is not None and mode != "preamble":
                self._tabular(tokens, out, mode)
            return
        if env == "thebibliography":
            stream.read_arg()
            tokens = stream.read_env(env)
            if tokens is not None and mode != "preamble":
                self._thebibliography(tokens)
            return
        if env == "abstract" and mode == "preamble":
            self.abstract_tokens = stream.read_env(env)
            return
        for c in _ENV_ARGS.get(env, "o"):
            stream.read_opt() if c == "o" else stream.read_arg()
        if mode != "body" or len(self.env_stack) >= MAX_NESTING:
            return  # other environments are transparent inside an argument
        if env in _FLOATS:
            kind = _FLOATS[env]
            self.saved.append(self.buf)
            self.buf = []
            self.float_stack.append(kind)
            self.float_captioned.append(False)
            if kind == "subfigure":
                self.sub_counter += 1
            else:
                self.sub_counter = 0
        else:
            self._flush()
            if env == "abstract":
                self._heading("", "Abstract", 1)
            elif env in _ACK_ENVS:
                self._heading("", "Acknowledgments", 1)
            elif env in ("appendices", "appendix"):
                self._start_appendix()
            elif env == "tablenotes":
                self.role_stack.append("footnote")
            elif env in self.theorems:
                counter, title = self.theorems[env]
                self._step_counter(counter)
                self.current = (env, self._the(counter), title)
        self.env_stack.append(env)

    def _h_end(self, stream, out, mode, star, name) -> None:
        env = _raw(stream.read_arg()).strip()
        if mode != "body":
            return
        if env == "document":
            self._flush()
            self.done = True
            return
        if env not in self.env_stack:
            return
        while self.env_stack:
            e = self.env_stack.pop()
            self._flush()
            if e in _FLOATS and self.float_stack:
                self.float_stack.pop()
                self.float_captioned.pop()
                self.buf = self.saved.pop() if self.saved else []
            elif e == "tablenotes" and self.role_stack:
                self.role_stack.pop()
            if e == env:
                break

    def _begin_document(self, stream: _Stream) -> None:
        self.mode = "body"
        self.buf = []
        self.footnotes.clear()
        self._title_part()
        if self.abstract_tokens is not None:
            self._heading("", "Abstract", 1)
            stream.push([*self.abstract_tokens, ("par", "")])

    def _h_section(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        tokens = stream.read_arg()
        if mode != "body":
            if mode == "inline":
                out.append(" " + self._render(tokens) + " ")
            return
        if name == "part":
            self._flush()
            return
        self._flush()
        depth = _SECTION_DEPTH[name]
        number = ""
        if not star and depth <= self.secnumdepth:
            self._step_counter(name)
            number = self._the(name)
        top = "chapter" if self.has_chapters else "section"
        counter = "appendix" if self.appendix and name == top else name
        interim = (counter, number, "")
        if number:
            self.current = interim  # \section{Results\label{sec:x}} labels the new section
        title = re.sub(r"\s*[.:]$", "", self._render(tokens))
        if number:
            self.current = (counter, number, title)
            for key, value in self.labels.items():
                if value is interim:
                    self.labels[key] = self.current
        self._heading(number, title, depth + (1 if self.has_chapters else 0))

    def _h_appendix(self, stream, out, mode, star, name) -> None:
        if mode == "body":
            self._flush()
            self._start_appendix()

    def _start_appendix(self) -> None:
        self.appendix = True
        top = "chapter" if self.has_chapters else "section"
        self.counters[top] = 0
        self._step_counter(top)
        self.counters[top] = 0
        self.macros["the" + top] = _Macro(0, None, tokenize(rf"\Alph{{{top}}}"))

    def _h_caption(self, stream, out, mode, star, name) -> None:
        if name == "captionof":
            kind = _raw(stream.read_arg()).strip()
            kind = _FLOATS.get(kind, kind)
        else:
            kind = self.float_stack[-1] if self.float_stack else "figure"
        stream.read_opt()
        tokens = stream.read_arg()
        if mode == "preamble":
            return
        if kind == "subfigure" or name == "subcaption":
            self._subcaption(tokens)
            return
        prefix = ""
        if not star:
            self._step_counter(kind)
            number = self._the(kind)
            prefix = f"{_FLOAT_NAMES.get(kind, kind.capitalize())} {number}: "
            self.current = (kind, number, "")
            if self.float_captioned:
                self.float_captioned[-1] = True
        text = self._render(tokens)
        self.parts.append(_Part(prefix + text, 1, "caption"))

    def _subcaption(self, tokens: list[Tok]) -> None:
        letter = chr(ord("a") + (max(self.sub_counter, 1) - 1) % 26)
        parent = next((k for k in reversed(self.float_stack) if k != "subfigure"), "figure")
        captioned = len(self.float_captioned) >= 2 and self.float_captioned[-2]
        number = str(self.counters.get(parent, 0) + (0 if captioned else 1))
        self.current = ("subfigure", number + letter, "")
        text = self._render(tokens)
        if text:
            self.parts.append(_Part(f"({letter}) {text}", 1, "caption"))

    def _h_subfloat(self, stream, out, mode, star, name) -> None:
        first = stream.read_opt()
        second = stream.read_opt()
        body = stream.read_arg()
        caption = second if second is not None else first
        if mode == "preamble":
            return
        self.sub_counter += 1
        if caption:
            self._subcaption(caption)
        stream.push([("{", "{"), *body, ("}", "}")])

    def _h_footnote(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        tokens = stream.read_arg()
        if mode == "preamble":
            return
        text = self._render(tokens)
        if text:
            self.footnotes.append(text)

    def _h_cite(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        stream.read_opt()
        keys = [k.strip() for k in _raw(stream.read_arg()).split(",") if k.strip()]
        if mode == "preamble" or not keys:
            return
        out.append(f"{_PH}C{_CITES[name]}{_PH_SEP}{','.join(keys)}{_PH_END}")

    def _h_nocite(self, stream, out, mode, star, name) -> None:
        self.nocite.extend(k.strip() for k in _raw(stream.read_arg()).split(",") if k.strip())

    def _h_ref(self, stream, out, mode, star, name) -> None:
        keys = _raw(stream.read_arg()).strip()
        if mode != "preamble":
            out.append(f"{_PH}R{_REFS[name]}{_PH_SEP}{keys}{_PH_END}")

    def _h_label(self, stream, out, mode, star, name) -> None:
        key = _raw(stream.read_arg()).strip()
        if mode != "preamble" and key:
            self.labels.setdefault(key, self.current)

    def _h_title(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        tokens = stream.read_arg()
        if mode == "inline":
            return
        pending = len(self.footnotes)
        self.title = self._render(tokens)
        del self.footnotes[pending:]
        if mode == "body" and not self.title_done:
            self._flush()
            self._title_part()

    def _h_abstract(self, stream, out, mode, star, name) -> None:
        stream.skip_space()
        t = stream.peek()
        if t is None or t[0] != "{":
            return
        tokens = stream.read_arg()
        if mode == "preamble":
            self.abstract_tokens = tokens
        elif mode == "body":
            self._flush()
            self._heading("", "Abstract", 1)
            stream.push([*tokens, ("par", "")])

    def _h_item(self, stream, out, mode, star, name) -> None:
        label = stream.read_opt()
        if mode == "body":
            self._flush()
            out = self.buf
        else:
            out.append(" ")
        if label:
            out.append(self._render(label) + " ")

    def _h_par(self, stream, out, mode, star, name) -> None:
        if mode == "body":
            self._flush()
        else:
            out.append(" ")

    def _h_linebreak(self, stream, out, mode, star, name) -> None:
        t = stream.peek()
        if t is not None and t[0] == "text" and t[1].startswith("*"):
            stream.next()
            if len(t[1]) > 1:
                stream.push([("text", t[1][1:])])
        t = stream.peek()
        if t is not None and t[0] == "[":
            stream.read_opt()
        out.append(" ")

    def _h_xspace(self, stream, out, mode, star, name) -> None:
        out.append(self._xspace(stream))

    def _h_onedot(self, stream, out, mode, star, name) -> None:
        t = stream.peek()
        if not (t is not None and t[0] == "text" and t[1].startswith(".")):
            out.append("." + self._xspace(stream))

    def _h_ding(self, stream, out, mode, star, name) -> None:
        out.append(_DINGS.get(_raw(stream.read_arg()).strip(), ""))

    def _h_parstart(self, stream, out, mode, star, name) -> None:
        first = self._render(stream.read_arg())
        out.append(first + self._render(stream.read_arg()))

    def _h_si(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        if name in ("si", "unit"):
            out.append(self._unit(stream.read_arg()))
            return
        if name == "ang":
            out.append(_raw(stream.read_arg()).strip() + "°")
            return
        first = _raw(stream.read_arg()).strip()
        value = first
        if name in ("numrange", "SIrange", "qtyrange"):
            value = f"{first}-{_raw(stream.read_arg()).strip()}"
        if name in ("SI", "qty", "SIrange", "qtyrange"):
            stream.read_opt()
            unit = self._unit(stream.read_arg())
            value += unit if unit in ("%", "°") else f" {unit}"
        out.append(value.translate(_UNPROTECT))

    def _unit(self, tokens: list[Tok]) -> str:
        out = []
        for k, v in tokens:
            if k == "cs":
                out.append(_SI_UNITS.get(v, v))
            elif k == "text":
                out.append(v)
        return "".join(out)

    def _h_skip(self, stream, out, mode, star, name) -> None:
        if name in ("vspace", "hspace"):
            stream.read_arg()
        else:
            self._eat_dimen(stream)
        if name in ("hspace", "hskip", "mskip"):
            out.append(" ")

    def _h_frac(self, stream, out, mode, star, name) -> None:
        a = self._render(stream.read_arg(), "math" if mode == "math" else "inline").strip()
        b = self._render(stream.read_arg(), "math" if mode == "math" else "inline").strip()
        out.append(f"{_wrap(a)}/{_wrap(b)}")

    def _h_sqrt(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        out.append("√" + _wrap(self._render(stream.read_arg(), "math").strip()))

    def _h_binom(self, stream, out, mode, star, name) -> None:
        a = self._render(stream.read_arg(), "math").strip()
        b = self._render(stream.read_arg(), "math").strip()
        out.append(f"C({a}, {b})")

    def _h_delimiter(self, stream, out, mode, star, name) -> None:
        t = stream.peek()
        if t is not None and t[0] == "text" and t[1].startswith("."):
            stream.next()  # \left. is an empty delimiter
            if len(t[1]) > 1:
                stream.push([("text", t[1][1:])])

    def _h_inline_math(self, stream, out, mode, star, name) -> None:
        tokens = self._until(stream, ("cs", ")"))
        if tokens is not None and mode != "preamble":
            out.append(self._math(tokens))

    def _h_display_math(self, stream, out, mode, star, name) -> None:
        tokens = self._until(stream, ("cs", "]"))
        if tokens is not None and mode != "preamble":
            self._display("displaymath", tokens, out)

    @staticmethod
    def _until(stream: _Stream, end: Tok) -> list[Tok] | None:
        """The tokens before ``end``; None (and nothing consumed) when it never comes."""
        tokens = []
        while (t := stream.next()) is not None:
            if t == end:
                return tokens
            tokens.append(t)
        stream.push(tokens)
        return None

    def _dollar(self, stream: _Stream, out: list[str], mode: str) -> None:
        display = False
        t = stream.peek()
        if t is not None and t[0] == "$":
            stream.next()
            display = True
        tokens: list[Tok] = []
        while (t := stream.next()) is not None:
            if t[0] == "$":
                if display and (n := stream.peek()) is not None and n[0] == "$":
                    stream.next()
                break
            if t[0] == "par":
                break  # an unclosed $ ends with the paragraph
            tokens.append(t)
        if mode == "preamble":
            return
        if display:
            self._display("displaymath", tokens, out)
        else:
            out.append(self._math(tokens))

    def _display(self, env: str, tokens: list[Tok], out: list[str]) -> None:
        """Display math: numbered as LaTeX numbers it (so \\eqref resolves), shown as a short
        placeholder that keeps the sentence's punctuation."""
        base = env.rstrip("*")
        numbered = base in _NUMBERED_MATH and not env.endswith("*")
        single = base in ("equation", "multline", "dmath")
        rows = [tokens] if single else _rows(tokens)
        for row in rows:
            names = {v for k, v in row if k == "cs"}
            tag = None
            if "tag" in names:
                i = row.index(("cs", "tag"))
                tag = _raw(_Stream(row[i + 1 :]).read_arg()).strip()
            if tag is not None:
                number = tag
            elif numbered and not names & {"nonumber", "notag"}:
                self._step_counter("equation")
                number = self._the("equation")
            else:
                continue
            self.current = ("equation", number, "")
            for i, t in enumerate(row):
                if t == ("cs", "label"):
                    key = _raw(_Stream(row[i + 1 :]).read_arg()).strip()
                    self.labels.setdefault(key, self.current)
        rendered = self._math(tokens)
        end = rendered.rstrip()[-1:]
        out.append(" [formula]" + (end if end in ".,;" else "") + " ")

    def _tabular(self, tokens: list[Tok], out: list[str], mode: str) -> None:
        rows = []
        for row in _rows(tokens):
            cells = [self._render(c) for c in _split_top(row, _CELL_SEPS)]
            text = " ".join(c for c in cells if c)
            if re.search(r"\w", text):
                rows.append(text)
        if mode == "body":
            self.parts.extend(_Part(r, 1, "table") for r in rows)
        elif mode != "math":
            out.append(" " + " ".join(rows) + " ")
        else:
            out.append(" ".join(rows))

    # ── definitions ──

    def _define(self, name: str | None, macro: _Macro, how: str) -> None:
        if not name or name in _PROTECTED:
            return
        if how == "providecommand" and (
            name in self.macros or name in _TEXT_SYMBOLS or name in _MATH_SYMBOLS
        ):
            return
        self.macros[name] = macro
        self.aliases.pop(name, None)

    def _h_newcommand(self, stream, out, mode, star, name) -> None:
        target = next((v for k, v in stream.read_arg() if k == "cs"), None)
        if name == "DeclareMathOperator":
            body = stream.read_arg()
            self._define(target, _Macro(0, None, body), name)
            return
        n = stream.read_opt()
        default = stream.read_opt() if n is not None else None
        body = stream.read_arg()
        count = _raw(n or []).strip()
        nargs = min(int(count), 9) if count.isdigit() else 0
        self._define(target, _Macro(nargs, default if nargs else None, body), name)

    def _h_def(self, stream, out, mode, star, name) -> None:
        t = stream.next()
        if t is None or t[0] != "cs":
            return
        params: list[Tok] = []
        while (p := stream.peek()) is not None and p[0] != "{" and len(params) < 40:
            params.append(stream.next())
        body = stream.read_arg()
        plain = all(k == "#" or (k == "text" and v.isdigit()) for k, v in params)
        if plain:  # \def\foo#1#2{...}; a delimited \def is beyond a static reader
            self._define(t[1], _Macro(sum(k == "#" for k, _ in params), None, body), "def")

    def _h_let(self, stream, out, mode, star, name) -> None:
        t = stream.next()
        if t is None or t[0] != "cs":
            return
        stream.skip_space()
        p = stream.peek()
        if p is not None and p[0] == "text" and p[1].startswith("="):
            stream.next()
            if len(p[1]) > 1:
                stream.push([("text", p[1][1:])])
            stream.skip_space()
        target = stream.next()
        if target is None or t[1] in _PROTECTED:
            return
        if target[0] == "cs":
            if target[1] in self.macros:
                self.macros[t[1]] = self.macros[target[1]]
            else:
                self.macros.pop(t[1], None)
                self.aliases[t[1]] = target[1]
        else:
            self.macros[t[1]] = _Macro(0, None, [target])

    def _h_newtheorem(self, stream, out, mode, star, name) -> None:
        """``\\newtheorem{lemma}[theorem]{Lemma}[section]``: its own counter or a shared one,
        optionally numbered within a section."""
        env = _raw(stream.read_arg()).strip()
        shared = stream.read_opt()
        title = self._render(stream.read_arg())
        within = stream.read_opt()
        if not env or star:
            return
        counter = _raw(shared).strip() if shared else env
        self.theorems[env] = (counter, title)
        if within and not shared:
            parent = _raw(within).strip()
            self.resets.setdefault(parent, []).append(counter)
            self.macros["the" + counter] = _Macro(
                0, None, tokenize(rf"\the{parent}.\arabic{{{counter}}}")
            )

    def _h_newif(self, stream, out, mode, star, name) -> None:
        t = stream.next()
        if t is not None and t[0] == "cs" and t[1].startswith("if"):
            self.flags[t[1][2:]] = False

    def _h_usepackage(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        names = [n.strip() for n in _raw(stream.read_arg()).split(",") if n.strip()]
        if mode != "preamble":
            return
        for n in names:
            path = posixpath.normpath(posixpath.join(self.main_dir, n + ".sty"))
            if path in self.loaded or path.startswith(".."):
                continue
            self.loaded.add(path)
            text = self.sources.read(path)
            if text is not None:  # the project's own macros (never a TeX installation's)
                stream.push(tokenize(_prepare(text)))

    def _h_counter(self, stream, out, mode, star, name) -> None:
        counter = _raw(stream.read_arg()).strip()
        if name in ("setcounter", "addtocounter"):
            raw = _raw(stream.read_arg()).strip()
            try:
                value = int(raw)
            except ValueError:
                return
            if counter == "secnumdepth":
                self.secnumdepth = value if name == "setcounter" else self.secnumdepth + value
            elif name == "setcounter":
                self.counters[counter] = value
            else:
                self.counters[counter] = self.counters.get(counter, 0) + value
            return
        self._step_counter(counter)
        if name == "refstepcounter":
            self.current = (counter, self._the(counter), "")

    def _h_counter_value(self, stream, out, mode, star, name) -> None:
        n = self.counters.get(_raw(stream.read_arg()).strip(), 0)
        if name == "arabic":
            out.append(str(n))
        elif name == "Roman":
            out.append(_roman(n))
        elif name == "roman":
            out.append(_roman(n).lower())
        elif name == "Alph":
            out.append(_alph(n))
        elif name == "alph":
            out.append(_alph(n).lower())
        else:
            out.append("*")

    # ── conditionals ──

    def _is_if(self, name: str) -> bool:
        return (
            name.startswith("if")
            and name not in ("iff", "ifthenelse")
            and name not in self.macros
            and name not in _PROTECTED
        )

    def _conditional(self, name: str, stream: _Stream, mode: str) -> None:
        flag = name[2:]
        if name == "iffalse":
            value = False
        elif flag in self.flags:
            value = self.flags[flag]
        elif name == "ifx":
            a, b = stream.next(), stream.next()
            value = a == b or (
                a is not None
                and b is not None
                and b[0] == "cs"
                and b[1] in ("undefined", "@undefined", "relax")
                and not self._defined(a)
            )
        elif name == "ifdefined":
            a = stream.next()
            value = a is not None and self._defined(a)
        elif name == "ifcsname":
            parts = []
            while (t := stream.next()) is not None and t != ("cs", "endcsname"):
                parts.append(t)
            value = self._defined(("cs", _raw(parts).strip()))
        elif name == "ifmmode":
            value = mode == "math"
        else:
            value = True  # \iftrue, \ifpdf and conditionals a static reader cannot evaluate
        if value:
            self.cond.append(True)
        elif self._skip_branch(stream, stop_at_else=True):
            self.cond.append(False)

    def _defined(self, t: Tok) -> bool:
        return t[0] == "cs" and (t[1] in self.macros or t[1] in _PROTECTED or t[1] in _TEXT_SYMBOLS)

    def _skip_branch(self, stream: _Stream, stop_at_else: bool) -> bool:
        depth = 0
        while (t := stream.next()) is not None:
            if t[0] != "cs":
                continue
            if self._is_if(t[1]):
                depth += 1
            elif t[1] == "fi":
                if depth == 0:
                    return False
                depth -= 1
            elif t[1] == "else" and depth == 0 and stop_at_else:
                return True
        return False

    def _h_else(self, stream, out, mode, star, name) -> None:
        if self.cond and self.cond[-1]:
            self.cond.pop()
            self._skip_branch(stream, stop_at_else=False)

    def _h_fi(self, stream, out, mode, star, name) -> None:
        if self.cond:
            self.cond.pop()

    # ── the bibliography ──

    def _h_addbibresource(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        self.bib_files.append(_raw(stream.read_arg()).strip().removesuffix(".bib"))

    def _h_bibitem(self, stream, out, mode, star, name) -> None:
        stream.read_opt()
        stream.read_arg()  # a \bibitem outside thebibliography prints nothing useful

    def _h_bibliography(self, stream, out, mode, star, name) -> None:
        if name == "bibliography":
            names = [n.strip() for n in _raw(stream.read_arg()).split(",") if n.strip()]
        else:
            stream.read_opt()
            names = []
        if mode != "body" or self.bib_done:
            return
        self._flush()
        self.bib_done = True
        names = [n.removesuffix(".bib") for n in (*names, *self.bib_files)]
        stem = posixpath.splitext(self.main)[0]
        candidates = [stem + ".bbl", *(posixpath.join(self.main_dir, n + ".bbl") for n in names)]
        bbls = [n for n in self.sources.names() if n.lower().endswith(".bbl")]
        if len(bbls) == 1:
            candidates.append(bbls[0])
        for cand in candidates:
            text = self.sources.read(posixpath.normpath(cand))
            if text is None:
                continue
            if re.search(r"\\entry\s*\{", text):
                self._biblatex(text)
            else:
                stream.push(tokenize(_prepare(text)))
            return
        bibs = []
        for n in names:
            text = self.sources.read(posixpath.normpath(posixpath.join(self.main_dir, n + ".bib")))
            if text is not None:
                bibs.append(text)
        if bibs:
            self._heading("", "References", 1)
            self.bibtex_at = len(self.parts)
            for text in bibs:
                for key, fields in _parse_bib(text).items():
                    self.bibtex.setdefault(key, self._bib_entry(key, fields))
            return
        self.notes.append(
            f"no .bbl or .bib found for the bibliography ({', '.join(names) or 'biblatex'})"
        )

    def _references_heading(self) -> None:
        last = self.parts[-1] if self.parts else None
        if not (last and last.heading and _REFS_TITLE.match(last.heading[1])):
            self._heading("", "References", 1)

    def _thebibliography(self, tokens: list[Tok]) -> None:
        self._flush()
        self.bib_done = True
        self._references_heading()
        stream = _Stream(tokens, self.budget)
        before: list[Tok] = []
        entries: list[tuple[list[Tok] | None, str, list[Tok]]] = []
        while (t := stream.next()) is not None:
            if t == ("cs", "bibitem"):
                label = stream.read_opt()
                entries.append((label, _raw(stream.read_arg()).strip(), []))
            elif entries:
                entries[-1][2].append(t)
            else:
                before.append(t)
        self._render(before)  # \providecommand{\natexlab}... definitions
        for label, key, body in entries:
            if label:
                m = re.match(r"^(.*?)\s*\((\d{4}[a-z]?)\)", self._render(label))
                if m and m.group(1):
                    self.bib_names.setdefault(key, m.group(1))
                    self.bib_years.setdefault(key, m.group(2))
            self.bib_keys.append(key)
            text = self._render(body)
            self.parts.append(_Part(f"{_PH}B{_PH_SEP}{key}{_PH_END} {text}", 1, "reference"))

    def _biblatex(self, text: str) -> None:
        """A biber ``.bbl``: ``\\entry{key}...\\endentry`` records."""
        self._references_heading()
        for m in re.finditer(r"\\entry\{([^}]*)\}\{[^}]*\}\{[^}]*\}(.*?)\\endentry", text, re.S):
            key, body = m.group(1), m.group(2)
            families = re.findall(r"family=\{((?:[^{}]|\{[^{}]*\})*)\}", body)
            fields = {
                f.group(1): f.group(2)
                for f in re.finditer(r"\\field\{(\w+)\}\{((?:[^{}]|\{[^{}]*\})*)\}", body)
            }
            names = [self._render(tokenize(f)) for f in families]
            self._bib_name(key, names, fields.get("year", ""))
            venue = fields.get("journaltitle") or fields.get("booktitle") or ""
            entry = _bib_text(
                self._authors(names),
                self._render(tokenize(fields.get("title", ""))),
                self._render(tokenize(venue)),
                fields.get("year", ""),
            )
            self.bib_keys.append(key)
            self.parts.append(_Part(f"{_PH}B{_PH_SEP}{key}{_PH_END} {entry}", 1, "reference"))

    def _bib_entry(self, key: str, fields: dict[str, str]) -> str:
        names = []
        for a in re.split(r"\s+and\s+", fields.get("author", "")):
            a = a.strip()
            if not a:
                continue
            last = a.split(",")[0] if "," in a else a.split()[-1]
            names.append(self._render(tokenize(last)))
        year = fields.get("year", "").strip()
        self._bib_name(key, names, year)
        venue = fields.get("journal") or fields.get("booktitle") or ""
        parts = [
            self._authors(names),
            self._render(tokenize(fields.get("title", ""))),
            self._render(tokenize(venue)),
            year,
        ]
        return _bib_text(*parts)

    def _bib_name(self, key: str, names: list[str], year: str) -> None:
        if names:
            self.bib_names.setdefault(key, self._authors(names))
        if year:
            self.bib_years.setdefault(key, year)

    @staticmethod
    def _authors(names: list[str]) -> str:
        if len(names) > 2:
            return f"{names[0]} et al."
        return " and ".join(names)

    # ── finishing: citations numbered, references resolved ──

    def _finish(self) -> list[_Part]:
        order: dict[str, int] = {}

        def number(key: str) -> int:
            return order.setdefault(key, len(order) + 1)

        for p in self.parts:
            if p.role == "reference":
                continue
            for m in _PH_RX.finditer(p.text + (p.heading[1] if p.heading else "")):
                if m.group(1) == "C":
                    for k in m.group(3).split(","):
                        number(k)
        for k in (*self.nocite, *self.bib_keys):
            if k != "*":
                number(k)

        def sub(m: re.Match[str]) -> str:
            typ, kind, arg = m.groups()
            if typ == "B":
                return f"[{number(arg)}]"
            if typ == "R":
                return ", ".join(self._ref_text(kind, k.strip()) for k in arg.split(","))
            keys = arg.split(",")
            if kind == "p":
                return "[" + ", ".join(str(number(k)) for k in keys) + "]"
            names = self.bib_names if kind in ("t", "a") else self.bib_years
            shown = []
            for k in keys:
                n = number(k)
                known = names.get(k)
                if kind == "t":
                    shown.append(f"{known} [{n}]" if known else f"[{n}]")
                else:
                    shown.append(known or f"[{n}]")
            return ", ".join(shown)

        bibtex: list[_Part] = []
        if self.bibtex:
            cited = [k for k in order if k in self.bibtex]
            if "*" in self.nocite:
                cited += [k for k in self.bibtex if k not in order]
            bibtex = [_Part(f"[{number(k)}] {self.bibtex[k]}", 1, "body") for k in cited]
        out: list[_Part] = []
        for i, p in enumerate(self.parts):
            if i == self.bibtex_at:
                out.extend(bibtex)
            text = _finish_text(_PH_RX.sub(sub, p.text))
            heading = p.heading
            if heading is not None:
                heading = (heading[0], _finish_text(_PH_RX.sub(sub, heading[1])), heading[2])
                text = text or heading[0] or heading[1]
            if not text and heading is None:
                continue
            out.append(_Part(text, 1, "body" if p.role == "reference" else p.role, heading))
        if self.bibtex_at is not None and self.bibtex_at >= len(self.parts):
            out.extend(bibtex)
        return out

    def _ref_text(self, kind: str, key: str) -> str:
        label = self.labels.get(key)
        if label is None or kind == "page":
            return "??"  # as LaTeX prints an undefined reference (and there are no pages)
        counter, value, title = label
        if kind == "name":
            return title or value
        if kind == "auto":
            name = _REF_NAMES.get(counter) or (title if counter in self.theorems else "")
            return f"{name} {value}".strip()
        return value


def _finish_text(s: str) -> str:
    s = clean_line(s.translate(_UNPROTECT))
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s+([,.;)\]]|:(?!=))", r"\1", s)
    s = re.sub(r"([(\[])\s+", r"\1", s)
    return s.strip()


def _bib_text(*fields: str) -> str:
    """``He et al. Deep residual learning. CVPR. 2016.``"""
    return " ".join(f if f.endswith((".", "?", "!")) else f + "." for f in fields if f)


def _parse_bib(text: str) -> dict[str, dict[str, str]]:
    """The fields of a .bib file's entries (a small reader: braces, quotes, bare words)."""
    entries: dict[str, dict[str, str]] = {}
    for m in re.finditer(r"@(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,", text):
        if m.group(1).lower() in ("comment", "string", "preamble"):
            continue
        fields: dict[str, str] = {}
        pos = m.end()
        for _ in range(200):
            f = re.compile(r"[\s,]*([\w:.-]+)\s*=\s*").match(text, pos)
            if f is None:
                break
            value, pos = _bib_value(text, f.end())
            fields[f.group(1).lower()] = value
        entries.setdefault(m.group(2), fields)
    return entries


def _bib_value(text: str, pos: int) -> tuple[str, int]:
    parts = []
    while pos < len(text):
        c = text[pos]
        if c == "{":
            depth, i = 0, pos
            while i < len(text):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
                if depth == 0:
                    break
            parts.append(text[pos + 1 : i - 1])
            pos = i
        elif c == '"':
            i, depth = pos + 1, 0
            while i < len(text) and not (text[i] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            parts.append(text[pos + 1 : i])
            pos = i + 1
        else:
            w = re.compile(r"[^,}\s#]*").match(text, pos)
            parts.append(w.group() if w else "")
            pos = w.end() if w else pos + 1
        h = re.compile(r"\s*#\s*").match(text, pos)
        if h is None:
            break
        pos = h.end()
    return " ".join(parts), pos
