"""arXiv source archives are read in memory with caps (paperlint.paper.archive): names that
leave the archive, links, devices, bombs and floods of members are refused or skipped."""

from __future__ import annotations

import gzip
import io
import tarfile

import pytest

from paperlint.errors import PaperlintError
from paperlint.limits import Limits
from paperlint.paper.archive import read_archive, safe_member_name


def tar_gz(members: list[tuple[str, bytes | None, bytes]]) -> bytes:
    """(name, content or None, type) → a .tar.gz in memory."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, content, kind in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            if kind == tarfile.SYMTYPE:
                info.linkname = content.decode() if content else "/etc/passwd"
                tar.addfile(info)
            elif kind == tarfile.REGTYPE:
                info.size = len(content or b"")
                tar.addfile(info, io.BytesIO(content or b""))
            else:
                tar.addfile(info)
    return buf.getvalue()


def test_text_members_are_read_and_nothing_else():
    data = tar_gz(
        [
            ("main.tex", b"\\section{Intro}", tarfile.REGTYPE),
            ("figs/plot.pdf", b"%PDF-1.4", tarfile.REGTYPE),
            ("refs.bbl", b"\\bibitem{a}", tarfile.REGTYPE),
        ]
    )
    assert read_archive(data) == {"main.tex": b"\\section{Intro}", "refs.bbl": b"\\bibitem{a}"}


@pytest.mark.parametrize(
    "name", ["../../.bashrc.tex", "/etc/passwd.tex", "a/../../b.tex", "C:/x.tex", "..", ""]
)
def test_names_that_leave_the_archive_are_skipped(name):
    assert safe_member_name(name) is None
    data = tar_gz([(name or "x", b"x", tarfile.REGTYPE), ("ok.tex", b"ok", tarfile.REGTYPE)])
    assert set(read_archive(data)) <= {"ok.tex", "x"}


def test_links_and_devices_are_never_followed():
    data = tar_gz(
        [
            ("evil.tex", b"/etc/passwd", tarfile.SYMTYPE),
            ("hard.tex", None, tarfile.LNKTYPE),
            ("dev.tex", None, tarfile.CHRTYPE),
            ("fifo.tex", None, tarfile.FIFOTYPE),
            ("main.tex", b"ok", tarfile.REGTYPE),
        ]
    )
    assert read_archive(data) == {"main.tex": b"ok"}


def test_a_flood_of_members_stops_at_the_cap():
    data = tar_gz([(f"f{i}.tex", b"x", tarfile.REGTYPE) for i in range(50)])
    with pytest.raises(PaperlintError) as e:
        read_archive(data, limits=Limits(max_archive_members=20))
    assert e.value.code == "E209" and "more than 20 entries" in e.value.message


def test_a_decompression_bomb_stops_at_the_cap():
    big = b"\0" * (8 << 20)  # 8 MiB of zeros: about 8 KB compressed
    data = tar_gz([("big.tex", big, tarfile.REGTYPE)])
    assert len(data) < 100_000
    with pytest.raises(PaperlintError) as e:
        read_archive(data, limits=Limits(max_member_size=1 << 20))
    assert e.value.code == "E209"
    with pytest.raises(PaperlintError):
        read_archive(data, limits=Limits(max_archive_bytes=1 << 20))


def test_a_single_gzipped_tex_is_read_with_the_same_cap():
    assert read_archive(gzip.compress(b"\\documentclass{article}")) == {
        "main.tex": b"\\documentclass{article}"
    }
    with pytest.raises(PaperlintError):
        read_archive(gzip.compress(b"%" * (2 << 20)), limits=Limits(max_member_size=1 << 20))


@pytest.mark.parametrize(
    "data", [b"", b"not an archive", b"\x1f\x8b\x08\x00garbage", tar_gz([])[:40]]
)
def test_damaged_archives_are_a_named_error(data):
    try:
        out = read_archive(data)
    except PaperlintError as e:
        assert e.code == "E209"
    else:
        assert out == {}


def test_an_archive_file_larger_than_the_cap_is_not_read(tmp_path):
    p = tmp_path / "src.tar.gz"
    p.write_bytes(tar_gz([("a.tex", bytes(range(256)) * 40, tarfile.REGTYPE)]))
    assert p.stat().st_size > 100
    with pytest.raises(PaperlintError) as e:
        read_archive(p, limits=Limits(max_paper_size=100))
    assert e.value.code == "E210"
