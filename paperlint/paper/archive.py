"""arXiv source archives read in memory, with caps: never extracted, never trusted.

An arXiv "source" download is a gzipped tar (or a single gzipped .tex). Its member names are
chosen by a stranger (``../../.bashrc``, absolute paths, links), its sizes can be bombs, and it
can hold thousands of entries. :func:`read_archive` returns only regular files whose names are
plain relative paths, as ``{name: bytes}``, and stops with E209 as soon as a cap is exceeded:

* the archive file itself: ``limits.max_paper_size`` (checked before opening);
* entries looked at: ``limits.max_archive_members``;
* bytes unpacked in total (every member, read or skipped): ``limits.max_archive_bytes``;
* bytes of one member: ``limits.max_member_size``.

The LaTeX reader (:mod:`paperlint.paper.latex`) calls this; nothing is written to disk.
"""

from __future__ import annotations

import io
import posixpath
import tarfile
import zlib
from pathlib import Path

from paperlint.errors import PaperlintError
from paperlint.limits import DEFAULT, Limits

#: Members worth reading from a LaTeX source archive.
TEXT_SUFFIXES = (".tex", ".bbl", ".bib", ".sty", ".cls", ".txt", ".cfg", ".def")


def read_archive(
    source: str | Path | bytes,
    *,
    display: str = "",
    limits: Limits = DEFAULT,
    suffixes: tuple[str, ...] = TEXT_SUFFIXES,
) -> dict[str, bytes]:
    """The text members of a (gzipped) tar archive, or of a single gzipped file, in memory."""
    data = _load(source, display, limits)
    name = display or (str(source) if not isinstance(source, bytes) else "<archive>")
    if data[:2] == b"\x1f\x8b" and not _is_tar_gz(data):
        # a single gzipped .tex (arXiv serves those for one-file papers)
        return {"main.tex": _gunzip(data, name, limits)}
    try:
        # a stream: members are read in order, nothing is seeked or extracted to disk
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r|*")  # noqa: SIM115
    except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
        raise PaperlintError("E209", name, f"not a tar archive: {e}") from None
    out: dict[str, bytes] = {}
    total = 0
    try:
        for count, member in enumerate(tar, start=1):
            if count > limits.max_archive_members:
                raise PaperlintError(
                    "E209", name, f"archive has more than {limits.max_archive_members} entries"
                )
            if not member.isreg():
                continue  # links, devices, folders: never followed
            total += member.size  # skipped members are decompressed too, to reach the next
            if total > limits.max_archive_bytes:
                raise PaperlintError(
                    "E209", name, f"archive unpacks to more than {limits.max_archive_bytes:,} bytes"
                )
            clean = safe_member_name(member.name)
            if clean is None or not clean.lower().endswith(suffixes):
                continue
            if member.size > limits.max_member_size:
                raise PaperlintError(
                    "E209",
                    name,
                    f"archive member {clean} is too large ({member.size:,} bytes > {limits.max_member_size:,})",
                )
            fh = tar.extractfile(member)
            if fh is None:
                continue
            content = fh.read(limits.max_member_size + 1)
            if len(content) > limits.max_member_size:
                raise PaperlintError("E209", name, f"archive member {clean} is too large")
            out[clean] = content
    except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
        raise PaperlintError("E209", name, f"damaged archive: {e}") from None
    finally:
        tar.close()
    return out


def safe_member_name(name: str) -> str | None:
    """A member name as a plain relative POSIX path, or None if it tries to leave the archive."""
    name = name.replace("\\", "/")
    if not name or name.startswith("/") or "\x00" in name or (len(name) > 1 and name[1] == ":"):
        return None
    norm = posixpath.normpath(name)
    if norm == "." or norm.startswith("../") or norm == "..":
        return None
    return norm


def _load(source: str | Path | bytes, display: str, limits: Limits) -> bytes:
    if isinstance(source, bytes):
        if len(source) > limits.max_paper_size:
            raise PaperlintError("E210", display or "<archive>")
        return source
    from paperlint.code.files import read_regular

    return read_regular(Path(source), display or str(source), limits.max_paper_size, "E210")


def _is_tar_gz(data: bytes) -> bool:
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 512)
        tarfile.TarInfo.frombuf(head, "utf-8", "surrogateescape")
    except (zlib.error, tarfile.TarError):
        return False
    return True


def _gunzip(data: bytes, name: str, limits: Limits) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limits.max_member_size + 1)
    except zlib.error as e:
        raise PaperlintError("E209", name, f"damaged gzip file: {e}") from None
    if len(out) > limits.max_member_size:
        raise PaperlintError("E209", name, "gzipped source unpacks to too many bytes")
    if not d.eof:
        raise PaperlintError("E209", name, "damaged gzip file: it ends too early")
    return out
