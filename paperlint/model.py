"""The plain data that flows between paperlint's stages.

    code files ──► Choice            (paperlint.code)
    paper      ──► Document          (paperlint.paper)
    link       ──► Assessment        (paperlint.link: evidence per choice)
    rules      ──► Finding           (paperlint.engine)
    all of it  ──► AuditResult       (paperlint.api) ──► reporters

Every record is a frozen dataclass of strings, numbers, tuples and other records: no parser
objects, no live CST nodes, so every stage's output can be dumped to JSON, cached, sent to a
worker process and compared in a test.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from paperlint.trace.records import Trace, TracePaper

REPORT_SCHEMA = "paperlint-report/1"

#: The kinds of choice the JSON report promises (issue 2's contract). Anything else is "other".
KINDS: frozenset[str] = frozenset(
    [
        "normalization",
        "activation",
        "pooling",
        "dropout",
        "kernel_size",
        "channels",
        "depth",
        "heads",
        "residual",
        "optimizer",
        "learning_rate",
        "weight_decay",
        "momentum",
        "batch_size",
        "epochs",
        "loss",
        "scheduler",
        "warmup",
        "augmentation",
        "init",
        "other",
    ]
)

#: How obvious a choice is, from least to most in need of a reason.
#: default      the library's default value, written out or implied (never a finding by itself)
#: conventional a widely used value (3x3 conv, ReLU, Adam's betas)
#: deliberate   a non-default value somebody picked
#: irregular    a pattern broken on purpose or by accident (BN in only some blocks)
#: absent       a component missing from the whole model (no normalization at all)
OBVIOUSNESS: tuple[str, ...] = ("default", "conventional", "deliberate", "irregular", "absent")

JUSTIFICATIONS: tuple[str, ...] = ("citation", "reasoning", "empirical_claim")
EVIDENCE_TYPES: frozenset[str] = frozenset(
    {"mention", "justification", "citation", "ablation", "value"}
)
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high")
CONFIDENCES: tuple[str, ...] = ("low", "medium", "high")


def short_hash(*parts: object, length: int = 12) -> str:
    """A stable hex digest of ``parts``: the same inputs give the same id on every machine."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


# ── code side ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Choice:
    """One decision found in the code: a component used, or a value given to it.

    ``line`` is 1-based; ``file`` is a POSIX path relative to the directory the audit ran in.
    ``number`` is the value as a float when it is a single number (for comparison with the
    paper), ``values`` the numbers of a tuple value such as a kernel ``(3, 3)``.
    """

    id: str
    kind: str
    concept: str
    value: str
    file: str
    line: int
    source: str = (
        "call"  # call | argument | argparse | config | constant | loop | structure | absence
    )
    symbol: str = ""  # qualified callable or config key the choice came from
    param: str = ""  # argument name when the choice is one argument of a call
    scope: str = ""  # enclosing class/function, e.g. "ResNet.__init__"
    framework: str = ""  # torch | keras | tensorflow | flax | optax | transformers | config | ""
    obviousness: str = "deliberate"
    snippet: str = ""  # the source line, stripped
    number: float | None = None
    values: tuple[float, ...] = ()
    resolved: bool = True  # False when the value depends on something a static reader can't see
    detail: str = ""  # one line of extra context ("BatchNorm in blocks 2, 3 of 5")
    parent: str = ""  # id of the layer choice an argument choice belongs to
    via: str = ""  # "file:line" of the setting this value was resolved from (args.lr → --lr)
    cell: int | None = None  # notebooks: the code cell (1-based, counting every cell) ...
    cell_line: int | None = None  # ... and the line inside it; `line` counts the joined code
    #: the branch a value is written in: ``sample == 'anneal'`` for a constant under
    #: ``elif args.sample == "anneal":`` (its words say what the value is for)
    branch: str = ""
    #: the setting this choice is the value of (``SOLVER.BASE_LR``, ``lora_r``), and the runs
    #: (``Run.name``) in which the value written here takes effect; empty: not run-specific
    setting: str = ""
    runs: tuple[str, ...] = ()
    #: a batch size read in a program that trains data-parallel: the call that says so
    #: (``DistributedSampler at main.py:200``); the value is one device's share of the batch
    per_device: str = ""
    #: the number of devices the run that reads this per-device batch size launches on (its
    #: launcher's nodes × GPUs per node); 0: not known
    devices: int = 0

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)


@dataclass(frozen=True)
class SourceFile:
    """A code or config file that was read, and what the reader could do with it."""

    path: str
    language: str  # python | python2 | yaml | json | notebook | makefile
    lines: int
    sha256: str
    choices: int = 0
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """An input that could not be audited (or only partly): never silently dropped."""

    code: str  # E101 ... (paperlint.errors)
    path: str
    message: str
    hint: str = ""

    def format(self) -> str:
        from paperlint.errors import is_partial  # errors.py builds on this module

        hint = f" ({self.hint})" if self.hint else ""
        level = "warning" if is_partial(self.code) else "error"
        return f"paperlint: {level}[{self.code}] {self.path}: {self.message}{hint}"


#: the sources of settings a command line sets (``--flag``), of :attr:`Setting.source`
COMMAND_LINE_SOURCES = frozenset({"argparse", "flag", "click", "field", "attr"})


@dataclass(frozen=True)
class Setting:
    """The value one setting takes in a run, and where that value is set.

    ``layer`` says which layer of the run set it, lowest first: ``library`` (a library's
    default, no line), ``code`` (an argparse/flag/dataclass/yacs default), ``config`` (a config
    file or what it inherits), ``launch`` (the command line a launcher runs), ``written`` (the
    code assigns it after loading)."""

    key: str  # SOLVER.BASE_LR, lora_r, arch.H_cycles
    value: str  # as written: 0.01, 'cosine', [8, 16]
    file: str
    line: int
    layer: str
    source: str = ""  # the source of settings that read it: argparse, yacs, yaml, shell ...


@dataclass(frozen=True)
class Run:
    """One way the repository is run: an entry point with the config files and the overrides
    it is launched with (a line of a launch script, a Makefile target, a config file an entry
    point loads, or — when nothing launches it — an entry point's defaults)."""

    name: str  # stable: the launcher's path (and target or line), or the config file's path
    entry: str  # the Python file (or module) that runs; "" when not among the audited files
    kind: str  # launch | config | defaults
    launched_at: str = ""  # "file:line" of the command
    configs: tuple[str, ...] = ()  # config files in merge order (bases first)
    #: what the run sets above its code defaults (config files, launch, code), by key
    settings: tuple[Setting, ...] = ()
    #: the code (and library) defaults the run starts from: a ``Defaults.name`` of the
    #: inventory, shared by the runs of one entry point (see ``CodeInventory.settings_of``)
    defaults: str = ""
    notes: tuple[str, ...] = ()  # what could not be followed (a base file not audited ...)
    #: values the run gives switches and plumbing (``MODEL.BOX_ONLY: True``, ``use_fast``):
    #: never choices, but the code's conditions test them (see ``CodeInventory.values_of``)
    switches: tuple[Setting, ...] = ()
    #: the callables its config files build with their keys as arguments: (the dotted key of
    #: the arguments, the callable as written, file, line), e.g. (``model.params.unet_config
    #: .params``, ``ldm.modules.openaimodel.UNetModel``) for ``target:`` + ``params:``, Hydra
    #: ``_target_`` with its siblings, a registry's ``type='Net'``
    builds: tuple[tuple[str, str, str, int], ...] = ()


@dataclass(frozen=True)
class Defaults:
    """The code and library defaults some runs start from (an entry point's argparse options
    and dataclass fields, a yacs tree): kept once, not once per run."""

    name: str
    settings: tuple[Setting, ...] = ()
    switches: tuple[Setting, ...] = ()  # the defaults of switches and plumbing (``Run.switches``)


@dataclass(frozen=True)
class Reach:
    """The code files some runs reach: their entry point, what it imports (transitively), the
    modules their config files name (``target: ldm.models.X``) and what those import, and the
    config files themselves. Runs that reach the same files share one record."""

    runs: tuple[str, ...]
    files: tuple[str, ...]
    #: the files the runs start from: their launcher, entry point and config files, the modules
    #: those configs name; every other file is reached through a :class:`Load` of one in ``files``
    roots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Load:
    """The project files one file loads: the modules its imports lead to (the modules that
    define the names it imports; for a config, the modules it names as classes to build), and
    the files it reaches without using all they load (``passes``: a package's ``__init__.py``
    that a name is re-exported through)."""

    file: str
    follows: tuple[str, ...]
    passes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeInventory:
    """The output of the code stage: every choice in every file, plus what was read or skipped."""

    choices: tuple[Choice, ...]
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    #: settings that say what the code runs on (``dataset = "movielens"``), kind ``context``:
    #: never judged as choices, they tell the linker which of a paper's per-dataset values apply
    context: tuple[Choice, ...] = ()
    #: the runs the repository defines, each with its effective configuration
    runs: tuple[Run, ...] = ()
    defaults: tuple[Defaults, ...] = ()
    #: which files each run reaches (see :class:`Reach`); a file in none is reached by no run
    #: a static reader can follow (a class loaded by name, a notebook)
    reaches: tuple[Reach, ...] = ()
    #: code files that take a training step or call what takes one (``loss.backward()``,
    #: ``model.fit(...)``, ``train(args)``), and files that run a model without gradients or
    #: sample from it (``torch.no_grad()``, ``model.eval()``); see :mod:`paperlint.code.training`
    trains: tuple[str, ...] = ()
    infers: tuple[str, ...] = ()
    #: code files that load a module by a name built at run time (``importlib.import_module``):
    #: what they load is in no run's reach (:func:`paperlint.code.imports.loads_by_name`)
    loaders: tuple[str, ...] = ()
    #: code files that run as programs (an ``if __name__ == "__main__":`` block, a parser of
    #: command-line arguments), whether or not a run was built for them
    scripts: tuple[str, ...] = ()
    #: what each file loads (see :class:`Load`); a file no other file loads is in none
    loads: tuple[Load, ...] = ()
    #: Python files whose top level does work as they run (a call or a loop written as a
    #: statement, :mod:`paperlint.code.programs`): programs, though they say nothing of it
    top_level_work: tuple[str, ...] = ()
    #: (file, stage) for code files that do a training stage of their own, a continued
    #: pre-training or a compression pass (:mod:`paperlint.code.training_stages`)
    training_stages: tuple[tuple[str, str], ...] = ()

    def settings_of(self, run: Run) -> dict[str, Setting]:
        """Every setting of ``run`` with the value it takes: its defaults, then what it sets."""
        out: dict[str, Setting] = {}
        for d in self.defaults:
            if d.name == run.defaults:
                out.update((s.key, s) for s in d.settings)
        out.update((s.key, s) for s in run.settings)
        return out

    def values_of(self, run: Run) -> dict[str, Setting]:
        """Every value ``run`` gives a key of its configuration: its settings
        (:meth:`settings_of`) and its switches and plumbing (``BOX_ONLY: True`` in its config
        file over ``_C.MODEL.BOX_ONLY = False``), which are no choices but decide which of the
        code's branches run."""
        out: dict[str, Setting] = {}
        for d in self.defaults:
            if d.name == run.defaults:
                # a run nothing visible launches (its entry point's defaults) may be launched
                # with any command-line switch on (a command in a README): those switches'
                # defaults say nothing of which branches run; a launcher or a config file that
                # leaves a switch at its default does, and so does a config object's default
                # (yacs ``_C.MODEL.MASK_ON = False``), which no command line names
                out.update(
                    (s.key, s)
                    for s in d.switches
                    if run.kind != "defaults" or s.source not in COMMAND_LINE_SOURCES
                )
                out.update((s.key, s) for s in d.settings)
        out.update((s.key, s) for s in run.switches)
        out.update((s.key, s) for s in run.settings)
        return out


@dataclass(frozen=True)
class Suppression:
    """An inline ``# paperlint: ignore[ID] -- reason`` comment."""

    file: str
    line: int
    rules: tuple[str, ...]  # empty means every rule
    reason: str


# ── paper side ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Section:
    """A heading of the paper and the part it opens."""

    index: int
    title: str
    number: str  # "3.2", "IV", "" for unnumbered headings
    level: int
    page: int
    role: str = "body"  # front | abstract | body | references | appendix | acknowledgements


@dataclass(frozen=True)
class Sentence:
    """A sentence (or caption, or table row) of the paper, with where it came from.

    ``start``/``end`` are offsets in ``Document.text``; ``page`` is 1-based.
    """

    index: int
    text: str
    page: int
    section: int  # index into Document.sections, -1 before the first heading
    role: str = "body"  # body | caption | table | footnote | abstract | heading | reference
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Coverage:
    """How much of the paper could be read: "no findings" must never mean "could not read"."""

    pages: int = 0
    pages_with_text: int = 0
    characters: int = 0
    sections: int = 0
    sentences: int = 0
    references_found: bool = False
    pipeline: str = ""  # which spaCy pipeline ran, e.g. "spacy.blank('en') + sentencizer"
    source: str = ""  # pdf | tex | text


@dataclass(frozen=True)
class Document:
    """The paper as paperlint read it: sections, sentences with pages, references apart."""

    path: str
    sha256: str
    title: str
    text: str
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    references: tuple[str, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)

    def section_of(self, sentence: Sentence) -> Section | None:
        return (
            self.sections[sentence.section] if 0 <= sentence.section < len(self.sections) else None
        )

    def section_title(self, sentence: Sentence) -> str:
        sec = self.section_of(sentence)
        return sec.title if sec else ""


# ── link ─────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Evidence:
    """A quote from the paper that bears on a choice."""

    type: str  # mention | justification | citation | ablation | value
    page: int
    section: str
    quote: str
    cue: str = ""  # what matched: "following [12]", "because", "w/o BN"
    sentence: int = -1


@dataclass(frozen=True)
class Assessment:
    """What the paper says about one choice."""

    choice: str  # Choice.id
    mentioned: bool = False
    justification: str | None = None  # citation | reasoning | empirical_claim | None
    ablated: bool = False
    paper_value: str | None = None
    mismatch: bool = False
    evidence: tuple[Evidence, ...] = ()
    searched: tuple[str, ...] = ()  # section titles searched when nothing was found
    mismatch_of: str = ""  # the argument choice whose mismatch this component inherits
    #: a statement that takes the choice's group of settings from earlier work ("the same
    #: hyper-parameters as the original paper [4]") without naming this setting: its cue
    borrowed: str = ""
    #: a statement that takes the paper's whole setup from earlier work in general terms ("the
    #: same setup as in the original paper [6]", "forked from the original repository"), where
    #: the paper states no value of this setting of its own: its cue
    setup_from: str = ""


# ── rules ────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    confidence: str
    message: str
    choice: str | None = None
    file: str | None = None
    line: int | None = None
    evidence: tuple[Evidence, ...] = ()
    searched: tuple[str, ...] = ()
    fix: str = ""
    fingerprint: str = ""
    # the stated reason when an inline comment or baseline silenced it
    suppressed: str | None = None
    also: tuple[int, ...] = ()  # other lines of the same file where the same choice is made
    #: where the code and its history show what the finding says (a sweep's line, a commit)
    code_evidence: tuple[CodeEvidence, ...] = ()
    #: other choices this finding speaks for (the same setting in other runs' config files, the
    #: other parts of one learning-rate schedule): asked once, here
    group: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeEvidence:
    """A place in the code or its history that bears on a finding: ``sweep.yaml:4`` with what
    it shows, and the commit when it comes from the history."""

    file: str
    line: int
    what: str
    commit: str = ""


# ── scope ────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class RunScope:
    """Whether the audit covers one run, by which rule, and the names that decided."""

    run: str
    audited: bool
    #: named | all | own_method | another_method | unnamed_method | utility | other_stage |
    #: inference | unknown_variant | unnamed_folder | kept
    rule: str
    reason: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileScope:
    """A code file the audit leaves out, and why."""

    path: str
    #: test_code | demo_code | unused_config | other_runs_only | unnamed_folder | unnamed_model |
    #: vendored_library | alternative_implementation | unreached | unloaded | utility | inference
    rule: str
    reason: str


@dataclass(frozen=True)
class Scope:
    """What the audit covers: the runs the paper describes and the code they reach.

    Everything left out is counted here and kept in the result (its choices are listed, marked
    out of scope); ``--all`` audits it, ``--run NAME`` names the runs to audit."""

    mode: str = "paper"  # paper | all | named | unscoped (no paper to scope by)
    runs: tuple[RunScope, ...] = ()
    files: tuple[FileScope, ...] = ()  # the files left out
    choices: tuple[str, ...] = ()  # ids of the choices left out
    own_names: tuple[str, ...] = ()  # the names the paper gives its own method

    @property
    def runs_out(self) -> tuple[RunScope, ...]:
        return tuple(r for r in self.runs if not r.audited)


# ── the whole audit ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class PaperInfo:
    path: str
    pages: int
    sha256: str
    title: str = ""


@dataclass(frozen=True)
class AuditResult:
    tool_version: str
    paper: PaperInfo | None
    choices: tuple[Choice, ...]
    assessments: tuple[Assessment, ...]
    findings: tuple[Finding, ...]
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]
    coverage: Coverage
    summary: dict[str, Any] = field(default_factory=dict)
    #: the tuning trace: what the repository shows was searched (paperlint.trace), and what
    #: the paper says of those searches
    trace: Trace | None = None
    trace_paper: TracePaper | None = None
    scope: Scope | None = None

    def assessment_of(self, choice_id: str) -> Assessment | None:
        return _index_assessments(self).get(choice_id)

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.suppressed)


def _index_assessments(result: AuditResult) -> dict[str, Assessment]:
    # AuditResult is frozen; memoise the index on the instance without breaking equality.
    cached = result.__dict__.get("_assessment_index")
    if cached is None:
        cached = {a.choice: a for a in result.assessments}
        object.__setattr__(result, "_assessment_index", cached)
    return cached


# ── serialization ────────────────────────────────────────────────────────────────────────────


def _to_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [_to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _to_dict(v) for k, v in obj.items()}
    return obj


def to_dict(obj: Any) -> Any:
    """Any paperlint record (or tuple of records) as JSON-ready builtins."""
    return _to_dict(obj)


def from_dict(cls: type, data: Any) -> Any:
    """Rebuild a record written by :func:`to_dict` (used by the cache and worker processes)."""
    kwargs = {}
    for name, tp in _field_types(cls):
        if name in data:
            kwargs[name] = _from_value(tp, data[name])
    return cls(**kwargs)


@functools.cache
def _field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """The fields of a record class with their resolved types (resolving costs; done once)."""
    import typing

    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _from_value(tp: Any, value: Any) -> Any:
    import types
    import typing

    origin = typing.get_origin(tp)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_value(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        if not args:
            return tuple(value)
        fixed = not (len(args) == 2 and args[1] is Ellipsis) and len(args) == len(value)
        if fixed:  # tuple[int, int, str]
            return tuple(_from_value(a, v) for a, v in zip(args, value, strict=True))
        return tuple(_from_value(args[0], v) for v in value)
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        return [_from_value(item, v) for v in value]
    if origin is dict and isinstance(value, dict):
        _k, item = typing.get_args(tp) or (Any, Any)
        return {k: _from_value(item, v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value


def dedupe(items: Iterable[Any]) -> tuple[Any, ...]:
    """Items in first-seen order without repeats."""
    return tuple(dict.fromkeys(items))
