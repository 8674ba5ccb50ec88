"""The audit's scope: which runs of a repository the paper describes, and which code they reach.

Official repositories hold the configs of many models, datasets and often of later papers, the
baselines the method is compared with, tools, tests and vendored libraries. The paper describes
some of its runs; those are audited, the rest is counted in one place (:class:`~paperlint.model.
Scope`) and audited only on request (``--all``, ``--run NAME``). Nothing is dropped silently:
every choice stays in the result, the ones left out are marked so.

The decision compares the names of a run — its config files' paths, its launcher, its entry
point, the values it is launched with (``fcos_R_50_FPN_1x.yaml``, ``--task_name mnli``) — with
the names the paper writes (``FCOS``, ``ResNet-50``, ``MNLI``), read with the variant grammar of
research code (``R_50`` = ``ResNet-50``, ``MNV2`` = ``MobileNetV2``; ``rules/scope/names.yaml``).
Rules, the first that applies decides a run:

    named            ``--run NAME`` / ``[tool.paperlint] runs``: the named runs, and no other
    all              ``--all``: every run
    another_method   some runs carry the paper's own name (its title's name, the acronym it
                     defines); this one carries none of them but a name the paper uses for
                     something else: a baseline or another method of the codebase (RetinaNet
                     configs in the FCOS repository)
    unknown_variant  it carries a model or dataset variant the paper never writes (``MNV2``,
                     ``dcnv2``, ``R_101`` in a paper on ResNet-50), where another run of the same
                     entry point carries none
    unnamed_method   some config files carry the paper's own name; this run's config carries
                     none of them, and its method's place (its folder, the first word of its file
                     name: ``configs/cgnet/cgnet_512x1024.py``) holds a word the paper never
                     writes: another model of the codebase the paper does not even compare with
    utility          its entry point's name says it exports, converts, benchmarks, plots or
                     shows a model (``pytorch2onnx.py``, ``get_flops.py``, ``demo/``), not an
                     experiment the paper reports
    inference        its entry point samples, evaluates or predicts with a model and never
                     trains (no optimisation step, no ``backward``, no fit or train call:
                     :mod:`paperlint.code.training`): how a trained model is used, not the
                     training the paper must justify (a script that both trains and samples
                     stays; settings a training run also reads stay with that run)
    other_stage      its entry point does a training stage the paper never writes of: a
                     continued pre-training with masked language modelling, a quantisation or
                     pruning pass (:mod:`paperlint.code.training_stages`): another experiment,
                     whose recipe is not the paper's
    unnamed_folder   its entry point or config lies in a folder the code rule below leaves out
    kept             otherwise: the paper names it, or nothing tells it from the runs it names

and a code file is left out when it is test code or demo code (under ``demo/``), a config no run
includes beside the configs the audited runs take (another option of a config group), when it lies in a folder among parallel
siblings (``othello/``, ``connect4/``, ``gobang/`` laid out alike) that the paper names some of
but not this one, when it is a part (``backbones/``, ``decode_heads/``, ``losses/``) named for a
model the paper never writes beside parts it does write, when only runs left out reach it, or
when no run reaches it while the audited runs use other modules of its folder (unreached), or
when no code the audit keeps loads it and it is no program of its own (unloaded: only code left
out imports it, or nothing in the project does). A run reaches a module only through a loader it
reaches that is kept (:func:`reach_through`).
A choice is left out when its file is, or when every run its value takes effect in is. When every run would be left out, all are kept.
"""

from __future__ import annotations

import fnmatch
import functools
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from paperlint import resources
from paperlint.callsites import CHECKPOINT_COMPANION
from paperlint.code import training_stages
from paperlint.model import (
    Choice,
    CodeInventory,
    Document,
    FileScope,
    Reach,
    Run,
    RunScope,
    Scope,
)

#: sentence roles whose words count as names the paper uses (the bibliography does not)
_READ_ROLES = frozenset({"body", "abstract", "caption", "table", "footnote", "heading"})
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-‐–][A-Za-z0-9]+)*")
_ATOM = re.compile(r"[A-Za-z0-9]+")
_GLUED = re.compile(r"([a-z]+)(\d+)([a-z\d]*)")
_ACRONYM = r"([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*?)(?:s)?"
#: "we propose X (ACR)", "our X (ACR)", "X (ACR) proposes", "..., or ACR,", "called ACR"
_OWN_DEFINITIONS = (
    re.compile(
        r"\b(?:[Ww]e\s+(?:propose|present|introduce|call|term|dub|name)\w*|[Oo]ur)\b[^.()]{0,160}?"
        r"(?:\(\s*" + _ACRONYM + r"\s*\)|,\s+or\s+" + _ACRONYM + r"\b)"
    ),
    re.compile(r"\(\s*" + _ACRONYM + r"\s*\)\s+(?:propose|present|introduce)s?\b"),
    re.compile(r"\b(?:called|dubbed|named|termed)\s+" + _ACRONYM + r"\b"),
)


# ── the names the paper uses ─────────────────────────────────────────────────────────────────


@functools.cache
def _data() -> dict:
    return resources.load_yaml("scope/names.yaml")


@functools.cache
def _neutral() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _data()["neutral"]))


@functools.cache
def _aliases() -> dict[str, str]:
    return dict(_data()["aliases"])


@functools.cache
def _generic() -> frozenset[str]:
    return frozenset(_data()["generic"])


@functools.cache
def _utility() -> frozenset[str]:
    return frozenset(_data()["utility"])


@functools.cache
def _evaluation() -> frozenset[str]:
    return frozenset(_data()["evaluation"])


@functools.cache
def _libraries() -> frozenset[str]:
    return frozenset(_data()["libraries"])


def is_neutral(word: str) -> bool:
    """A word that says how a run is set (``1x``, ``bs16``, ``8gpu``, ``v2``), not what it runs."""
    return bool(_neutral().fullmatch(word))


def is_generic(word: str) -> bool:
    """A folder or file word of any codebase (``configs``, ``utils``, ``train``), not a name."""
    return word in _generic()


def _norm(word: str) -> str:
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _forms(parts: Sequence[str]) -> set[str]:
    """A hyphenated name's words, every ordered pair of them joined, and all of them joined:
    ``ResNeXt-64x4d-101`` → resnext, 64x4d, 101, resnext64x4d, resnext101, 64x4d101, ..."""
    low = [p.lower() for p in parts if p]
    out = set(low) | {_norm(p) for p in low}
    if len(low) > 1:
        out.add("".join(low))
        out.add(_norm("".join(low)))
        if len(low) <= 6:
            for i in range(len(low)):
                for j in range(i + 1, len(low)):
                    out.add(low[i] + low[j])
    return out


def _is_name(token: str) -> bool:
    """Written as a name: a part with capitals after its first letter (``ResNet``, ``MNLI``,
    ``R-CNN``), or letters and digits together (``GPT-2``, ``ADE20K``); not a capitalised
    compound (``One-Stage``)."""
    parts = [p for p in re.split(r"[-‐–]", token) if p]
    if not any(c.isalpha() for c in token):
        return False
    if any(c.isdigit() for c in token) and token[0].isalpha():
        return True
    return any(any(c.isupper() for c in p[1:]) for p in parts)


def _mixed_case(part: str) -> bool:
    """``SegFormer``, ``LoRA``: capitals inside a word that is not all capitals."""
    return any(c.isupper() for c in part[1:]) and any(c.islower() for c in part)


@dataclass(frozen=True)
class PaperNames:
    """The words and names a paper uses, normalised for comparison with code names."""

    terms: frozenset[str]  # every word, hyphen part and joined form, lower case
    names: frozenset[str]  # those written as names (``RetinaNet``, ``GPT-2``, ``Othello``)
    own: frozenset[str]  # the names of the paper's own method
    own_shown: tuple[str, ...] = ()  # the own names as the paper writes them

    def knows(self, word: str) -> bool:
        return word in self.terms or _norm(word) in self.terms

    def is_name(self, word: str) -> bool:
        return word in self.names or _norm(word) in self.names

    def is_own(self, word: str) -> bool:
        if word in self.own or _norm(word) in self.own:
            return True
        # `loralib`, `fcos_core`: a code name that starts with the method's name (4+ letters)
        return any(len(o) >= 4 and word.startswith(o) and word.isalpha() for o in self.own)


#: the names of the document last asked about: an audit asks for them from the scope and from
#: the first screen, and reads them from the cache with the paper (:func:`remember_names`)
_last_names: tuple[Document, PaperNames] | None = None


def paper_names(document: Document) -> PaperNames:
    """The names ``document`` uses (its bibliography left out) and its own method's names;
    worked out once per document (the same object), or given by :func:`remember_names`."""
    last = _last_names
    if last is not None and last[0] is document:
        return last[1]
    names = _read_names(document)
    remember_names(document, names)
    return names


def remember_names(document: Document, names: PaperNames) -> None:
    """Take ``names`` as :func:`paper_names` of ``document`` (read from the cache with it)."""
    global _last_names
    _last_names = (document, names)


def _read_names(document: Document) -> PaperNames:
    texts = []
    for s in document.sentences:
        sec = document.section_of(s)
        if s.role == "reference" or (sec is not None and sec.role == "references"):
            continue
        if s.role in _READ_ROLES or s.role == "body":
            texts.append(s.text)
    titles = [document.title] if document.title else []
    for sec in document.sections:
        if sec.role == "abstract":
            break
        if sec.page <= 1:
            titles.append(sec.title)
    texts.extend(sec.title for sec in document.sections if sec.role != "references")
    abstract = [
        s.text for s in document.sentences if s.role == "abstract" or _section_role(document, s)
    ]
    return names_from_text("\n".join(texts), titles, "\n".join(abstract) or "\n".join(texts[:60]))


def _section_role(document: Document, s) -> bool:
    sec = document.section_of(s)
    return sec is not None and sec.role == "abstract"


def names_from_text(text: str, titles: Iterable[str] = (), abstract: str = "") -> PaperNames:
    """:func:`paper_names` from plain text: the paper's body, its title(s), its abstract."""
    terms: set[str] = set()
    names: set[str] = set()
    capitalized: dict[str, int] = defaultdict(int)
    for line in text.splitlines():
        prev_parts: list[str] | None = None
        prev_end = -10
        for m in _TOKEN.finditer(line):
            token = m.group(0)
            parts = re.split(r"[-‐–]", token)
            terms |= _forms(parts)
            if _is_name(token):
                names |= _name_forms(parts)
            elif token[:1].isupper() and token[1:].islower() and len(token) > 2:
                before = line[max(0, m.start() - 2) : m.start()]
                if re.fullmatch(r"[a-z,;:] ", before):  # capitalised mid-sentence
                    capitalized[token.lower()] += 1
            if prev_parts is not None and line[prev_end : m.start()] == " ":
                joined = "".join(p.lower() for p in (*prev_parts, *parts))
                terms.add(joined)
                if _is_name(token) or _is_name("-".join(prev_parts)):
                    names.add(joined)
            prev_parts, prev_end = parts, m.end()
    # a symbol set to a number (``f = 8``, ``r = 4``) names a variant as ``f8`` does
    for m in re.finditer(r"(?<![\w.])([A-Za-z]{1,2})\s*=\s*(\d+)(?![\w.])", text):
        terms.add(m.group(1).lower() + m.group(2))
    # a word capitalised mid-sentence is a name when the paper writes it so at least as often
    # as in lower case (``Othello``, ``Chess``; not ``Stage`` of a heading in title case)
    lower: dict[str, int] = defaultdict(int)
    for w in re.findall(r"\b[a-z][a-z]+\b", text):
        if w in capitalized:
            lower[w] += 1
    names |= {w for w, n in capitalized.items() if n >= 2 and n >= lower[w]}
    own, shown = _own_names(titles, abstract)
    return PaperNames(frozenset(terms), frozenset(names | own), frozenset(own), shown)


def _name_forms(parts: Sequence[str]) -> set[str]:
    """The forms of a name that are names: its parts written as names (``KL`` of
    ``KL-autoencoder``, not ``autoencoder``) and its joined forms."""
    out = {f for f in _forms(parts) if not any(f == p.lower() or f == _norm(p) for p in parts)}
    for p in parts:
        if _is_name(p) or (p.isupper() and len(p) >= 2):
            out |= {p.lower(), _norm(p)}
    return out


def _own_names(titles: Iterable[str], abstract: str) -> tuple[set[str], tuple[str, ...]]:
    """The paper's own method: the name before a title's colon (``FCOS: Fully ...``), names
    written as such in the title (``SegFormer``), and an acronym the abstract defines for what
    "we propose" / "our ..." (``latent diffusion models (LDMs)``)."""
    own: set[str] = set()
    shown: list[str] = []
    for title in titles:
        title = " ".join(title.split())
        head, colon, _rest = title.partition(":")
        if colon and 0 < len(head.split()) <= 4:
            squeezed = re.sub(r"(?<=\b\w) (?=\w)", "", head) if len(head.split()) > 1 else head
            for t in _TOKEN.findall(squeezed):
                own |= _forms(re.split(r"[-‐–]", t))
                shown.append(t)
        for t in _TOKEN.findall(title):
            if any(_mixed_case(p) for p in re.split(r"[-‐–]", t)):
                own |= _forms(re.split(r"[-‐–]", t))
                shown.append(t)
    for pattern in _OWN_DEFINITIONS:
        for m in pattern.finditer(abstract):
            acr = next((g for g in m.groups() if g), "")
            if acr and len(acr) >= 2:
                own |= _forms(re.split(r"[-‐–]", acr))
                shown.append(acr)
                phrase = _expansion(abstract[: m.start(m.lastindex or 1)], acr)
                if phrase:
                    own.add("".join(phrase))
                    own.add("".join(phrase[:-1]) if len(phrase) > 2 else "".join(phrase))
    return {o for o in own if len(o) >= 2 and not o.isdigit()}, tuple(dict.fromkeys(shown))


def _expansion(before: str, acronym: str) -> list[str]:
    """The words an acronym abbreviates, read backwards from it: ``latent diffusion models``
    for ``LDM``."""
    letters = [c.lower() for c in acronym if c.isupper()]
    words = re.findall(r"[A-Za-z]+", before)[-(len(letters) + 2) :]
    for n in range(len(letters), len(letters) + 2):
        cand = words[-n:] if n <= len(words) else []
        if cand and [w[0].lower() for w in cand][: len(letters)] == letters:
            return [w.lower() for w in cand]
    return []


# ── the names code uses ──────────────────────────────────────────────────────────────────────


def atoms(text: str) -> list[str]:
    """The words of a path or a value, lower case: ``configs/fcos/fcos_R_50_FPN_1x.yaml`` →
    configs, fcos, fcos, r, 50, fpn, 1x, yaml."""
    return [a.lower() for a in _ATOM.findall(text)]


@dataclass(frozen=True)
class Identity:
    """What a run's (or folder's) name says: its words, and the variant codes in it."""

    words: tuple[str, ...]  # every word and joined neighbour pair
    variants: tuple[str, ...]  # variant codes: r50, x101, b2, mnv2, dcnv2, 64x4d


def identity(texts: Iterable[str]) -> Identity:
    """The words and variant codes of names: ``R_50`` and ``r50`` → variant ``r50``;
    ``MNV2`` → ``mnv2``; ``churches256`` → the word ``churches`` (a size after a word)."""
    words: list[str] = []
    variants: list[str] = []
    aliases = _aliases()
    for text in texts:
        stem = re.sub(r"\.(ya?ml|json|py|sh|gin|cfg|conf|toml|ipynb)$", "", text)
        parts = atoms(stem)
        for i, a in enumerate(parts):
            words.append(a)
            if i + 1 < len(parts):
                words.append(a + parts[i + 1])
            if is_neutral(a):
                continue
            m = _GLUED.fullmatch(a)
            if m:
                letters = m.group(1)
                if len(letters) <= 2 or letters in aliases or letters.endswith("v"):
                    variants.append(a)
                else:
                    words.append(letters)
            elif a[0].isdigit() and any(c.isalpha() for c in a):
                variants.append(a)  # 64x4d
            elif (
                a.isalpha()
                and (len(a) == 1 or a in aliases or a in aliases.values())
                and i + 1 < len(parts)
                and parts[i + 1].isdigit()
            ):
                variants.append(a + parts[i + 1])  # R_50, resnet-50 (not kl-8: KL, then 8)
    return Identity(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(variants)))


def variant_known(code: str, paper: PaperNames) -> bool:
    """The paper writes this variant: ``r50`` as R-50, R50 or ResNet-50."""
    if paper.knows(code):
        return True
    m = _GLUED.fullmatch(code)
    if m:
        family = _aliases().get(m.group(1))
        if family and paper.knows(family + m.group(2) + m.group(3)):
            return True
    return False


# ── runs ─────────────────────────────────────────────────────────────────────────────────────


#: launch settings whose value names what a run runs (``--task_name mnli``,
#: ``--model_name_or_path roberta-base``, ``dataset=lsun``, ``arch=trm``)
_NAMING_KEY = re.compile(
    r"(^|_)(dataset|data|task|model|arch|architecture|backbone|variant|net|network|encoder|"
    r"experiment|exp|config|name|model_type)(_name|_or_path|_path|_id|_name_or_path)?$"
)


def run_texts(run: Run) -> list[str]:
    """The names a run goes by: its name, config files, entry point and launcher, and the
    values it is launched with that name its model, data or task (``--task_name mnli``)."""
    texts = [run.name, *run.configs]
    if run.kind != "config":
        texts.append(run.entry)
    for s in run.settings:
        key = re.sub(r"[^a-z0-9_]", "_", s.key.rsplit(".", 1)[-1].lower())
        if s.layer == "launch" and _NAMING_KEY.search(key) and not _looks_number(s.value):
            texts.append(s.value.strip("'\""))
    return texts


def _looks_number(v: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?|True|False|None|true|false", v.strip()))


@dataclass
class _RunView:
    run: Run
    ident: Identity
    own: list[str]
    names: list[str]  # words the paper writes as names
    foreign: list[str]  # variant codes the paper never writes


def _launched_keys(run: Run) -> list[str]:
    """The keys of the settings and switches the run's launcher sets (``--lora_r 8``)."""
    return [s.key for s in (*run.settings, *run.switches) if s.layer == "launch"]


def _view(run: Run, paper: PaperNames) -> _RunView:
    ident = identity(run_texts(run))
    generic = _generic()
    own = [w for w in ident.words if paper.is_own(w)]
    # the options its launcher sets name the method it runs (``--apply_lora --lora_r 8``),
    # as much as its name does
    own += [w for w in identity(_launched_keys(run)).words if paper.is_own(w) and w not in own]
    names = [
        w
        for w in ident.words
        if w not in generic and not is_neutral(w) and paper.is_name(w) and not paper.is_own(w)
    ]
    foreign = [v for v in ident.variants if not variant_known(v, paper)]
    return _RunView(run, ident, own, names, foreign)


def decide_runs(
    runs: Sequence[Run],
    paper: PaperNames | None,
    *,
    audit_all: bool = False,
    named: Sequence[str] = (),
    folders_out: dict[str, str] | None = None,
    root: str = "",
    trains: Iterable[str] = (),
    infers: Iterable[str] = (),
    other_stages: dict[str, list[str]] | None = None,
) -> tuple[RunScope, ...]:
    """Each run audited or left out, by the rules in this module's docstring; ``root`` is the
    folder every audited path lies under (its own name says nothing about a run); ``trains`` and
    ``infers``: the files that train and those that use a model (``CodeInventory.trains``);
    ``other_stages``: code file → the training stages it does that the paper never writes of
    (:func:`undescribed_stages`)."""
    trains, infers = frozenset(trains), frozenset(infers)
    if named:
        hits = {r.name for r in runs if any(run_matches(r, n) for n in named)}
        return tuple(
            RunScope(
                r.name,
                r.name in hits,
                "named",
                "named by --run" if r.name in hits else "not among the runs named by --run",
            )
            for r in runs
        )
    if audit_all or paper is None:
        rule, why = ("all", "--all audits every run") if audit_all else ("kept", "no paper")
        return tuple(RunScope(r.name, True, rule, why) for r in runs)
    views = [_view(r, paper) for r in runs]
    own_runs = [v for v in views if v.own]
    own_configs = any(v.run.configs and _own_config(v.run, paper) for v in own_runs)
    clean_entries = {v.run.entry for v in views if not v.foreign}
    out: list[RunScope] = []
    for v in views:
        # the runs it is a sibling of: those of its entry point, or, for a run named by its
        # config files, every run that carries the paper's name
        siblings = [o for o in own_runs if o.run.entry == v.run.entry or v.run.configs]
        decided = _decide(v, paper, siblings, clean_entries, folders_out or {})
        if decided.audited and not v.own:
            decided = _utility_run(v, root) or decided
        if decided.audited and not v.own:
            decided = _other_stage_run(v, other_stages or {}) or decided
        if decided.audited:
            decided = _inference_run(v, trains, infers) or decided
            if decided.audited and own_configs:
                decided = _unnamed_method(v, paper) or decided
        out.append(decided)
    if out and not any(r.audited for r in out):
        return tuple(
            RunScope(r.run, True, "kept", "no run matches the paper's names better: all kept")
            for r in out
        )
    return tuple(out)


def _decide(
    v: _RunView,
    paper: PaperNames,
    own_runs: list[_RunView],
    clean_entries: set[str],
    folders_out: dict[str, str],
) -> RunScope:
    name = v.run.name
    if own_runs and not v.own:
        # runs of the same entry point that carry the paper's own name, and this one carries
        # a name of the paper that none of them does: another method the trainer also runs
        own_names = {n for o in own_runs for n in o.names}
        other = [n for n in v.names if n not in own_names and n.isalpha()]
        if other:
            shown = ", ".join(sorted(set(other))[:3])
            return RunScope(
                name,
                False,
                "another_method",
                f"names {shown}, which the paper compares with; it does not carry the paper's "
                f"own name ({', '.join(paper.own_shown[:2]) or 'its method'})",
                tuple(sorted(set(other))),
            )
    if v.foreign and v.run.entry in clean_entries:
        shown = ", ".join(v.foreign[:3])
        return RunScope(
            name,
            False,
            "unknown_variant",
            f"a variant the paper never names ({shown})",
            tuple(v.foreign),
        )
    for path in (v.run.entry, *v.run.configs[-1:]):
        for folder, why in folders_out.items():
            if path and path.startswith(folder + "/"):
                return RunScope(name, False, "unnamed_folder", why, (folder,))
    if v.own:
        return RunScope(
            name, True, "own_method", "carries the paper's own name", tuple(sorted(set(v.own)))
        )
    known = sorted({w for w in v.ident.words if paper.is_name(w) and w not in _generic()})
    if known:
        return RunScope(name, True, "kept", "names what the paper names", tuple(known[:6]))
    return RunScope(name, True, "kept", "nothing tells it from the runs the paper describes")


def _own_config(run: Run, paper: PaperNames) -> bool:
    """The run's last config file carries the paper's own name in its path."""
    return any(paper.is_own(w) for w in identity(run.configs[-1:]).words)


def method_words(config: str) -> list[str]:
    """The words in a config path's method place: its folder's name and its file name's first
    word (``configs/cgnet/cgnet_512x1024_60k.py`` → cgnet; ``fast_scnn/fast_scnn_4x8.py`` →
    fastscnn, fast), without words that say what code does (``configs``, ``base``)."""
    generic = _generic()
    folder = posixpath.basename(posixpath.dirname(config))
    stem = atoms(re.sub(r"\.[a-z]+$", "", posixpath.basename(config)))
    out = []
    if folder and not folder.startswith("_") and not any(a in generic for a in atoms(folder)):
        out.append("".join(atoms(folder)))
    if stem and not any(a in generic for a in stem[:1]):
        out.append(stem[0])
    return [
        w
        for w in dict.fromkeys(out)
        if len(w) >= 3 and w.isalnum() and not w.isdigit() and not is_neutral(w)
    ]


def _unnamed_method(v: _RunView, paper: PaperNames) -> RunScope | None:
    """A config run named, in its method's place, by a word the paper never writes, where other
    config files carry the paper's own name: another model of the codebase."""
    if v.run.kind != "config" or not v.run.configs:
        return None
    unknown = [w for w in method_words(v.run.configs[-1]) if not paper.knows(w)]
    if not unknown or any(paper.is_name(w) for w in v.ident.words if w in unknown):
        return None
    return RunScope(
        v.run.name,
        False,
        "unnamed_method",
        f"named for {unknown[0]}, which the paper never writes, where the paper's own runs "
        f"carry its name ({', '.join(paper.own_shown[:2]) or 'its method'})",
        tuple(unknown),
    )


def is_utility(path: str) -> bool:
    """A script that exports, converts, benchmarks, plots or shows a model rather than runs an
    experiment: a word of its path says so (``pytorch2onnx.py``, ``convert_datasets/``, ``demo/``;
    the words are ``utility`` in ``rules/scope/names.yaml``)."""
    return bool(set(atoms(re.sub(r"\.[a-z]+$", "", path))) & _utility())


def utility_files(paths: Iterable[str], reached: set[str], root: str = "") -> dict[str, str]:
    """Code whose path says it exports, converts, measures or shows a model
    (``tools/convert_datasets/voc.py``, ``vis/plot_curves.py``) and that no run the paper
    describes reaches: a tool, not the method. One an audited run imports stays: file → why."""
    out: dict[str, str] = {}
    for p in paths:
        if p.endswith((".py", ".ipynb")) and p not in reached and is_utility(below(p, root)):
            out[p] = (
                f"{posixpath.basename(p)} lies where tools that export, convert, measure or "
                "show a model are kept, and no run the paper describes reaches it"
            )
    return out


def inference_notebooks(inventory: CodeInventory, reached: set[str]) -> dict[str, str]:
    """Notebooks that use a model (sample, predict, evaluate) and never train one, and that no
    run the paper describes reaches: a demo of the trained model, as an entry point that only
    samples is (rule ``inference``). A notebook that trains stays: file → why."""
    trains = set(inventory.trains)
    return {
        p: "a notebook that uses a trained model and never trains one"
        for p in inventory.infers
        if p.endswith(".ipynb") and p not in trains and p not in reached
    }


def _utility_run(v: _RunView, root: str = "") -> RunScope | None:
    entry = v.run.entry
    if v.run.kind == "config" or not entry or not is_utility(below(entry, root)):
        return None
    return RunScope(
        v.run.name,
        False,
        "utility",
        f"{posixpath.basename(entry)} exports, converts, measures or shows a model; it is no "
        "experiment the paper reports",
        (posixpath.basename(entry),),
    )


def undescribed_stages(inventory: CodeInventory, document: Document) -> dict[str, list[str]]:
    """Code file → the training stages it does (``CodeInventory.training_stages``) that
    ``document`` never writes of, its bibliography left out."""
    if not inventory.training_stages:
        return {}
    text = "\n".join(s.text for s in document.sentences if s.role != "reference")
    described = training_stages.described(text)
    out: dict[str, list[str]] = defaultdict(list)
    for path, stage in inventory.training_stages:
        if stage not in described:
            out[path].append(stage)
    return dict(out)


def _other_stage_run(v: _RunView, other_stages: dict[str, list[str]]) -> RunScope | None:
    stages = other_stages.get(v.run.entry or "")
    if not stages:
        return None
    return RunScope(
        v.run.name,
        False,
        "other_stage",
        f"{posixpath.basename(v.run.entry)} does {stages[0]}, a training stage the paper never "
        "writes of: another experiment, whose recipe is not the paper's",
        tuple(stages),
    )


#: a setting of a training recipe, by its key's last part
_RECIPE_KEY = re.compile(
    r"^(base_)?(lr|learning_rate)$|^(optim|optimizer|optimiser|solver)$|^(max_|num_)?(epochs?|iters|steps)$"
)


def is_evaluation(path: str) -> bool:
    """A script whose file name says it scores outputs (``eval.py``, ``compute_metrics.py``;
    the words are ``evaluation`` in ``rules/scope/names.yaml``)."""
    stem = re.sub(r"\.[a-z]+$", "", posixpath.basename(path))
    return bool(set(atoms(stem)) & _evaluation())


def _inference_run(v: _RunView, trains: frozenset[str], infers: frozenset[str]) -> RunScope | None:
    """A run whose entry point uses a model (samples, evaluates, predicts) and never trains, or
    whose file name says it scores outputs and that never trains. A run whose config files set
    a training recipe (a learning rate, an optimiser, a number of epochs) is a training config
    that a sampler also loads: it stays."""
    entry = v.run.entry
    if not entry or entry in trains or (entry not in infers and not is_evaluation(entry)):
        return None
    if v.run.configs and any(
        s.layer == "config" and _RECIPE_KEY.search(s.key.rsplit(".", 1)[-1].lower())
        for s in v.run.settings
    ):
        return None
    return RunScope(
        v.run.name,
        False,
        "inference",
        f"{posixpath.basename(entry)} samples, evaluates or predicts with a model and never "
        "trains one: its settings are not the training the paper describes",
        (posixpath.basename(entry),),
    )


def run_matches(run: Run, pattern: str) -> bool:
    """``--run NAME``: the run's name, or one of its config files, equal to NAME, matching it
    as a glob, or containing it."""
    cands = [run.name, *run.configs]
    return any(
        c == pattern or fnmatch.fnmatchcase(c, pattern) or (pattern in c and pattern.strip())
        for c in cands
    )


# ── code ─────────────────────────────────────────────────────────────────────────────────────


def common_folder(paths: Sequence[str]) -> str:
    """The folder every path lies under (``""`` for none): the audited root, whose own name
    (``fixtures/demo/code``, ``~/tests/project``) says nothing about the files in it."""
    folders = [posixpath.dirname(p) for p in paths]
    if not folders:
        return ""
    try:
        return posixpath.commonpath(folders)
    except ValueError:  # absolute and relative paths mixed
        return ""


def below(path: str, root: str) -> str:
    """``path`` relative to ``root``."""
    return path[len(root) + 1 :] if root and path.startswith(root + "/") else path


def is_demo(path: str) -> bool:
    """Demo code: under a ``demo/`` or ``demos/`` folder (it shows a trained model)."""
    return any(p in ("demo", "demos") for p in path.split("/")[:-1])


def is_test(path: str) -> bool:
    """Test code: under ``tests/``, ``test_*.py``, ``*_test.py``."""
    parts = path.split("/")
    name = parts[-1]
    return (
        any(p in ("tests", "test", "testing") for p in parts[:-1])
        or (name.startswith("test_") and name.endswith(".py"))
        or name.endswith("_test.py")
    )


def _layout(folder: str, files: list[str]) -> frozenset[str]:
    """A folder's files with the folder's own name taken out: ``othello/OthelloGame.py`` and
    ``connect4/Connect4Game.py`` both read ``{}game.py``."""
    name = re.sub(r"[^a-z0-9]", "", posixpath.basename(folder).lower())
    head = re.sub(r"[^a-z0-9]", "", re.split(r"[_\-.]", posixpath.basename(folder).lower())[0])
    out = set()
    for f in files:
        rel = f[len(folder) + 1 :].lower()
        flat = re.sub(r"[^a-z0-9/.]", "", rel)
        for n in (name, head):
            if len(n) >= 2 and n in flat:
                flat = flat.replace(n, "{}")
                break
        out.add(flat)
    return frozenset(out)


def unnamed_folders(paths: Iterable[str], paper: PaperNames) -> dict[str, str]:
    """Folders among three or more parallel siblings (laid out alike once their own names are
    taken out) that the paper does not name, where it names at least one of them: folder →
    why it is left out."""
    files_under: dict[str, list[str]] = defaultdict(list)
    for p in paths:
        parts = p.split("/")
        for i in range(1, len(parts)):
            files_under["/".join(parts[:i])].append(p)
    children: dict[str, list[str]] = defaultdict(list)
    for folder in files_under:
        children[posixpath.dirname(folder)].append(folder)
    out: dict[str, str] = {}
    generic = _generic()
    for kids in children.values():
        if len(kids) < 3:
            continue
        layouts = {k: _layout(k, files_under[k]) for k in kids}
        family = [
            k
            for k in kids
            if sum(1 for o in kids if o != k and len(layouts[k] & layouts[o]) >= 2) >= 1
        ]
        if len(family) < 3:
            continue
        named, unnamed = [], []
        for k in family:
            ident = identity([posixpath.basename(k)])
            words = [w for w in ident.words if len(w) >= 3 and w not in generic]
            if any(w in generic for w in atoms(posixpath.basename(k))):
                continue  # a folder that says what code does (utils/) is no variant
            if any(paper.is_name(w) for w in words) or any(
                variant_known(v, paper) for v in ident.variants
            ):
                named.append(k)
            elif not any(paper.knows(w) for w in words):
                unnamed.append(k)
        if named and unnamed:
            shown = ", ".join(posixpath.basename(k) + "/" for k in named[:3])
            for k in unnamed:
                out[k] = (
                    f"laid out like {shown} (which the paper names), but the paper never "
                    f"names {posixpath.basename(k)}"
                )
    return out


#: how model families are named: ResNet, FBNet, MobileNet, SegFormer, RoBERTa's kin BERT, a GAN
_MODEL_WORD = re.compile(r"[a-z]{2,}(net|former|bert|gan|vit)$")


def unnamed_model_files(paths: Iterable[str], paper: PaperNames) -> dict[str, str]:
    """Python files named for a model family (``fbnet.py``, ``mobilenet.py``, ``fbnet_builder.py``)
    beside one the paper names (``resnet.py``), that the paper never names: file → why."""
    by_folder: dict[str, list[str]] = defaultdict(list)
    for p in paths:
        if p.endswith(".py"):
            by_folder[posixpath.dirname(p)].append(p)
    out: dict[str, str] = {}
    for files in by_folder.values():
        named, unnamed = [], []
        for p in files:
            words = atoms(posixpath.basename(p)[:-3])
            head = words[0] if words else ""
            if not _MODEL_WORD.fullmatch(head):
                continue
            (named if paper.is_name(head) or paper.knows(head) else unnamed).append((p, head))
        if named and unnamed:
            beside = ", ".join(sorted({posixpath.basename(p) for p, _ in named})[:2])
            for p, head in unnamed:
                out[p] = f"named for a model the paper never names ({head}), beside {beside}"
    return out


def unused_configs(
    inventory: CodeInventory, audited: set[str], reached: set[str]
) -> dict[str, str]:
    """Config files no run includes, in a folder where the runs the paper describes take their
    configs (``_base_/models/segformer.py`` used, ``_base_/models/ann_r50.py`` beside it not;
    ``arch/trm.yaml`` chosen, ``arch/hrm.yaml`` not): the fragments of other runs. A file an
    audited run reaches otherwise (code that loads it by name) is kept: file → why."""
    used = {c for r in inventory.runs for c in r.configs} | {r.name for r in inventory.runs}
    chosen: dict[str, set[str]] = defaultdict(set)  # folder → extensions audited runs use
    for r in inventory.runs:
        if r.name in audited:
            for c in r.configs:
                chosen[posixpath.dirname(c)].add(posixpath.splitext(c)[1])
    out: dict[str, str] = {}
    for f in inventory.files:
        p = f.path
        folder, ext = posixpath.dirname(p), posixpath.splitext(p)[1]
        if p in used or p in reached or ext not in chosen.get(folder, ()):
            continue
        if posixpath.basename(p).startswith("__"):
            continue
        out[p] = (
            f"a config no run includes, beside the configs the paper's runs take from "
            f"{folder or '.'}/"
        )
    return out


def unreached_modules(inventory: CodeInventory, audited: set[str]) -> dict[str, str]:
    """Modules no run reaches — no entry point imports them, no config names them — in a folder
    whose other modules the audited runs import or name: the runs use the folder's code, not
    these modules (a registered head no config selects, a classifier or a plotting helper
    beside the model the runs build). A folder whose only reached file is a run's own entry
    point says nothing (a script beside loose files). A script stays (a program the authors run,
    a data preparation step, even when no run was built for it: it sets nothing a run reads),
    and so does a file that trains; every module stays when some code loads modules by a name
    built at run time, which no reading of the imports follows: file → why."""
    if inventory.loaders:
        return {}
    reached_any: set[str] = set()
    reached_in: set[str] = set()
    for reach in inventory.reaches:
        reached_any.update(reach.files)
        if any(r in audited for r in reach.runs):
            reached_in.update(reach.files)
    entries = {r.entry for r in inventory.runs if r.entry}
    used_folders = {
        posixpath.dirname(p)
        for p in reached_in
        if p.endswith(".py") and posixpath.basename(p) != "__init__.py" and p not in entries
    }
    kept = {*inventory.trains, *inventory.scripts}
    out: dict[str, str] = {}
    for f in inventory.files:
        p = f.path
        if (
            f.language in ("python", "python2")
            and p not in reached_any
            and p not in kept
            and posixpath.basename(p) != "__init__.py"
            and posixpath.dirname(p) in used_folders
        ):
            out[p] = (
                f"no run imports {posixpath.basename(p)} or names it in a config, while the "
                f"runs the paper describes use other modules of {posixpath.dirname(p) or '.'}/"
            )
    return out


def reach_through(reach: Reach, inventory: CodeInventory, left_out: set[str]) -> set[str]:
    """The files of ``reach`` its runs still reach when the files left out load nothing: a
    module is reached from the runs' starts (:attr:`~paperlint.model.Reach.roots`) only through
    a loader that is itself reached and kept. A decode head left out for the model it is named
    for no longer brings the attention block only it imports. A start the runs' configs select
    by name is loaded whatever its own name says, and so is what it imports. A record without
    its starts is taken whole."""
    files = set(reach.files)
    if not reach.roots:
        return files
    follows = {load.file: load.follows for load in inventory.loads}
    passes = {load.file: load.passes for load in inventory.loads}
    reached: set[str] = set()
    roots = {r for r in reach.roots if r in files}
    queue = sorted(roots)
    followed: set[str] = set()
    while queue:
        f = queue.pop()
        reached.add(f)
        if f in followed or (f in left_out and f not in roots):
            continue
        followed.add(f)
        queue.extend(t for t in follows.get(f, ()) if t in files and t not in followed)
        reached.update(t for t in passes.get(f, ()) if t in files)
    return reached


def unloaded_modules(
    inventory: CodeInventory, left_out: set[str], reached: set[str]
) -> dict[str, str]:
    """Python modules that no code the audit keeps loads — no kept file imports them, no kept
    config names them — and that are no program of their own (no ``__main__`` block, no
    argument parser, no training step): they take part in no run. A module only left-out code
    loads (a demo notebook's helpers, a part only left-out heads import) goes with that code;
    a module nothing loads at all (helpers kept beside the code) is nobody's run. ``reached``:
    the files the audited runs reach. Nothing is decided when some code loads modules by a name
    built at run time, which no reading of the imports follows, or when the audited runs load
    no module besides the files they start from (the imports say nothing about the rest: a
    folder of model files without its training script): file → why."""
    if inventory.loaders:
        return {}
    starts = {r for reach in inventory.reaches for r in reach.roots}
    if not any(p.endswith(".py") and p not in starts for p in reached):
        return {}
    programs = {
        *inventory.scripts,
        *inventory.trains,
        *inventory.top_level_work,
        *(r.entry for r in inventory.runs),
    }
    candidates = {
        f.path
        for f in inventory.files
        if f.language in ("python", "python2")
        and f.path.endswith(".py")
        and posixpath.basename(f.path) != "__init__.py"
        and f.path not in reached
        and f.path not in left_out
        and f.path not in programs
    }
    if not candidates:
        return {}
    loads = {load.file: (*load.follows, *load.passes) for load in inventory.loads}
    loaders: dict[str, set[str]] = defaultdict(set)
    for load in inventory.loads:
        for t in (*load.follows, *load.passes):
            if t != load.file:
                loaders[t].add(load.file)
    # everything else the audit keeps loads what it imports (a script, a kept notebook, a
    # package's __init__.py); what no chain of kept loaders reaches is loaded by no kept code
    queue = [f.path for f in inventory.files if f.path not in candidates | left_out]
    live: set[str] = set()
    while queue:
        f = queue.pop()
        if f in live or f in left_out:
            continue
        live.add(f)
        queue.extend(t for t in loads.get(f, ()) if t not in live)
    out: dict[str, str] = {}
    for p in sorted(candidates - live):
        name = posixpath.basename(p)
        by = sorted(loaders.get(p, ()))
        if by:
            out[p] = f"only {_few(by)} load {name}, and they are left out"
        else:
            out[p] = (
                f"nothing in the project imports {name} or names it in a config, and it is no "
                "program of its own"
            )
    return out


def unnamed_components(
    paths: Iterable[str], paper: PaperNames, selected: Iterable[str] = ()
) -> dict[str, str]:
    """Files of a folder of interchangeable parts (``backbones/``, ``decode_heads/``,
    ``losses/``: the ``components`` of ``rules/scope/names.yaml``) named for a model the paper
    never writes (``resnest.py``, ``ema_head.py``, ``lovasz_loss.py``), beside parts it does
    write (``mix_transformer.py``, ``segformer_head.py``): file → why. A codebase registers every
    part it ships, so that the runs import them all says nothing; the name does. But a part the
    audited runs' configs select by name (``selected``: :func:`config_selected_files`) is the
    runs' whatever the paper calls it, and stays."""
    picked = set(selected)
    components = frozenset(_data()["components"])
    generic = _generic()
    by_folder: dict[str, list[str]] = defaultdict(list)
    for p in paths:
        folder = posixpath.dirname(p)
        words = atoms(posixpath.basename(folder))
        if p.endswith(".py") and words and words[-1] in components:
            by_folder[folder].append(p)
    out: dict[str, str] = {}
    for files in by_folder.values():
        named, unnamed, selected_here = [], [], 0
        for p in files:
            words = atoms(posixpath.basename(p)[:-3])
            own_words = {_norm(w) for w in atoms(posixpath.basename(posixpath.dirname(p)))}
            if (
                not words
                or posixpath.basename(p).startswith("_")
                or {_norm(w) for w in words} <= own_words
                or words[0] in generic
                or words[0] in components
            ):
                continue  # __init__, base.py, builder.py, utils.py: the folder's own machinery
            head = words[0]
            if p in picked:
                selected_here += 1  # a part the runs' configs build by its name: the runs'
                continue
            if paper.knows(head) or paper.knows("".join(words)) or paper.is_own(head):
                named.append(p)
            else:
                unnamed.append((p, head))
        if named and unnamed and len(named) + len(unnamed) + selected_here >= 3:
            beside = ", ".join(sorted(posixpath.basename(p) for p in named)[:2])
            for p, head in unnamed:
                out[p] = (
                    f"a part named for a model the paper never writes ({head}), beside {beside}"
                )
    return out


def config_selected_files(inventory: CodeInventory, audited: set[str]) -> frozenset[str]:
    """The code files the audited runs start from: their entry points and the modules their
    configs select by name (``loss_decode=dict(type='CrossEntropyLoss')``,
    ``target: pkg.losses.LPIPS``), the :attr:`Reach.roots` of their reaches."""
    return frozenset(
        p
        for reach in inventory.reaches
        if any(r in audited for r in reach.runs)
        for p in reach.roots
    )


def vendored_roots(paths: Iterable[str]) -> dict[str, str]:
    """Copies of known libraries inside the audited tree: the copy's top folder (the nearest
    folder above the package with a ``setup.py`` or ``pyproject.toml``, else the package) →
    the library's name. Only a package laid out to be installed under the library's name
    (:func:`installed_copies`) is a copy: a library package at the top of the tree is the
    project itself, and the project's own folder that shares a library's name
    (``agent/keras/``, ``src/datasets/``) is the project's code."""
    files = set(paths)
    libraries = _libraries()
    copies = installed_copies(files)
    out: dict[str, str] = {}
    for p in sorted(files):
        if not p.endswith("/__init__.py"):
            continue
        pkg = posixpath.dirname(p)
        name, parent = posixpath.basename(pkg), posixpath.dirname(pkg)
        if name not in libraries or not parent or pkg not in copies:
            continue
        if any(pkg == r or pkg.startswith(r + "/") for r in out):
            continue
        root, anc = pkg, parent
        while anc:
            if f"{anc}/setup.py" in files or f"{anc}/pyproject.toml" in files:
                root = anc
                break
            anc = posixpath.dirname(anc)
        out[root] = name
    return out


def alternative_implementations(paths: Iterable[str], reached: Iterable[str]) -> dict[str, str]:
    """Folders of code no run reaches whose files have namesakes in a sibling folder that the
    paper's runs do reach: the same model in another framework (``agent/keras/net.py``
    beside ``agent/pytorch/net.py``, which ``main.py`` imports). Its settings are another
    implementation's, not the run's. A folder some run reaches, or whose files have no
    namesake beside it, is kept."""
    reached = set(reached)
    if not reached:
        return {}
    code = [p for p in paths if p.endswith(".py")]
    by_folder: dict[str, list[str]] = defaultdict(list)
    for p in code:
        by_folder[posixpath.dirname(p)].append(p)
    out: dict[str, str] = {}
    for folder, files in by_folder.items():
        if not folder or any(p in reached for p in files):
            continue
        parent = posixpath.dirname(folder)
        for sibling, theirs in by_folder.items():
            if sibling == folder or posixpath.dirname(sibling) != parent:
                continue
            used = {posixpath.basename(p) for p in theirs if p in reached}
            mine = {posixpath.basename(p) for p in files} - {"__init__.py"}
            if mine and mine <= {posixpath.basename(p) for p in theirs} and used & mine:
                for p in files:
                    out[p] = (
                        f"another implementation of {sibling}/ (the runs the paper describes "
                        f"use {sibling}/{sorted(used & mine)[0]})"
                    )
                break
    return out


def library_choices(
    choices: Iterable[Choice], paths: Iterable[str], paper: PaperNames
) -> frozenset[str]:
    """Ids of the choices written in a copied library (:func:`vendored_roots`) that carry
    nothing of the paper's own method: the library's defaults and internals (a trainer's
    ``max_grad_norm = 1.0``, a pretrained model's ``LayerNorm``), which nobody on the project
    chose. A line of the copy that names the paper's method (``adapter_rank``) is the authors'."""
    packages = installed_copies(paths)
    if not packages:
        return frozenset()
    return frozenset(
        c.id
        for c in choices
        if _under(c.file, packages) is not None
        and not _carries_own(atoms(" ".join((c.symbol, c.snippet, c.setting, c.param))), paper)
    )


def pretrained_definitions(
    choices: Sequence[Choice],
    paper: PaperNames,
    loads: Iterable[tuple[str, str]] = (),
    defined_in: Mapping[str, Iterable[str]] | None = None,
) -> frozenset[str]:
    """Ids of the choices written in the project's own copy of a published model that the code
    loads by its checkpoint's name (``BertModel.from_pretrained("bert-base-uncased")`` with
    ``class BertModel`` in ``bert.py``): its layers, norms and widths are the checkpoint's, which
    the paper took, not chose. The same holds for a copy of the checkpoint's tokenizer or
    configuration (``BertTokenizer.from_pretrained("bert-base-uncased")`` with ``class
    BertTokenizer`` in ``tokenizer.py``: its truncation and padding are the library's): ``loads``
    are the code's ``(class, checkpoint)`` loads of such companions and ``defined_in`` the files
    that define each class (:class:`paperlint.callsites.CallSites`); a class more than one file
    defines is no telling which. The class must name nothing of the paper's method (a paper's
    own model released as a checkpoint is the paper's design), and a line of the file that
    names the method stays the authors'. A local file of weights (``ckpt/model.pt``) is no
    published checkpoint: it may hold the paper's own training."""
    modules: set[str] = set()
    for c in choices:
        if c.concept != "pretrained_weights" or not c.symbol.endswith(".from_pretrained"):
            continue
        module, _, cls = c.symbol[: -len(".from_pretrained")].rpartition(".")
        if (
            module
            and _published(c.value.strip().strip("'\""))
            and not _carries_own(atoms(cls), paper)
        ):
            modules.add(module)
    files: set[str] = set()
    for cls, name in loads:
        where = set((defined_in or {}).get(cls, ()))
        if (
            len(where) == 1
            and CHECKPOINT_COMPANION.search(cls)
            and _published(name)
            and not _carries_own(atoms(cls), paper)
        ):
            files |= where
    if not modules and not files:
        return frozenset()

    def defines(path: str) -> bool:
        mod = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        return path in files or any(mod == m or mod.endswith("." + m) for m in modules)

    return frozenset(
        c.id
        for c in choices
        if c.concept != "pretrained_weights"
        and defines(c.file)
        and not _carries_own(atoms(" ".join((c.symbol, c.snippet, c.setting, c.param))), paper)
    )


def _published(name: str) -> bool:
    return bool(_PUBLISHED.fullmatch(name)) and not _WEIGHT_FILE.search(name)


#: a checkpoint's published name (``bert-base-uncased``, ``facebook/opt-350m``), not a file
_PUBLISHED = re.compile(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?")
_WEIGHT_FILE = re.compile(r"\.(pt|pth|bin|ckpt|h5|safetensors|pkl|npz)$", re.IGNORECASE)


def installed_copies(paths: Iterable[str]) -> frozenset[str]:
    """The package folders of known libraries laid out to be installed from the tree: the
    ``src/`` layout of another package inside it (``examples/NLU/src/transformers/``; the
    tree's own top ``src/`` holds the project's packages) or a package below a folder of its
    own ``setup.py`` / ``pyproject.toml`` (``third/setup.py`` beside ``third/timm/``). A folder
    that merely shares a library's name (the project's own ``agent/keras/``,
    ``mmseg/datasets/`` or ``src/datasets/``, imported by its path) is not one: nothing installs
    it under the library's name."""
    files = set(paths)
    libraries = _libraries()
    installers = {posixpath.dirname(p) for p in files if posixpath.basename(p) in _INSTALLERS}
    installers.discard("")  # the project's own setup.py installs the project
    out: set[str] = set()
    for p in files:
        parts = p.split("/")[:-1]
        for i in range(1, len(parts)):
            if parts[i] not in libraries:
                continue
            above = "/".join(parts[:i])
            nested_src = parts[i - 1] == "src" and i >= 2  # the top src/ is the project's
            if nested_src or above in installers:
                out.add("/".join(parts[: i + 1]))
                break
    return frozenset(out)


_INSTALLERS = frozenset({"setup.py", "pyproject.toml", "setup.cfg"})


def _under(path: str, roots: Iterable[str]) -> str | None:
    return next((r for r in roots if path.startswith(r + "/")), None)


def _carries_own(words: Iterable[str], paper: PaperNames) -> bool:
    return any(paper.is_own(w) for w in words)


def _own_in_run(run: Run, inventory: CodeInventory, paper: PaperNames) -> bool:
    """The run's names, the names of the settings its entry point defines itself, or those its
    launcher sets (``--adapter_rank 8``, ``--apply_adapter``: a switch too), carry the paper's
    own name (``adapter_rank`` in ``train.py``). A library's settings its launcher sets carry
    the library's names, not the paper's."""
    keys = [k for k, s in inventory.settings_of(run).items() if s.file == run.entry]
    keys += _launched_keys(run)
    return _carries_own(identity([*run_texts(run), *keys]).words, paper)


def decide(
    inventory: CodeInventory,
    document: Document | None,
    *,
    audit_all: bool = False,
    named: Sequence[str] = (),
) -> Scope:
    """The scope of an audit of ``inventory`` against ``document``."""
    paper = paper_names(document) if document is not None else None
    paths = [f.path for f in inventory.files]
    folders = (
        unnamed_folders(paths, paper) if paper is not None and not audit_all and not named else {}
    )
    root = common_folder(paths)
    runs = decide_runs(
        inventory.runs,
        paper,
        audit_all=audit_all,
        named=named,
        folders_out=folders,
        root=root,
        trains=inventory.trains,
        infers=inventory.infers,
        other_stages=undescribed_stages(inventory, document) if document is not None else None,
    )
    mode = "named" if named else "all" if audit_all else "paper" if paper else "unscoped"
    vendored = vendored_roots(paths) if mode == "paper" and paper is not None else {}
    if vendored and paper is not None:
        runs = _vendored_runs(runs, inventory, paper, vendored)
    files: dict[str, FileScope] = {}
    partial: dict[str, str] = {}  # library files whose settings the paper's runs take
    if mode in ("paper", "named"):
        for p in paths:
            if is_test(p):
                files[p] = FileScope(p, "test_code", "test code")
            elif is_demo(below(p, root)):
                files[p] = FileScope(p, "demo_code", "demo code: it shows a trained model")
        for folder, why in folders.items():
            for p in paths:
                if p.startswith(folder + "/") and p not in files:
                    files[p] = FileScope(p, "unnamed_folder", why)
        if paper is not None and mode == "paper":
            for p, why in unnamed_model_files(paths, paper).items():
                files.setdefault(p, FileScope(p, "unnamed_model", why))
            selected = config_selected_files(inventory, {r.run for r in runs if r.audited})
            for p, why in unnamed_components(paths, paper, selected).items():
                files.setdefault(p, FileScope(p, "unnamed_model", why))
        audited = {r.run for r in runs if r.audited}
        reached_in: set[str] = set()
        reached_out: dict[str, list[str]] = defaultdict(list)
        named_out = set(files) if mode == "paper" else set()  # left out for what they are
        for reach in inventory.reaches:
            if any(r in audited for r in reach.runs):
                reached_in.update(reach_through(reach, inventory, named_out))
            else:
                for f in reach.files:
                    reached_out[f].extend(reach.runs)
        if mode == "paper":
            for p, why in unused_configs(inventory, audited, reached_in).items():
                files.setdefault(p, FileScope(p, "unused_config", why))
            for p, why in utility_files(paths, reached_in, root).items():
                files.setdefault(p, FileScope(p, "utility", why))
            for p, why in inference_notebooks(inventory, reached_in).items():
                files.setdefault(p, FileScope(p, "inference", why))
            for p, why in alternative_implementations(paths, reached_in).items():
                files.setdefault(p, FileScope(p, "alternative_implementation", why))
        for p, by in reached_out.items():
            if p not in reached_in and p not in files and p in set(paths):
                files[p] = FileScope(
                    p,
                    "other_runs_only",
                    f"only runs left out reach it ({_few(by)})",
                )
        if vendored and paper is not None:
            own_files = {
                c.file
                for c in inventory.choices
                if _carries_own(atoms(" ".join((c.symbol, c.snippet, c.setting, c.param))), paper)
            }
            for p in paths:
                root = _under(p, vendored)
                if root is None or p in files:
                    continue
                lib = vendored[root]
                if p not in reached_in:
                    files[p] = FileScope(
                        p,
                        "vendored_library",
                        f"a copy of the {lib} library ({root}/) that no run the paper describes "
                        "reaches",
                    )
                elif p not in own_files:
                    partial[p] = lib
        if mode == "paper":
            for p, why in unreached_modules(inventory, audited).items():
                files.setdefault(p, FileScope(p, "unreached", why))
            for p, why in unloaded_modules(inventory, set(files), reached_in).items():
                files.setdefault(p, FileScope(p, "unloaded", why))
    out_runs = {r.run for r in runs if not r.audited}
    audited_runs = {r.run for r in runs if r.audited}
    left = tuple(
        c.id
        for c in inventory.choices
        if _left_out(c, files, out_runs)
        or (c.file in partial and not any(r in audited_runs for r in c.runs))
    )
    return Scope(
        mode=mode,
        runs=runs,
        files=tuple(sorted(files.values(), key=lambda f: f.path)),
        choices=left,
        own_names=paper.own_shown if paper is not None else (),
    )


def _vendored_runs(
    runs: tuple[RunScope, ...],
    inventory: CodeInventory,
    paper: PaperNames,
    vendored: dict[str, str],
) -> tuple[RunScope, ...]:
    """Runs whose entry point — or, when the entry point is not among the audited files, whose
    launcher — is in a library's copy and that carry nothing of the paper's own method (its
    examples and tools) are left out."""
    by_name = {r.name: r for r in inventory.runs}
    audited = {f.path for f in inventory.files}
    out = []
    for rs in runs:
        run = by_name.get(rs.run)
        where = ""
        if run is not None:
            where = run.entry if run.entry in audited else run.launched_at.rsplit(":", 1)[0]
        root = _under(where, vendored) if where else None
        if rs.audited and run is not None and root and not _own_in_run(run, inventory, paper):
            rs = RunScope(
                rs.run,
                False,
                "vendored_library",
                f"an entry point of the copied {vendored[root]} library ({root}/), not of the "
                "paper's method",
                (vendored[root],),
            )
        out.append(rs)
    if not any(r.audited for r in out):
        return runs
    return tuple(out)


def _few(names: list[str]) -> str:
    uniq = sorted(set(names))
    return ", ".join(uniq[:2]) + (f" and {len(uniq) - 2} more" if len(uniq) > 2 else "")


def _left_out(c: Choice, files: dict[str, FileScope], out_runs: set[str]) -> bool:
    if c.file in files:
        return True
    return bool(c.runs) and all(r in out_runs for r in c.runs)


def in_scope(choices: Iterable[Choice], scope: Scope | None) -> tuple[Choice, ...]:
    """The choices the scope audits."""
    if scope is None or not scope.choices:
        return tuple(choices)
    out = set(scope.choices)
    return tuple(c for c in choices if c.id not in out)
