"""The tuning trace: the search a repository shows it ran, which the paper may not report.

    files under the audited paths ──► readers (paperlint.trace.readers) ──► Search
    the git history               ──► paperlint.trace.history           ──► value changes
                                  ──► paperlint.trace.build             ──► Trace
    Trace + the paper's index     ──► paperlint.trace.link              ──► TracePaper
    rules TR4xx (rules/packs/tuning.yaml, paperlint/checks/tuning.py)   ──► findings

Everything is static: sweep files are read with ``yaml.compose`` (safe loader), Python with
``ast.parse`` (never imported or run), shell with ``shlex`` (never run), and the history with
``git`` plumbing over the local ``.git``, hooks and network off, bounded in commits and time.
"""
