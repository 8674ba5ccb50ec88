"""Components compared as wholes: the paper's optimizer, loss, schedule, augmentation or output
activation against the code's, and the component a paper uses where the code has none."""

from __future__ import annotations

from paperlint import vocab
from paperlint.link import naming, tables
from paperlint.link.paper_view import Hit, PaperView, inside_longer
from paperlint.model import Choice
from paperlint.paper.index import Mention


def categorical(view: PaperView, choice: Choice) -> tuple[int, str] | None:
    """(sentence, component) where the paper states using another component for the choice's
    role while never naming the code's own; None when there is none."""
    concept = naming.component_of(choice)
    if concept is None:
        return None
    own = vocab.concept(concept)
    if own is None or view.named_as_used(concept):
        return None
    if own.unstated and concept == choice.concept:
        return None  # compared by what the paper states instead (implied_standard)
    generic = tables.generic_components()
    outputs = tables.output_activations()
    if concept != choice.concept or own.kind == "other":
        # a component a setting's value names (`encoder="gru"`), or one of the unrelated
        # components of kind "other" (a GRU is no rival of attention): its declared alternatives
        rivals = list(own.alternatives)
    elif choice.concept in outputs:
        rivals = [c for c in outputs if c != choice.concept]
    elif tables.kind(choice.kind).additive:
        # components that add up (augmentations): only one that fills the same role replaces
        # it (a random crop a random-resized crop); a paper that crops still flips
        rivals = [r for r in tables.same_role(choice.concept) if r != choice.concept]
    else:
        rivals = [
            name
            for name, c in vocab.concepts().items()
            if c.kind == choice.kind and name != choice.concept and name not in generic
        ]
    # the rival the paper states using most often (ties: vocabulary order), never a random pick
    rivals = sorted(
        rivals,
        key=lambda r: (
            -len(view.usage_concepts.get(r, ())),
            -len(view.index.mentions.get(r, ())),
        ),
    )
    family, unless = tables.broader(concept)
    for rival in rivals:
        if rival in family or concept in tables.broader(rival)[0]:
            # the family the component belongs to ("a cross-entropy" for a binary one): no rival,
            # unless the sentence names what makes it another member (a softmax)
            if not unless:
                continue
            named = [
                i
                for i in view.usage_concepts.get(rival, ())
                if any(m.concept in unless for m in view.sentence_mentions(i))
            ]
            if not named:
                continue
        sentences = [
            i
            for i in view.usage_concepts.get(rival, ())
            if _names_instead(view.sentence_mentions(i), rival, concept)
        ]
        if sentences:
            return sentences[0], rival.replace("_", " ")
    return None


def _names_instead(mentions: list[Mention], rival: str, concept: str) -> bool:
    """A sentence's mentions name the rival instead of the code's component: the rival by words
    of its own, neither part of a longer name of another concept ("cross-entropy" in "weighted
    cross-entropy" is the weighting's) nor the very words that name the code's component too (a
    "cross-entropy" is a negative log-likelihood as well); and the code's component not at all
    (a sentence naming both, "vertical and horizontal flips", does not use one instead)."""
    own = [m for m in mentions if m.concept == concept]
    if any(not inside_longer(m, mentions) for m in own):
        return False
    own_words = {(m.start, m.end) for m in own}
    return any(
        m.concept == rival and (m.start, m.end) not in own_words and not inside_longer(m, mentions)
        for m in mentions
    )


def rival_hits(view: PaperView, choice: Choice) -> dict[int, Hit]:
    """Where the code's component is never named but the paper uses another one for the same
    role: the rival's mentions stand for this design dimension (its justification and ablation
    are judged, and it is a mismatch)."""
    found = categorical(view, choice)
    if found is None:
        return {}
    rival = found[1].replace(" ", "_")
    hits: dict[int, Hit] = {}
    for m in view.index.mentions.get(rival, ()):
        if view.facts(m.sentence).eligible:
            hits.setdefault(m.sentence, Hit()).concept.append(m)
    return dict(sorted(hits.items()))


def absence_value(
    view: PaperView, choice: Choice, hits: dict[int, Hit]
) -> tuple[int, str, bool, str] | None:
    """For a component the code lacks: (sentence, statement, mismatch, cue): the paper saying
    it does not use one either, or saying it uses one (of this concept, else any of the kind)."""
    for i, h in hits.items():
        if view.facts(i).section_kind == "related":
            continue
        if view.negates(i, h):
            return i, "none", False, "not used"
    for i, h in hits.items():
        f = view.facts(i)
        if (
            f.section_kind in ("method", "experiments", "body")
            and f.usage
            and h.concept
            and not view.negates(i, h)
        ):
            used = h.concept[0].text
            text = view.text(i)
            if (
                choice.kind == "init"
                and tables.pattern("values.random_init").search(text)
                and not tables.pattern("values.named_init").search(text)
            ):
                # "initialized randomly", "trained from scratch": the framework's default
                # initialization is random too, so the paper states no scheme the code lacks
                return i, "random initialization", False, used
            return i, f"{used} (used in the paper)", True, used
    generic = tables.generic_components()
    for name, c in vocab.concepts().items():
        if (
            c.kind != choice.kind
            or name in generic
            or name.startswith(("no_", "default_", "unused_"))
        ):
            continue
        for i in view.usage_concepts.get(name, ()):
            m = next(m for m in view.sentence_mentions(i) if m.concept == name)
            if not view.negates(i, Hit(concept=[m])):
                return i, f"{m.text} (used in the paper)", True, m.text
    return None


def stated_alternative(view: PaperView, own: vocab.Concept) -> Mention | None:
    """The first statement, in the method or the experiments, of an alternative the concept
    declares: the paper's value where the concept itself is not named."""
    stating = ("method", "experiments", "body")
    for alt in own.alternatives:
        found = [
            m
            for m in view.index.mentions.get(alt, ())
            if (f := view.facts(m.sentence)).eligible and f.section_kind in stating
        ]
        if (
            found
        ):  # the fullest phrase of the first sentence ("five-crop evaluation", not "five-crop")
            first = [m for m in found if m.sentence == found[0].sentence]
            return max(first, key=lambda m: len(m.text))
    return None
