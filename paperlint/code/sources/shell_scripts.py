"""Shell launch scripts and job files: ``python train.py --lr 1e-4 ...``, ``torchrun ...``.

A script is never run. Its text is split into logical lines (a trailing backslash continues a
line; ``#`` starts a comment), each read with :mod:`shlex` into words that keep the line they
are written on (one option per continued line is the usual layout). Simple assignments
(``N=12``, ``export LR=5e-4``) are remembered and ``$N`` / ``${N}`` / ``${N:-12}`` expanded;
anything else (``$(date)``, `` `hostname` ``, ``$1``, a variable the script does not set) stays
unresolved. A command that runs Python — ``python``/``python3`` (also ``-m module``), the
launchers ``torchrun``, ``python -m torch.distributed.launch``, ``accelerate launch``,
``deepspeed`` and prefixes such as ``nohup``, ``srun``, ``CUDA_VISIBLE_DEVICES=0`` — is a
:class:`~paperlint.code.sources.base.Launch`: the script it runs and its arguments. A ``for``
loop around a command is recorded as written (a sweep), not expanded.

The arguments are matched to the entry point's options by the effective configuration
(:mod:`paperlint.code.runs`). An unbalanced quote is a problem for that command only (E108);
the rest of the script is read.
"""

from __future__ import annotations

import io
import re
import shlex

from paperlint.code.imports import ImportTable
from paperlint.code.python import FileFacts
from paperlint.code.sources import Source
from paperlint.code.sources.base import Launch, LaunchArg

MAX_COMMANDS = 2_000  # logical lines read per script
MAX_WORDS = 4_000  # words per command
_PYTHON = re.compile(r"(^|/)(python|pypy)(\d+(\.\d+)*)?w?$")
#: programs that run a Python script given among their arguments
_LAUNCHERS = frozenset(["torchrun", "deepspeed", "horovodrun", "mpirun", "mpiexec", "srun"])
#: ``python -m X`` where X launches the script named after it
_LAUNCHER_MODULES = frozenset(
    [
        "torch.distributed.launch",
        "torch.distributed.run",
        "torch.backends.xeon.run_cpu",
        "accelerate.commands.launch",
        "deepspeed",
    ]
)
#: launcher options that take no value (every other ``--x y`` is read as an option and its value)
_LAUNCHER_FLAGS = frozenset(
    [
        "--standalone",
        "--no_python",
        "--no-python",
        "--use_env",
        "--use-env",
        "--module",
        "-m",
        "--multi_gpu",
        "--multi-gpu",
        "--fp16",
        "--bf16",
        "--cpu",
        "--tee",
    ]
)
#: python's own options that take a value
_PYTHON_VALUE_OPTIONS = frozenset(["-W", "-X", "-c", "--check-hash-based-pycs"])
_NOT_LAUNCHING = frozenset(
    [
        "echo",
        "printf",
        "cat",
        "mkdir",
        "cd",
        "rm",
        "cp",
        "mv",
        "ls",
        "pip",
        "conda",
        "module",
        "source",
        ".",
        "wget",
        "curl",
        "git",
        "test",
        "[",
        "[[",
        "tar",
        "unzip",
        "chmod",
        "ln",
    ]
)
_KEYWORDS = frozenset(["then", "else", "do", "{", "(", "!", "time", "exec", "nohup", "command"])
_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)
_VAR = re.compile(
    r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\d|[@*#?$!]))"
)
_SUBSTITUTION = re.compile(r"\$\(|`")
_SEPARATORS = frozenset([";", "&&", "||", "|", "&", ";;"])
#: ``cat <<EOF``, ``<<-'END'``: the lines up to the end word are a here-document
_HEREDOC = re.compile(r"(?<!<)<<(-?)\s*(['\"]?)([A-Za-z_][\w]*)\2")

Env = dict[str, tuple[str, int, bool]]  # name → (value, line it was written on, unresolved)


def read_file(text: str, path: str, module: str) -> FileFacts:
    facts = FileFacts(path=path, module=module, imports=ImportTable(module=module))
    lines = text.splitlines()
    facts.lines = len(lines)
    facts.source_lines = lines
    read_commands(logical_lines(lines), facts, {})
    return facts


def logical_lines(lines: list[str], first: int = 1) -> list[tuple[str, int]]:
    """Lines joined where a trailing backslash continues them: (text, first line). The joins
    keep a newline, so a word's offset still tells its physical line."""
    out: list[tuple[str, int]] = []
    buf: list[str] = []
    start = first
    for i, raw in enumerate(lines, start=first):
        line = raw.rstrip("\r")
        if not buf:
            start = i
        if _continued(line):
            buf.append(line[:-1])
            continue
        buf.append(line)
        out.append(("\n".join(buf), start))
        buf = []
        if len(out) >= MAX_COMMANDS:
            break
    if buf:
        out.append(("\n".join(buf), start))
    return out


def _continued(line: str) -> bool:
    """Ends with a backslash that is not escaped, quoted or inside a comment."""
    if not line.endswith("\\"):
        return False
    body = line[:-1]
    quote = ""
    prev = " "
    escaped = False
    for ch in body:
        if escaped:
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = True
        elif quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and prev in " \t":
            return False  # `cmd  # note \`: the backslash is part of the comment
        prev = ch
    return not escaped


def words(text: str, start: int) -> list[tuple[str, int]]:
    """The words of one logical line with the physical line each ends on (raises ValueError
    on an unbalanced quote)."""
    stream = io.StringIO(text)
    lex = shlex.shlex(stream, posix=True)
    lex.whitespace_split = True
    lex.commenters = "#"
    out: list[tuple[str, int]] = []
    while len(out) < MAX_WORDS:
        tok = lex.get_token()
        if tok is None or tok == lex.eof:
            break
        end = stream.tell()
        out.append((tok, start + text.count("\n", 0, max(end - 1, 0))))
    return out


def read_commands(
    logical: list[tuple[str, int]], facts: FileFacts, env: Env, name: str = ""
) -> None:
    """Read the commands of ``logical`` lines into ``facts``: assignments into ``env``,
    launches into ``facts.config.launches``, unreadable lines into its problems."""
    loops: list[str] = []
    heredoc: tuple[str, bool] | None = None  # (end word, leading tabs stripped)
    for text, start in logical:
        if heredoc is not None:
            word, tabs = heredoc
            if (text.lstrip("\t") if tabs else text).rstrip() == word:
                heredoc = None
            continue  # a here-document's lines are data, not commands
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _HEREDOC.search(text)
        if m is not None:
            heredoc = (m.group(3), m.group(1) == "-")
        try:
            ws = words(text, start)
        except ValueError as e:
            facts.config.problems.append(
                ("E108", f"line {start}: {e} (the command was skipped, the rest was read)")
            )
            continue
        for command in _split(ws):
            _command(command, facts, env, loops, name)


def _split(ws: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    out: list[list[tuple[str, int]]] = [[]]
    for w, line in ws:
        if w in _SEPARATORS:
            out.append([])
            continue
        trailing = w.endswith(";") and len(w) > 1
        out[-1].append((w.rstrip(";") if trailing else w, line))
        if trailing:
            out.append([])
    return [c for c in out if c]


def _command(
    command: list[tuple[str, int]], facts: FileFacts, env: Env, loops: list[str], name: str
) -> None:
    while command and command[0][0] in _KEYWORDS:
        command = command[1:]
    if not command:
        return
    head = command[0][0]
    if head == "for" and len(command) >= 3 and command[2][0] == "in":
        var = command[1][0]
        values = [w for w, _ in command[3:] if w != "do"]
        loops.append(f"for {var} in {' '.join(values)}")
        env[var] = ("", command[0][1], True)  # the loop sets it: not one value
        return
    if head == "done":
        if loops:
            loops.pop()
        return
    if head in ("if", "elif", "while", "until"):
        command = command[1:]
        if not command:
            return
        head = command[0][0]
    if head in ("export", "local", "declare", "readonly", "typeset"):
        for w, line in command[1:]:
            m = _ASSIGN.match(w)
            if m:
                env[m.group(1)] = _assigned(m.group(2), line, env)
        return
    # leading assignments: the whole command (`N=12`) or an environment prefix
    i = 0
    while i < len(command) and _ASSIGN.match(command[i][0]):
        m = _ASSIGN.match(command[i][0])
        assert m is not None
        env[m.group(1)] = _assigned(m.group(2), command[i][1], env)
        i += 1
    rest = command[i:]
    if rest:
        launch = _launch(rest, env)
        if launch is not None:
            launch.name = name
            launch.loop = " / ".join(loops)
            facts.config.launches.append(launch)


def _assigned(raw: str, line: int, env: Env) -> tuple[str, int, bool]:
    text, origin, unresolved = expand(raw, line, env)
    return text, origin or line, unresolved


def expand(raw: str, line: int, env: Env) -> tuple[str, int, bool]:
    """``raw`` with its variables expanded: (text, the line the whole value was written on when
    it is one variable's value (else 0), whether some part could not be known)."""
    if "$" not in raw and "`" not in raw:
        return raw, 0, False
    if _SUBSTITUTION.search(raw):
        return raw, 0, True  # a command substitution: its output is not known statically
    unresolved = False
    whole = _VAR.fullmatch(raw)

    def sub(m: re.Match[str]) -> str:
        nonlocal unresolved
        var = m.group(1) or m.group(3)
        if var is None:  # $1, $@: the script's own arguments
            unresolved = True
            return m.group(0)
        if var in env:
            value, _line, unknown = env[var]
            unresolved = unresolved or unknown
            return value if not unknown else m.group(0)
        if m.group(2) is not None:  # ${VAR:-default}
            return m.group(2)
        unresolved = True
        return m.group(0)

    text = _VAR.sub(sub, raw)
    origin = 0
    if whole is not None and not unresolved:
        var = whole.group(1) or whole.group(3)
        if var in env:
            origin = env[var][1]
    return text, origin, unresolved


def _launch(command: list[tuple[str, int]], env: Env) -> Launch | None:
    """The Python script (or module) a command runs, with its arguments; None if it runs none."""
    expanded = [(expand(w, line, env), line) for w, line in command]
    first = expanded[0][0][0]
    if first.rsplit("/", 1)[-1] in _NOT_LAUNCHING:
        return None
    n = len(expanded)
    for i in range(min(n, 12)):
        word = expanded[i][0][0]
        base = word.rsplit("/", 1)[-1]
        if _PYTHON.search(word):
            return _python(expanded, i, base)
        if base in _LAUNCHERS or (
            base == "accelerate" and i + 1 < n and expanded[i + 1][0][0] == "launch"
        ):
            start = i + (2 if base == "accelerate" else 1)
            return _after_launcher(expanded, start, base)
    return None


def _python(expanded: list, i: int, program: str) -> Launch | None:
    j = i + 1
    while j < len(expanded):
        w = expanded[j][0][0]
        if w == "-m" and j + 1 < len(expanded):
            module = expanded[j + 1][0][0]
            if module in _LAUNCHER_MODULES or module.startswith("accelerate"):
                return _after_launcher(expanded, j + 2, module)
            return _make(expanded, j + 1, "python", module=True)
        if w in _PYTHON_VALUE_OPTIONS:
            j += 2
            continue
        if w.startswith("-") and not w.startswith("--"):
            j += 1  # -u, -O, -B ...
            continue
        break
    if j >= len(expanded):
        return None
    return _make(expanded, j, "python", module=False)


def _after_launcher(expanded: list, j: int, program: str) -> Launch | None:
    module = False
    while j < len(expanded):
        w = expanded[j][0][0]
        if w.endswith(".py") or _PYTHON.search(w):
            if _PYTHON.search(w) and not w.endswith(".py"):
                return _python(expanded, j, w)  # `srun python train.py`, `mpirun -np 4 python`
            break
        if w in ("-m", "--module"):
            module = True
            j += 1
            continue
        if w.startswith("-"):
            takes_value = (
                "=" not in w
                and w not in _LAUNCHER_FLAGS
                and j + 1 < len(expanded)
                and not expanded[j + 1][0][0].startswith("-")
                and not expanded[j + 1][0][0].endswith(".py")
            )
            j += 2 if takes_value else 1
            continue
        if module:
            break
        return None  # a word that is neither an option nor a script: not a Python launch
    if j >= len(expanded):
        return None
    return _make(expanded, j, program, module=module)


def _make(expanded: list, j: int, program: str, module: bool) -> Launch:
    (target, _origin, _unresolved), _line = expanded[j]
    args = [
        LaunchArg(text, wline, origin, unresolved)
        for (text, origin, unresolved), wline in expanded[j + 1 :]
    ]
    return Launch(line=expanded[0][1], program=program, target=target, module=module, args=args)


SOURCE = Source(
    name="shell",
    layer="launch",
    doc="shell launch scripts and job files: `python train.py --lr 1e-4`, `torchrun ...`",
    read_file=read_file,
)
