"""Error codes: every input paperlint cannot audit gets one, with a message and what to do.

The codes are stable (scripts match on them) and grouped like the inputs:
E0xx usage and configuration, E1xx code files, E2xx papers, E3xx output.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperlint.model import Problem


@dataclass(frozen=True)
class ErrorCode:
    code: str
    title: str
    hint: str


_CODES = [
    ErrorCode("E001", "usage error", "see `paperlint --help`"),
    ErrorCode(
        "E002", "invalid configuration", "fix the [tool.paperlint] table or the command-line option"
    ),
    ErrorCode("E003", "unknown rule", "`paperlint rules` lists every rule id"),
    ErrorCode("E004", "invalid baseline", "write a new one with --write-baseline"),
    ErrorCode(
        "E005",
        "invalid rule pack",
        "fix the pack so it follows rules/packs/pack.schema.json (tests/test_rule_packs.py checks it)",
    ),
    ErrorCode("E101", "file not found", "check the path"),
    ErrorCode(
        "E102",
        "not a regular file",
        "pass source files or folders; FIFOs, devices and sockets are never opened",
    ),
    ErrorCode("E103", "file too large", "raise --max-file-size if the file is really source code"),
    ErrorCode(
        "E104",
        "not valid UTF-8",
        "add a `# -*- coding: ... -*-` line or re-encode the file as UTF-8",
    ),
    ErrorCode("E105", "syntax error", "the file was skipped; fix the syntax or exclude the file"),
    ErrorCode(
        "E106",
        "nested too deeply",
        "the file was skipped: its brackets nest deeper than a static reader can follow safely",
    ),
    ErrorCode("E107", "symlink leaves the audited folder", "the link was not followed"),
    ErrorCode(
        "E108",
        "could not parse config",
        "the config file was skipped; check that it is valid YAML/JSON",
    ),
    ErrorCode(
        "E109",
        "code reader failed",
        "the file was skipped; please report this with the file attached",
    ),
    ErrorCode("E110", "code reader timed out", "raise --code-timeout, or exclude the file"),
    ErrorCode("E111", "code reader ran out of memory", "raise --code-memory, or exclude the file"),
    ErrorCode(
        "E113",
        "config inheritance could not be followed",
        "the run was resolved without the file it names; break the cycle of `_BASE_`/`_base_`",
    ),
    ErrorCode("E201", "paper not found", "check the path"),
    ErrorCode(
        "E202",
        "not a PDF",
        "pass the paper's PDF, or its LaTeX source as .tex or .tar.gz",
    ),
    ErrorCode(
        "E203",
        "no text layer",
        "the PDF has no extractable text (scanned?); run OCR (e.g. ocrmypdf) first",
    ),
    ErrorCode("E204", "encrypted PDF", "pass the password with --pdf-password"),
    ErrorCode(
        "E205",
        "PDF could not be parsed",
        "the file is damaged; try re-exporting it (e.g. `qpdf in.pdf out.pdf`)",
    ),
    ErrorCode(
        "E206", "paper reader timed out", "raise --pdf-timeout if the paper is really that long"
    ),
    ErrorCode(
        "E207",
        "paper reader ran out of memory",
        "raise --pdf-memory if the paper is really that large",
    ),
    ErrorCode("E208", "too many pages", "raise --max-pages to read the whole paper"),
    ErrorCode("E209", "unreadable LaTeX source", "pass the .tex file or the arXiv source tarball"),
    ErrorCode(
        "E210", "paper file too large", "raise --max-paper-size if the paper is really that large"
    ),
    ErrorCode(
        "E301", "could not write the report", "check that the output folder exists and is writable"
    ),
]

CODES: dict[str, ErrorCode] = {c.code: c for c in _CODES}


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
