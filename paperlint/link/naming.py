"""How a paper can name a code choice: its vocabulary concepts, the words of its setting's name,
the words of the module it sits in, and its numbers."""

from __future__ import annotations

import functools
import re

from paperlint import resources, vocab
from paperlint.code.signatures import table as signature_table
from paperlint.link import tables
from paperlint.model import Choice
from paperlint.paper.index import terms_for_name, words

#: where a choice's value is not a setting of its own: a call, a structure, something absent, a
#: loop; every other source (argparse, flags, configs, launch scripts ...) names a setting
NOT_SETTINGS = frozenset({"call", "structure", "absence", "loop", "constant", ""})


def is_setting(choice: Choice) -> bool:
    return bool(choice.param) and choice.source not in NOT_SETTINGS


def concepts_for(choice: Choice) -> list[str]:
    """Vocabulary concepts whose mentions count as mentions of this choice."""
    out: list[str] = []
    if vocab.concept(choice.concept) is not None:
        out.append(choice.concept)
    elif "." in choice.concept:
        _parent, _, param = choice.concept.partition(".")
        if vocab.concept(param) is not None:
            out.append(param)
    if choice.symbol:
        spec = signature_table().get(choice.symbol)
        if (
            spec is not None
            and spec.concept not in out
            and vocab.concept(spec.concept) is not None
            and choice.kind in ("kernel_size", "other", "channels")
        ):
            out.append(spec.concept)
    # a setting whose value names a component: `encoder: "gru"` is about GRUs
    value = choice.value.strip("'\"")
    if choice.value[:1] in "'\"" and value:
        named = vocab.concept_for_code_string(value)
        if named and named not in out:
            out.insert(0, named)
    kind_concept = tables.kind(choice.kind).concept
    if kind_concept and kind_concept not in out:
        out.append(kind_concept)
    # the family a paper may name the component by ("a cross-entropy" for a binary one)
    for family in tables.broader(choice.concept)[0]:
        if family not in out:
            out.append(family)
    return out


def own_concepts(choice: Choice) -> set[str]:
    """The concepts that name the choice itself, not the component an argument belongs to
    (a convolution's stride is not "the convolution")."""
    concepts = concepts_for(choice)
    if choice.source == "argument" and choice.symbol:
        spec = signature_table().get(choice.symbol)
        if spec is not None and spec.kind != choice.kind:
            return {c for c in concepts if c != spec.concept}
    return set(concepts)


def name_terms(choice: Choice) -> list[str]:
    """The words of a setting's own name as prose writes them, for a setting the vocabulary does
    not name (`temp_threshold` → temperature, threshold); a constant under a branch takes the
    branch's words (`elif args.sample == "anneal":` → sample, anneal)."""
    if choice.branch and choice.source == "constant":
        setting, _, value = choice.branch.partition(" == ")
        words = terms_for_name(setting) + terms_for_name(re.sub(r"[\W_]+", "_", value.strip("'\"")))
        return sorted({form for w in words for form in inflections(w)})
    if not is_setting(choice):
        return []
    if (
        choice.kind != "other"
        and vocab.concept(choice.concept) is not None
        and choice.source == "argument"
    ):
        return []
    return terms_for_name(choice.param)


def full_name_phrases(choice: Choice) -> list[str]:
    """A setting's whole name as prose writes it, with the common words its name words leave out
    (`teacher_model` → "teacher model", "teacher models"): "model" alone names nothing, but
    beside "teacher", as in the code, it names the setting. Only for a name of two or three
    words, at least one of them distinctive."""
    if not is_setting(choice) or not name_terms(choice):
        return []
    tokens = [t for t in re.split(r"[_.]", choice.param.lower()) if t]
    if not 2 <= len(tokens) <= 3 or not all(t.isalpha() and len(t) > 1 for t in tokens):
        return []
    stop = set(words()["stopwords"])
    if not any(t in stop for t in tokens) or all(t in stop for t in tokens):
        return []
    synonyms = words().get("name_word_synonyms", {})
    head = " ".join(tokens[:-1])
    last = [tokens[-1], *synonyms.get(tokens[-1], ())]
    return [f"{head} {form}" for word in last for form in (word, word + "s")]


def architecture_names(choice: Choice) -> list[str]:
    """A published architecture built by its library's constructor (`VGG16(...)`,
    `resnet50(...)`) is named in prose by that name ("we use VGG16 as the encoder", "a ResNet-50"): the
    constructor's name, lower-cased, and with its number set apart ("resnet-50", "resnet 50").
    Only for the architecture itself, not for one of its arguments."""
    if choice.concept != "backbone" or choice.param or choice.source != "call" or not choice.symbol:
        return []
    return architecture_forms(choice.symbol.rsplit(".", 1)[-1])


def architecture_forms(constructor: str) -> list[str]:
    """How prose writes the architecture a library constructor builds: lower-cased, with its
    number set apart ("resnet50" → "resnet-50", "resnet 50"), its parts joined or set apart
    ("mobilenet_v2" → "mobilenet v2", "mobilenetv2"), and a batch-norm variant by its family's
    name ("vgg16_bn" → "vgg-16": papers name the architecture, not the variant)."""
    name = constructor.lower()
    if len(name) <= 3 or not re.search(r"[a-z]", name):
        return []
    bases = [name, name.removesuffix("_bn")] if name.endswith("_bn") else [name]
    if "_" in bases[-1]:
        bases += [bases[-1].replace("_", sep) for sep in (" ", "-", "")]
    forms: list[str] = []
    for base in bases:
        for sep in ("", "-", " "):
            form = re.sub(r"(?<=[a-z]{3})(?=\d)", sep, base) if sep else base
            if form not in forms:
                forms.append(form)
    return forms


#: the last word of a setting that weights one term of a loss (`kl_weight`, `rec_loss_coef`)
_WEIGHT_WORDS = frozenset({"weight", "coef", "coeff", "coefficient"})
#: what prose calls the term a weight multiplies
_TERM_WORDS = ("term", "loss", "penalty", "regularizer", "regularization")


def term_weight_phrases(choice: Choice) -> list[str]:
    """How prose names the weight of one term of a loss (`kl_weight` → "KL weight", "weight of
    the KL term", "weight the KL term", "KL term is weighted"): papers name the term, and the
    weight by the verb or noun beside it. Only for a setting named ``<term>_weight`` whose term
    words the paper can write (an abbreviation in capitals, a word of three letters or more)."""
    if not is_setting(choice):
        return []
    tokens = [t for t in re.split(r"[_.]", choice.param.lower()) if t]
    if len(tokens) < 2 or tokens[-1] not in _WEIGHT_WORDS:
        return []
    head = [t for t in tokens[:-1] if t != "loss"]
    if not head or len(head) > 2:
        return []
    terms = [terms_for_name(t) for t in head]
    if not all(terms):
        return []
    x = " ".join(t[0] for t in terms)
    out = [f"{x} weight", f"{x} weights"]
    for term in _TERM_WORDS:
        out += [
            f"{x} {term} weight",
            f"weight of the {x} {term}",
            f"weight for the {x} {term}",
            f"weight the {x} {term}",
            f"weighted {x} {term}",
            f"{x} {term} is weighted",
        ]
    return out


def switch_words(choice: Choice) -> list[str]:
    """The words of an on/off switch named by a component and what is done to it (`adapter_share`,
    `freeze_encoder`), in the forms prose writes them ("it shares the projection layers",
    "the encoder is frozen", "shared adapters"): a sentence that writes both, close together, says
    what the switch turns on. Only for a switch of exactly two such words."""
    if not is_setting(choice) or choice.value.strip("'\"").lower() not in ("true", "false"):
        return []
    if not name_terms(choice):
        return []
    words = [terms_for_name(t) for t in re.split(r"[_.]", choice.param)]
    words = [w for w in words if w]
    if len(words) != 2:
        return []
    return sorted(
        {
            form
            for w in words
            for t in w
            for form in ((t,) if " " in t else (*inflections(t), *_irregular(t)))
        }
    )


def switch_action_forms(choice: Choice) -> list[str]:
    """The verb forms of an on/off switch's words (`scale_by_norm` → scaled, scaling, rescaled,
    rescaling): what the switch does, as prose writes the doing ("w/o rescaling", "the features
    are rescaled"); "re-" says the same operation done again to what the model already has.
    Only for a switch :func:`switch_words` reads."""
    if not switch_words(choice):
        return []
    words = [t for w in re.split(r"[_.]", choice.param) for t in terms_for_name(w) if " " not in t]
    forms = {form for t in words if len(t) >= 4 for form in (*inflections(t)[2:], *_irregular(t))}
    return sorted(forms | {"re" + f for f in forms})


def _irregular(word: str) -> tuple[str, ...]:
    """Past forms a code verb takes in prose that :func:`inflections` does not make
    (freeze → frozen, share → shared is regular)."""
    return tuple(words().get("irregular_verbs", {}).get(word, ()))


def symbol_of(choice: Choice) -> str:
    """The single-letter symbol a setting is named by (`n`, `T`, the `r` of `adapter_r`): papers
    write such settings as symbols ("N = 12", "the rank r")."""
    if not is_setting(choice):
        return ""
    last = re.split(r"[_.]", choice.param)[-1]
    return last if len(last) == 1 and last.isalpha() else ""


def greek_symbol_of(choice: Choice) -> str:
    """The Greek letter a setting's name spells out as its last part (`distillation_tau` → τ,
    `smoothing_alpha` → α): the code mirrors the paper's notation, where "τ = 3.0" states its value."""
    if not is_setting(choice):
        return ""
    last = re.split(r"[_.]", choice.param)[-1].lower()
    return str(words().get("greek_letters", {}).get(last, ""))


def component_of(choice: Choice) -> str | None:
    """The concept a choice is compared by as a whole component (Adam against SGD), or None.
    Besides optimizers, losses, schedules, augmentations and output activations: a setting whose
    value names a component the vocabulary gives alternatives for (`encoder="gru"`, LSTM)."""
    if choice.concept in tables.generic_components():
        return None  # "a custom schedule": what it computes is unknown, so nothing to compare
    if tables.kind(choice.kind).categorical or choice.concept in tables.output_activations():
        return choice.concept
    if choice.kind == "other":
        for name in concepts_for(choice):
            spec = vocab.concept(name)
            if spec is not None and spec.kind == "other" and spec.alternatives:
                return name
    return None


def code_numbers(choice: Choice) -> tuple[float, ...]:
    """The choice's value as numbers (a kernel `(3, 3)` gives two)."""
    if choice.values:
        return choice.values
    if choice.number is not None:
        return (choice.number,)
    return ()


def code_modules(choices) -> tuple[str, ...]:
    """The classes that hold the code's choices, in order of first appearance."""
    return tuple(dict.fromkeys(c.scope.split(".")[0] for c in choices if "." in c.scope))


@functools.cache
def module_phrase(cls: str) -> re.Pattern[str] | None:
    """How a paper names the module a class implements: its words in order (`GatedFusion` →
    "gated fusion", "gated-fusion"; `BiAttn` → "bidirectional attention"); None
    for a class of fewer than two such words (`Net`, `BasicBlock`)."""
    words = _class_words(cls)
    if len(words) < 2:
        return None
    parts = [
        "(?:"
        + "|".join(
            re.escape(f)
            for f in sorted({f for w in forms for f in inflections(w)}, key=len, reverse=True)
        )
        + ")"
        for forms in words
    ]
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(parts) + r"(?![\w-])", re.I)


def _class_words(cls: str) -> list[list[str]]:
    """The words of a class name that say what it does, each with the ways prose writes it
    (`GatedFusionBlock` → [gated], [fusion]); `module_words` in
    rules/vocabulary/words.yaml only say it is a module."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", cls)
    module_words = set(resources.load_yaml("vocabulary/words.yaml")["module_words"])
    out: list[list[str]] = []
    for token in snake.lower().split("_"):
        forms = [t for t in terms_for_name(token) if t not in module_words]
        if forms:
            out.append(forms)
    return out


def module_of(choice: Choice) -> str | None:
    """The class a component choice sits in, where its name says what the module does
    (`GatedFusion`; not `Net` or `BasicBlock`): the paper may name that module."""
    if choice.kind != "other" or "." not in choice.scope:
        return None
    cls = choice.scope.split(".")[0]
    return cls if module_phrase(cls) is not None else None


def inflections(word: str) -> tuple[str, ...]:
    """A code word and the forms prose writes it in: anneal → annealed, annealing;
    sample → sampled, sampling, samples."""
    stem = word[:-1] if word.endswith("e") and len(word) > 3 else word
    return (word, word + "s", stem + "ed", stem + "ing")


def singular(word: str) -> str:
    """One form for the forms of one word ("sizes" and "size", "sample" and "sampling"), so that
    they count as one name word, not the two that make a mention."""
    w = word.lower().replace("-", "")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    for suffix in ("ing", "ed", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w
