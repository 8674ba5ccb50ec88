"""Dict configs: ``config = {"lr": 0.1, "batch_size": 64}``, ``optimizer = dict(type="SGD",
lr=0.02)``, ``args = dotdict({...})``.

A dict literal (or ``dict(...)`` call) with at least two string keys is a config: each entry is a
setting at its own line, keyed by the path of keys it sits under (``model.backbone.depth``). An
entry ``type=`` (mmcv style) names the component the surrounding key is (``optimizer = dict(type=
'SGD')`` is an SGD optimizer). Settings repeated inside a call (``torch.save({"lr": args.lr})``)
set nothing. ``_delete_=True`` (mmcv) is read by :mod:`paperlint.code.sources.mmcv_configs`.
"""

from __future__ import annotations

import libcst as cst

from paperlint.code.python import Item, concept_of_string
from paperlint.code.sources import Source
from paperlint.code.sources.base import (
    NO_VALUE,
    REFERENCE_KINDS,
    classify_setting,
    is_setting_value,
)
from paperlint.code.values import LIT, REF, Val

Entry = tuple[str, cst.BaseExpression, int]  # key, value, line


def read_dict(ctx, entries: list[Entry], in_call: bool, path: list[str]) -> None:
    owner = path[-1] if path else ""
    type_entry = next((e for e in entries if e[0] in ("type", "policy")), None)
    if type_entry is not None:
        tv = ctx.eval(type_entry[1])
        if tv.state == LIT and isinstance(tv.value, str) and type_entry[0] == "type":
            ctx.config.selects.append((".".join([*path, "type"]), tv.value, type_entry[2]))
        kind = classify_setting(".".join(path)) if owner else None
        if (
            tv.state == LIT
            and isinstance(tv.value, str)
            and kind is not None
            and (kind.kind in REFERENCE_KINDS or kind.concept == "architecture")
        ):
            ctx.add(
                Item(
                    kind.kind,
                    concept_of_string(tv.value, kind.kind) or kind.concept,
                    tv,
                    type_entry[2],
                    ctx.scope_key(),
                    "dict",
                    symbol=owner,
                    param=owner,
                    in_model=ctx.in_model(),
                    detail=f"config `{owner}` of type {tv.value!r}",
                    display=tv.value,
                    key=".".join([*path, type_entry[0]]),
                    origin=SOURCE.name,
                )
            )
    if sum("." in key for key, _v, _l in entries) * 2 >= len(entries):
        return  # a table of dotted names (a state-dict key map), not settings
    for key, value_node, line in entries:
        if type_entry is not None and key == type_entry[0]:
            continue
        v = ctx.eval(value_node)
        kind = classify_setting(".".join([*path, key]), v.value if v.state == LIT else NO_VALUE)
        if (
            (kind is None or (isinstance(v.value, bool) and kind.kind == "other"))
            and v.state == LIT
            and is_setting_value(v.value)
            and not in_call
        ):
            # a switch (``use_sigmoid=False`` in a registry config): no choice, but a value the
            # code's conditions test, as a YAML config's switches are
            ctx.config.switches.append(
                Item(
                    "switch",
                    "",
                    Val(LIT, v.value, v.text, line=line),
                    line,
                    ctx.scope_key(),
                    "dict",
                    symbol=key,
                    param=key,
                    key=".".join([*path, key]),
                    origin=SOURCE.name,
                )
            )
            continue
        if kind is None:
            continue
        if v.state == LIT and not is_setting_value(v.value):
            continue
        if v.state not in (LIT, REF):
            continue
        if v.state == REF and in_call:
            continue  # `torch.save({'arch': args.arch})` repeats a setting, it sets nothing
        v = Val(v.state, v.value, v.text, v.name, line=line, path=v.path)
        restated = (
            type_entry is not None
            and v.state == LIT
            and restates_library_default(ctx.eval(type_entry[1]), key, v.value)
        )
        ctx.add(
            Item(
                kind.kind,
                kind.concept,
                v,
                line,
                ctx.scope_key(),
                "dict",
                symbol=key,
                param=key,
                in_model=ctx.in_model(),
                detail=f"config key `{key}`"
                + (" in a call" if in_call else "")
                + (" (library default)" if restated else ""),
                key=".".join([*path, key]),
                origin=SOURCE.name,
                obviousness="default" if restated else "deliberate",
            )
        )


def restates_library_default(type_value: Val, key: str, value: object) -> bool:
    """``optimizer = dict(type='AdamW', betas=(0.9, 0.999))`` writes out the default every
    library's ``AdamW`` gives ``betas``: a registry config that restates it chose nothing, as a
    call that passes a library default does not. Where the libraries' defaults differ
    (``weight_decay``: 0.01 in torch, 0.0 in transformers) the value may be a choice: kept."""
    from paperlint.code.python import same_value
    from paperlint.code.signatures import library_default_of

    if type_value.state != LIT or not isinstance(type_value.value, str):
        return False
    defaults = library_default_of(type_value.value, key)
    return bool(defaults) and all(same_value(value, d) for d in defaults)


SOURCE = Source(
    name="dict_configs",
    layer="code",
    doc="dict configs: `{'lr': 0.1, ...}`, `dict(type='SGD', lr=0.02)`",
    dicts=True,
    read_dict=read_dict,
)
