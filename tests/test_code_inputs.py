"""Bad input is reported with a code and the rest of the audit goes on; audited code never runs."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import extract_files, find

from paperlint.code.project import Options, extract

GOOD = "import torch\nopt = torch.optim.SGD(params, lr=0.1)\n"


def codes(inv):
    return sorted((p.code, p.path) for p in inv.problems)


def test_a_syntax_error_is_reported_and_other_files_are_read(tmp_path):
    inv = extract_files(tmp_path, {"bad.py": "def f(:\n    pass\n", "good.py": GOOD})
    assert codes(inv) == [("E105", "bad.py")]
    assert find(list(inv.choices), file="good.py", kind="learning_rate")


def test_non_utf8_without_a_cookie_is_reported_but_a_cookie_is_honoured(tmp_path):
    latin = "# -*- coding: latin-1 -*-\n# caf\xe9\nimport torch\nopt = torch.optim.SGD(p, lr=0.1)\n"
    inv = extract_files(
        tmp_path,
        {
            "raw.py": b"# caf\xe9\nimport torch\n",
            "cookie.py": latin.encode("latin-1"),
            "good.py": GOOD,
        },
    )
    assert codes(inv) == [("E104", "raw.py")]
    assert find(list(inv.choices), file="cookie.py", kind="learning_rate")[0].line == 4


def test_too_large_and_too_deeply_nested_files_are_refused(tmp_path):
    (tmp_path / "big.py").write_text("x = 1\n" * 5000)
    (tmp_path / "deep.py").write_text("x = " + "[" * 150 + "]" * 150 + "\n")
    (tmp_path / "chain.py").write_text("x = " + " + ".join(["a"] * 3000) + "\n")
    (tmp_path / "good.py").write_text(GOOD)
    inv = extract([tmp_path], Options(max_file_size=20_000))
    found = {(p.code, p.path.rsplit("/", 1)[-1]) for p in inv.problems}
    assert ("E103", "big.py") in found
    assert ("E106", "deep.py") in found
    assert ("E106", "chain.py") in found  # a 3000-term sum nests 3000 binary operations
    assert find(list(inv.choices), kind="learning_rate")


def test_a_too_deeply_nested_config_is_refused_and_a_nested_one_is_read(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    (tmp_path / "nested.json").write_text('{"optim": {"sgd": {"lr": 0.1}}}')  # the twin
    inv = extract([tmp_path], Options())
    found = {(p.code, p.path.rsplit("/", 1)[-1]) for p in inv.problems}
    assert ("E106", "deep.json") in found and ("E106", "deep.yaml") in found
    assert not any(name == "nested.json" for _code, name in found)


def test_python2_sources_are_read_with_their_lines(tmp_path):
    inv = extract_files(
        tmp_path,
        {
            "old.py": """
            import tensorflow as tf
            print "building"
            opt = tf.train.AdamOptimizer(0.0002, beta1=0.5)
            """
        },
    )
    assert not inv.problems
    assert inv.files[0].language == "python2"
    assert find(list(inv.choices), kind="learning_rate")[0].line == 3


def test_auditing_a_model_never_runs_it(tmp_path):
    marker = tmp_path / "IMPORTED"
    evil = f"""
        import pathlib
        pathlib.Path({str(marker)!r}).write_text("ran")
        open({str(marker)!r}, "w").write("ran")
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(10, 10)

        if __name__ == "__main__":
            pathlib.Path({str(marker)!r}).write_text("ran")
        """
    inv = extract_files(
        tmp_path,
        {
            "model.py": evil,
            "config.yaml": "lr: !!python/object/apply:os.system ['touch IMPORTED']\n",
        },
    )
    assert not marker.exists()
    assert not (tmp_path / "config.yaml").with_name("IMPORTED").exists()
    assert find(list(inv.choices), kind="channels")
    # the same through the command line, in a fresh process
    r = subprocess.run(
        [sys.executable, "-m", "paperlint", "dump-code", str(tmp_path / "model.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert not marker.exists()


def test_dump_code_prints_text_and_json_and_exits_two_on_bad_input(tmp_path):
    (tmp_path / "model.py").write_text(
        "import torch.nn as nn\nlayer = nn.Dropout(0.3)\n", encoding="utf-8"
    )
    (tmp_path / "bad.py").write_text("def (\n", encoding="utf-8")
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "paperlint", "dump-code", *a],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    r = run("model.py")
    assert r.returncode == 0
    assert "model.py:2: dropout" in r.stdout and "Dropout(0.3)" in r.stdout
    r = run(".", "--format", "json")
    assert r.returncode == 2 and "E105" in r.stderr and "bad.py" in r.stderr
    data = json.loads(r.stdout)
    assert [c["line"] for c in data["choices"] if c["kind"] == "dropout"] == [2]
    assert data["problems"][0]["path"] == "bad.py"
