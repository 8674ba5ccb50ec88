"""argparse: ``parser.add_argument("--lr", type=float, default=0.1)`` and ``set_defaults``.

Each option is a setting named by its ``dest`` (``--batch-size`` → ``batch_size``) with its
default, at the ``add_argument`` line. A file that calls ``parse_args`` is an entry point; an
option whose name says it names a config file (``--config-file``, ``--cfg``) is remembered, so
that a launcher's ``--config-file x.yaml`` is read as the run's config file.
"""

from __future__ import annotations

import libcst as cst

from paperlint.code import settings as setting_names
from paperlint.code.sources import Source
from paperlint.code.sources.base import (
    CodeContext,
    Launch,
    LaunchArg,
    keyword,
    string_arg,
    string_value,
)
from paperlint.code.values import LIT, Val, lit

#: option names that name the config file(s) a run loads
CONFIG_OPTIONS = frozenset(
    [
        "config",
        "config_file",
        "config_files",
        "configs",
        "cfg",
        "cfg_file",
        "base",
        "config_path",
        "yaml",
        "yaml_file",
        "hparams_file",
        "exp_config",
        "c",
        "gin_file",
        "gin_files",
        "gin_config",
    ]
)


def read_call(ctx: CodeContext, node: cst.Call, dotted: str, line: int) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    if last in ("parse_args", "parse_known_args"):
        ctx.config.entry.main = True
        _written_command_line(ctx, node, line)
        return False
    if last == "set_defaults":
        for a in node.args:
            if a.keyword is not None:
                ctx.add_setting(a.keyword.value, ctx.eval(a.value), line, "argparse")
        return True
    if not node.args or not string_arg(node.args[0]).startswith("-"):
        return False
    flags = [string_arg(a) for a in node.args if a.keyword is None]
    longs = [f for f in flags if f.startswith("--")] or flags
    dest = None
    default = None
    action = ""
    for a in node.args:
        if a.keyword is None:
            continue
        k = a.keyword.value
        if k == "dest":
            dest = string_arg(a)
        elif k == "default":
            default = ctx.eval(a.value)
        elif k == "action":
            action = string_arg(a)
    name = dest or (longs[0] if longs else "")
    if not name:
        return True
    norm = setting_names.normalize_name(name)
    if norm in CONFIG_OPTIONS or any(
        setting_names.normalize_name(f) in CONFIG_OPTIONS for f in flags
    ):
        known = ctx.config.entry.config_options
        known.extend(f for f in flags if f not in known)
        if default is not None and default.state == LIT and isinstance(default.value, str):
            ctx.config.entry.config_defaults.append(default.value)
    if default is None:
        if action in ("store_true", "store_false"):
            default = lit(action == "store_false", "False" if action == "store_true" else "True")
        else:
            default = Val("unset", None, "(no default)")
    v = Val(default.state, default.value, default.text, default.name, line=line)
    ctx.add_setting(norm, v, line, "argparse")
    return True


def _written_command_line(ctx: CodeContext, node: cst.Call, line: int) -> None:
    """``parser.parse_args(["--lr", "0.01"])`` (notebooks do this): a command line written in
    the code, a launch of this file with those arguments."""
    given = keyword(node, "args")
    if given is None and node.args and node.args[0].keyword is None:
        given = node.args[0].value
    if not isinstance(given, (cst.List, cst.Tuple)) or not given.elements:
        return
    args = []
    for el in given.elements:
        text = string_value(el.value)
        if not text and not isinstance(el.value, cst.SimpleString):
            v = ctx.eval(el.value)
            if v.state != LIT or isinstance(v.value, (list, tuple, dict)):
                return  # a computed argument: not a command line we can read
            text = str(v.value)
        args.append(LaunchArg(text, ctx.line_of(el.value) or line))
    target = ctx.path.rsplit("/", 1)[-1]
    ctx.config.launches.append(Launch(line, "python", target, False, args, name="parse_args"))


SOURCE = Source(
    name="argparse",
    layer="code",
    doc="argparse options: `add_argument('--lr', default=0.1)`, `set_defaults(lr=0.1)`",
    calls=("add_argument", "set_defaults", "parse_args", "parse_known_args"),
    read_call=read_call,
)
