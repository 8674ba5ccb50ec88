"""A table's values are for the dataset its caption or its column names: a run that trains on
another dataset is not compared with them (no mismatch from an appendix table of hyperparameters
for other data), while a run on the table's dataset, or one that names no dataset, still is."""

from __future__ import annotations

from dataclasses import replace

from helpers import setting, view_of

from paperlint.link.linker import Linker
from paperlint.paper.document import document_from_text
from paperlint.paper.index import build_index

INTRO = """# Experiments

We train on the Coast dataset and on the Forest dataset. Each block uses multi-head attention.

# Appendix

"""


def _captioned(dataset: str) -> str:
    """A table of head counts whose caption, read as several sentences, names ``dataset``."""
    return INTRO + (
        "| | Aster-S | Aster-L |\n|---|---|---|\n| Number of heads | 1 | 1 |\n\n"
        f"Table 7. Hyperparameters. All models were trained on the {dataset} dataset.\n\n"
        "Table 8. Results on the Coast dataset.\n"
    )


def _assess(paper: str, file: str):
    heads = replace(setting("num_heads", 8, kind="heads", file=file), concept="attention_heads")
    return Linker(build_index(document_from_text(paper)), (), ()).assess(heads)


def test_a_caption_for_another_dataset_states_no_value_for_the_run():
    a = _assess(_captioned("Forest"), "configs/coast_scenes-f8.yaml")
    assert not a.mismatch and a.paper_value is None
    # the twin: the caption names the run's own dataset
    a = _assess(_captioned("Coast"), "configs/coast_scenes-f8.yaml")
    assert a.mismatch and a.paper_value == "1"


def test_a_run_that_names_no_dataset_is_compared_as_before():
    a = _assess(_captioned("Forest"), "configs/aster_small.yaml")
    assert a.mismatch and a.paper_value == "1"


def _dataset_row(datasets: str) -> str:
    """A table with a column per task and a row naming each column's data; its caption names
    none."""
    return INTRO + (
        "| | Seg | Det | Cls |\n|---|---|---|---|\n"
        f"| Dataset | {datasets} |\n| Number of heads | 1 | 1 | 1 |\n\n"
        "Table 7. Hyperparameters of the models of Sec. 1.\n"
    )


def test_a_columns_dataset_row_scopes_its_values():
    a = _assess(_dataset_row("Forest | Forest | Birch"), "configs/coast_scenes-f8.yaml")
    assert not a.mismatch and a.paper_value is None
    # the twin: one column is for the run's dataset
    a = _assess(_dataset_row("Forest | Coast | Birch"), "configs/coast_scenes-f8.yaml")
    assert a.mismatch and a.paper_value == "1"


def test_a_caption_is_read_whole_up_to_the_next_one():
    view = view_of(_captioned("Forest"))
    row = next(s for s in view.doc.sentences if s.text.startswith("Number of heads"))
    text = view.values.scopes.caption_text(row.index)
    assert text.startswith("Table 7.") and "Forest dataset" in text
    assert "Table 8" not in text


def test_a_runs_path_names_the_papers_dataset_by_its_name_only():
    view = view_of(INTRO + "Complex datasets need complex models, and complex scenes too.\n")
    values = view.values
    assert values.named_by_run(setting("lr", 0.1, file="configs/forest_r50.yaml")) == {"forest"}
    # a word the dataset's name only starts with, and a common word the paper also writes
    # in lower case, name no dataset
    assert values.named_by_run(setting("lr", 0.1, file="models/fore_model.py")) == set()
    assert values.named_by_run(setting("lr", 0.1, file="configs/complex_r50.yaml")) == set()
    assert "complex" in values.named_datasets() and "complex" not in values.proper_datasets()
    # a path that names two of the paper's datasets names none
    both = setting("lr", 0.1, file="configs/forest_to_coast.yaml")
    assert values.named_by_run(both) == set()


def _benchmark_table(columns: str) -> str:
    """A table whose caption names a benchmark and whose columns name its tasks."""
    return (
        "# Experiments\n\nWe evaluate on the MNLI dataset and the GLUE benchmark. "
        "Each block uses multi-head attention.\n\n# Appendix\n\n"
        f"| | {columns} |\n|---|---|---|\n| Number of heads | 1 | 1 |\n\n"
        "Table 9: The hyperparameters we used for Aster-Base on the GLUE benchmark.\n"
    )


def test_a_caption_naming_a_benchmark_over_a_column_for_the_runs_task_scopes_nothing():
    a = _assess(_benchmark_table("MNLI | SST-2"), "scripts/aster_base_mnli.sh")
    assert a.mismatch and a.paper_value == "1"
    # the twin: no column of the table is for the run's task
    a = _assess(_benchmark_table("QQP | SST-2"), "scripts/aster_base_mnli.sh")
    assert not a.mismatch and a.paper_value is None


def _symbol_table(dataset: str) -> str:
    """A row that gives a symbol its value, in a table whose caption names ``dataset``."""
    return INTRO + (
        "The update is scaled by α.\n\n"
        "| | Aster |\n|---|---|\n| Scaling α | 8 |\n\n"
        f"Table 7. Hyperparameters. All models were trained on the {dataset} dataset.\n"
    )


def test_a_symbols_value_in_a_table_for_another_dataset_is_not_the_runs():
    alpha = setting("lora_alpha", 16, file="configs/coast_lora.yaml")
    assert view_of(_symbol_table("Forest")).values.symbol_stated(alpha, "α") == []
    # the twin: the table is for the run's dataset
    ((_, n),) = view_of(_symbol_table("Coast")).values.symbol_stated(alpha, "α")
    assert n.value == 8
