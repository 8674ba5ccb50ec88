"""The paper's main run (paperlint.mainrun) and the first screen anchored at it: a question many
runs share is asked at the main run's value, the other runs' values listed in it; a setting only
the other runs of its kind take is summarised, not asked."""

from __future__ import annotations

import os

from test_ranking import choice, finding

from paperlint import firstscreen, mainrun
from paperlint.api import Config, audit
from paperlint.model import Reach, Run
from paperlint.paper.document import document_from_text


def paper(ablation_dataset: str, method_extra: str = "") -> str:
    return f"""# MyNet: Simple Segmentation

# Abstract
We propose a segmentation network (MyNet) for street and indoor scenes.

# Method
MyNet is a small encoder with a light decoder. {method_extra}

# Experiments
We evaluate MyNet-B0 and MyNet-B2 on ADE20K and Cityscapes.
Table 1: MyNet-B0 and MyNet-B2 on ADE20K and Cityscapes.

# Ablation studies
All ablations use MyNet-B2 on {ablation_dataset}.
Table 2: Effect of the decoder width of MyNet-B2 on {ablation_dataset}.
Table 3: Effect of the encoder depth of MyNet-B2 on {ablation_dataset}.
"""


def doc(text: str):
    return document_from_text(text, path="paper.txt")


def config_run(path: str, entry: str = "tools/train.py") -> Run:
    return Run(name=path, entry=entry, kind="config", configs=(path,))


RUNS = [
    config_run("configs/mynet/B0/mynet.b0.512x512.ade.py"),
    config_run("configs/mynet/B0/mynet.b0.1024x1024.city.py"),
    config_run("configs/mynet/B2/mynet.b2.512x512.ade.py"),
    config_run("configs/mynet/B2/mynet.b2.1024x1024.city.py"),
]


# ── which run is the main one ───────────────────────────────────────────────────────────────


def test_the_main_run_is_the_one_whose_names_the_results_and_ablations_repeat():
    ade = mainrun.main_runs(RUNS, mainrun.result_words(doc(paper("ADE20K"))))
    assert ade == {"configs/mynet/B2/mynet.b2.512x512.ade.py"}
    city = mainrun.main_runs(RUNS, mainrun.result_words(doc(paper("Cityscapes"))))
    assert city == {"configs/mynet/B2/mynet.b2.1024x1024.city.py"}


def test_names_written_outside_the_results_do_not_make_a_main_run():
    many = (
        "It is meant for Cityscapes. Cityscapes has street scenes. Cityscapes is large. "
        "Cityscapes is hard."
    )
    counts = mainrun.result_words(doc(paper("ADE20K", method_extra=many)))
    assert mainrun.main_runs(RUNS, counts) == {"configs/mynet/B2/mynet.b2.512x512.ade.py"}
    # the twin: the same sentences in a results section count
    moved = paper("ADE20K").replace("# Ablation studies", f"{many}\n\n# Ablation studies")
    counts = mainrun.result_words(doc(moved))
    assert mainrun.main_runs(RUNS, counts) == {"configs/mynet/B2/mynet.b2.1024x1024.city.py"}


def test_no_main_run_when_the_paper_tells_the_runs_apart_by_nothing():
    plain = "# MyNet\n\n# Experiments\nWe train MyNet on our street data.\n"
    assert mainrun.main_runs(RUNS, mainrun.result_words(doc(plain))) == frozenset()
    # the twin: a paper that names one dataset in its results picks its runs
    named = plain + "Table 1: MyNet on Cityscapes.\n"
    got = mainrun.main_runs(RUNS, mainrun.result_words(doc(named)))
    assert got and all(".city." in r for r in got)


def test_a_name_written_in_two_words_is_not_worth_twice_one_written_in_one():
    runs = [config_run("configs/m_r50_fpn.yaml"), config_run("configs/m_x101_64x4d_fpn.yaml")]
    text = "# Results\nTable 1: R-50 R-50 R-50 R-50 X-101-64x4d X-101-64x4d X-101-64x4d.\n"
    assert mainrun.main_runs(runs, mainrun.result_words(doc(text))) == {"configs/m_r50_fpn.yaml"}
    # the twin: the larger model written more often is the main run
    text = "# Results\nTable 1: R-50 X-101-64x4d X-101-64x4d.\n"
    got = mainrun.main_runs(runs, mainrun.result_words(doc(text)))
    assert got == {"configs/m_x101_64x4d_fpn.yaml"}


def test_a_shortened_name_in_a_config_counts_the_name_it_begins():
    counts = mainrun.result_words(doc("# Results\nTable 1: ADE20K and Cityscapes-C.\n"))
    assert mainrun.word_weight("ade", counts) == 1
    assert mainrun.word_weight("city", counts) == 2  # cityscapes and cityscapesc
    # a variant code is compared whole: b2 is not the start of b20
    counts = mainrun.result_words(doc("# Results\nTable 1: MyNet-B20.\n"))
    assert mainrun.word_weight("b20", counts) == 1 and mainrun.word_weight("b2", counts) == 0


def test_config_folders_that_only_name_a_variant_or_a_run_are_one_kind_of_run():
    b0, b2 = RUNS[0], RUNS[2]
    assert mainrun.family(b0) == mainrun.family(b2) == ("tools/train.py", "configs/mynet")
    ffhq = config_run("models/ldm/ffhq256/config.yaml", "main.py")
    churches = config_run("models/ldm/churches256/config.yaml", "main.py")
    assert mainrun.family(ffhq) == mainrun.family(churches) == ("main.py", "models/ldm")
    # another folder of configs is another kind of run
    ae = config_run("configs/autoencoder/ae_kl_f8.yaml", "main.py")
    ldm = config_run("configs/diffusion/churches_kl_f8.yaml", "main.py")
    assert mainrun.family(ae) != mainrun.family(ldm)


def test_each_kind_of_run_has_its_own_main_run():
    stage1 = [
        config_run("configs/autoencoder/ae_kl_f8.yaml", "main.py"),
        config_run("configs/autoencoder/ae_kl_f16.yaml", "main.py"),
    ]
    stage2 = [
        config_run("configs/diffusion/ade_f8.yaml", "main.py"),
        config_run("configs/diffusion/city_f8.yaml", "main.py"),
    ]
    got = mainrun.of_document([*stage1, *stage2], doc(paper("ADE20K")))
    assert got.main == {"configs/diffusion/ade_f8.yaml"}
    assert got.others == {"configs/diffusion/city_f8.yaml"}
    # the autoencoders' names are never written: nothing picks one, none is set aside
    assert not got.others & {r.name for r in stage1}
    assert mainrun.of_document(RUNS, None) == mainrun.MainRuns()


def test_only_variants_of_the_main_run_are_its_other_runs():
    text = paper("ADE20K") + "Table 4: ALS and MyNet on ADE20K." + " ALS" * 20 + "\n"
    methods = [config_run("configs/als_base.json"), config_run("configs/mynet_base.json")]
    got = mainrun.of_document(methods, doc(text))
    assert got.main == {"configs/mynet_base.json"}, "the paper's own method before a baseline"
    assert not got.others, "two methods side by side: neither is a variant of the other"
    # without the paper's own name, the baseline written more often would lead
    counts = mainrun.result_words(doc(text))
    assert mainrun.main_runs(methods, counts) == {"configs/als_base.json"}
    # the twin: two datasets of the paper's method are variants of each other
    got = mainrun.of_document(RUNS, doc(text))
    assert got.others == {r.name for r in RUNS} - got.main and len(got.main) == 1


def _results_say_city_more(ablation_part: str) -> str:
    """A paper whose comparison tables name Cityscapes more often than ADE20K, with
    ``ablation_part`` inside its experiments section."""
    return f"""# MyNet

# 4 Experiments
We evaluate MyNet on Cityscapes and ADE20K.
On Cityscapes, MyNet is fast. Cityscapes has street scenes. Cityscapes test results follow.
Table 1: Comparison with the state of the art on Cityscapes and ADE20K.

{ablation_part}

# 5 Conclusion
MyNet is small.
"""


ABLATION_PART = """4.2 Ablation studies

We study the decoder width on ADE20K.
Table 3: Ablation of the encoder depth."""


def test_the_dataset_the_ablations_name_makes_the_main_run_though_results_name_another_more():
    text = _results_say_city_more(ABLATION_PART)
    counts = mainrun.result_words(doc(text))
    assert mainrun.word_weight("city", counts) > mainrun.word_weight("ade", counts)
    got = mainrun.main_runs(RUNS, counts, ablation=mainrun.ablation_words(doc(text)))
    assert got == {"configs/mynet/B2/mynet.b2.512x512.ade.py"} or got == {
        "configs/mynet/B0/mynet.b0.512x512.ade.py",
        "configs/mynet/B2/mynet.b2.512x512.ade.py",
    }
    assert all(".ade." in r for r in mainrun.of_document(RUNS, doc(text)).main)
    # the twin: the same sentences under a heading that is not about ablations count as
    # results only, and the dataset written most leads
    plain = _results_say_city_more(ABLATION_PART.replace("Ablation studies", "Further results"))
    plain = plain.replace("Ablation of", "Effect of")
    assert not mainrun.ablation_words(doc(plain))["ade20k"]
    assert all(".city." in r for r in mainrun.of_document(RUNS, doc(plain)).main)


def test_a_caption_that_names_ablations_counts_its_dataset():
    part = "4.2 More experiments\n\nTable 3: Ablation of the encoder depth on ADE20K."
    assert mainrun.ablation_words(doc(_results_say_city_more(part)))["ade20k"] == 1
    # the twin: a caption of results, not ablations, does not
    other = part.replace("Ablation of", "Effect of")
    assert not mainrun.ablation_words(doc(_results_say_city_more(other)))["ade20k"]


def test_a_comparison_table_inside_the_ablations_is_not_an_ablation():
    part = ABLATION_PART + "\nTable 4: Comparison with the state of the art on Cityscapes."
    words = mainrun.ablation_words(doc(_results_say_city_more(part)))
    assert words["ade20k"] == 1 and not words["cityscapes"]
    # the twin: a table of the ablations that names Cityscapes counts it
    part = ABLATION_PART + "\nTable 4: Ablation of the decoder on Cityscapes."
    assert mainrun.ablation_words(doc(_results_say_city_more(part)))["cityscapes"] == 1


def test_the_default_setup_names_the_main_model_though_the_results_name_another_more():
    runs = [config_run("configs/det_r50_fpn.yaml"), config_run("configs/det_r101_fpn.yaml")]
    results = (
        "# 4 Experiments\nTable 5: Det with ResNet-101-FPN and ResNet-101-FPN against others.\n"
        "Det with ResNet-101-FPN is best. ResNet-50-FPN is smaller.\n"
    )
    setup = "Unless specified, ResNet-50 is used as our backbone.\n"
    text = f"# Det\n\n{results}{setup}"
    got = mainrun.of_document(runs, doc(text)).main
    assert got == {"configs/det_r50_fpn.yaml"}
    # the twin: without the statement of the default, the model written most leads
    got = mainrun.of_document(runs, doc(f"# Det\n\n{results}")).main
    assert got == {"configs/det_r101_fpn.yaml"}


def test_a_model_shortened_to_letters_and_number_counts_its_full_name():
    counts = mainrun.result_words(doc("# Results\nTable 1: ResNet-50-FPN and ResNeXt-101.\n"))
    assert mainrun.word_weight("r50", counts) == 1
    # not another number, nor a name its letters do not begin
    assert mainrun.word_weight("r5", counts) == 0
    assert mainrun.word_weight("x101", counts) == 0


def test_a_short_and_a_full_dataset_name_of_one_run_count_once():
    runs = [config_run("configs/m/b0_ade_ade20k.py"), config_run("configs/m/b5_city.py")]
    text = (
        "# Results\nTable 1: M-B0 on ADE20K. ADE20K is indoor. ADE20K is large.\n"
        "Table 2: M-B5 on Cityscapes. Cityscapes is urban. M-B5 on Cityscapes.\n"
    )
    # the datasets are written as often; B5 more often than B0: its run is the main one,
    # though B0's run names its dataset twice (ade, ade20k)
    assert mainrun.main_runs(runs, mainrun.result_words(doc(text))) == {"configs/m/b5_city.py"}
    # the twin: B0 written more makes its run the main one
    text = text.replace("M-B5 on Cityscapes.\n", "M-B0 on Cityscapes. M-B0 again.\n")
    assert mainrun.main_runs(runs, mainrun.result_words(doc(text))) == {
        "configs/m/b0_ade_ade20k.py"
    }


def test_of_runs_the_paper_names_alike_the_one_without_an_unwritten_word_is_the_main_run():
    runs = [
        config_run("configs/det/det_r50_1x.yaml"),
        config_run("configs/det/det_tweaked_r50_1x.yaml"),
        config_run("configs/det/det_r101_2x.yaml"),
    ]
    text = "# Results\nTable 1: Det with R-50 and R-50 and R-101.\n"
    got = mainrun.main_runs(runs, mainrun.result_words(doc(text)))
    assert got == {"configs/det/det_r50_1x.yaml"}
    # the twin: when the paper writes the word, the two are told apart by it
    text = text.replace("R-101.", "R-101. Tweaked R-50 is better.")
    got = mainrun.main_runs(runs, mainrun.result_words(doc(text)))
    assert got == {"configs/det/det_tweaked_r50_1x.yaml"}


def _with(run: Run, **settings: str) -> Run:
    from dataclasses import replace

    from paperlint.model import Setting

    return replace(
        run,
        settings=tuple(
            Setting(k.replace("__", "."), v, run.name, 1, "config") for k, v in settings.items()
        ),
    )


def test_the_earlier_stage_a_main_run_configures_inside_it_is_its_kinds_main_run():
    stage1 = [
        _with(config_run("configs/ae/ae_a.yaml"), model__params__width="[1, 2]", lr="0.1"),
        _with(config_run("configs/ae/ae_b.yaml"), model__params__width="[1, 2, 4]", lr="0.1"),
        _with(config_run("configs/ae/ae_c.yaml"), model__params__width="[1, 4]", lr="0.1"),
    ]
    churches = _with(
        config_run("configs/gen/churches.yaml"),
        model__params__stage1__params__width="[1, 2, 4]",
        model__params__stage1__params__lr="0.1",
    )
    text = "# Results\nTable 1: MyGen on Churches and Faces. Churches again.\n"
    stage2 = [churches, config_run("configs/gen/faces.yaml")]
    reaches = [
        Reach(runs=("configs/gen/churches.yaml",), files=("data/churches.py",)),
        Reach(runs=("configs/ae/ae_b.yaml",), files=("data/photos.py",)),
    ]
    got = mainrun.of_document([*stage1, *stage2], doc(text), reaches)
    assert got.main == {"configs/gen/churches.yaml", "configs/ae/ae_b.yaml"}
    assert {"configs/ae/ae_a.yaml", "configs/ae/ae_c.yaml"} <= got.others
    # code questions go to the code of the run the paper names, not of its earlier stage
    assert got.files == {"data/churches.py"}
    # the twins: a value all the earlier-stage configs share tells none apart; a main run
    # that repeats none of their values picks none
    same = _with(churches, model__params__stage1__params__lr="0.1")
    got = mainrun.of_document([*stage1, same, stage2[1]], doc(text))
    assert got.main == {"configs/gen/churches.yaml"}
    faces = _with(stage2[1], model__params__stage1__params__width="[1, 4]")
    got = mainrun.of_document([*stage1, same, faces], doc(text))
    assert got.main == {"configs/gen/churches.yaml"}, "only a main run's values count"


# ── the first screen anchored at the main run ─────────────────────────────────────────────────


def _lr(i: int, value: str, run: str):
    return choice(f"learning_rate optimizer.lr = {value}", id=f"lr{i}", file=run, runs=(run,))


def test_a_setting_many_runs_share_is_asked_at_the_main_runs_value():
    cs = [
        _lr(0, "0.01", "configs/a_b0_city.py"),
        _lr(1, "0.01", "configs/a_b1_city.py"),
        _lr(2, "0.01", "configs/a_b0_ade.py"),
        _lr(3, "0.02", "configs/z_b2_ade.py"),
    ]
    by_id = {c.id: c for c in cs}
    main = mainrun.MainRuns(main=frozenset({"configs/z_b2_ade.py"}))
    (f,) = firstscreen.arrange([finding(c) for c in cs], by_id, {}, main=main).findings
    assert f.choice == "lr3" and f.file == "configs/z_b2_ade.py"
    assert "`0.01` in a_b0_ade.py, a_b0_city.py and 1 more" in f.message
    # the twin: without a main run the value most runs use leads
    (g,) = firstscreen.arrange([finding(c) for c in cs], by_id, {}).findings
    assert g.choice == "lr2" and "`0.02` in z_b2_ade.py" in g.message


def test_a_setting_only_the_other_runs_take_is_summarised_not_asked():
    head = choice("learning_rate optimizer.head_lr = 0.769", id="head", runs=("configs/a_city.py",))
    by_id = {head.id: head}
    main = mainrun.MainRuns(frozenset({"configs/b_ade.py"}), frozenset({"configs/a_city.py"}))
    got = firstscreen.arrange([finding(head)], by_id, {}, main=main)
    assert not got.findings and got.set_aside == {"beside_main_run": 1}
    # the twins: the main run takes it too; --all; a value no run is known to take
    ade = choice("learning_rate optimizer.head_lr = 0.512", id="head2", runs=("configs/b_ade.py",))
    both = {head.id: head, ade.id: ade}
    kept = firstscreen.arrange([finding(head), finding(ade)], both, {}, main=main)
    assert len(kept.findings) == 1 and kept.findings[0].choice == "head2"
    assert "`0.769` in a_city.py" in kept.findings[0].message
    every = firstscreen.arrange([finding(head)], by_id, {}, everything=True, main=main)
    assert len(every.findings) == 1
    code = choice("learning_rate optimizer.head_lr = 0.769", id="code", file="train.py")
    got = firstscreen.arrange([finding(code)], {code.id: code}, {}, main=main)
    assert len(got.findings) == 1
    # a mismatch on the same setting is asked: the paper states a value for it
    got = firstscreen.arrange([finding(head, "MM201")], by_id, {}, main=main)
    assert len(got.findings) == 1 and "beside_main_run" not in got.set_aside


def test_a_concept_question_names_each_runs_value():
    a = choice("batch_size data.batch = 16", id="b1", file="s/ade.sh", runs=("s/ade.sh",))
    b = choice("batch_size data.batch = 8", id="b2", file="s/city.sh", runs=("s/city.sh",))
    w = choice("batch_size model.batch = 4", id="b3", file="train.py")
    by_id = {x.id: x for x in (a, b, w)}
    main = mainrun.MainRuns(main=frozenset({"s/ade.sh"}))
    got = firstscreen.arrange([finding(x) for x in (a, b, w)], by_id, {}, main=main).findings
    assert len(got) == 1, [f.message for f in got]
    assert "`16` at s/ade.sh:1 (`8` in city.sh)" in got[0].message


def test_a_question_about_code_is_asked_in_a_file_the_main_run_reaches():
    a = choice("learning_rate opt.lr = 0.037", id="a", file="models/a_other.py")
    b = choice("learning_rate opt.lr = 0.037", id="b", file="models/b_main.py", line=7)
    by_id = {x.id: x for x in (a, b)}
    main = mainrun.MainRuns(main=frozenset({"r"}), files=frozenset({"models/b_main.py"}))
    (f,) = firstscreen.arrange([finding(a), finding(b)], by_id, {}, main=main).findings
    assert f.file == "models/b_main.py"
    # the twin: with no main run, the first place
    (g,) = firstscreen.arrange([finding(a), finding(b)], by_id, {}).findings
    assert g.file == "models/a_other.py"


# ── the whole audit ──────────────────────────────────────────────────────────────────────────

TRAIN = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--dataset", default="ade20k")
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--batch_size", type=int, default=4)
parser.add_argument("--crop", type=int, default=512)
parser.add_argument("--epochs", type=int, default=12)
args = parser.parse_args()
model = torch.nn.Linear(4, 4)
opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
for epoch in range(args.epochs):
    loss = model(torch.zeros(8, 4)).sum()
    loss.backward()
    opt.step()
"""


def _audit(tmp_path, text: str):
    (tmp_path / "scripts").mkdir(parents=True)
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "scripts/mynet_ade20k.sh").write_text(
        "python train.py --dataset ade20k --lr 0.003 --batch_size 16 --epochs 90\n"
    )
    (tmp_path / "scripts/mynet_cityscapes.sh").write_text(
        "python train.py --dataset cityscapes --lr 0.003 --batch_size 8 --epochs 90 --crop 769\n"
    )
    (tmp_path / "paper.txt").write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return audit(["."], "paper.txt", Config(cache=False))
    finally:
        os.chdir(cwd)


def test_the_audit_asks_shared_settings_at_the_main_run_and_summarises_the_others(tmp_path):
    plain = paper("ADE20K").replace("MyNet-B0 and MyNet-B2", "MyNet").replace("MyNet-B2", "MyNet")
    ade = _audit(tmp_path / "ade", plain)
    by_id = {c.id: c for c in ade.choices}
    lr = next(f for f in ade.findings if by_id[f.choice].kind == "learning_rate")
    assert lr.file == "scripts/mynet_ade20k.sh" and "set so in 2 runs" in lr.message
    assert ade.summary["first_screen"]["main_runs"] == ["scripts/mynet_ade20k.sh"]
    assert ade.summary["first_screen"]["set_aside"].get("beside_main_run") == 1  # the crop of 769
    assert not any("769" in f.message for f in ade.findings)
    # the twin: a paper whose ablations use Cityscapes asks at its run, the crop included
    city = _audit(tmp_path / "city", plain.replace("on ADE20K.", "on Cityscapes."))
    by_id = {c.id: c for c in city.choices}
    lr = next(f for f in city.findings if by_id[f.choice].kind == "learning_rate")
    assert lr.file == "scripts/mynet_cityscapes.sh"
    assert any("769" in f.message for f in city.findings)
    assert "beside_main_run" not in city.summary["first_screen"]["set_aside"]
