"""A one-line status on stderr while long work runs — only when stderr is a terminal.

Piped, redirected, in CI or on a dumb terminal, it writes nothing, so logs and parsed output
stay clean.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO

_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class Status:
    """``with Status("reading the paper"): ...`` shows a spinner, the message and the seconds."""

    def __init__(
        self,
        message: str,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        interval: float = 0.2,
    ) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self.message = message
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start = 0.0

    def _draw(self, frame: str) -> None:
        elapsed = time.monotonic() - self._start
        self.stream.write(f"\r\x1b[K{frame} paperlint: {self.message} ({elapsed:.0f}s)")
        self.stream.flush()

    def _run(self) -> None:
        i = 0
        while not self._stop.wait(self.interval):
            self._draw(_FRAMES[i % len(_FRAMES)])
            i += 1

    def __enter__(self) -> Status:
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self.stream.write("\r\x1b[K")
            self.stream.flush()
