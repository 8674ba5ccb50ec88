"""Readers of search definitions: one small module per way a repository writes a search.

A reader is a module with

    LANGUAGES  the kinds of file it reads: yaml, json, python, shell
    HINTS      substrings one of which a file must contain to be read at all (a cheap filter)
    read(src)  the searches the file defines: list[paperlint.trace.records.Search]

(a project-wide reader, like the families of configs, defines ``read_project(files)`` over every
file instead of ``read``), registered by one line in :data:`READERS`, with its examples in
``paperlint/trace/examples/<name>/``: files whose ``# trace: KEY SPEC`` markers say which
spaces must be found on the next line (``tests/test_trace_readers.py`` runs them; see
``paperlint/trace/examples/README.md``).
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

#: reader name → module. The name is what a Search's ``source`` says.
READERS: dict[str, str] = {
    "wandb": "paperlint.trace.readers.wandb",  # W&B sweep YAML, or the dict given to wandb.sweep
    "optuna": "paperlint.trace.readers.optuna",  # trial.suggest_float/int/categorical
    "ray": "paperlint.trace.readers.ray",  # tune.grid_search/choice/uniform/loguniform ...
    "hydra": "paperlint.trace.readers.hydra",  # hydra.sweeper.params (basic and Optuna sweepers)
    "keras_tuner": "paperlint.trace.readers.keras_tuner",  # hp.Choice/Int/Float + tuners
    "hyperopt": "paperlint.trace.readers.hyperopt",  # hp.choice/uniform/loguniform + fmin
    "sklearn": "paperlint.trace.readers.sklearn",  # GridSearchCV param_grid, RandomizedSearchCV
    "nni": "paperlint.trace.readers.nni",  # NNI search spaces ({"_type": ..., "_value": ...})
    "ax": "paperlint.trace.readers.ax",  # Ax parameters ({"name", "type": "range", "bounds"})
    "amlt": "paperlint.trace.readers.amlt",  # search: {job_template, type, params: [{name, values}]}
    "grid": "paperlint.trace.readers.grid_file",  # sweep.yaml / grid.json: setting → [values]
    "shell": "paperlint.trace.readers.shell",  # loops, job arrays, -m multiruns, command families
    "family": "paperlint.trace.readers.family",  # configs of one folder differing in 1-2 settings
}


@functools.cache
def module(name: str) -> ModuleType:
    """One of paperlint's own reader modules, by its name in READERS (never audited code)."""
    return importlib.import_module(READERS[name])


def for_language(language: str) -> list[str]:
    """The names of the file readers that read this kind of file."""
    return [
        n
        for n in READERS
        if language in getattr(module(n), "LANGUAGES", ()) and hasattr(module(n), "read")
    ]


def project_readers() -> list[str]:
    return [n for n in READERS if hasattr(module(n), "read_project")]
