"""Error codes: every input paperlint cannot audit gets one, with a message and what to do.

The codes are stable (scripts match on them) and grouped like the inputs:
E0xx usage and configuration, E1xx code files, E2xx papers, E3xx output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from paperlint.model import Problem


@dataclass(frozen=True)
class ErrorCode:
    """A stable error code: its title, what to do (printed after each message), and when it
    happens (``paperlint explain CODE`` and the README's table)."""

    code: str
    title: str
    hint: str
    when: str = ""
    #: the input was audited except a part of it (one notebook cell): a warning on stderr and a
    #: TN902 "audited in part" notice, not a failure of the run (the exit status is unchanged)
    partial: bool = False

    def explain(self) -> str:
        """The code's documentation, as ``paperlint explain CODE`` prints it."""
        group = {"0": "usage and configuration", "1": "code files", "2": "papers", "3": "output"}
        kind = group.get(self.code[1], "paperlint itself")
        if self.partial:
            return (
                f"{self.code} {self.title} ({kind})\n\n"
                f"When: {self.when}\n\n"
                f"What to do: {self.hint}.\n\n"
                f"Printed as `paperlint: warning[{self.code}] PATH: what happened (what to do)` "
                "on standard error and reported as a TN902 notice (audited in part); the rest of "
                "the input was audited, so the run's exit status is not changed.\n"
            )
        return (
            f"{self.code} {self.title} ({kind})\n\n"
            f"When: {self.when}\n\n"
            f"What to do: {self.hint}.\n\n"
            f"Printed as `paperlint: error[{self.code}] PATH: what happened (what to do)` on "
            "standard error; the run exits 2, and every other input is still audited"
            + (
                " (a usage error ends the run before any input is read)"
                if self.code[1] == "0"
                else ""
            )
            + ".\n"
        )


_CODES = [
    ErrorCode(
        "E001",
        "usage error",
        "see `paperlint --help`",
        "the command line is incomplete or contradicts itself: no code given and none in "
        "[tool.paperlint], a malformed --also-output, --reviewer with another format, "
        "--write-baseline without a file and no `baseline` configured, a missing optional "
        "dependency (Dask for --scheduler).",
    ),
    ErrorCode(
        "E002",
        "invalid configuration",
        "fix the [tool.paperlint] table or the command-line option",
        "pyproject.toml (or the --config file) is not valid TOML, or its [tool.paperlint] table "
        "has an unknown key, a value of the wrong type, or a path outside the project.",
    ),
    ErrorCode(
        "E003",
        "unknown rule",
        "`paperlint rules` lists every rule id",
        "--select, --extend-select, --ignore or the config names a rule id or prefix that no "
        "rule has, or `paperlint explain` was given one.",
    ),
    ErrorCode(
        "E004",
        "invalid baseline",
        "write a new one with --write-baseline",
        "the --baseline file (or `baseline` in the config) is missing, unreadable, not JSON, "
        "or not a paperlint-baseline/1 file.",
    ),
    ErrorCode(
        "E005",
        "invalid rule pack",
        "fix the pack so it follows rules/packs/pack.schema.json (tests/test_rule_packs.py checks it)",
        "a rule pack under rules/packs/ does not follow its schema (a broken installation or an "
        "edited pack).",
    ),
    ErrorCode(
        "E006",
        "cannot reach the Dask scheduler",
        "check the address (tcp://host:8786) and that `dask scheduler` runs there; "
        "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT sets how long to wait",
        "`paperlint batch --scheduler ADDRESS` could not connect to a scheduler at ADDRESS "
        "within the connect timeout, or the address is malformed.",
    ),
    ErrorCode(
        "E007",
        "unknown run",
        "`paperlint dump-code .` lists the runs; name one by its name or one of its config files",
        "--run (or `runs` in [tool.paperlint]) names no run of the audited code: no run's name "
        "or config file equals it, matches it as a glob or contains it.",
    ),
    ErrorCode(
        "E101",
        "file not found",
        "check the path",
        "a code file or folder named on the command line or in the config does not exist or "
        "cannot be opened (no permission), or a folder cannot be listed; the rest is audited.",
    ),
    ErrorCode(
        "E102",
        "not a regular file",
        "pass source files or folders; FIFOs, devices and sockets are never opened",
        "a code path is a FIFO, a device, a socket, or a link to one.",
    ),
    ErrorCode(
        "E103",
        "file too large",
        "raise --max-file-size if the file is really source code",
        "a source file is larger than --max-file-size (default 2000000 bytes), or a notebook's "
        "code cells are (its saved outputs do not count; the notebook file may be up to 64M).",
    ),
    ErrorCode(
        "E104",
        "not valid UTF-8",
        "add a `# -*- coding: ... -*-` line or re-encode the file as UTF-8",
        "a source file does not decode in its declared encoding (UTF-8 by default), names an "
        "unknown encoding, or is binary.",
    ),
    ErrorCode(
        "E105",
        "syntax error",
        "the file was skipped; fix the syntax or exclude the file",
        "a Python file does not parse, as Python 3 or as Python 2 (a notebook cell that does not "
        "parse is E112).",
    ),
    ErrorCode(
        "E106",
        "nested too deeply",
        "the file was skipped: its brackets nest deeper than a static reader can follow safely",
        "a file's brackets or expressions nest deeper than the parser's recursion allows.",
    ),
    ErrorCode(
        "E107",
        "symlink leaves the audited folder",
        "the link was not followed",
        "a symbolic link inside an audited folder points outside it, or is broken or loops.",
    ),
    ErrorCode(
        "E108",
        "could not parse config",
        "the config file was skipped; check that it is valid YAML/JSON",
        "a YAML, JSON or gin config file in the audited code is malformed, or a command of a "
        "shell script or Makefile cannot be read (an unbalanced quote; the rest is read).",
    ),
    ErrorCode(
        "E109",
        "code reader failed",
        "the file was skipped; please report this with the file attached",
        "the code reader's worker process crashed or raised on a file.",
    ),
    ErrorCode(
        "E110",
        "code reader timed out",
        "raise --code-timeout, or exclude the file",
        "reading one file took longer than --code-timeout (default 10 s).",
    ),
    ErrorCode(
        "E111",
        "code reader ran out of memory",
        "raise --code-memory, or exclude the file",
        "the code reader needed more than --code-memory (default 2048M).",
    ),
    ErrorCode(
        "E112",
        "notebook cell skipped",
        "fix the cell's syntax or clear it",
        "a code cell of a notebook does not parse (a half-typed line left in a scratch "
        "notebook): that cell is left out and the notebook's other cells are audited. The "
        "notebook was audited in part: a warning, not an error (the exit status is not 2).",
        partial=True,
    ),
    ErrorCode(
        "E113",
        "config inheritance could not be followed",
        "the run was resolved without the file it names; break the cycle of `_BASE_`/`_base_`",
        "a config file inherits from itself through `_BASE_` (yacs) or `_base_` (mmcv).",
    ),
    ErrorCode(
        "E201",
        "paper not found",
        "check the path",
        "the paper named on the command line or in the config does not exist.",
    ),
    ErrorCode(
        "E202",
        "not a PDF",
        "pass the paper's PDF, or its LaTeX source as .tex or .tar.gz",
        "the paper does not start with %PDF- and is no .tex, .txt, .md or source archive.",
    ),
    ErrorCode(
        "E203",
        "no text layer",
        "the PDF has no extractable text (scanned?); run OCR (e.g. ocrmypdf) first",
        "no page of the PDF has extractable text: a scan, or text drawn as outlines.",
    ),
    ErrorCode(
        "E204",
        "encrypted PDF",
        "pass the password with --pdf-password",
        "the PDF is encrypted and the password (empty by default) does not open it.",
    ),
    ErrorCode(
        "E205",
        "PDF could not be parsed",
        "the file is damaged; try re-exporting it (e.g. `qpdf in.pdf out.pdf`)",
        "pdfminer.six cannot read the PDF's structure, or its reader crashed on it.",
    ),
    ErrorCode(
        "E206",
        "paper reader timed out",
        "raise --pdf-timeout if the paper is really that long",
        "reading the paper took longer than --pdf-timeout (default 60 s).",
    ),
    ErrorCode(
        "E207",
        "paper reader ran out of memory",
        "raise --pdf-memory if the paper is really that large",
        "the paper reader needed more than --pdf-memory (default 1024M).",
    ),
    ErrorCode(
        "E208",
        "too many pages",
        "raise --max-pages to read the whole paper",
        "the PDF has more pages than --max-pages (default 300).",
    ),
    ErrorCode(
        "E209",
        "unreadable LaTeX source",
        "pass the .tex file or the arXiv source tarball",
        "a LaTeX source or archive holds no main .tex file, or cannot be unpacked safely.",
    ),
    ErrorCode(
        "E210",
        "paper file too large",
        "raise --max-paper-size if the paper is really that large",
        "the paper file is larger than --max-paper-size (default 200M).",
    ),
    ErrorCode(
        "E301",
        "could not write the report",
        "check that the output folder exists and is writable",
        "--output, --also-output or --write-baseline names a folder, a device, or a place "
        "that cannot be written.",
    ),
    ErrorCode(
        "E999",
        "internal error",
        "re-run with --debug and report it, with the command and inputs",
        "paperlint itself failed (a bug): nothing was wrong with the inputs as far as it knows.",
    ),
]

CODES: dict[str, ErrorCode] = {c.code: c for c in _CODES}


def is_partial(code: str) -> bool:
    """True for a code that left only part of an input unread (the rest was audited)."""
    known = CODES.get(code)
    return known is not None and known.partial


def failed_inputs(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that left an input unaudited (exit 2); an input audited in part is not one."""
    return [p for p in problems if not is_partial(p.code)]


class PaperlintError(Exception):
    """An error that ends the audit of one input (or the whole run, for usage errors)."""

    def __init__(self, code: str, path: str, message: str | None = None, hint: str | None = None):
        known = CODES[code]
        self.code = code
        self.path = path
        self.message = message or known.title
        self.hint = known.hint if hint is None else hint
        super().__init__(self.format())

    def problem(self) -> Problem:
        return Problem(self.code, self.path, self.message, self.hint)

    def format(self) -> str:
        return self.problem().format()
