"""A persistent paperlint process for the edit loop, as ``dmypy`` is for mypy.

    paperlint check --daemon . paper.pdf    # the first run leaves a daemon; later ones use it
    paperlint daemon start | status | stop

A one-off ``paperlint check`` after an edit spends most of its time on what does not change
between runs: the interpreter and paperlint's imports, libcst's import in the code worker, the
linker's compiled patterns, the paper's cached index read back from JSON. The daemon is a
process that holds them. A later ``paperlint check`` (this module's client, which imports
neither click nor the rest of paperlint) hands it the command line, the working directory, the
environment and its own standard output and error (passed over the socket, so colour, the
terminal and ``-o -`` behave as in-process), and exits with the exit code it answers.

One daemon per project (the nearest folder up from the working directory with ``.git`` or
``pyproject.toml``), Python interpreter and paperlint settings of the environment
(``PAPERLINT_*``, the cache folder); it listens on a Unix socket under the cache folder
(``daemon/<key>.sock``, the folder private to the user, the peer's user id checked on Linux). It
answers only a client of the same paperlint (version and place, :func:`identity`) while none
of paperlint's files (its source, rules and readers' identity, the files paperlint's cache
fingerprint reads) has changed since it started: after an upgrade or an edit of paperlint it
answers "stale" and exits. It exits after ``PAPERLINT_DAEMON_IDLE`` seconds
(default 600) without a request, and on ``paperlint daemon stop``.

Everything stays as in-process: the readers run in the sandbox's worker processes, static
only, offline. What the daemon keeps between requests depends on nothing the edit changed: the
paper's cached entry and the linker made for it and the code's context (:func:`paperlint.api
._linker`), paperlint's fingerprint, the last trace's link to the paper, the syntax trees of
unchanged files. Its fork server has read a small project of our own
(:mod:`paperlint._code_warmup`), so that its workers start with the code reader's tables built,
and between requests it starts the workers the last audit used (one per kind and limits,
:func:`paperlint.sandbox.keep_spares`): each audit still gets fresh processes, and no longer
waits for them to start.

A daemon that is missing, stale, busy past the client's patience (``ACCEPT_TIMEOUT``: it
accepts the request, and runs it only once the client says go), hung or broken is never an
error: the client runs the audit itself (and, when the daemon is wanted, starts a new one in
the background for the next run).

Opt-in (``--daemon``, ``PAPERLINT_DAEMON=1`` or ``daemon = true`` in ``[tool.paperlint]``;
``--no-daemon`` / ``PAPERLINT_DAEMON=0`` win): a process left running after the command has
exited holds memory for minutes and, started from CI, outlives the step that started it, which
a one-shot CI run gains nothing from. Unix only (a socket that can pass file descriptors).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import struct
import sys
import time
from pathlib import Path

PROTOCOL = 1
#: seconds without a request after which the daemon exits (``PAPERLINT_DAEMON_IDLE``)
IDLE_TIMEOUT = 600.0
#: how long a client waits for a daemon that accepted its connection to start answering
#: (a daemon busy with another audit makes it wait in the queue)
CONNECT_TIMEOUT = 2.0
#: how long a client waits for the daemon to accept its audit (a daemon busy with another
#: audit that long, or hung, is not waited for: the client audits itself)
ACCEPT_TIMEOUT = 5.0
#: how long the daemon waits for the client's go once it has accepted
GO_TIMEOUT = 5.0
#: paperlint's subcommands other than ``check``: run in-process, never handed to the daemon
OTHER_COMMANDS = frozenset(
    {"batch", "demo", "dump-code", "dump-paper", "rules", "explain", "rule", "daemon"}
)
#: environment variables that change what an audit computes or where it keeps it: part of
#: the daemon's key (the rest of the environment is the client's, set for each request)
_KEYED_ENV = ("XDG_CACHE_HOME", "HOME", "LOCALAPPDATA")
#: at most this many workers wait for the next request (:meth:`_Daemon.restock`)
MAX_SPARES = 3
#: a Unix socket's path is limited to about 100 bytes
_MAX_SOCKET_PATH = 100


def supported() -> bool:
    return hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds") and os.name == "posix"


# ── whether, and where ───────────────────────────────────────────────────────────────────────


def wanted(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> bool:
    """Whether this command line asks for the daemon: ``--no-daemon`` / ``--daemon``, else
    ``PAPERLINT_DAEMON``, else ``daemon`` in the nearest ``[tool.paperlint]`` (not read with
    ``--isolated``; from ``--config FILE`` when given)."""
    env = os.environ if env is None else env
    if "--no-daemon" in argv:
        return False
    if "--daemon" in argv:
        return True
    flag = env.get("PAPERLINT_DAEMON", "").strip().lower()
    if flag in ("1", "yes", "true", "on"):
        return True
    if flag in ("0", "no", "false", "off"):
        return False
    if "--isolated" in argv:
        return False
    return _configured(argv, cwd or Path.cwd())


def _configured(argv: list[str], cwd: Path) -> bool:
    """``daemon = true`` in the ``[tool.paperlint]`` that the audit would read."""
    path = None
    for i, a in enumerate(argv):
        if a == "--config" and i + 1 < len(argv):
            path = cwd / argv[i + 1]
        elif a.startswith("--config="):
            path = cwd / a.partition("=")[2]
    candidates = [path] if path is not None else [d / "pyproject.toml" for d in (cwd, *cwd.parents)]
    for candidate in candidates:
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "paperlint" not in text:
            continue
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            table = tomllib.loads(text).get("tool", {}).get("paperlint")
        except (tomllib.TOMLDecodeError, AttributeError):
            return False  # the audit reports the broken file itself
        if isinstance(table, dict):
            return table.get("daemon") is True
    return False


def is_check(argv: list[str]) -> bool:
    """Whether the command line runs ``paperlint check`` (named, or the default command)."""
    if not argv:
        return True
    if argv[0] == "check":
        return True
    return argv[0] not in OTHER_COMMANDS and argv[0] not in ("-h", "--help", "--version")


def project_of(cwd: Path) -> Path:
    """The project a daemon serves: the nearest folder up with ``.git`` or ``pyproject.toml``."""
    for folder in (cwd, *cwd.parents):
        if (folder / ".git").exists() or (folder / "pyproject.toml").is_file():
            return folder
    return cwd


def address(cwd: Path | None = None, env: dict[str, str] | None = None) -> Path | None:
    """The socket of the daemon for this project, interpreter and settings; None where no
    daemon can run (not Unix, a path too long for a socket)."""
    if not supported():
        return None
    env = dict(os.environ if env is None else env)
    cwd = (cwd or Path.cwd()).resolve()
    keyed = sorted(
        (k, v)
        for k, v in env.items()
        if (
            k.startswith("PAPERLINT_") and not k.startswith(("PAPERLINT_DAEMON", "PAPERLINT_TRACE"))
        )
        or k in _KEYED_ENV
    )
    key = hashlib.sha256(
        json.dumps([PROTOCOL, str(project_of(cwd)), sys.executable, str(_package()), keyed]).encode(
            "utf-8", "surrogatepass"
        )
    ).hexdigest()[:20]
    from paperlint.cache import default_dir

    saved = os.environ.get("PAPERLINT_CACHE_DIR")
    try:  # the cache folder as the audit would find it, under the client's environment
        if "PAPERLINT_CACHE_DIR" in env:
            os.environ["PAPERLINT_CACHE_DIR"] = env["PAPERLINT_CACHE_DIR"]
        root = default_dir()
    finally:
        if saved is None:
            os.environ.pop("PAPERLINT_CACHE_DIR", None)
        else:
            os.environ["PAPERLINT_CACHE_DIR"] = saved
    path = Path(root).absolute() / "daemon" / f"{key}.sock"
    if len(os.fsencode(str(path))) > _MAX_SOCKET_PATH:
        return None
    return path


def _package() -> Path:
    return Path(__file__).resolve().parent


def identity() -> str:
    """Which paperlint a client runs, as it can tell without reading paperlint's files: the
    protocol, the version and where the package is. The daemon checks the rest, that none of
    paperlint's files changed since it started (:class:`_Watched`)."""
    from paperlint import __version__

    return f"{PROTOCOL}:{__version__}:{_package()}"


class _Watched:
    """paperlint's own files (:func:`paperlint.cache.identity_files`) by size and modification
    time, as the daemon loaded them: :meth:`changed` says when an edit or an upgrade made the
    daemon stale."""

    def __init__(self) -> None:
        from paperlint import cache as caching

        self.files = caching.identity_files()
        self.seen = self.state()

    def state(self) -> list[tuple[int, int]]:
        out = []
        for path in self.files:
            try:
                st = os.stat(path)
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append((-1, -1))
        return out

    def changed(self) -> bool:
        return self.state() != self.seen


# ── the client ───────────────────────────────────────────────────────────────────────────────


def _send(sock: socket.socket, message: dict, fds: list[int] = ()) -> None:  # type: ignore[assignment]
    data = json.dumps(message).encode("utf-8", "surrogatepass")
    frame = struct.pack("!I", len(data)) + data
    if fds:
        sent = socket.send_fds(sock, [frame], list(fds))
        if sent < len(frame):
            sock.sendall(frame[sent:])
    else:
        sock.sendall(frame)


def _receive(sock: socket.socket, with_fds: bool = False) -> tuple[dict, list[int]]:
    fds: list[int] = []
    if with_fds:
        data, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 3)
    else:
        data = sock.recv(1 << 16)
    buf = bytearray(data)
    if not buf:
        raise ConnectionError("closed")
    while len(buf) < 4:
        more = sock.recv(1 << 16)
        if not more:
            raise ConnectionError("closed")
        buf += more
    (size,) = struct.unpack("!I", buf[:4])
    if size > 64 << 20:
        raise ConnectionError("a message too large")
    while len(buf) < 4 + size:
        more = sock.recv(1 << 20)
        if not more:
            raise ConnectionError("closed")
        buf += more
    message = json.loads(bytes(buf[4 : 4 + size]).decode("utf-8", "surrogatepass"))
    if not isinstance(message, dict):
        raise ConnectionError("not a message")
    return message, fds


def _connect(path: Path, timeout: float) -> socket.socket | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    return sock


def ask(op: str, path: Path | None = None, timeout: float = 5.0) -> dict | None:
    """The daemon's answer to ``status`` or ``stop``; None when no daemon answers."""
    path = path or address()
    if path is None:
        return None
    sock = _connect(path, timeout)
    if sock is None:
        return None
    with sock:
        try:
            _send(sock, {"protocol": PROTOCOL, "op": op})
            answer, _ = _receive(sock)
        except (OSError, ValueError, ConnectionError):
            return None
    return answer


def forward(
    argv: list[str], path: Path | None = None, fingerprint: str | None = None
) -> int | None:
    """Have the daemon run ``paperlint`` with ``argv`` here, on this process's standard
    output and error; its exit code, or None when no daemon answered as it should (the caller
    then runs the command itself)."""
    path = path or address()
    if path is None:
        return None
    sock = _connect(path, CONNECT_TIMEOUT)
    if sock is None:
        return None
    with sock:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        try:
            _send(
                sock,
                {
                    "protocol": PROTOCOL,
                    "op": "check",
                    "argv": list(argv),
                    "cwd": os.getcwd(),
                    "env": dict(os.environ),
                    "fingerprint": fingerprint if fingerprint is not None else identity(),
                },
                [1, 2],
            )
            # the daemon says it will run this audit within the client's patience (a daemon
            # that hangs, or is busy with another audit that long, is not waited for), and
            # runs it only once the client says go: a client that gave up, and audits
            # itself, never has its audit run twice
            sock.settimeout(ACCEPT_TIMEOUT)
            answer, _ = _receive(sock)
            if answer.get("status") != "accepted":
                return None
            _send(sock, {"go": True})
            sock.settimeout(None)  # the audit takes as long as it takes; its limits apply
            answer, _ = _receive(sock)
        except (OSError, ValueError, ConnectionError):
            return None
    if answer.get("status") != "done" or not isinstance(answer.get("exit"), int):
        return None
    return int(answer["exit"])


def spawn(path: Path | None = None, idle: float | None = None, wait: float = 0.0) -> bool:
    """Start a daemon for this project in the background (a no-op when one answers); with
    ``wait``, wait up to that many seconds for it to answer. False if it could not start."""
    import subprocess

    path = path or address()
    if path is None:
        return False
    if ask("status", path, timeout=1.0) is not None:
        return True
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    project = str(project_of(Path.cwd().resolve()))
    cmd = [
        sys.executable,
        "-m",
        "paperlint.daemon",
        str(path),
        str(idle or idle_timeout()),
        project,
    ]
    try:
        subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # not the project: `-m` puts the working directory first on the daemon's import
            # path, and the audited code must never be importable there
            cwd=str(path.parent),
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        return False
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if ask("status", path, timeout=1.0) is not None:
            return True
        time.sleep(0.05)
    return wait <= 0


# ── the daemon ───────────────────────────────────────────────────────────────────────────────


class _Daemon:
    def __init__(self, path: Path, idle: float) -> None:
        self.path = path
        self.idle = idle
        self.started = time.time()
        self.requests = 0
        self.fingerprint = identity()
        self.project = ""  # the folder it serves (for `daemon status`)
        self.watched = _Watched()
        self.last = time.monotonic()

    def warm_up(self) -> None:
        """Load what every audit after an edit needs: paperlint's modules, the rules, the
        linker's patterns, and a fork server whose workers start with libcst loaded."""
        from paperlint import api, cli, firstscreen, ranking, sandbox, setaside  # noqa: F401
        from paperlint import cache as caching
        from paperlint.checks import statistics
        from paperlint.code import settings  # noqa: F401
        from paperlint.link import linker
        from paperlint.paper import text  # noqa: F401
        from paperlint.trace import build, link  # noqa: F401

        # paperlint's fingerprint, read once: a request finds it without walking paperlint's
        # files again (the daemon answers none once they changed, _Watched)
        caching.tool_fingerprint()
        sandbox.FORK_AHEAD = False  # workers come from the fork server, which holds no socket
        sandbox.preload_code(warm=True)
        sandbox.warm_up()
        linker.warm_up()
        statistics.warm_up()
        sandbox.started_since_last()  # from now on, which workers each request starts
        # the workers an audit after an edit starts (the code's, the trace readers'), waiting
        sandbox.keep_spares(_edit_loop_workers())

    def restock(self) -> None:
        """Between requests: have the workers the last audit started waiting for the next
        (:func:`paperlint.sandbox.keep_spares`), each a fresh process."""
        from paperlint import sandbox

        sandbox.keep_spares(sandbox.started_since_last()[:MAX_SPARES])

    def serve(self) -> None:
        import fcntl

        self.path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        lock = open(self.path.with_suffix(".lock"), "a+")  # noqa: SIM115 - held for life
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # another daemon serves this key
        self.warm_up()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            server.bind(str(self.path))
        finally:
            os.umask(old)
        server.listen(16)
        ours = os.stat(self.path).st_ino
        try:
            while True:
                server.settimeout(max(0.1, self.idle - (time.monotonic() - self.last)))
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    if time.monotonic() - self.last >= self.idle:
                        break
                    continue
                except OSError:
                    break
                with conn:
                    stop = self.handle(conn)
                self.last = time.monotonic()
                if stop:
                    break
        finally:
            server.close()
            with contextlib.suppress(OSError):
                if os.stat(self.path).st_ino == ours:
                    self.path.unlink()
            if "paperlint.sandbox" in sys.modules:
                # the spare workers kept for the next audit end here, with their log files
                sys.modules["paperlint.sandbox"].discard_ahead()

    def handle(self, conn: socket.socket) -> bool:
        """Answer one request; True when the daemon is to exit."""
        conn.settimeout(10.0)
        fds: list[int] = []
        try:
            if not _same_user(conn):
                return False
            message, fds = _receive(conn, with_fds=True)
            if message.get("protocol") != PROTOCOL:
                _send(conn, {"status": "stale", "why": "another protocol"})
                return True
            op = message.get("op")
            if op == "status":
                _send(conn, self.status())
                return False
            if op == "stop":
                _send(conn, {"status": "stopping", "pid": os.getpid()})
                return True
            if op != "check":
                _send(conn, {"status": "refused", "why": f"unknown request {op!r}"})
                return False
            if message.get("fingerprint") != self.fingerprint or self.watched.changed():
                _send(conn, {"status": "stale", "why": "paperlint changed"})
                return True
            if len(fds) != 2:
                _send(conn, {"status": "refused", "why": "no output streams"})
                return False
            _send(conn, {"status": "accepted"})
            conn.settimeout(GO_TIMEOUT)
            go, _ = _receive(conn)
            if go.get("go") is not True:
                return False  # the client gave up and audits itself
            conn.settimeout(None)
            from paperlint import cache as caching

            caching.hold_writes()  # the cache is written once the client has its answer
            try:
                code = self.run(message, fds)
                self.requests += 1
                _send(conn, {"status": "done", "exit": code})
            finally:
                caching.write_held()
                self.restock()
        except Exception:  # a bad request ends itself, not the daemon
            with contextlib.suppress(Exception):
                _send(conn, {"status": "refused", "why": "a malformed request"})
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
        return False

    def status(self) -> dict:
        return {
            "status": "running",
            "pid": os.getpid(),
            "project": self.project,
            "socket": str(self.path),
            "started": self.started,
            "requests": self.requests,
            "idle_timeout": self.idle,
            "python": sys.executable,
        }

    def run(self, message: dict, fds: list[int]) -> int:
        """``paperlint`` with the request's command line, in its folder and environment, on
        its standard output and error; the exit code."""
        from paperlint import cli

        argv = [str(a) for a in message.get("argv", [])]
        cwd = os.getcwd()
        env = dict(os.environ)
        saved = [os.dup(1), os.dup(2)]
        try:
            os.chdir(str(message["cwd"]))
            os.environ.clear()
            os.environ.update({str(k): str(v) for k, v in dict(message["env"]).items()})
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os.dup2(fds[0], 1)
            os.dup2(fds[1], 2)
            try:
                cli.main(args=argv, prog_name="paperlint")
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
                if e.code is not None and not isinstance(e.code, int):
                    print(e.code, file=sys.stderr)
            except Exception as e:  # the daemon outlives a failed request
                print(
                    f"paperlint: error[E999] internal error: {type(e).__name__}: {e}",
                    file=sys.stderr,
                )
                code = 2
            return code
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            os.environ.clear()
            os.environ.update(env)
            with contextlib.suppress(OSError):
                os.chdir(cwd)


def _edit_loop_workers() -> list[tuple]:
    """The workers an audit with the default settings starts after an edit."""
    from paperlint import api

    return api.edit_loop_workers(api.Config())


def _same_user(conn: socket.socket) -> bool:
    """Whether the peer runs as this user (checked where the system says: Linux)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True  # the socket's folder is the user's own (mode 0700)
    creds = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def idle_timeout(env: dict[str, str] | None = None) -> float:
    env = os.environ if env is None else env
    try:
        value = float(env.get("PAPERLINT_DAEMON_IDLE", ""))
    except ValueError:
        return IDLE_TIMEOUT
    return value if value > 0 else IDLE_TIMEOUT


def main(args: list[str]) -> int:
    """``python -m paperlint.daemon SOCKET [IDLE [PROJECT]]``: serve until idle or stopped."""
    path = Path(args[0])
    idle = float(args[1]) if len(args) > 1 else idle_timeout()
    daemon = _Daemon(path, idle)
    daemon.project = args[2] if len(args) > 2 else ""
    daemon.serve()
    return 0


if __name__ == "__main__":
    from paperlint.launcher import quick_exit

    quick_exit(main(sys.argv[1:]))
