"""The ``paperlint`` command's first step: hand a ``check`` to the daemon when one is wanted
(:mod:`paperlint.daemon`), before anything else is imported; else run the command line
(:func:`paperlint.cli.run`), starting a daemon afterwards for the next run when one is wanted
but none answered."""

from __future__ import annotations

import contextlib
import os
import sys


def run() -> None:
    argv = sys.argv[1:]
    after = None
    from paperlint import daemon

    if daemon.supported() and daemon.is_check(argv) and daemon.wanted(argv):
        code = daemon.forward(argv)
        if code is not None:
            quick_exit(code)
        after = daemon.spawn  # none answered: this run audits, and leaves one for the next
    from paperlint import cli

    cli.run(after=after)


def quick_exit(code: int) -> None:
    """End the process now, once its output is flushed: ``os._exit``, without the interpreter's
    teardown (a quarter of a second with spaCy's tables loaded). It skips every exit handler,
    so the one that matters is run here: multiprocessing's, which removes the folder it made
    in the temporary directory for the fork server's socket (``pymp-*``). Without it every
    audit would leave one behind."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing left to say
            stream.flush()
    process = sys.modules.get("multiprocessing.process")
    if process is not None:
        import shutil

        folder = process.current_process()._config.get("tempdir")  # multiprocessing.util's
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    os._exit(code)
