"""Audit many (code, paper) pairs: ``paperlint batch MANIFEST``.

The manifest is a text file with one pair per line, tab-separated::

    # code            paper                   name (optional)
    resnet/code       resnet/paper.pdf        resnet
    unet/src          unet/paper.pdf

Blank lines and lines starting with ``#`` are skipped; paths are relative to the manifest's
folder. A pair's reports name files as ``cd CODE && paperlint check . PAPER`` would (relative
to the code folder), so a pair gives the same report in a batch, on its own, and on any
machine of a cluster. Each pair gets ``OUT/NN-name/report.html`` and ``report.json``; ``OUT/index.html``
links them all under a summary table, which is also printed and written as
``OUT/summary.json``.

Pairs run in local processes or, past one machine, on a Dask distributed cluster
(``--scheduler tcp://host:port``; ``pip install 'paperlint[dask]'``): the workers need
paperlint installed, the manifest's files at the same paths, and may not be daemonic processes,
since every audit starts reader processes of its own (start them with
``DASK_DISTRIBUTED__WORKER__DAEMON=False``). Reports come back to this process, which writes
them. One pair that fails is a row with its error, never the end of the batch.

Locally, ``--jobs N`` is the number of cores the batch keeps busy, as ``make -j N`` or
``pytest -n N`` mean it (0, the default: every core). N pairs run at once, each process
auditing pairs one after another (so the parsers are imported once per process), and each
audit runs one stage at a time: the cores are shared between pairs, not between the stages of
one. Only when there are fewer pairs than cores does a pair get the spare ones, and run its
stages side by side as ``paperlint check`` does (:func:`share_cores`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from paperlint.errors import PaperlintError


@dataclass(frozen=True)
class Pair:
    index: int  # 1-based position in the manifest
    code: str  # absolute
    paper: str  # absolute; "" for none
    name: str
    base: str  # the manifest's folder: report paths are relative to it
    line: int = 0


@dataclass
class Row:
    """One pair's line of the summary table."""

    index: int
    name: str
    code: str
    paper: str
    status: str = "ok"  # ok | findings | error
    pages: int = 0
    choices: int = 0
    non_obvious: int = 0
    justified: int = 0
    ablated: int = 0
    unjustified: int = 0
    mismatched: int = 0
    findings: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "E203 paper.pdf: no text layer"
    report: str = ""  # folder of its reports, relative to the output folder
    seconds: float = 0.0

    def result_view(self) -> dict[str, Any]:
        """Everything but the timing (what two runs of one batch must agree on)."""
        d = asdict(self)
        d.pop("seconds")
        return d


# ── the manifest ─────────────────────────────────────────────────────────────────────────────


def read_manifest(path: str | Path) -> list[Pair]:
    """The pairs of a manifest; PaperlintError E001 (with the line) for a malformed one."""
    manifest = Path(path)
    try:
        text = manifest.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise PaperlintError("E001", str(path), f"cannot read the manifest: {e}") from None
    base = manifest.resolve().parent
    pairs: list[Pair] = []
    used: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        if len(cols) < 2 or len(cols) > 3 or not cols[0]:
            raise PaperlintError(
                "E001",
                f"{path}:{number}",
                "expected CODE<TAB>PAPER or CODE<TAB>PAPER<TAB>NAME",
                "separate the columns with one tab; leave PAPER empty for none",
            )
        code, paper = (base / cols[0]).resolve(), cols[1]
        name = cols[2] if len(cols) == 3 and cols[2] else _default_name(cols[0], paper)
        slug = _unique(f"{len(pairs) + 1:02d}-{_slug(name)}", used)
        pairs.append(
            Pair(
                len(pairs) + 1,
                str(code),
                str((base / paper).resolve()) if paper else "",
                name,
                str(base),
                number,
            )
        )
        used.add(slug)
    if not pairs:
        raise PaperlintError("E001", str(path), "the manifest lists no pairs")
    return pairs


def _default_name(code: str, paper: str) -> str:
    if paper:
        p = Path(paper)
        return p.parent.name if p.stem.lower() in ("paper", "main", "article") else p.stem
    return Path(code).name or "code"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:60] or "pair"


def _unique(slug: str, used: set[str]) -> str:
    out, n = slug, 2
    while out in used:
        out, n = f"{slug}-{n}", n + 1
    return out


def folder_of(pair: Pair) -> str:
    return f"{pair.index:02d}-{_slug(pair.name)}"


# ── one pair ─────────────────────────────────────────────────────────────────────────────────

#: audits in one process run one at a time: they change the working directory (report paths
#: are relative to the manifest) and share the parsers (Dask may run tasks in threads)
_AUDIT_LOCK = threading.Lock()


def audit_pair(pair: Pair, options: dict[str, Any]) -> tuple[Row, str, str]:
    """Audit one pair: its summary row, JSON report and HTML report (run anywhere: a local
    process, a Dask worker)."""
    from paperlint.api import Config, audit, failing
    from paperlint.report import render

    t0 = time.perf_counter()
    row = Row(pair.index, pair.name, _relative(pair.code, pair.base), "", report=folder_of(pair))
    row.paper = _relative(pair.paper, pair.base) if pair.paper else ""
    config = Config(**options)
    code = Path(pair.code)
    folder, target = (code, ".") if code.is_dir() else (code.parent, code.name)
    with _AUDIT_LOCK:
        old = os.getcwd()
        try:
            os.chdir(folder)  # as `cd CODE && paperlint check . PAPER` would name things
            result = audit([target], pair.paper or None, config)
            json_text = render("json", result)
            html_text = render("html", result, fail_on=str(options.get("fail_on", "low")))
        except PaperlintError as e:
            row.status = "error"
            row.problems = [_one_line(e.problem().format())]
            row.seconds = round(time.perf_counter() - t0, 3)
            return row, "", ""
        except Exception as e:  # a bug must not end the batch: the row says what happened
            row.status = "error"
            row.problems = [f"E999 internal error: {type(e).__name__}: {e}"]
            row.seconds = round(time.perf_counter() - t0, 3)
            return row, "", ""
        finally:
            with contextlib.suppress(OSError):
                os.chdir(old)
    s = result.summary
    row.pages = result.paper.pages if result.paper else 0
    row.choices = s.get("choices", 0)
    row.non_obvious = s.get("non_obvious", 0)
    row.justified = s.get("justified", 0)
    row.ablated = s.get("ablated", 0)
    row.unjustified = s.get("unjustified", 0)
    row.mismatched = s.get("mismatched", 0)
    row.findings = s.get("findings", 0)
    row.by_severity = {k: v for k, v in s.get("by_severity", {}).items() if v}
    row.problems = [_one_line(p.format().removeprefix("paperlint: ")) for p in result.problems]
    if result.problems:
        row.status = "error"
    elif failing(result, config.fail_on):
        row.status = "findings"
    row.seconds = round(time.perf_counter() - t0, 3)
    return row, json_text, html_text


def _relative(path: str, base: str) -> str:
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return path


def _one_line(text: str) -> str:
    from paperlint.paper.text import show_invisible

    return show_invisible(text).replace("\n", " ").replace("error[", "[", 1)


def _init_local_worker() -> None:
    """A local batch process: its audits start page readers, a code worker and a paper builder
    each, so the fork server keeps the PDF reader, the code reader and the sentence pipeline
    loaded."""
    from paperlint import sandbox

    sandbox.preload_pdf()
    sandbox.preload_code()
    sandbox.preload_nlp()


# ── running the pairs ────────────────────────────────────────────────────────────────────────

Done = tuple[Row, str, str]


def share_cores(jobs: int, pairs: int, cores: int | None = None) -> tuple[int, dict[str, Any]]:
    """How a local batch spends ``jobs`` cores (0: all of the machine's ``cores``) on ``pairs``
    pairs: how many pairs run at once, and the options that give each audit its share.

    A pair on one core runs its stages one after another (``overlap=False``): two stages of one
    audit side by side would take the core of another pair, and keep more than ``jobs`` cores
    busy. A pair with two cores or more to itself (fewer pairs than cores) runs them side by
    side, its PDF's pages split over its share, like ``paperlint check``."""
    cores = jobs or cores or os.cpu_count() or 1
    at_once = max(1, min(cores, pairs))
    share = cores // at_once
    return at_once, {"overlap": share >= 2, "paper_workers": share}


def run_local(pairs: list[Pair], options: dict[str, Any], jobs: int) -> Iterator[Done]:
    """Audit ``pairs`` in ``jobs`` local processes (in this one for ``jobs == 1``), yielding
    each pair's result as it is done."""
    if jobs <= 1:
        _init_local_worker()
        for pair in pairs:
            yield audit_pair(pair, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("spawn")  # a clean interpreter, whatever this one holds
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_local_worker) as pool:
        futures = [pool.submit(audit_pair, pair, options) for pair in pairs]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


def connect(client_type: Any, address: str) -> Any:
    """A Dask client of the scheduler at ``address``; E006 when none answers there within the
    connect timeout (Dask's ``distributed.comm.timeouts.connect``, which
    ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT`` sets) or the address is malformed."""
    try:
        return client_type(address)
    except (OSError, TimeoutError, ValueError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise PaperlintError(
            "E006", address, f"cannot reach the Dask scheduler: {reason}"
        ) from None


def run_dask(pairs: list[Pair], options: dict[str, Any], scheduler: Any) -> Iterator[Done]:
    """Audit ``pairs`` on the Dask distributed cluster at ``scheduler`` (an address such as
    ``tcp://host:8786``, or a ``distributed.Client``)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise PaperlintError(
            "E001",
            "--scheduler",
            "Dask distributed is not installed",
            "pip install 'paperlint[dask]'",
        ) from None
    own = not isinstance(scheduler, Client)
    client = connect(Client, scheduler) if own else scheduler
    try:
        futures = [
            client.submit(audit_pair, pair, options, pure=False, key=f"paperlint-{pair.index}")
            for pair in pairs
        ]
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        if own:
            client.close()


# ── writing the batch ────────────────────────────────────────────────────────────────────────


def run(
    pairs: list[Pair],
    out: str | Path,
    options: dict[str, Any],
    *,
    jobs: int = 0,
    scheduler: Any = None,
    progress: Callable[[int, int, Row], None] | None = None,
) -> list[Row]:
    """Audit every pair, write the reports, the index and the summary under ``out``; the rows
    in manifest order. ``jobs``: the cores to keep busy (0: all, see :func:`share_cores`);
    ``scheduler``: a Dask scheduler's address, which then decides."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    source: Iterable[Done]
    if scheduler is not None:
        # a cluster's worker runs an audit per thread, with its stages side by side
        source = run_dask(pairs, {"overlap": True, "paper_workers": 0, **options}, scheduler)
    else:
        at_once, share = share_cores(jobs, len(pairs))
        source = run_local(pairs, {**options, **share}, at_once)
    rows: list[Row] = []
    for row, json_text, html_text in source:
        folder = out / row.report
        if json_text:
            folder.mkdir(parents=True, exist_ok=True)
            write_text(folder / "report.json", json_text)
            write_text(folder / "report.html", html_text)
        else:
            row.report = ""
        rows.append(row)
        if progress is not None:
            progress(len(rows), len(pairs), row)
    rows.sort(key=lambda r: r.index)
    write_text(out / "summary.json", json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    write_text(out / "index.html", render_index(rows))
    return rows


def write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (see :func:`paperlint.atomic.replace_file`)."""
    from paperlint.atomic import replace_file

    replace_file(path, text)


# ── the summary table and the index page ────────────────────────────────────────────────────

COLUMNS = (
    ("#", "index"),
    ("pair", "name"),
    ("pages", "pages"),
    ("choices", "choices"),
    ("non-obvious", "non_obvious"),
    ("justified", "justified"),
    ("ablated", "ablated"),
    ("unjustified", "unjustified"),
    ("mismatched", "mismatched"),
    ("findings", "findings"),
)


def table(rows: list[Row]) -> str:
    """The summary as a plain-text table (one line per pair, then the totals)."""
    heads = [h for h, _ in COLUMNS] + ["status"]
    lines = [
        [str(getattr(r, k)) for _, k in COLUMNS]
        + [r.status + (f" ({'; '.join(r.problems)})" if r.problems else "")]
        for r in rows
    ]
    totals = ["", "total"] + [str(sum(getattr(r, k) for r in rows)) for _, k in COLUMNS[2:]]  # type: ignore[misc]
    totals.append(f"{sum(r.status == 'error' for r in rows)} with errors")
    widths = [max(len(x) for x in col) for col in zip(heads, *lines, totals, strict=True)]
    fmt = [
        (lambda s, w=w: s.ljust(w)) if i in (1, len(heads) - 1) else (lambda s, w=w: s.rjust(w))
        for i, w in enumerate(widths)
    ]
    return "\n".join(
        "  ".join(f(x) for f, x in zip(fmt, line, strict=True)).rstrip()
        for line in [heads, *lines, totals]
    )


def render_index(rows: list[Row]) -> str:
    """index.html: one self-contained page (autoescaped, a CSP that allows only its own inline
    style) with the summary table, every row linking its pair's report."""
    import base64
    import hashlib

    import jinja2

    from paperlint import __version__

    style = _INDEX_CSS
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    csp = (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    totals = {k: sum(getattr(r, k) for r in rows) for _, k in COLUMNS[2:]}
    return env.from_string(_INDEX_TEMPLATE).render(
        rows=rows,
        columns=COLUMNS,
        totals=totals,
        errors=sum(r.status == "error" for r in rows),
        csp=csp,
        style=style,
        version=__version__,
    )


_INDEX_CSS = """\
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1d1d1f}
table{border-collapse:collapse}th,td{padding:.3em .7em;border-bottom:1px solid #ddd}
th{text-align:left;background:#f4f4f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.error td{background:#fff1f0}tr.findings td.status{color:#a15c00}tr.ok td.status{color:#1a7f37}
tfoot td{font-weight:600}.problems{color:#a00;font-size:12px}code{font-size:12px}"""

_INDEX_TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="paperlint {{ version }}">
<title>paperlint batch: {{ rows | length }} pairs</title>
<style>{{ style | safe }}</style>
</head>
<body>
<h1>paperlint batch</h1>
<p>{{ rows | length }} pairs audited; {{ totals.findings }} findings;
{{ errors }} with inputs that could not be audited. Each pair links its full report.</p>
<table>
<thead><tr>{% for head, _ in columns %}<th>{{ head }}</th>{% endfor %}<th>status</th></tr></thead>
<tbody>
{% for r in rows %}
<tr class="{{ r.status }}">
<td class="n">{{ r.index }}</td>
<td>{% if r.report %}<a href="{{ r.report }}/report.html">{{ r.name }}</a>{% else %}{{ r.name }}{% endif %}
<br><code>{{ r.code }}</code>{% if r.paper %} · <code>{{ r.paper }}</code>{% endif %}</td>
{% for _, key in columns[2:] %}<td class="n">{{ r[key] }}</td>{% endfor %}
<td class="status">{{ r.status }}{% for p in r.problems %}<div class="problems">{{ p }}</div>{% endfor %}</td>
</tr>
{% endfor %}
</tbody>
<tfoot><tr><td></td><td>total</td>{% for _, key in columns[2:] %}<td class="n">{{ totals[key] }}</td>{% endfor %}<td>{{ errors }} with errors</td></tr></tfoot>
</table>
</body>
</html>
"""


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()

    def __call__(self, done: int, total: int, row: Row) -> None:
        if not self.enabled:
            return
        width = 24
        filled = int(width * done / max(1, total))
        elapsed = time.monotonic() - self.start
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {elapsed:5.0f}s  {row.name[:40]:<40}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
