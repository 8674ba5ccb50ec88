"""The repository's git history: the values a setting took in earlier commits, and the commits
that show test results.

Read-only and static: ``git log`` over the local ``.git`` (never a fetch), with the user's and
the system's git configuration ignored, hooks, pagers, external diff drivers, text conversions
and signature checks off, and every network protocol refused, so a repository's own
``.git/config`` cannot make ``git`` run a program. The diffs of the files that hold settings
(``-U0``) are streamed and every ``-``/``+`` line that assigns a setting the vocabulary knows
(``lr: 0.01``, ``--dropout 0.3``, ``default=3e-4``, ``"batch_size": 32``) becomes a value with its
commit. Bounded in commits (``max_commits``), time (``timeout``) and bytes; the coverage says
when it stopped early, and why.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from paperlint.trace.files import NAMES, SUFFIXES, code_test, language_of
from paperlint.trace.records import ResultsCommit

#: the environment every git command runs in: no system or user configuration, no prompts,
#: no pager, no optional locks, no lazy fetch of missing objects, no protocol allowed
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_ALLOW_PROTOCOL": "none",
    "LC_ALL": "C",
}
#: settings a repository's .git/config might set to run a program, pinned off
GIT_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.quotePath=false",
    "log.showSignature=false",
    "protocol.allow=never",
    "diff.noprefix=false",
    "diff.mnemonicPrefix=false",
    "diff.relative=false",
    "log.follow=false",
)
MAX_BYTES = 256 << 20


@dataclass(frozen=True)
class HistoryOptions:
    enabled: bool = True
    max_commits: int = 20_000
    timeout: float = 15.0  # seconds for the whole history
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True)
class Change:
    """A value a setting took in a commit (``old`` is what it replaced, "" when introduced)."""

    key: str
    name: str
    kind: str
    concept: str
    value: str
    file: str  # relative to the repository's top
    line: int  # in the file as of this commit
    commit: str
    time: int
    subject: str
    order: int  # position in the history read, oldest first
    old: str = ""


@dataclass
class History:
    status: str = "off"  # read | off | no-git | untracked | git-missing | failed
    top: str = ""
    head: str = ""
    shallow: bool = False
    commits: int = 0
    total: int = 0
    stopped: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    results: list[ResultsCommit] = field(default_factory=list)
    #: search definitions the repository deleted: (path, the commit that deleted it, its
    #: time, its subject, the file's text before) — read by the same readers
    deleted: list[tuple[str, str, int, str, str]] = field(default_factory=list)


# ── where the repository is ─────────────────────────────────────────────────────────────────


def find_top(paths: Iterable[str | Path]) -> Path | None:
    """The working tree that holds the first audited path (the folder with ``.git``)."""
    for arg in paths:
        p = Path(arg).resolve()
        for folder in (p, *p.parents) if p.is_dir() else p.parents:
            if (folder / ".git").exists():
                return folder
        return None
    return None


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    return env


def git_command(top: Path, *args: str) -> list[str]:
    out = ["git", "-C", str(top), "--no-pager"]
    for setting in GIT_CONFIG:
        out += ["-c", setting]
    return [*out, *args]


def _run(top: Path, args: list[str], timeout: float) -> str | None:
    try:
        done = subprocess.run(
            git_command(top, *args),
            capture_output=True,
            env=_env(),
            timeout=max(0.1, timeout),
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def head_commit(paths: Iterable[str | Path]) -> str:
    """The commit the audited code is at ("" when it is not in a git repository): part of the
    cache key, so a new commit re-reads the history."""
    top = find_top(paths)
    if top is None:
        return ""
    out = _run(top, ["rev-parse", "--verify", "-q", "HEAD"], 5.0)
    return (out or "").strip()


def pathspecs(top: Path, paths: Iterable[str | Path]) -> list[str]:
    """Git pathspecs of the files under the audited paths that may hold settings."""
    out: list[str] = []
    for arg in paths:
        p = Path(arg).resolve()
        try:
            rel = p.relative_to(top).as_posix()
        except ValueError:
            continue
        if p.is_file():
            out.append(f":(literal){rel}")
            continue
        base = "" if rel == "." else rel + "/"
        out.extend(f":(glob){base}**/*{suffix}" for suffix in SUFFIXES)
        out.extend(f":(glob){base}**/{name}" for name in NAMES)
    return out


def results_pathspecs(top: Path, paths: Iterable[str | Path]) -> list[str]:
    """Pathspecs of files that may hold test results (the names are checked afterwards)."""
    out = []
    for arg in paths:
        p = Path(arg).resolve()
        try:
            rel = p.relative_to(top).as_posix()
        except ValueError:
            continue
        if p.is_dir():
            base = "" if rel == "." else rel + "/"
            out.append(f":(glob){base}**/*test*")
    return out


# ── reading ─────────────────────────────────────────────────────────────────────────────────


def read(paths: list[str | Path], options: HistoryOptions) -> History:
    """The history of the files under ``paths``, within the options' bounds."""
    started = time.monotonic()
    h = History()
    if not options.enabled:
        return h
    top = find_top(paths)
    if top is None:
        h.status = "no-git"
        return h
    h.top = str(top)
    deadline = started + options.timeout
    head = _run(top, ["rev-parse", "--verify", "-q", "HEAD"], options.timeout)
    if head is None:
        h.status = "git-missing" if not _has_git() else "failed"
        if h.status == "failed":
            h.notes.append(
                "git could not read the repository (no commit yet, or it refuses a repository "
                "another user owns: `git config --global --add safe.directory PATH`)"
            )
        return h
    h.head = head.strip()
    specs = pathspecs(top, paths)
    shallow = _run(top, ["rev-parse", "--is-shallow-repository"], 5.0)
    h.shallow = (shallow or "").strip() == "true"
    total = _run(top, ["rev-list", "--count", "HEAD", "--", *specs], deadline - time.monotonic())
    h.total = int(total.strip()) if total and total.strip().isdigit() else 0
    if total is not None and h.total == 0:
        h.status = "untracked"
        h.notes.append("no commit of the enclosing git repository touches the audited files")
        h.seconds = round(time.monotonic() - started, 3)
        return h
    _read_log(h, top, specs, options, deadline)
    if time.monotonic() < deadline and h.commits:
        _read_results(h, top, results_pathspecs(top, paths), options, deadline)
    if time.monotonic() < deadline and h.commits:
        _read_deleted(h, top, specs, options, deadline)
    h.status = "read"
    if h.shallow:
        h.notes.append("a shallow clone: commits before its cut are not read")
    if h.stopped == "max-commits":
        h.notes.append(
            f"read the last {h.commits} of {h.total} commits (max {options.max_commits}; "
            "raise history-max-commits to read more)"
        )
    elif h.stopped == "time":
        h.notes.append(
            f"stopped after {options.timeout:g} s with {h.commits} of {h.total} commits read "
            "(raise --history-timeout to read more)"
        )
    elif h.stopped == "size":
        h.notes.append(f"stopped after {options.max_bytes >> 20} MiB of diffs")
    h.seconds = round(time.monotonic() - started, 3)
    return h


def _has_git() -> bool:
    import shutil

    return shutil.which("git") is not None


class _Stream:
    """A git command's output, line by line, killed at ``deadline`` or after ``max_bytes``."""

    def __init__(self, top: Path, args: list[str], deadline: float, max_bytes: int) -> None:
        self.stopped = ""
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.read = 0
        try:
            self.proc: subprocess.Popen | None = subprocess.Popen(
                git_command(top, *args),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
                env=_env(),
            )
        except OSError:
            self.proc = None
            self.stopped = "failed"
            return
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
        self.timer.daemon = True
        self.timer.start()

    def _expire(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.stopped = self.stopped or "time"
            self.proc.kill()

    def lines(self) -> Iterator[bytes]:
        if self.proc is None or self.proc.stdout is None:
            return
        try:
            for line in self.proc.stdout:
                self.read += len(line)
                if self.read > self.max_bytes:
                    self.stopped = "size"
                    break
                if time.monotonic() > self.deadline:  # the timer kills a git that says nothing
                    self.stopped = "time"
                    break
                yield line
        finally:
            self.close()

    def close(self) -> None:
        if self.proc is None:
            return
        self.timer.cancel()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None


_HEADER = b"\x1e"
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def _read_log(
    h: History, top: Path, specs: list[str], options: HistoryOptions, deadline: float
) -> None:
    args = [
        "log",
        "--no-show-signature",
        "--no-ext-diff",
        "--no-textconv",
        "--no-color",
        "--no-renames",
        "--no-merges",
        "--encoding=UTF-8",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "-U0",
        "-p",
        f"-n{options.max_commits}",
        "--format=%x1e%H%x1f%ct%x1f%s%x1f%b%x1d",
        "HEAD",
        "--",
        *specs,
    ]
    stream = _Stream(top, args, deadline, options.max_bytes)
    commits: list[_Commit] = []
    cur: _Commit | None = None
    header: list[bytes] = []
    in_header = False
    for line in stream.lines():
        if line.startswith(_HEADER):
            cur = _Commit()
            commits.append(cur)
            header = [line[1:]]
            in_header = b"\x1d" not in line
            if not in_header:
                cur.header(b"".join(header))
            continue
        if cur is None:
            continue
        if in_header:
            header.append(line)
            if b"\x1d" in line:
                in_header = False
                cur.header(b"".join(header))
            continue
        cur.diff_line(line)
    stream.close()
    if stream.stopped in ("time", "size") and commits:
        commits.pop()  # the last commit may be cut in the middle of its diff
    h.stopped = stream.stopped
    h.commits = len(commits)
    if not h.stopped and h.commits >= options.max_commits and h.total > h.commits:
        h.stopped = "max-commits"
    commits.reverse()  # oldest first
    for order, c in enumerate(commits):
        c.order = order
    h.changes = list(_changes(commits))
    h.results = [
        ResultsCommit(c.sha[:10], c.time, c.subject, why, c.order)
        for c in commits
        if (why := results_in_message(c.subject, c.body))
    ]


def _read_results(
    h: History, top: Path, specs: list[str], options: HistoryOptions, deadline: float
) -> None:
    """Commits that add or change files holding test results (their names are checked)."""
    if not specs:
        return
    args = [
        "log",
        "--no-show-signature",
        "--no-renames",
        "--no-merges",
        "--name-only",
        f"-n{options.max_commits}",
        "--format=%x1e%H%x1f%ct%x1f%s",
        "HEAD",
        "--",
        *specs,
    ]
    stream = _Stream(top, args, deadline, options.max_bytes)
    commit = ("", 0, "")
    seen = {r.commit for r in h.results}
    for line in stream.lines():
        text = line.decode("utf-8", "replace").rstrip("\n")
        if text.startswith("\x1e"):
            parts = text[1:].split("\x1f")
            when = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            commit = (parts[0][:10], when, parts[2] if len(parts) > 2 else "")
            continue
        sha, when, subject = commit
        if not sha or not text or sha in seen or not results_file(text):
            continue
        h.results.append(ResultsCommit(sha, when, subject, f"it changes {text}", -1))
        seen.add(sha)
    h.results.sort(key=lambda r: r.time)


#: a deleted file whose name says it defined a search (its text is read again)
_SEARCH_NAME = re.compile(
    r"(?:^|[^a-z])(?:sweeps?|grids?|search|hparams?|hyper_?params?|tun(?:e|ing)|optuna|hpo)(?:[^a-z]|$)"
)
MAX_DELETED = 50
MAX_DELETED_SIZE = 256_000


def _read_deleted(
    h: History, top: Path, specs: list[str], options: HistoryOptions, deadline: float
) -> None:
    """Search definitions the repository once had and deleted (``sweep.yaml`` removed before
    the release): their last text, from the deleting commit's parent."""
    args = [
        "log",
        "--no-show-signature",
        "--no-renames",
        "--no-merges",
        "--diff-filter=D",
        "--name-only",
        f"-n{options.max_commits}",
        "--format=%x1e%H%x1f%ct%x1f%s",
        "HEAD",
        "--",
        *specs,
    ]
    stream = _Stream(top, args, deadline, options.max_bytes)
    found: list[tuple[str, str, int, str]] = []
    commit = ("", 0, "")
    for line in stream.lines():
        text = line.decode("utf-8", "replace").rstrip("\n")
        if text.startswith("\x1e"):
            parts = text[1:].split("\x1f")
            when = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            commit = (parts[0], when, parts[2] if len(parts) > 2 else "")
            continue
        stem = text.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
        if text and commit[0] and _SEARCH_NAME.search(stem) and not code_test(text):
            found.append((text, *commit))
            if len(found) >= MAX_DELETED:
                break
    stream.close()
    if not found:
        return
    blobs = _cat_files(top, [f"{sha}^:{path}" for path, sha, _, _ in found], deadline)
    for (path, sha, when, subject), data in zip(found, blobs, strict=True):
        if data is not None and len(data) <= MAX_DELETED_SIZE and b"\x00" not in data[:8192]:
            h.deleted.append((path, sha[:10], when, subject, data.decode("utf-8", "replace")))


def _cat_files(top: Path, objects: list[str], deadline: float) -> list[bytes | None]:
    """The contents of ``commit:path`` objects, through one ``git cat-file --batch``."""
    try:
        done = subprocess.run(
            git_command(top, "cat-file", "--batch"),
            input=("\n".join(objects) + "\n").encode("utf-8"),
            capture_output=True,
            env=_env(),
            timeout=max(0.1, deadline - time.monotonic()),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return [None] * len(objects)
    out: list[bytes | None] = []
    data, pos = done.stdout, 0
    for _ in objects:
        end = data.find(b"\n", pos)
        if end < 0:
            out.append(None)
            continue
        header = data[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob" and header[2].isdigit():
            size = int(header[2])
            out.append(data[pos : pos + size])
            pos += size + 1
        else:
            out.append(None)  # "<object> missing"
    return out


# ── commits and their diffs ─────────────────────────────────────────────────────────────────


class _Commit:
    __slots__ = ("_file", "_lang", "_line", "body", "files", "order", "sha", "subject", "time")

    def __init__(self) -> None:
        self.sha = ""
        self.time = 0
        self.subject = ""
        self.body = ""
        self.order = 0
        # file → (removed [(name, value)], added [(name, value, line)])
        self.files: dict[str, tuple[list, list]] = {}
        self._file = ""
        self._lang = ""
        self._line = 0

    def header(self, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace").split("\x1d", 1)[0]
        parts = text.split("\x1f")
        self.sha = parts[0].strip()
        self.time = int(parts[1]) if len(parts) > 1 and parts[1].strip().isdigit() else 0
        self.subject = parts[2].strip() if len(parts) > 2 else ""
        self.body = parts[3].strip() if len(parts) > 3 else ""

    def diff_line(self, line: bytes) -> None:
        if line.startswith(b"+++ "):
            path = line[4:].rstrip(b"\n").decode("utf-8", "replace")
            self._file = path[2:] if path.startswith("b/") else ""
            self._lang = (
                "" if code_test(self._file) else language_of(self._file.rsplit("/", 1)[-1]) or ""
            )
            return
        if line.startswith(b"@@"):
            m = _HUNK.match(line)
            self._line = int(m.group(1)) if m else 0
            return
        if not self._lang or line.startswith((b"--- ", b"diff ", b"index ")):
            return
        if line.startswith(b"+"):
            text = line[1:].decode("utf-8", "replace")
            got = assignments(text, self._lang)
            if got:
                added = self.files.setdefault(self._file, ([], []))[1]
                added.extend((n, v, self._line) for n, v in got)
            self._line += 1
        elif line.startswith(b"-"):
            text = line[1:].decode("utf-8", "replace")
            got = assignments(text, self._lang)
            if got:
                self.files.setdefault(self._file, ([], []))[0].extend(got)


def _changes(commits: list[_Commit]) -> Iterator[Change]:
    from paperlint.trace.source import setting_kind

    for c in commits:
        for file, (removed, added) in c.files.items():
            old_by_name: dict[str, list[str]] = {}
            for name, value in removed:
                old_by_name.setdefault(name, []).append(value)
            for name, value, line in added:
                olds = old_by_name.get(name)
                old = olds.pop(0) if olds else ""
                if old == value:
                    continue  # the line moved or changed elsewhere: the value stayed
                what = setting_kind(name)
                if what is None:
                    continue
                key, kind, concept = what
                yield Change(
                    key, name, kind, concept, value, file, line, c.sha[:10], c.time,
                    c.subject, c.order, old,
                )  # fmt: skip


# ── settings on a diff line ─────────────────────────────────────────────────────────────────

_VALUE = r"""(?P<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|True|False|true|false|"[\w.+-]{1,40}"|'[\w.+-]{1,40}')"""
_END = r"\s*(?=[,)\]};#]|$)"
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "python": [
        re.compile(
            r"""add_argument\(\s*(?:['"]-\w['"]\s*,\s*)?['"]-{1,2}(?P<name>[\w.-]+)['"][^#]*?\bdefault\s*=\s*"""
            + _VALUE
            + _END
        ),
        re.compile(r"""DEFINE_\w+\(\s*['"](?P<name>\w+)['"]\s*,\s*""" + _VALUE + _END),
        # `NAME = value`, `self.lr = value`, `cfg.SOLVER.BASE_LR = value` starting a line
        re.compile(r"^\s*(?P<name>[A-Za-z_][\w.]*)\s*=\s*" + _VALUE + r"\s*(?:#.*)?$"),
        re.compile(r"""['"](?P<name>[\w.-]+)['"]\s*:\s*""" + _VALUE + _END),
        # a keyword argument of a call: `Adam(params, lr=1e-3)`; see KEYWORD_KINDS
        re.compile(r"[(,]\s*(?P<kwarg>[A-Za-z_]\w*)\s*=\s*" + _VALUE + _END),
    ],
    "yaml": [
        re.compile(
            r"""^\s*(?:-\s+)?['"]?(?P<name>[\w.-]+)['"]?\s*:\s*""" + _VALUE + r"\s*(?:#.*)?$"
        ),
    ],
    "json": [re.compile(r""""(?P<name>[\w.-]+)"\s*:\s*""" + _VALUE + _END)],
    "shell": [
        re.compile(r"(?:^|\s)--(?P<name>[\w.-]+)(?:=|\s+)" + _VALUE + r"(?=\s|$|;|\\)"),
        re.compile(r"(?:^|\s)(?P<name>[A-Za-z_][\w.]*)=" + _VALUE + r"(?=\s|$|;)"),
    ],
}


def assignments(line: str, language: str) -> list[tuple[str, str]]:
    """The (setting, value) pairs a line of code or config sets, for settings the vocabulary
    names: ``lr: 0.01`` → [("lr", "0.01")]; ``nn.Linear(3, 4)`` → []."""
    if len(line) > 400 or not ("=" in line or ":" in line or "--" in line or "DEFINE" in line):
        return []
    out: list[tuple[str, str]] = []
    stripped = line.strip()
    if stripped.startswith(("#", "//")) and language != "json":
        return out
    for rx in _PATTERNS.get(language, ()):
        for m in rx.finditer(line):
            full = m.group("kwarg") if "kwarg" in rx.groupindex else m.group("name")
            name = full.rsplit(".", 1)[-1]
            if not known_setting(name):
                continue
            if "kwarg" in rx.groupindex and _kind(name) not in KEYWORD_KINDS:
                continue  # `cat(x, dim=1)`, `Conv2d(c, 64, kernel_size=3)`: wiring of a call
            out.append((full, m.group("value").strip("'\"")))
    return list(dict.fromkeys(out))


#: the kinds of setting a call's keyword argument is taken for in the history: the training
#: knobs a person tunes (a learning rate, a dropout rate), not the wiring of a call (an axis, a
#: layer's width), which a diff changes for other reasons
KEYWORD_KINDS = frozenset(
    {
        "learning_rate",
        "weight_decay",
        "momentum",
        "dropout",
        "batch_size",
        "epochs",
        "warmup",
        "scheduler",
    }
)


def _kind(name: str) -> str:
    from paperlint.code.settings import classify

    found = classify(name)
    return found.kind if found is not None else ""


def known_setting(name: str) -> bool:
    """A setting the vocabulary itself names (a learning rate, a dropout rate): the history
    traces only these, since code changes many other names for other reasons."""
    from paperlint.code.settings import classify, normalize_name
    from paperlint.trace.source import setting_kind

    if setting_kind(name) is None:
        return False
    found = classify(name)
    return found is not None and (found.kind != "other" or found.concept != normalize_name(name))


# ── test results ────────────────────────────────────────────────────────────────────────────

_TEST_RESULTS_MESSAGE = re.compile(
    # "test results", "test-set predictions", "update test scores"
    r"\btest(?:ing)?[ _-]?(?:set|split|data)?[ _-]?(?:results?|scores?|numbers|performance|preds?|predictions?)\b"
    # a test metric with its value: "test acc 91.2", "test loss: 0.31", "test F1 = 88%"
    r"|\btest(?:ing)?[ _-]?(?:set[ _-])?(?:acc(?:uracy)?|errors?|f1|auc|bleu|map|miou|loss|ppl|perplexity)\b\W{0,3}(?:of\s+|is\s+|=\s*)?\d"
    # "results on the test set", "accuracy on test"
    r"|\b(?:results?|scores?|accuracy|performance|numbers|predictions?)\s+(?:on|for)\s+(?:the\s+)?test\b"
    r"|\bleaderboard\b",
    re.I,
)
#: a message about the code that computes test results, not about results: "fix test loss"
_CODE_FIX = re.compile(r"\b(?:fix(?:e[sd])?|bug|typo|nan|crash|error|refactor)\b", re.I)
_RESULTS_SUFFIXES = (".csv", ".tsv", ".txt", ".log", ".json", ".md", ".out", ".res", ".npy", ".pkl")
_RESULTS_WORDS = frozenset(
    [
        "result",
        "results",
        "score",
        "scores",
        "acc",
        "accuracy",
        "pred",
        "preds",
        "prediction",
        "predictions",
        "eval",
        "evaluation",
        "metric",
        "metrics",
        "output",
        "outputs",
        "out",
        "log",
        "logs",
        "leaderboard",
        "submission",
        "submissions",
    ]
)


def results_in_message(subject: str, body: str = "") -> str:
    """Why a commit message shows test results ("" when it does not)."""
    text = f"{subject}\n{body}"
    m = _TEST_RESULTS_MESSAGE.search(text)
    if m is None or _CODE_FIX.search(subject):
        return ""
    return f'its message says "{m.group()}"'


def results_file(path: str) -> bool:
    """A file that holds results on the test set (``preds/sst-test-out.csv``,
    ``results/test_acc.json``), not a test of the code (``tests/test_model.py``) nor the test
    data itself (``data/test.txt``)."""
    if not path.lower().endswith(_RESULTS_SUFFIXES) or "/tests/" in f"/{path}":
        return False
    words = set(re.sub(r"[^a-z0-9]+", " ", path.lower()).split())
    return bool(words & {"test", "testing"}) and bool(words & _RESULTS_WORDS)
