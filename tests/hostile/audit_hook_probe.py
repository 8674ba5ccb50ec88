"""Run one audit under an audit hook (PEP 578) and print what it saw as JSON.

Usage: python audit_hook_probe.py CODE_DIR PAPER MARKER

Every audited file carries MARKER (a string constant in it). The hook records a violation for:
* compiling text that holds MARKER anywhere but in ``ast.parse`` (a syntax tree, never code);
* executing a code object that holds MARKER;
* importing a module named like an audited file;
* starting a program other than paperlint's own worker server, or ``os.system``/``exec``;
* any network traffic: a name lookup, or a connect/send/bind to anything but a local socket
  (AF_UNIX, between paperlint and its workers) or the loopback address. (Creating a socket is
  not traffic: urllib3, imported by spaCy, opens an IPv6 socket on ::1 at import time to see
  whether the machine has IPv6.)
Run with PAPERLINT_SANDBOX=0 the whole audit happens in this process, so every parser is
watched; with the sandbox on, the workers add their own hook that refuses sockets and programs.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

code_dir, paper, marker = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
modules = {p.stem for p in code_dir.rglob("*") if p.is_file()}
violations: list[str] = []
counts: dict[str, int] = {}


def _holds_marker(code) -> bool:
    for const in getattr(code, "co_consts", ()):
        if const == marker or (hasattr(const, "co_consts") and _holds_marker(const)):
            return True
    return False


def hook(event: str, args: tuple) -> None:
    counts[event] = counts.get(event, 0) + 1
    if event == "compile":
        source = args[0]
        if isinstance(source, bytes):
            source = source.decode("utf-8", "replace")
        if isinstance(source, str) and marker in source:
            caller = sys._getframe(1).f_code
            if not (caller.co_name == "parse" and caller.co_filename.endswith("ast.py")):
                violations.append(f"compile of audited text from {caller.co_name}")
    elif event == "exec":
        if _holds_marker(args[0]):
            violations.append("exec of audited code")
    elif event == "import":
        if args[0] in modules:  # the audited folder is not a package: a top-level name
            violations.append(f"import of audited module {args[0]}")
    elif event in ("os.system", "os.posix_spawn", "os.spawn") or event.startswith("os.exec"):
        violations.append(f"{event} {args!r:.200}")
    elif event in ("subprocess.Popen", "_posixsubprocess.fork_exec"):
        argv = " ".join(map(str, args[1] if event == "subprocess.Popen" else args[0] or ()))
        if "multiprocessing.forkserver" not in argv and "forkserver" not in argv:
            violations.append(f"{event} {argv[:200]}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        violations.append(f"{event} {args!r:.200}")
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"):
        address = args[1]
        if address is not None and not isinstance(address, (str, bytes)) and not _loopback(address):
            violations.append(f"{event} {address!r}")


def _loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) and address else ""
    return host in ("::1", "127.0.0.1", "localhost") or str(host).startswith("127.")


sys.addaudithook(hook)

from paperlint.api import audit  # noqa: E402

result = audit([str(code_dir)], paper)
if os.environ.get("PROBE_SELF_TEST"):
    # what the hook must catch (proves it is watching): run marked code, import an audited
    # module, look a name up
    exec(compile(f"x = {marker!r}", "<self-test>", "exec"))
    sys.path.insert(0, str(code_dir))
    with contextlib.suppress(BaseException):
        __import__("latin1_no_cookie")  # fails to decode: nothing in it ever runs
    import socket

    with contextlib.suppress(OSError):
        socket.getaddrinfo("localhost", None)
print(
    json.dumps(
        {
            "violations": violations,
            "files": [f.path for f in result.files],
            "skipped": [p.code for p in result.problems],
            "paper": result.paper.path if result.paper else None,
            "compile_events": counts.get("compile", 0),
            "sandbox": os.environ.get("PAPERLINT_SANDBOX", "1"),
        }
    )
)
