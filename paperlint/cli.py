"""The command line: a thin layer over :func:`paperlint.api.audit`.

    paperlint CODE... PAPER            audit (same as `paperlint check`)
    paperlint check CODE... PAPER      audit; --format text|json|sarif|github|markdown|html,
                                       --output FILE, --also-output FORMAT=FILE,
                                       --reviewer (questions for the authors)
    paperlint batch MANIFEST           audit many (code, paper) pairs: --jobs N, --scheduler
    paperlint demo                     audit the bundled example and write audit.html
    paperlint dump-code PATH...        the choices read from the code
    paperlint dump-paper PAPER         sections, sentences and evidence read from the paper
    paperlint rules / explain ID       the rules and their docs (`rule ID` is the same);
                                       `explain E203` says what an error code means

Exit codes: 0 audited and clean, 1 findings, 2 usage error or an input that could not be audited.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import click

from paperlint import __version__
from paperlint.errors import failed_inputs

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_PAPER_SUFFIXES = (".pdf", ".tex", ".txt", ".md", ".tar.gz", ".tgz", ".tar", ".gz")


class _DefaultToCheck(click.Group):
    """`paperlint a.py paper.pdf` means `paperlint check a.py paper.pdf`; subcommands win."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args:
            args = ["check"]
        elif args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        """click's own handling, except that a usage error is error E001 on one line, like
        every other error paperlint prints, with the usage and where to find help."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            return super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as e:
            usage = e.ctx.get_usage().replace("Usage: ", "") if e.ctx else "paperlint --help"
            where = e.ctx.command_path if e.ctx else "paperlint"
            _fail(
                f"paperlint: error[E001] {e.format_message()} "
                f"(usage: {usage}; see `{where} --help`)"
            )
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="paperlint")
def main() -> None:
    """paperlint: find the choices in a deep-learning model's code and ask the paper why.

    Run `paperlint CODE... PAPER` (or `paperlint check ...`) to audit code files or folders
    against the paper (PDF, LaTeX source or text).
    """


def run(after: Any = None) -> None:
    """The ``paperlint`` command (and ``python -m paperlint``, after
    :mod:`paperlint.launcher`): :func:`main`, then ``after()`` if given, then a quick exit.

    Once the report is written and the streams are flushed, the process ends with ``os._exit``:
    tearing down an interpreter that holds spaCy's tables takes a quarter of a second, a tenth of
    a whole audit, and nothing is left to do (reader processes end with their fork server, which
    ends with this process; the cache and the reports are written and closed). Callers that
    invoke :func:`main` themselves (tests, embedding) keep the normal exit.
    """
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if e.code is not None and not isinstance(e.code, int):
            click.echo(e.code, err=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    if after is not None:
        with contextlib.suppress(Exception):
            after()
    from paperlint.launcher import quick_exit

    quick_exit(code)


def _split_paper(paths: tuple[str, ...], paper: str | None) -> tuple[list[str], str | None]:
    code = list(paths)
    if paper is None and code and code[-1].lower().endswith(_PAPER_SUFFIXES):
        paper = code.pop()
    return code, paper


#: ``--write-baseline`` without a FILE: the ``baseline`` of [tool.paperlint]
_CONFIGURED = "<the baseline of [tool.paperlint]>"

#: outputs that are streams the user named on purpose: written to, never replaced
_STREAMS = re.compile(r"^/dev/(null|stdout|stderr|tty)$|^/dev/fd/\d+$|^/proc/self/fd/\d+$")


def _write(text: str, output: str | None, color: bool = False) -> None:
    """Write a report atomically: a temp file in the same folder, then a rename. A killed run
    leaves the old report or none, never half of one; a symlink or FIFO at the output path is
    replaced, not followed (an audited repository may plant ``audit.json -> ~/.bashrc``), and a
    device is never replaced (``-o /dev/null`` run as root must not replace /dev/null)."""
    if output is None or output == "-":
        # click strips colour from a stream that is no terminal, unless told it was asked for
        click.echo(text, nl=False, color=True if color else None)
        return
    from paperlint.errors import PaperlintError

    if _STREAMS.match(os.path.abspath(output)):
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as e:
            raise PaperlintError("E301", output, f"cannot write: {e.strerror}") from None
        return
    target = Path(output)
    try:
        st = os.lstat(target)
    except OSError:
        st = None
    if st is not None and (
        stat.S_ISDIR(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
    ):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a device"
        raise PaperlintError("E301", output, f"the output path is {kind}; name a file")
    from paperlint.atomic import replace_file

    try:
        replace_file(target, text)
    except OSError as e:
        raise PaperlintError("E301", output, f"cannot write: {e.strerror}") from None


def _also_outputs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """``--also-output FORMAT=FILE`` values, checked before the audit starts."""
    from paperlint.report import FORMATS

    out = []
    for v in values:
        fmt, sep, file = v.partition("=")
        if not sep or fmt not in FORMATS or not file:
            _fail(
                f"paperlint: error[E001] --also-output {v!r}: expected FORMAT=FILE with FORMAT "
                f"one of {', '.join(FORMATS)}"
            )
        out.append((fmt, file))
    return out


def _fail(message: str, debug: bool = False) -> None:
    click.echo(one_line(message, debug), err=True)
    sys.exit(EXIT_ERROR)


def one_line(message: str, debug: bool = False) -> str:
    """An error as the user sees it: one line, with invisible and control characters shown (a
    file name can hold an ANSI escape, a newline or a bidi override). With ``--debug`` the
    details that follow the first line (a worker's traceback) are kept on their own lines."""
    from paperlint.paper.text import show_invisible

    if debug:
        return "\n".join(show_invisible(line) for line in message.split("\n"))
    return show_invisible(message).replace("\n", "⟨U+000A⟩").replace("\r", "⟨U+000D⟩")


class _Size(click.ParamType):
    """A size in bytes: 2000000, 500K, 2M, 1G."""

    name = "size"

    def convert(self, value, param, ctx):  # type: ignore[override]
        from paperlint.limits import parse_size

        try:
            size = parse_size(value)
        except ValueError as e:
            self.fail(str(e), param, ctx)
        if size <= 0:
            self.fail(f"must be more than 0: {value!r}", param, ctx)
        return size


SIZE = _Size()


def _inside_project(source: str, paths: list[tuple[str, str]]) -> None:
    """Paths that [tool.paperlint] names must stay in the project: the table belongs to the
    repository being audited, which may be a stranger's pull request, and `output = "~/.bashrc"`
    or `code = ["/home/runner/.config"]` would make paperlint write or read outside it. Links
    are resolved first. A path given on the command line is the user's own and is not checked."""
    if not source:
        return
    root = Path(source).resolve().parent
    for key, value in paths:
        target = Path(os.path.realpath(value))
        if target != root and root not in target.parents:
            _fail(
                f"paperlint: error[E002] {source}: [tool.paperlint] {key} = {value!r} is outside "
                f"the project folder {root} (give such a path on the command line)"
            )


def _limits(**given: object) -> dict[str, object]:
    """The limit options that were given (not None), as Config keyword arguments."""
    return {k: v for k, v in given.items() if v is not None}


def _limit_options(fn):
    """The limits on untrusted input (see paperlint.limits), shared by the commands that read.
    Each defaults to None: ``[tool.paperlint]`` may set max-pages and max-file-size, and
    :func:`_limits` fills in paperlint's defaults."""
    from paperlint.limits import DEFAULT as D

    def option(name: str, kind, default: str, help: str):
        return click.option(name, type=kind, default=None, help=f"{help}  [default: {default}]")

    positive = click.FloatRange(min=0, min_open=True)
    options = [
        option("--max-pages", click.IntRange(min=1), str(D.max_pages), "Refuse papers longer than this."),
        option("--pdf-timeout", positive, f"{D.pdf_timeout:g}", "Seconds the paper reader may take."),
        option("--pdf-memory", SIZE, f"{D.pdf_memory >> 20}M", "Memory the paper reader may use."),
        option("--max-paper-size", SIZE, f"{D.max_paper_size >> 20}M", "Refuse paper files larger than this."),
        option("--code-timeout", positive, f"{D.code_timeout:g}", "Seconds the code reader may take per file."),
        option("--code-memory", SIZE, f"{D.code_memory >> 20}M", "Memory the code reader may use."),
        option("--max-file-size", SIZE, str(D.max_file_size), "Skip source files larger than this (E103)."),
    ]  # fmt: skip
    for option in reversed(options):
        fn = option(fn)
    return fn


FORMAT_NAMES = ["text", "json", "sarif", "github", "markdown", "html"]
COLOR_MODES = ["auto", "always", "never"]


def use_color(mode: str, fmt: str, output: str | None) -> bool:
    """Whether the text report is coloured: ``--color always|never`` decides; ``auto`` colours a
    terminal, unless ``NO_COLOR`` is set (no-color.org), or any stream if ``FORCE_COLOR`` is
    (force-color.org). A report written to a file is never coloured."""
    if fmt != "text" or output not in (None, "-"):
        return False
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _rule_selection(
    select: tuple[str, ...], extend: tuple[str, ...], settings
) -> tuple[tuple[str, ...], str]:
    """The rules to run (empty: all) and where the selection came from. ``ALL`` selects every
    rule; ``--extend-select`` adds to the command line's or the config's selection."""
    from paperlint import config as configuration

    if select:
        base, origin = configuration.split_ids(select), "command line"
    else:
        base, origin = list(settings.select), (settings.source if settings.select else "default")
    more = [*settings.extend_select, *configuration.split_ids(extend)]
    if not base or "ALL" in base or "ALL" in more:
        return (), origin if "ALL" in base else ("command line" if "ALL" in more else origin)
    if extend or settings.extend_select:
        origin += " + extend-select"
    return tuple(dict.fromkeys([*base, *more])), origin


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option(
    "--paper",
    "paper_opt",
    type=click.Path(readable=False),
    help="The paper (PDF, .tex, .txt); default: the last argument if it ends in .pdf, .tex, .txt.",
)
@click.option(
    "--output-format",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Report format [default: text; markdown with --reviewer]. `github` prints workflow "
    "annotations and writes the markdown summary to $GITHUB_STEP_SUMMARY when it is set.",
)
@click.option(
    "-o", "--output", type=click.Path(), help="Write the report here instead of standard output."
)
@click.option(
    "--also-output",
    "also",
    multiple=True,
    metavar="FORMAT=FILE",
    help="Also write a report in FORMAT to FILE from the same audit (repeatable), e.g. "
    "`--format github --also-output sarif=paperlint.sarif`.",
)
@click.option(
    "--reviewer",
    is_flag=True,
    help="Reviewer mode: the questions to ask the authors, as markdown to paste into a review.",
)
@click.option(
    "--select",
    multiple=True,
    help="Only these rules (ids or prefixes, comma-separated or repeated; ALL: every rule).",
)
@click.option(
    "--extend-select",
    multiple=True,
    help="Add these rules (ids or prefixes) to the selection of --select or [tool.paperlint].",
)
@click.option("--ignore", multiple=True, help="Skip these rules (ids or prefixes).")
@click.option(
    "--fail-on",
    type=click.Choice(["info", "low", "medium", "high"]),
    default=None,
    help="Exit 1 only for findings at least this severe.  [default: low]",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (an input that could not be audited still exits 2).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule has, instead of the findings.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print the findings and errors only: no summary, no notes."
)
@click.option(
    "--color",
    "color_mode",
    type=click.Choice(COLOR_MODES),
    default="auto",
    show_default=True,
    help="Colour the text report. auto: on a terminal unless NO_COLOR is set; FORCE_COLOR "
    "colours a pipe too.",
)
@click.option(
    "--baseline",
    type=click.Path(readable=False),
    help="Accept the findings recorded in this file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(),
    is_flag=False,
    flag_value=_CONFIGURED,
    metavar="[FILE]",
    help="Record every active finding in FILE (then pass it with --baseline); without FILE, "
    "in the `baseline` that [tool.paperlint] names. Any baseline is not applied meanwhile.",
)
@click.option("--exclude", multiple=True, help="Glob of code paths to skip.")
@click.option(
    "--all",
    "audit_all",
    is_flag=True,
    help="Audit every run, file and setting, not only the runs the paper describes, and report "
    "minor settings (an eval batch size) as findings too.",
)
@click.option(
    "--run",
    "run_names",
    multiple=True,
    metavar="NAME",
    help="Audit this run only (repeatable): a run's name, one of its config files, or a glob; "
    "`paperlint dump-code .` lists the runs.",
)
@click.option("--pdf-password", default="", help="Password of an encrypted PDF.")
@_limit_options
@click.option(
    "--config",
    "config_path",
    type=click.Path(readable=False),
    help="Read [tool.paperlint] from this file instead of the nearest pyproject.toml.",
)
@click.option("--isolated", is_flag=True, help="Ignore [tool.paperlint] in pyproject.toml.")
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the resolved settings and where each value came from, then exit.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read everything afresh; neither use nor fill the cache (~/.cache/paperlint, or "
    "PAPERLINT_CACHE_DIR).",
)
@click.option(
    "--no-history",
    is_flag=True,
    help="Do not read the git history for the tuning trace (the sweeps and scripts still are).",
)
@click.option(
    "--history-max-commits",
    type=click.IntRange(min=1),
    default=None,
    help="Read at most this many commits of the history.  [default: 20000]",
)
@click.option(
    "--history-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Read the history for at most this many seconds; the report says when it stopped "
    "early.  [default: 15]",
)
@click.option(
    "--daemon/--no-daemon",
    "use_daemon",
    default=None,
    help="Hand the audit to a daemon that keeps paperlint loaded between runs, and leave one "
    "running for the next run (the edit loop); also PAPERLINT_DAEMON=1 or `daemon = true` in "
    "[tool.paperlint]. See `paperlint daemon --help`.  [default: no daemon]",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and the readers' own messages.")
def check(
    paths: tuple[str, ...],
    paper_opt: str | None,
    fmt: str | None,
    output: str | None,
    also: tuple[str, ...],
    reviewer: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    quiet: bool,
    color_mode: str,
    baseline: str | None,
    write_baseline: str | None,
    exclude: tuple[str, ...],
    audit_all: bool,
    run_names: tuple[str, ...],
    pdf_password: str,
    max_pages: int | None,
    pdf_timeout: float | None,
    pdf_memory: int | None,
    max_paper_size: int | None,
    code_timeout: float | None,
    code_memory: int | None,
    max_file_size: int | None,
    config_path: str | None,
    isolated: bool,
    show_settings: bool,
    no_cache: bool,
    no_history: bool,
    history_max_commits: int | None,
    history_timeout: float | None,
    use_daemon: bool | None,
    debug: bool,
) -> None:
    """Audit CODE files or folders against PAPER.

    Without arguments, the code and paper named in [tool.paperlint] of the nearest
    pyproject.toml are audited. Command-line options win over that table; --ignore and
    --extend-select add to it.
    """
    from paperlint import config as configuration
    from paperlint.api import Config, audit, failing, trace_stage
    from paperlint.config import project_root
    from paperlint.errors import PaperlintError
    from paperlint.report import render
    from paperlint.report.common import plural
    from paperlint.report.progress import Status

    try:
        settings = configuration.Settings()
        if config_path:
            settings = configuration.load(Path(config_path))
        elif not isolated:
            found = configuration.find()
            settings = configuration.load(found) if found else settings
    except PaperlintError as e:
        _fail(e.format())
    src = settings.source  # where a value from [tool.paperlint] came from
    origin: dict[str, str] = {}  # setting → "command line" | the pyproject.toml | "default"

    def pick(key: str, given: object, configured: object, default: object = None) -> object:
        if given not in (None, (), ""):
            origin[key] = "command line"
            return given
        if configured not in (None, (), ""):
            origin[key] = src
            return configured
        origin[key] = "default"
        return default

    code, paper = _split_paper(paths, paper_opt)
    from_file: list[tuple[str, str]] = []  # (key, path) taken from [tool.paperlint]
    code = list(pick("code", tuple(code), settings.code, ()))
    if origin["code"] == src:
        from_file += [("code", c) for c in code]
    paper = pick("paper", paper, settings.paper)
    if origin["paper"] == src:
        from_file.append(("paper", paper))
    if output is None and settings.output:
        from_file.append(("output", settings.output))
    if write_baseline == _CONFIGURED:
        if not settings.baseline:
            _fail(
                "paperlint: error[E001] --write-baseline needs a FILE, or `baseline` in "
                "[tool.paperlint] (usage: --write-baseline FILE)"
            )
        write_baseline = settings.baseline
        from_file.append(("baseline", settings.baseline))
    if baseline is None and settings.baseline and not write_baseline:
        from_file.append(("baseline", settings.baseline))
    _inside_project(src, from_file)
    if reviewer and fmt not in (None, "markdown"):
        _fail("paperlint: error[E001] --reviewer writes markdown (drop --format or use markdown)")
    fmt = str(pick("output-format", fmt, settings.format, "markdown" if reviewer else "text"))
    output = pick("output", output, settings.output)  # type: ignore[assignment]
    extra = _also_outputs(also)
    rule_select, origin["select"] = _rule_selection(select, extend_select, settings)
    ignored = (*settings.ignore, *configuration.split_ids(ignore))
    origin["ignore"] = (
        " + ".join(x for x, on in ((src, settings.ignore), ("command line", ignore)) if on)
        or "default"
    )
    # a baseline being written is not applied: the new file must accept every finding
    applied = "" if write_baseline else pick("baseline", baseline, settings.baseline, "")
    if write_baseline:
        origin["baseline"] = "not applied while --write-baseline writes " + write_baseline
    excluded = (*settings.exclude, *exclude)
    origin["exclude"] = (
        " + ".join(x for x, on in ((src, settings.exclude), ("command line", exclude)) if on)
        or "default"
    )
    runs = tuple(pick("runs", run_names, settings.runs, ()))  # type: ignore[arg-type]
    if audit_all and runs:
        _fail("paperlint: error[E001] --all and --run contradict each other (use one of them)")
    config = Config(
        select=rule_select,
        ignore=ignored,
        fail_on=str(pick("fail-on", fail_on, settings.fail_on, "low")),
        baseline=str(applied or ""),
        exclude=excluded,
        audit_all=audit_all,
        runs=runs,
        pdf_password=pdf_password,
        debug=debug,
        **_limits(
            max_pages=pick("max-pages", max_pages, settings.max_pages),
            max_file_size=pick("max-file-size", max_file_size, settings.max_file_size),
            max_paper_size=pick("max-paper-size", max_paper_size, None),
            pdf_timeout=pick("pdf-timeout", pdf_timeout, None),
            pdf_memory=pick("pdf-memory", pdf_memory, None),
            code_timeout=pick("code-timeout", code_timeout, None),
            code_memory=pick("code-memory", code_memory, None),
        ),
        cache=not no_cache,
        history=not no_history and settings.history is not False,
        **_limits(
            history_max_commits=pick(
                "history-max-commits", history_max_commits, settings.history_max_commits
            ),
            history_timeout=pick("history-timeout", history_timeout, settings.history_timeout),
        ),
    )
    origin["history"] = (
        "command line" if no_history else (src if settings.history is not None else "default")
    )
    color = use_color(color_mode, fmt, output)
    if show_settings:
        found_by = (
            "--config" if config_path else ("--isolated" if isolated else "nearest pyproject.toml")
        )
        _print_settings(
            [
                ("config file", settings.source or None, found_by),
                ("code", code, origin["code"]),
                ("paper", paper, origin["paper"]),
                ("output-format", fmt, origin["output-format"]),
                ("output", output, origin["output"]),
                ("select", list(config.select) or "ALL", origin["select"]),
                ("ignore", list(config.ignore), origin["ignore"]),
                ("fail-on", config.fail_on, origin["fail-on"]),
                ("baseline", config.baseline or None, origin["baseline"]),
                ("write-baseline", write_baseline, "command line" if write_baseline else "default"),
                ("exclude", list(config.exclude), origin["exclude"]),
                (
                    "runs",
                    list(config.runs) or ("ALL" if audit_all else "the paper's"),
                    origin["runs"],
                ),
                ("all", audit_all, "command line" if audit_all else "default"),
                *(
                    (key, getattr(config, key.replace("-", "_")), origin[key])
                    for key in (
                        "max-pages",
                        "max-file-size",
                        "max-paper-size",
                        "pdf-timeout",
                        "pdf-memory",
                        "code-timeout",
                        "code-memory",
                    )
                ),
                ("cache", config.cache, "command line" if no_cache else "default"),
                ("history", config.history, origin["history"]),
                ("history-max-commits", config.history_max_commits, origin["history-max-commits"]),
                ("history-timeout", config.history_timeout, origin["history-timeout"]),
                ("color", color_mode, "command line" if color_mode != "auto" else "default"),
                ("colored", color, _color_reason(color_mode)),
                ("exit-zero", exit_zero, "command line" if exit_zero else "default"),
                (
                    "repository root",
                    str(project_root()),
                    "nearest .git, else $GITHUB_WORKSPACE, else here",
                ),
            ]
        )
        sys.exit(EXIT_CLEAN)
    if not code:
        _fail(
            "paperlint: error[E001] no code given (usage: paperlint CODE... PAPER, "
            "or set `code` in [tool.paperlint] of pyproject.toml)"
        )
    try:
        with Status(f"auditing {', '.join(code)}" + (f" against {paper}" if paper else "")):
            result = audit(code, paper, config)
        ci = _for_code_scanning(result)  # paths from the repository's top, for GitHub
        text = render(
            fmt,
            ci if fmt in CI_FORMATS else result,
            color=color,
            reviewer=reviewer,
            quiet=quiet,
            fail_on=config.fail_on,
            **(_sarif_options(result, src, paper) if fmt == "sarif" else {}),
        )
        if statistics:
            from paperlint.report.text import statistics_table

            click.echo(
                statistics_table(result, color=color), nl=False, color=True if color else None
            )
            if output not in (None, "-"):
                _write(text, output)
        else:
            _write(text, output, color)
        trace_stage("report written")
        for extra_fmt, extra_file in extra:
            options = _sarif_options(result, src, paper) if extra_fmt == "sarif" else {}
            options["fail_on"] = config.fail_on
            _write(
                render(extra_fmt, ci if extra_fmt in CI_FORMATS else result, **options), extra_file
            )
        if fmt == "github":
            from paperlint.report.github import write_step_summary

            write_step_summary(ci)
        if write_baseline:
            from paperlint import baseline as baselines
            from paperlint.outputs import is_output

            target = Path(write_baseline)
            if target.is_file() and not is_output(target):
                # `--write-baseline model.py paper.pdf` took model.py as the FILE
                raise PaperlintError(
                    "E301",
                    write_baseline,
                    "refusing to replace a file that is not a paperlint baseline",
                    "name a new file, e.g. --write-baseline=paperlint-baseline.json",
                )
            _write(baselines.dumps(result.findings), write_baseline)
            accepted = len(result.active_findings)
            if not quiet:
                click.echo(
                    f"paperlint: wrote {plural(accepted, 'accepted finding')} to "
                    f"{_shown(write_baseline)}",
                    err=True,
                )
    except PaperlintError as e:
        _fail(e.format(), debug)
    except KeyboardInterrupt:
        _fail("paperlint: interrupted (no report was written)")
    except OSError as e:
        _fail(
            f"paperlint: error[E301] {e.filename or ''}: {e.strerror} (check that the folder exists and is writable)"
        )
    except Exception as e:
        if debug:
            raise
        _fail(
            f"paperlint: error[E999] internal error: {type(e).__name__}: {e} (re-run with --debug and report it)"
        )
    for p in result.problems:
        click.echo(one_line(p.format(), debug), err=True)
    stale = (result.summary.get("suppressions", {}).get("baseline_file") or {}).get("stale", 0)
    if stale and not quiet:
        click.echo(
            f"paperlint: {plural(stale, 'entry', 'entries')} of the baseline "
            f"{_shown(config.baseline)} "
            "match no finding any more (fixed or changed); run --write-baseline to drop them",
            err=True,
        )
    if failed_inputs(result.problems):
        sys.exit(EXIT_ERROR)
    if write_baseline or exit_zero:
        sys.exit(EXIT_CLEAN)
    sys.exit(EXIT_FINDINGS if failing(result, config.fail_on) else EXIT_CLEAN)


#: formats read by GitHub: their paths are the repository's, not the working directory's
CI_FORMATS = frozenset({"sarif", "github"})


def _for_code_scanning(result):
    """The result with its paths relative to the repository's top (see
    :func:`paperlint.config.project_root`), as code scanning and annotations need them."""
    from paperlint.config import project_root
    from paperlint.report.common import rebase

    return rebase(result, project_root(), Path.cwd())


def _sarif_options(result, config_source: str, paper: str | None) -> dict[str, object]:
    """Where SARIF's paper-level results point (:func:`paperlint.report.sarif.paper_anchor`):
    candidates, from the repository's top, in order of preference."""
    from paperlint.config import project_root
    from paperlint.report.common import relative_to

    root = project_root()
    cwd = Path.cwd()
    read = result.paper is not None
    candidates = []
    if read and paper:
        candidates.append(relative_to(paper, root, cwd))
    if config_source:
        candidates.append(relative_to(config_source, root, cwd))
    for name in ("README.md", "README.rst", "README.txt", "README"):
        if (root / name).is_file():
            candidates.append(name)
            break
    return {"root": str(root), "anchors": tuple(c for c in candidates if c)}


def _shown(path: str) -> str:
    """A path as the user can type it: relative to the working directory when inside it."""
    from paperlint.code.files import display_path

    return display_path(Path(path).absolute()) if os.path.isabs(path) else path


def _color_reason(mode: str) -> str:
    if mode != "auto":
        return f"--color {mode}"
    if os.environ.get("NO_COLOR"):
        return "NO_COLOR is set"
    if os.environ.get("FORCE_COLOR"):
        return "FORCE_COLOR is set"
    return (
        "standard output is a terminal"
        if sys.stdout.isatty()
        else "standard output is not a terminal"
    )


def _print_settings(rows: list[tuple[str, object, str]]) -> None:
    """``--show-settings``: each resolved value (as TOML would write it) and where it came from."""
    import json

    def show(value: object) -> str:
        if value is None:
            return "(none)"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return json.dumps(list(value), ensure_ascii=False)
        return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)

    width = max(len(k) for k, _, _ in rows)
    for key, value, where in rows:
        click.echo(f"{key:<{width}} = {show(value)}  # {where}")


@main.command()
@click.argument("manifest", type=click.Path())
@click.option(
    "-o",
    "--output-dir",
    default="paperlint-batch",
    show_default=True,
    type=click.Path(),
    help="Folder for index.html, summary.json and one folder of reports per pair.",
)
@click.option(
    "-j",
    "--jobs",
    default=0,
    type=click.IntRange(0),
    help="Cores to keep busy: this many pairs at once, each on one core. [default: 0, every core]",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the pairs on this Dask distributed scheduler (tcp://host:port) instead of "
    "local processes; needs paperlint[dask].",
)
@click.option("--select", multiple=True, help="Only these rules (ids or prefixes).")
@click.option("--ignore", multiple=True, help="Skip these rules (ids or prefixes).")
@click.option(
    "--fail-on",
    type=click.Choice(["info", "low", "medium", "high"]),
    default="low",
    show_default=True,
    help="A pair's findings this severe count as findings (exit 1).",
)
@click.option("--exclude", multiple=True, help="Glob of code paths to skip.")
@_limit_options
@click.option("--no-cache", is_flag=True, help="Read everything afresh; neither use nor fill it.")
@click.option("--debug", is_flag=True, help="Keep the readers' own messages in errors.")
def batch(
    manifest: str,
    output_dir: str,
    jobs: int,
    scheduler: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str,
    exclude: tuple[str, ...],
    no_cache: bool,
    debug: bool,
    **limits: object,
) -> None:
    """Audit every (code, paper) pair of MANIFEST: reports, an index page and a summary table.

    MANIFEST has one pair per line, CODE<TAB>PAPER[<TAB>NAME], paths relative to the
    manifest ('#' starts a comment). Exit 0 when every pair is clean, 1 when some pair has
    findings, 2 when some input could not be audited.
    """
    from paperlint import batch as batching
    from paperlint import config as configuration
    from paperlint.api import Config, select_rules
    from paperlint.errors import PaperlintError

    options: dict[str, object] = {
        "select": tuple(configuration.split_ids(select)),
        "ignore": tuple(configuration.split_ids(ignore)),
        "fail_on": fail_on,
        "exclude": exclude,
        "cache": not no_cache,
        "debug": debug,
        **{k: v for k, v in limits.items() if v is not None},
    }
    try:
        select_rules(Config(select=options["select"], ignore=options["ignore"]))  # type: ignore[arg-type]
        pairs = batching.read_manifest(manifest)
        rows = batching.run(
            pairs,
            output_dir,
            options,
            jobs=jobs,
            scheduler=scheduler,
            progress=batching.Progress(),
        )
    except PaperlintError as e:
        _fail(e.format(), debug)
    except KeyboardInterrupt:
        _fail("paperlint: interrupted")
    except Exception as e:
        if debug:
            raise
        _fail(
            f"paperlint: error[E999] internal error: {type(e).__name__}: {e} (re-run with --debug and report it)"
        )
    click.echo(batching.table(rows))
    click.echo(f"\nreports: {Path(output_dir) / 'index.html'}", err=True)
    if any(r.status == "error" for r in rows):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if any(r.status == "findings" for r in rows) else EXIT_CLEAN)


@main.command()
@click.option("-o", "--output", default="audit.html", show_default=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "markdown", "html"]),
    default="html",
    show_default=True,
)
def demo(output: str, fmt: str) -> None:
    """Audit the bundled example (a small model and its paper) and write the report."""
    from paperlint.api import audit
    from paperlint.report import render
    from paperlint.report.common import plural
    from paperlint.resources import demo_dir

    d = demo_dir()
    cwd = os.getcwd()
    result = audit([str(d / "code")], str(d / "paper.pdf"))
    _write(render(fmt, result), output)
    s = result.summary
    click.echo(
        f"paperlint demo: {plural(s['choices'], 'choice')}, {plural(s['findings'], 'finding')}; "
        f"report written to {os.path.relpath(output, cwd)}",
        err=True,
    )


@main.command("dump-code")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--no-history", is_flag=True, help="Do not read the git history for the trace.")
def dump_code(paths: tuple[str, ...], fmt: str, no_history: bool) -> None:
    """Print the choices paperlint reads from the code, and its tuning trace (no paper needed)."""
    import json

    from paperlint.code.project import extract
    from paperlint.model import to_dict
    from paperlint.trace.history import HistoryOptions
    from paperlint.trace.stage import TraceOptions, read_trace

    inv = extract(paths)
    trace, trouble = read_trace(paths, TraceOptions(history=HistoryOptions(enabled=not no_history)))
    if fmt == "json":
        data = to_dict(inv)
        data["trace"] = to_dict(trace)
        data["problems"] = [*data["problems"], *to_dict(tuple(trouble))]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        every = len(inv.runs)
        for c in inv.choices:
            where = f" [cell {c.cell}, line {c.cell_line}]" if c.cell else ""
            runs = f" (in {len(c.runs)} of {every} runs)" if c.runs and len(c.runs) < every else ""
            click.echo(
                f"{c.file}:{c.line}:{where} {c.kind:<13} {c.concept:<24} {c.value}  "
                f"[{c.obviousness}, {c.source}] {c.detail}{runs}"
            )
        for line in [*_runs_text(inv), *trace_lines(trace)]:
            click.echo(line)
        click.echo(
            f"{len(inv.choices)} choices in {len(inv.files)} files, {every} runs"
            + (f", {len(inv.problems)} could not be read" if inv.problems else ""),
            err=True,
        )
    problems = [*inv.problems, *trouble]
    for p in problems:
        click.echo(one_line(p.format()), err=True)
    sys.exit(EXIT_ERROR if failed_inputs(problems) else EXIT_CLEAN)


def trace_lines(trace: Any) -> list[str]:
    """The tuning trace as ``dump-code`` prints it: searches, then each setting's values."""
    cov = trace.coverage
    out = ["", "tuning trace:"]
    for x in trace.searches:
        budget = f", {x.configurations} configurations" if x.configurations else ""
        metric = f", selected by {x.metric}" if x.metric else ""
        out.append(f"{x.file}:{x.line}: {x.detail} ({x.method or '?'}{budget}{metric})")
        out.extend(f"    {sp.name:<24} {sp.spec()}" for sp in x.spaces)
    for s in trace.settings:
        where = sorted({t.source for t in s.tried} | ({"range"} if s.ranges else set()))
        values = ", ".join(s.values()[:10]) + (" ..." if len(s.values()) > 10 else "")
        ranges = "; ".join(r.spec() for r in s.ranges)
        kept = f"  kept {s.kept} ({s.kept_at})" if s.kept else ""
        if s.history_values:
            where.append(f"{s.history_values} values in one place")
        out.append(
            f"  {s.key:<20} {s.kind:<13} {values}{'; ' if values and ranges else ''}{ranges}"
            f"  [{', '.join(where)}; {s.confidence}]{kept}"
        )
    for r in trace.results_commits:
        out.append(f'  test results: {r.commit} "{r.subject}" ({r.why})')
    history = cov.history
    if cov.history == "read":
        history = f"{cov.commits} of {cov.commits_total} commits read in {cov.seconds:g} s"
        if cov.stopped:
            history += f", stopped early ({cov.stopped})"
    out.append(f"  {cov.searches} searches in {cov.files} files; history: {history}")
    out.extend(f"  note: {n}" for n in cov.notes)
    return out


def _runs_text(inv: Any) -> list[str]:
    """The runs and, for each, the settings its config files, launcher and code set (the code
    defaults it starts from are counted; ``--format json`` lists every setting)."""
    out = []
    for r in inv.runs:
        head = f"run {r.name} [{r.kind}]"
        if r.entry:
            head += f" entry {r.entry}"
        if r.launched_at:
            head += f", launched at {r.launched_at}"
        out.append(head)
        if r.configs:
            out.append(f"  configs: {', '.join(r.configs)}")
        for s in r.settings:
            out.append(f"  {s.key} = {s.value}  {s.file}:{s.line} ({s.layer})")
        rest = len(inv.settings_of(r)) - len(r.settings)
        if rest:
            out.append(f"  ... and {rest} settings at their defaults ({r.defaults})")
        # switches are no choices, but they decide which parts of the code the run builds
        for s in r.switches:
            out.append(f"  switch {s.key} = {s.value}  {s.file}:{s.line} ({s.layer})")
        out.extend(f"  note: {n}" for n in r.notes)
    return out


@main.command("dump-paper")
@click.argument("paper", type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--pdf-password", default="")
@_limit_options
@click.option("--debug", is_flag=True, help="Show the reader's own messages.")
def dump_paper(paper: str, fmt: str, pdf_password: str, debug: bool, **limits: object) -> None:
    """Print what paperlint reads from the paper: sections, sentences with pages, mentions, cues."""
    import json

    from paperlint.api import Config
    from paperlint.errors import PaperlintError
    from paperlint.model import to_dict
    from paperlint.paper import start_paper

    config = Config(pdf_password=pdf_password, debug=debug, **_limits(**limits))  # type: ignore[arg-type]
    try:
        job = start_paper(paper, password=pdf_password, limits=config.limits(), debug=debug)
        index = job.index()  # the document and its index, built in the paper's worker
    except PaperlintError as e:
        _fail(e.format(), debug)
    doc = index.document
    if fmt == "json":
        data = to_dict(doc)
        data["mentions"] = {k: [to_dict(m) for m in v] for k, v in index.mentions.items()}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    cov = doc.coverage
    click.echo(
        f"{doc.path}: {cov.pages} pages ({cov.pages_with_text} with text), {cov.characters} characters, "
        f"{cov.sections} sections, {cov.sentences} sentences; references {'found' if cov.references_found else 'not found'}; {cov.pipeline}"
    )
    for s in doc.sections:
        click.echo(f"  {'  ' * (s.level - 1)}{s.number} {s.title}  (p. {s.page}, {s.role})")
    concepts_by_sentence: dict[int, list[str]] = {}
    for concept, ms in index.mentions.items():
        for m in ms:
            concepts_by_sentence.setdefault(m.sentence, []).append(concept)
    for s in doc.sentences:
        f = index.facts[s.index]
        tags = []
        if s.index in concepts_by_sentence:
            tags.append("mentions " + ",".join(sorted(set(concepts_by_sentence[s.index]))))
        for name, hits in (
            ("citation", f.citations),
            ("reason", f.reasoning),
            ("empirical", f.empirical),
            ("ablation", f.ablation),
        ):
            if hits:
                tags.append(f"{name}: {hits[0][2]!r}")
        tag = f"  [{'; '.join(tags)}]" if tags else ""
        click.echo(f"p{s.page} {s.role[:4]:4} {doc.section_title(s)[:24]:24} | {s.text}{tag}")


@main.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules_cmd(fmt: str) -> None:
    """List every rule: id, name, severity, confidence and summary, by family."""
    import json

    from paperlint.engine import RulePackError, all_rules

    try:
        rules = all_rules()
    except RulePackError as e:
        _fail(e.format())
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in rules.values()], indent=2, ensure_ascii=False))
        return
    family = None
    for r in rules.values():
        if r.family != family:
            if family is not None:
                click.echo("")
            family = r.family
            click.echo(f"{r.family} ({r.id[:3]}xx)")
        click.echo(f"  {r.id}  {r.name:<34} {r.severity:<6}  {r.confidence:<6}  {r.summary}")
    click.echo("")
    click.echo("`paperlint explain ID` prints a rule's documentation.")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print a rule's documentation (by id, e.g. CH101, or by name, e.g. unjustified-choice),
    or what an error code means (e.g. E203)."""
    from paperlint.engine import RulePackError, find_rule
    from paperlint.errors import CODES

    if rule_id.upper() in CODES:
        click.echo(CODES[rule_id.upper()].explain(), nl=False)
        return
    try:
        rule = find_rule(rule_id)
    except RulePackError as e:
        _fail(e.format())
    if rule is None:
        _fail(
            f"paperlint: error[E003] {rule_id}: unknown rule or error code (`paperlint rules` "
            "lists the rules, the README the error codes)"
        )
    click.echo(rule.explain(), nl=False)


@main.command("rule")
@click.argument("rule_id")
@click.pass_context
def rule_cmd(ctx: click.Context, rule_id: str) -> None:
    """Same as `explain` (ruff's spelling): `paperlint rule CH101`."""
    ctx.invoke(explain, rule_id=rule_id)


if __name__ == "__main__":
    main()


@main.group()
def daemon() -> None:
    """A process that keeps paperlint loaded between runs, for the edit loop.

    `paperlint check --daemon ...` (or PAPERLINT_DAEMON=1, or `daemon = true` in
    [tool.paperlint]) hands each audit to the project's daemon and starts one when none
    answers. It serves one project, exits after PAPERLINT_DAEMON_IDLE seconds without a request
    (default 600), and is replaced when paperlint changes. Without it every run audits
    in-process, as it always did.
    """


@daemon.command("start")
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Exit after this many seconds without a request.  [default: 600]",
)
def daemon_start(idle_timeout: float | None) -> None:
    """Start this project's daemon (nothing if it runs) and wait until it answers."""
    from paperlint import daemon as daemons

    path = daemons.address()
    if path is None:
        _fail("paperlint: error[E001] no daemon on this system (it needs Unix sockets)")
    if not daemons.spawn(path, idle_timeout, wait=60.0):
        _fail(f"paperlint: error[E001] the daemon did not start (socket {path})")
    answer = daemons.ask("status", path) or {}
    click.echo(f"paperlint: daemon running (pid {answer.get('pid')}, socket {path})")


@daemon.command("status")
def daemon_status() -> None:
    """Say whether this project's daemon runs (exit 0) or not (exit 1)."""
    from paperlint import daemon as daemons

    answer = daemons.ask("status")
    if answer is None:
        click.echo("paperlint: no daemon running for this project")
        sys.exit(1)
    click.echo(
        f"paperlint: daemon running (pid {answer.get('pid')}, {answer.get('requests')} "
        f"requests, exits after {answer.get('idle_timeout'):g} s idle, socket "
        f"{answer.get('socket')})"
    )


@daemon.command("stop")
def daemon_stop() -> None:
    """Stop this project's daemon (nothing if none runs)."""
    from paperlint import daemon as daemons

    answer = daemons.ask("stop")
    click.echo(
        "paperlint: daemon stopped" if answer is not None else "paperlint: no daemon was running"
    )
