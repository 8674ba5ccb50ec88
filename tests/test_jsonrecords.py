"""paperlint's records as JSON (what the per-file cache stores): an exact round trip, shared
values kept shared, and nothing but paperlint's own records built on the way back."""

from __future__ import annotations

import ast
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperlint import jsonrecords
from paperlint.code.python import Item, analyze
from paperlint.code.values import Val
from paperlint.model import Choice, Problem


def same(a, b) -> bool:
    """Equal, of the same types all the way down (1 is not 1.0, a tuple not a list), NaN = NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (
            a == b and math.copysign(1, a) == math.copysign(1, b)
        )
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__"):
        return same(vars(a), vars(b))
    return a == b


def back(value):
    return jsonrecords.loads(jsonrecords.dumps(value))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        1,
        1.0,
        -0.0,
        float("inf"),
        float("nan"),
        10**30,
        "text with \u202e and \ud800",
        [1, (2, 3), [4]],
        (),
        {"lr": 0.1, "sizes": (3, 3)},
        {"": 1, "x": 2},  # an empty key
        {1: "a", (2, 3): "b", None: "c", 1.5: "d"},
        {"s": {1, 2}, "f": frozenset({"a"})},
        b"\x00\xffbytes",
        1 + 2j,
        ...,
    ],
    ids=repr,
)
def test_builtins_come_back_as_the_same_types(value):
    assert same(back(value), value)


def test_a_list_and_a_tuple_stay_apart():
    got = back({"a": [1, 2], "b": (1, 2), "c": [(1,), [1]]})
    assert type(got["a"]) is list and type(got["b"]) is tuple
    assert type(got["c"][0]) is tuple and type(got["c"][1]) is list


def test_records_come_back_as_their_class():
    v = Val("lit", (3, 3), "(3, 3)", line=7)
    item = Item("layer", "conv", v, 7, "Net.__init__", "call", symbol="torch.nn.Conv2d")
    problem = Problem("E105", "a.py", "line 3: invalid syntax")
    got = back([v, item, problem])
    assert same(got, [v, item, problem])
    assert got[1].value.value == (3, 3)


def test_a_value_shared_by_two_places_comes_back_shared():
    params = ["x", "y"]
    item = Item("other", "c", Val("lit", 1), 1, "", "assign")
    data = {"a": params, "b": params, "c": [item, item], "d": [params]}
    got = back(data)
    assert got["a"] is got["b"] is got["d"][0]
    assert got["c"][0] is got["c"][1]
    got["a"].append("z")
    assert got["b"] == ["x", "y", "z"]


def test_equal_values_that_were_not_shared_stay_apart():
    got = back({"a": ["x"], "b": ["x"]})
    assert got["a"] == got["b"] and got["a"] is not got["b"]


def test_a_class_template_and_its_constructor_share_their_parameters_after_the_trip():
    ff = analyze(
        "import torch.nn as nn\n\nclass Block(nn.Module):\n"
        "    def __init__(self, width=64):\n        super().__init__()\n"
        "        self.fc = nn.Linear(width, width)\n",
        "block.py",
        "block",
        {},
    )
    shared = [t for t in ff.templates.values() if t.kind == "class"]
    assert shared and shared[0].params is ff.templates[f"{shared[0].key}.__init__"].params
    got = back(ff)
    assert got == ff
    cls = got.templates[shared[0].key]
    assert cls.params is got.templates[f"{cls.key}.__init__"].params


def test_a_value_that_contains_itself_is_refused():
    loop: list = [1]
    loop.append(loop)
    with pytest.raises(TypeError):
        jsonrecords.dumps(loop)


@pytest.mark.parametrize(
    "value", [object(), print, json, type, Choice, iter([])], ids=lambda v: type(v).__name__
)
def test_what_is_not_a_record_is_refused_on_the_way_in(value):
    with pytest.raises(TypeError):
        jsonrecords.dumps({"x": value})


@pytest.mark.parametrize(
    "text",
    [
        '{"":"r","n":"os:system","v":["echo hi"]}',
        '{"":"r","n":"builtins:eval","v":["1"]}',
        '{"":"r","n":"pathlib:Path","v":[]}',
        '{"":"r","n":"paperlint.cache:Cache","v":[]}',  # paperlint's, but not a record
        '{"":"r","n":"paperlint.__main__:x","v":[]}',
        '{"":"r","n":"paperlint.model:Problem","v":["E105"]}',  # too few fields
        '{"":"q","i":1}',  # unknown tag
        '{"":"@","i":0}',  # a reference to nothing
        '{"":"s","i":[[1]]}',  # a list in a set
        '{"a":1}',  # untagged
        '{"":"b","i":"not base64!"}',
        '{"":"a","n":"NodeVisitor","v":[],"p":[]}',  # in ast, but not a syntax node
        '{"":"a","n":"literal_eval","v":[],"p":[]}',
        '{"":"a","n":"Name","v":["x"],"p":[]}',  # too few fields
        "[1, 2",  # not JSON
    ],
)
def test_anything_but_what_dumps_writes_is_refused_on_the_way_out(text):
    with pytest.raises(ValueError):
        jsonrecords.loads(text)


def test_syntax_nodes_round_trip_with_their_positions_and_sharing():
    tree = ast.parse("if cfg.opt == 'sgd' and not x:\n    f(a, k=[1, 2.5, None, b'x'])\n")
    test = tree.body[0].test
    back = jsonrecords.loads(jsonrecords.dumps((test, test, tree)))
    assert ast.dump(back[2], include_attributes=True) == ast.dump(tree, include_attributes=True)
    assert back[0] is back[1]  # one node in two places stays one
    assert (back[0].lineno, back[0].end_col_offset) == (test.lineno, test.end_col_offset)
    assert ast.literal_eval(back[2].body[0].body[0].value.keywords[0].value) == [1, 2.5, None, b"x"]


def test_a_real_record_round_trips_from_its_text():
    text = '{"":"r","n":"paperlint.model:Problem","v":["E105","a.py","bad",""]}'
    assert jsonrecords.loads(text) == Problem("E105", "a.py", "bad", "")


_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.binary(max_size=8),
    st.complex_numbers(allow_nan=False),
)
_key = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=4))
_hashable = st.recursive(
    _key, lambda k: st.tuples(k, k) | st.frozensets(_key, max_size=3), max_leaves=6
)
_values = st.recursive(
    _leaf,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(_hashable, inner, max_size=4)
        | st.sets(_hashable, max_size=3)
        | st.builds(
            lambda v, t, n: Val("lit", v, t, line=n), inner, st.text(max_size=5), st.integers(0, 99)
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_any_value_of_builtins_and_records_round_trips(value):
    assert same(back(value), value)


def test_equal_sets_are_written_as_the_same_bytes_however_they_were_built():
    # a set's iteration order depends on its history (a set grown and shrunk keeps a larger
    # table); the facts written to the cache and those read back must be the same bytes
    words = [f"name{i}" for i in range(40)]
    grown = set(words + [f"gone{i}" for i in range(400)])
    grown.difference_update(f"gone{i}" for i in range(400))
    built = set(reversed(words))
    assert grown == built
    # the twin that shows the history matters: their own orders differ
    assert list(grown) != list(built)
    assert jsonrecords.dumps(grown) == jsonrecords.dumps(built)
    assert jsonrecords.dumps(frozenset(grown)) == jsonrecords.dumps(frozenset(built))
    assert jsonrecords.loads(jsonrecords.dumps(grown)) == built


def test_equal_sets_of_pairs_are_written_as_the_same_bytes_however_they_were_built():
    # a set of (class, name) pairs, as the inert pass keeps them: the same history test
    pairs = [("Block", f"name{i}") for i in range(40)]
    grown = set(pairs + [("Gone", f"g{i}") for i in range(400)])
    grown.difference_update(("Gone", f"g{i}") for i in range(400))
    built = set(reversed(pairs))
    assert grown == built
    assert list(grown) != list(built)  # the twin: their own orders differ
    assert jsonrecords.dumps(grown) == jsonrecords.dumps(built)
    assert jsonrecords.loads(jsonrecords.dumps(grown)) == built
