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
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):  # a closed pipe: nothing left to say
                    stream.flush()
            os._exit(code)
        after = daemon.spawn  # none answered: this run audits, and leaves one for the next
    from paperlint import cli

    cli.run(after=after)
