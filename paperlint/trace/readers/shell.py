"""Shell scripts, job files and Makefiles that run several values of a setting:

* loops: ``for lr in 1e-3 3e-4; do python train.py --lr $lr; done`` (also over ``"${LRS[@]}"``,
  ``$(seq 1 5)``, ``{1..5}`` and ``{a,b}``), nested loops multiplying;
* job arrays: ``LRS=(1e-3 3e-4)`` indexed by ``${LRS[$SLURM_ARRAY_TASK_ID]}``, with
  ``#SBATCH --array=0-11`` giving the number of jobs;
* Hydra multiruns: ``python train.py -m lr=1e-3,1e-4 model=a,b``;
* families of commands: several ``python train.py ...`` lines of one file that differ in one to
  three settings (``--lr 1e-3`` here, ``--lr 3e-4`` there).

Read with :mod:`shlex`, never run. A command's setting is its long option (``--lr``) or, for a
short option or a positional argument, the loop variable's name (``-l $lr`` is ``lr``); repeated
runs over seeds, datasets or GPUs are not searches (see ``paperlint.trace.source.setting_kind``).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from paperlint.trace.readers.hydra import sweep_values
from paperlint.trace.records import Search, Space
from paperlint.trace.source import SourceFile, number, space

LANGUAGES = ("shell",)
HINTS = ("",)  # every script: loops and commands have no one keyword

_ASSIGN_ARRAY = re.compile(
    r"^(?:declare\s+-a\s+|local\s+|export\s+)?([A-Za-z_]\w*)=\((.*)\)\s*;?\s*$"
)
_ASSIGN = re.compile(r"^(?:export\s+|local\s+)?([A-Za-z_]\w*)=(\S.*)?$")
_FOR = re.compile(r"^for\s+([A-Za-z_]\w*)\s+in\s+(.*?)(?:\s+do)?$")
_FOR_C = re.compile(r"^for\s*\(\(")
_VAR = re.compile(r"\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")
_INDEXED = re.compile(r"\$\{([A-Za-z_]\w*)\[([^\]@*]+)\]\}")
_ARRAY_ALL = re.compile(r"^\"?\$\{([A-Za-z_]\w*)\[[@*]\]\}\"?$")
_SEQ = re.compile(r"^\$\(\s*seq\s+([-\d.e]+)(?:\s+([-\d.e]+))?(?:\s+([-\d.e]+))?\s*\)$")
_BRACE_RANGE = re.compile(r"^\{(-?\d+)\.\.(-?\d+)(?:\.\.(\d+))?\}$")
_BRACE_LIST = re.compile(r"^\{([^{}]*,[^{}]*)\}$")
_SBATCH_ARRAY = re.compile(r"^#\s*(?:SBATCH|PBS)\s+(?:--array[= ]|-[at]\s*)(\S+)")
_PROGRAM = re.compile(r"\.py$|^-m$")
#: options that say *what* a command runs (a mode, a task, a dataset, a model, a config file):
#: commands that differ in one are other experiments, not one search
_RUN_MODES = re.compile(
    r"^(mode|phase|stage|task|task_name|do_\w+|train|eval|test|predict|split|action|"
    r"data|dataset|dataset_name|data_name|model|model_name|model_type|arch|architecture|"
    r"backbone|net|network|config|cfg|config_file|config_path|env|env_id|env_name|game)$"
)
#: the most settings two commands of a family may differ in: beyond, they are other experiments
MAX_FAMILY_DIFFERENCES = 3


@dataclass
class _Loop:
    var: str
    values: tuple[str, ...]
    line: int
    used: bool = False


@dataclass
class _Command:
    line: int
    program: str
    options: dict[str, str] = field(default_factory=dict)  # setting name → value as written
    modes: tuple[tuple[str, str], ...] = ()


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, comments kept, each with its first line."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    start = 0
    for no, raw in enumerate(text.splitlines(), 1):
        if not buf:
            start = no
        stripped = raw.rstrip()
        if stripped.endswith("\\") and not stripped.lstrip().startswith("#"):
            buf.append(stripped[:-1])
            continue
        buf.append(stripped)
        out.append((start, " ".join(b.strip() for b in buf).strip()))
        buf = []
    if buf:
        out.append((start, " ".join(b.strip() for b in buf).strip()))
    return out


def _statements(line: str) -> list[str]:
    """A line split at ``;``, ``&&``, ``||`` and ``|`` outside quotes (``; do`` kept whole)."""
    parts, cur, quote, i = [], [], "", 0
    while i < len(line):
        ch = line[i]
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            cur.append(ch)
        elif ch == "#" and (not cur or cur[-1].isspace()):
            break
        elif line.startswith(("&&", "||"), i) or ch in ";|":
            parts.append("".join(cur).strip())
            cur = []
            i += 2 if line.startswith(("&&", "||"), i) else 1
            continue
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


def read(src: SourceFile) -> list[Search]:
    state = _State(src)
    for line_no, logical in logical_lines(src.text):
        stripped = logical.strip()
        m = _SBATCH_ARRAY.match(stripped)
        if m:
            state.job_array = _array_size(m.group(1))
            continue
        for stmt in _statements(stripped):
            state.statement(stmt, line_no)
    state.loops.clear()
    state.close_outer()
    state.searches.extend(_indexed_searches(src, state.plain, state.arrays, state.job_array))
    state.searches.extend(_family(src, state.plain))
    return state.searches


class _State:
    """What a script has defined so far: arrays, variables, the loops open at this line."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.arrays: dict[str, tuple[str, ...]] = {}
        self.scalars: dict[str, str] = {}
        self.loops: list[_Loop] = []
        self.job_array = 0
        self.searches: list[Search] = []
        self.plain: list[_Command] = []  # commands outside loops
        self.pending_do = False
        # the outermost open loop: where its search starts, its spaces, the sizes multiplied
        self.outer: tuple[int, list[Space], dict[str, int]] | None = None

    def close_outer(self) -> None:
        if self.outer is not None and self.outer[1]:
            line, spaces, sizes = self.outer
            total = 1
            for n in sizes.values():
                total *= max(1, n)
            self.searches.append(_search(self.src, "loop", line, spaces, total))
        self.outer = None

    def open_loop(self, loop: _Loop, has_do: bool) -> None:
        self.loops.append(loop)
        if len(self.loops) == 1:
            self.outer = (loop.line, [], {})
        self.pending_do = not has_do

    def statement(self, stmt: str, line_no: int) -> None:
        words = stmt.split()
        head = words[0] if words else ""
        if head == "do":
            self.pending_do = False
            stmt = stmt[2:].strip()
            if not stmt:
                return
            words = stmt.split()
            head = words[0]
        if head == "done":
            if self.loops:
                self.loops.pop()
                if not self.loops:
                    self.close_outer()
            return
        fm = _FOR.match(stmt)
        if fm:
            values = _loop_values(fm.group(2), self.arrays, self.scalars)
            self.open_loop(_Loop(fm.group(1), values, line_no), words[-1] == "do")
            return
        if _FOR_C.match(stmt) or head in ("while", "until"):
            self.open_loop(_Loop("", (), line_no), words[-1] == "do")
            return
        am = _ASSIGN_ARRAY.match(stmt)
        if am:
            self.arrays[am.group(1)] = tuple(_words(am.group(2)))
            return
        sm = _ASSIGN.match(stmt)
        if sm:
            value = (sm.group(2) or "").strip()
            if " " not in value or value[:1] in "'\"":
                self.scalars[sm.group(1)] = value.strip("'\"")
                return
        self.command(stmt, line_no)

    def command(self, stmt: str, line_no: int) -> None:
        cmd = _parse_command(stmt, line_no)
        if cmd is None:
            return
        src = self.src
        if re.search(r"(?:^|\s)(?:-m|--multirun)(?:\s|$)", stmt) and _hydra_sweep(cmd):
            spaces = []
            for name, value in cmd.options.items():
                got = sweep_values(value) if not name.startswith("-") else None
                if got is not None:
                    dist, vals, lo, hi, step = got
                    s = space(
                        name, dist, src.path, line_no, values=vals, low=lo, high=hi, step=step
                    )
                    if s is not None:
                        spaces.append(s)
            if spaces:
                self.searches.append(
                    _search(src, "multirun", line_no, spaces, _grid(spaces), "Hydra multirun")
                )
                return
        if not self.loops:
            self.plain.append(cmd)
            return
        assert self.outer is not None
        by_var = {lp.var: lp for lp in self.loops if lp.var}
        _, spaces, sizes = self.outer
        for option, value in cmd.options.items():
            values: tuple[str, ...] = ()
            var = ""
            m = _INDEXED.fullmatch(value)
            v = _VAR.fullmatch(value)
            if m and len(self.arrays.get(m.group(1), ())) >= 2:
                var = m.group(1)
                values = self.arrays[var]
            elif v:
                var = v.group(1) or v.group(2)
                loop = by_var.get(var)
                values = loop.values if loop is not None else ()
            if len(values) < 2:
                continue  # `--log_dir runs/lr_$lr` names an output; it does not set a value
            name = var if option.startswith("-") and not option.startswith("--") else option
            if len(name.strip("-")) < 2:
                continue  # `-d $d`: a letter says nothing of what it sets
            s = space(name, "values", src.path, line_no, values=values)
            if s is not None and all(x.name != s.name for x in spaces):
                spaces.append(s)
                sizes[var] = len(values)


def _names_what_runs(option: str, value: str) -> bool:
    """An option the vocabulary does not name set to a word, not a number, path or flag."""
    from paperlint.code.settings import classify, normalize_name

    name = option.lstrip("-")
    found = classify(name)
    if found is None or found.kind != "other" or found.concept != normalize_name(name):
        return False
    v = value.strip("'\"")
    return bool(re.fullmatch(r"[A-Za-z][\w-]*", v)) and v.lower() not in ("true", "false")


def _hydra_sweep(cmd: _Command) -> bool:
    return any(
        "," in v or v.startswith(("range(", "choice(", "interval("))
        for n, v in cmd.options.items()
        if not n.startswith("-")
    )


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def _loop_values(spec: str, arrays: dict, scalars: dict) -> tuple[str, ...]:
    spec = spec.strip()
    m = _ARRAY_ALL.match(spec)
    if m:
        return arrays.get(m.group(1), ())
    m = _SEQ.match(spec)
    if m:  # seq LAST | seq FIRST LAST | seq FIRST INCREMENT LAST
        nums = [number(g) for g in m.groups() if g]
        if any(n is None for n in nums):
            return ()
        if len(nums) == 1:
            return _arith(1.0, 1.0, nums[0])  # type: ignore[arg-type]
        if len(nums) == 2:
            return _arith(nums[0], 1.0, nums[1])  # type: ignore[arg-type]
        return _arith(nums[0], nums[1], nums[2])  # type: ignore[arg-type]
    out: list[str] = []
    for word in _words(spec):
        v = _VAR.fullmatch(word)
        if v and (v.group(1) or v.group(2)) in scalars:
            out.extend(_words(scalars[v.group(1) or v.group(2)]))
            continue
        b = _BRACE_RANGE.match(word)
        if b:
            a, z, s = int(b.group(1)), int(b.group(2)), int(b.group(3) or 1)
            out.extend(_arith(a, s if z >= a else -s, z))
            continue
        b = _BRACE_LIST.match(word)
        if b:
            out.extend(b.group(1).split(","))
            continue
        out.append(word)
    return tuple(out)


def _arith(first: float, step: float, last: float) -> tuple[str, ...]:
    if step == 0 or (last - first) / step > 1000 or (last - first) / step < 0:
        return ()
    n = int((last - first) / step + 1e-9) + 1
    return tuple(_fmt(first + i * step) for i in range(n))


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def _array_size(spec: str) -> int:
    """``0-11`` → 12, ``1-10:2`` → 5, ``0,3,5`` → 3 (a ``%N`` throttle is ignored)."""
    total = 0
    for part in spec.split("%")[0].split(","):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?(?::(\d+))?", part.strip())
        if not m:
            return 0
        a, b, s = int(m.group(1)), int(m.group(2) or m.group(1)), int(m.group(3) or 1)
        total += (b - a) // s + 1 if b >= a and s > 0 else 0
    return total


def _tokens(stmt: str) -> list[str]:
    try:
        lex = shlex.shlex(stmt, posix=True, punctuation_chars=False)
        lex.whitespace_split = True
        lex.commenters = ""
        return list(lex)
    except ValueError:
        return stmt.split()


def _parse_command(stmt: str, line: int) -> _Command | None:
    """A command that runs a program with options: its program and ``--name value`` options."""
    tokens = [t for t in _tokens(stmt) if t]
    # drop leading environment assignments and launchers (python, torchrun, srun ...)
    prog_at = next((i for i, t in enumerate(tokens) if _PROGRAM.search(t)), None)
    if prog_at is None:
        return None
    program = (
        tokens[prog_at + 1]
        if tokens[prog_at] == "-m" and prog_at + 1 < len(tokens)
        else tokens[prog_at]
    )
    args = tokens[prog_at + (2 if tokens[prog_at] == "-m" else 1) :]
    cmd = _Command(line, program)
    modes: list[tuple[str, str]] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--") and len(a) > 2:
            name, eq, value = a[2:].partition("=")
            if not eq:
                nxt = args[i + 1] if i + 1 < len(args) else ""
                if (nxt and not nxt.startswith("-")) or _is_number(nxt):
                    value = nxt
                    i += 1
                else:
                    value = "true"
            cmd.options[name] = value
        elif a.startswith("-") and len(a) == 2 and a != "-m":
            nxt = args[i + 1] if i + 1 < len(args) else ""
            if nxt and (not nxt.startswith("-") or _is_number(nxt)):
                cmd.options[a] = nxt
                i += 1
        elif "=" in a and not a.startswith("-"):  # Hydra / key=value overrides
            name, _, value = a.partition("=")
            cmd.options[name.lstrip("+~")] = value
        i += 1
    for name, value in cmd.options.items():
        if _RUN_MODES.match(name.lstrip("-").replace("-", "_")):
            modes.append((name, value))
    cmd.modes = tuple(sorted(modes))
    return cmd


def _is_number(text: str) -> bool:
    return number(text) is not None


def _grid(spaces: list[Space]) -> int:
    total = 1
    for s in spaces:
        if s.is_range:
            return 0
        total *= max(1, len(s.values))
    return total


def _search(
    src: SourceFile,
    method: str,
    line: int,
    spaces: list[Space],
    configurations: int,
    detail: str = "",
) -> Search:
    return Search(
        id=f"shell:{src.path}:{line}",
        source="shell",
        file=src.path,
        line=line,
        method=method,
        spaces=tuple(spaces),
        configurations=configurations,
        detail=detail or {"loop": "shell loop", "array": "job array"}.get(method, method),
    )


def _indexed_searches(
    src: SourceFile, commands: list[_Command], arrays: dict, job_array: int
) -> list[Search]:
    """Job arrays: an option set from ``${ARR[$index]}`` takes every value of ``ARR``."""
    out = []
    for cmd in commands:
        spaces = []
        for option, value in cmd.options.items():
            m = _INDEXED.search(value)
            if m is None or len(arrays.get(m.group(1), ())) < 2:
                continue
            short = option.startswith("-") and not option.startswith("--")
            name = m.group(1) if short else option
            s = space(name, "values", src.path, cmd.line, values=arrays[m.group(1)])
            if s is not None:
                spaces.append(s)
        if spaces:
            configurations = job_array or _grid(spaces)
            out.append(_search(src, "array", cmd.line, spaces, configurations))
    return out


def _family(src: SourceFile, commands: list[_Command]) -> list[Search]:
    """Commands of one program, in one run mode, that differ in one to three settings."""
    groups: dict[tuple[str, tuple], list[_Command]] = {}
    for cmd in commands:
        # an option the vocabulary does not name, set to a word (`--option pretrain`), says
        # what runs, as a mode does: commands that differ in one are other experiments
        words = tuple(
            sorted(
                (n, v)
                for n, v in cmd.options.items()
                if not n.startswith("-") and _names_what_runs(n, v)
            )
        )
        groups.setdefault((cmd.program, cmd.modes, words), []).append(cmd)
    out = []
    for (program, _, _), cmds in groups.items():
        if len(cmds) < 2:
            continue
        # a short option names nothing a reader can classify; a value set at run time
        # ($DATA, ${ARR[$i]}) is not known here
        names = [
            n
            for n in dict.fromkeys(n for c in cmds for n in c.options)
            if n.startswith("--") or not n.startswith("-")
        ]
        differing = [
            n
            for n in names
            if len({c.options.get(n, "") for c in cmds}) > 1
            and not any("$" in c.options.get(n, "") for c in cmds)
            and space(n, "values", "", 0)
        ]
        if not differing or len(differing) > MAX_FAMILY_DIFFERENCES:
            continue
        spaces = []
        for n in differing:
            vals = tuple(dict.fromkeys(c.options[n] for c in cmds if n in c.options))
            first = next(c for c in cmds if n in c.options)
            s = space(n, "values", src.path, first.line, values=vals) if len(vals) >= 2 else None
            if s is not None:
                spaces.append(s)
        if spaces:
            configurations = len({tuple(sorted(c.options.items())) for c in cmds})
            out.append(
                _search(
                    src,
                    "commands",
                    cmds[0].line,
                    spaces,
                    configurations,
                    f"{len(cmds)} runs of {program}",
                )
            )
    return out
