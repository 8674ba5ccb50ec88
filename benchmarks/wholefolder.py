"""A corpus case's whole project folder, as a user audits it (``paperlint check . paper.pdf``).

    python benchmarks/wholefolder.py det-fcos-official       # builds .fullrepo/<case>/code

The corpus (``.corpus/<case>/``) holds only the files its labels cover. The whole folder is
rebuilt here from the fetched repository (a bare git directory under the mirrors folder, named
``owner+name``) at the labelled commit, as ``../shared/tools/fullrepo.py`` does: every ``.py``,
``.yaml``, ``.yml``, ``.json``, ``.ipynb``, ``.gin``, ``.cfg`` and ``.toml`` file under the
deepest folder that holds every labelled file. The folder goes to ``.fullrepo/<case>/code``
(gitignored, never committed: it is the repository's code), and is reused when it exists.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = (".py", ".yaml", ".yml", ".json", ".ipynb", ".gin", ".cfg", ".toml")


def default_mirrors() -> Path | None:
    """``PAPERLINT_MIRRORS``, else the first ``.mirror`` folder beside the checkout or above it."""
    env = os.environ.get("PAPERLINT_MIRRORS")
    if env:
        return Path(env)
    for up in (ROOT.parent, ROOT.parent.parent):
        if (up / ".mirror").is_dir():
            return up / ".mirror"
    return None


def _git_dir(mirrors: Path, repo: str) -> Path | None:
    for root, dirs, files in os.walk(mirrors / repo.replace("/", "+")):
        if "HEAD" in files and "objects" in dirs:
            return Path(root)
    return None


def build(case: Path, mirrors: Path, dest: Path) -> int:
    """Write the case's whole project folder to ``dest``; returns how many files it holds."""
    rows = [
        line.rstrip("\n").split("\t")
        for line in (case / "code.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    repo, commit = rows[0][0], rows[0][1]
    paths = [r[3] for r in rows if not r[3].endswith("_extracted.py")]
    common = os.path.commonpath([os.path.dirname(p) or "." for p in paths]) if paths else ""
    common = "" if common == "." else common
    git = _git_dir(mirrors, repo)
    if git is None:
        raise FileNotFoundError(f"{repo} is not fetched under {mirrors}")
    listing = subprocess.run(
        ["git", "--git-dir", str(git), "ls-tree", "-r", commit],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    written = 0
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind != "blob" or not path.endswith(EXTENSIONS):
            continue
        if common and not path.startswith(common + "/"):
            continue
        data = subprocess.run(
            ["git", "--git-dir", str(git), "cat-file", "-p", blob], capture_output=True
        ).stdout
        if not data:
            continue
        target = dest / (path[len(common) + 1 :] if common else path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    return written


def whole_folder(case: Path, mirrors: Path | None, work: Path | None = None) -> Path | None:
    """The case's whole folder, built if needed (None when its repository is not fetched)."""
    dest = (work or ROOT / ".fullrepo") / case.name / "code"
    if dest.is_dir() and any(dest.iterdir()):
        return dest
    if mirrors is None or not (case / "code.tsv").is_file():
        return None
    partial = dest.with_name("code.partial")
    if partial.exists():
        import shutil

        shutil.rmtree(partial)
    try:
        build(case, mirrors, partial)
    except (FileNotFoundError, subprocess.CalledProcessError) as e:
        print(f"  {case.name}: whole folder not built ({e})", file=sys.stderr)
        return None
    partial.rename(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="+")
    ap.add_argument("--corpus", default=str(ROOT / ".corpus"))
    ap.add_argument("--mirrors", default=None, help="the fetched repositories (owner+name)")
    a = ap.parse_args(argv)
    mirrors = Path(a.mirrors) if a.mirrors else default_mirrors()
    for name in a.cases:
        folder = whole_folder(Path(a.corpus) / name, mirrors)
        if folder is None:
            print(f"{name}: not built", file=sys.stderr)
            continue
        files = sum(len(f) for _, _, f in os.walk(folder))
        print(f"{name}: {folder} ({files} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
