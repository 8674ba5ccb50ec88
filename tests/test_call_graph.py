"""Top-level functions no code the runs execute reaches (paperlint.code.inert.unreached_functions):
every reference to the function, resolved through the imports (``import pkg.ops as ops``, a
package re-exporting it under another name), sits in a function so reached, under a condition of
a constructor every build closes, or in the ``__main__`` block of an imported module. Each case
beside a twin where the function does run, or where we cannot tell."""

from __future__ import annotations

from helpers import inert_of
from test_gated_parts import BUILD_FROM_CONFIG

#: a package that re-exports the sharpening step under another name
INIT = "from pkg.steps import sharpen_then_shrink as sharpen_step\n"

#: a dataset of crops that sharpens them only when asked to, and a subclass the config builds
#: that hands its arguments whole to it
CROPS = """
import functools

from pkg import sharpen_step
from pkg.steps import keep


class Crops:
    def __init__(self, size=8, treatment="plain"):
        self.size = size
        if treatment == "sharpen":
            self.step = functools.partial(sharpen_step, amount=2)
        else:
            self.step = keep

    def __call__(self, x):
        return self.step(x)


class TrainCrops(Crops):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
"""

STEPS = """
import pkg.imageops as ops


def sharpen_then_shrink(x, amount=1):
    return ops.shrink(x + amount)


def keep(x):
    return x


if __name__ == "__main__":
    print(sharpen_then_shrink(1.0))
"""

IMAGEOPS = """
import torch.nn.functional as F


def shrink(x):
    return F.interpolate(x, scale_factor=0.5, mode="bicubic")


def grow(x):
    return F.interpolate(x, scale_factor=2.0, mode="nearest")
"""


def project(treatment: str = "plain", **more: str) -> dict[str, str]:
    """An entry point that builds the dataset a config names with ``treatment``."""
    config = (
        "lr: 0.01\nmodel:\n  target: pkg.crops.TrainCrops\n  params:\n"
        f"    size: 16\n    treatment: {treatment}\n"
    )
    files = {
        "pkg/__init__.py": INIT,
        "pkg/crops.py": CROPS,
        "pkg/steps.py": STEPS,
        "pkg/imageops.py": IMAGEOPS,
        "train.py": BUILD_FROM_CONFIG,
        "configs/a.yaml": config,
    }
    return {**files, **more}


def imageops(found: dict[str, str], word: str) -> dict[str, str]:
    """The inert choices of pkg/imageops.py on the line holding ``word``."""
    lines = IMAGEOPS.lstrip("\n").splitlines()
    (n,) = [i for i, line in enumerate(lines, 1) if word in line]
    return {k: v for k, v in found.items() if k.startswith(f"pkg/imageops.py:{n} ")}


def test_a_function_reached_only_through_a_closed_constructor_branch_is_inert(tmp_path):
    whys = imageops(inert_of(tmp_path, project()), "bicubic")
    assert whys
    why = next(iter(whys.values()))
    # the chain: shrink ← sharpen_then_shrink (re-exported as sharpen_step) ← the closed branch
    assert why.startswith("inside shrink(), reached only from sharpen_then_shrink(), from Crops, ")
    assert "only when `treatment == 'sharpen'` holds" in why
    assert "configs/a.yaml" in why


def test_the_function_runs_when_the_config_opens_the_branch(tmp_path):
    assert imageops(inert_of(tmp_path, project("sharpen")), "bicubic") == {}


def test_a_subclass_that_sets_the_argument_itself_is_no_build_we_can_read(tmp_path):
    crops = CROPS.replace(
        "super().__init__(**kwargs)", 'super().__init__(treatment="sharpen", **kwargs)'
    )
    assert crops != CROPS
    found = inert_of(tmp_path, project(**{"pkg/crops.py": crops}))
    assert imageops(found, "bicubic") == {}


def test_a_function_nothing_names_beside_one_other_code_uses_is_inert(tmp_path):
    whys = imageops(inert_of(tmp_path, project("sharpen")), "nearest")
    assert whys
    assert next(iter(whys.values())).startswith(
        "inside grow(), which no audited code calls or names"
    )


def test_a_file_none_of_whose_functions_other_code_names_claims_nothing(tmp_path):
    steps = STEPS.replace("ops.shrink(x + amount)", "x + amount")
    found = inert_of(tmp_path, project(**{"pkg/steps.py": steps}))
    assert imageops(found, "nearest") == {}
    assert imageops(found, "bicubic") == {}


def test_a_call_at_a_modules_top_level_keeps_the_function(tmp_path):
    probe = "import torch\n\nfrom pkg.imageops import shrink\n\nprint(shrink(torch.zeros(1)))\n"
    found = inert_of(tmp_path, project(**{"probe.py": probe}))
    assert imageops(found, "bicubic") == {}


def test_a_main_block_of_a_module_nothing_imports_keeps_the_function(tmp_path):
    demo = (
        "import torch\n\nfrom pkg.steps import sharpen_then_shrink\n\n"
        'if __name__ == "__main__":\n    sharpen_then_shrink(torch.zeros(1))\n'
    )
    found = inert_of(tmp_path, project(**{"tools/demo.py": demo}))
    assert imageops(found, "bicubic") == {}


def test_a_reference_on_an_object_we_cannot_follow_keeps_the_function(tmp_path):
    probe = "def apply(module, x):\n    return module.shrink(x)\n\n\nprint(apply)\n"
    found = inert_of(tmp_path, project(**{"probe.py": probe}))
    assert imageops(found, "bicubic") == {}


def test_a_string_naming_the_function_keeps_it(tmp_path):
    probe = 'STEPS = ["shrink", "grow"]\n'
    found = inert_of(tmp_path, project(**{"probe.py": probe}))
    assert imageops(found, "bicubic") == {}
    assert imageops(found, "nearest") == {}


def test_nothing_is_claimed_while_the_code_imports_a_module_of_ours_the_audit_lacks(tmp_path):
    user = "from pkg.absent import helper\n\n\ndef run(x):\n    return helper(x)\n"
    found = inert_of(tmp_path, project(**{"pkg/user.py": user}))
    assert imageops(found, "bicubic") == {}
    assert imageops(found, "nearest") == {}
    present = "def helper(x):\n    return x\n"
    twin = inert_of(tmp_path / "twin", project(**{"pkg/user.py": user, "pkg/absent.py": present}))
    assert imageops(twin, "bicubic")
