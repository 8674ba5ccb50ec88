"""The pieces the evidence recognisers stand on, each alone: the names a paper gives its variants
and the header of a table's column (link/scopes.py), the groups of settings and the sentences
that take one from earlier work (link/groups.py), what the index learns from a paper (cited
names, symbols named by a noun, headings in capitals) and the one decision (link/decide.py)."""

from __future__ import annotations

from helpers import choices_of, find, setting, view_of

from paperlint.link import groups
from paperlint.link.decide import decide
from paperlint.link.evidence import Candidate, ChoiceContext
from paperlint.link.paper_view import PaperView
from paperlint.link.scopes import CONFLICT, MATCH, UNKNOWN, choice_words, words_of
from paperlint.paper.document import document_from_text
from paperlint.paper.index import build_index

# ── scopes ──────────────────────────────────────────────────────────────────────────────────


def test_words_of_a_name_keep_its_parts_and_their_join():
    assert {"birch", "birch2"} <= words_of("Birch-2")
    assert {"aster", "base", "asterbase"} <= words_of("aster_base")
    assert "2" not in words_of("Birch-2")  # a bare digit tells nothing apart


def test_a_choice_is_known_by_its_file_and_its_runs():
    c = setting("lr", 0.1, file="configs/aster_base_task1.sh")
    assert {"aster", "base", "task1"} <= choice_words(c)


TABLE = """# Method

We train one model per dataset.

# Hyperparameters

| | Forest-1K | Coast-5K |
|---|---|---|
| Learning Rate | 1e-4 | 5e-5 |

Table 4: Hyperparameters of the two models.
"""


def test_a_table_row_value_is_read_with_its_columns_header():
    view = view_of(TABLE)
    row = next(s for s in view.doc.sentences if s.text.startswith("Learning Rate"))
    first, second = view.index.facts[row.index].numbers
    scopes = view.values.scopes
    assert scopes.column_header(row.index, first) == "Forest-1K"
    assert scopes.column_header(row.index, second) == "Coast-5K"
    coast = setting("lr", 5e-5, file="coast_config.py")
    assert scopes.verdict(coast, row.index, second)[0] == MATCH
    assert scopes.verdict(coast, row.index, first)[0] == CONFLICT
    # code that names no variant of the paper cannot be told apart: unknown, never a conflict
    plain = setting("lr", 5e-5, file="train.py")
    assert scopes.verdict(plain, row.index, first)[0] == UNKNOWN


def test_a_section_titled_by_another_variant_conflicts():
    view = view_of(
        "# Setup\n\n## D.1 Aster-Base\n\nWe use a learning rate of 5e-4.\n\n"
        "## D.2 Birch-2\n\nWe use a learning rate of 2e-4.\n"
    )
    aster = setting("lr", 5e-4, file="aster_base_run.sh")
    verdicts = {
        s.text: view.values.scopes.sentence_verdict(aster, s.index)
        for s in view.doc.sentences
        if s.role == "body"
    }
    assert verdicts == {
        "We use a learning rate of 5e-4.": MATCH,
        "We use a learning rate of 2e-4.": CONFLICT,
    }


# ── groups ──────────────────────────────────────────────────────────────────────────────────


def test_a_setting_is_a_member_by_its_kind_or_its_names_words():
    lr = setting("lr", 0.01, kind="learning_rate")
    batch = setting("IMS_PER_BATCH", 16)  # a setting the code reader left unclassified
    depth = setting("num_layers", 4, kind="depth")
    assert {(m.group, m.concept) for m in groups.memberships(lr)} == {
        ("optimisation_recipe", "learning_rate")
    }
    assert {m.concept for m in groups.memberships(batch)} == {"batch_size"}
    assert {m.group for m in groups.memberships(depth)} == {"model_size"}


def test_a_group_taken_from_a_cited_work_is_a_statement_and_a_tuned_one_is_not():
    view = view_of(
        "# Training\n\nUnless specified, the same hyper-parameters as DetNet [15] are used.\n"
        "We tune the hyper-parameters following [3] on the validation set.\n"
        "For the baselines we use the same hyper-parameters as in [7].\n"
        "The following hyper-parameters are used: a learning rate of 0.1.\n"
    )
    found = groups.statements(view)
    assert [view.text(s.sentence)[:30] for s in found] == ["Unless specified, the same hyp"]
    assert found[0].groups == {"optimisation_recipe"}


def test_every_view_of_one_paper_shares_its_group_statements_and_prepare_finds_them_ahead():
    """The statements depend on the paper alone: kept with the index, every linker of the
    paper reads them once (an audit finds them while the code is read); another index of the
    same text works them out again, to the same statements."""
    from paperlint.link.linker import Linker, prepare

    text = "# Training\n\nUnless specified, the same hyper-parameters as DetNet [15] are used.\n"
    index = build_index(document_from_text(text))
    prepare(index)
    found = groups.statements(PaperView(index))
    assert len(found) == 1
    assert groups.statements(Linker(index).paper) is found
    other = view_of(text)
    assert groups.statements(other) is not found and groups.statements(other) == found


# ── the index ───────────────────────────────────────────────────────────────────────────────


def test_the_index_knows_cited_names_and_symbols_named_by_a_noun():
    index = build_index(
        document_from_text(
            "# Method\n\nWe follow DetNet [15] and QViT (Smith et al., 2021).\n"
            "The update has rank r, and the rank r is small.\nFollowing [15], we add heads.\n"
        )
    )
    assert {"DetNet", "QViT"} <= set(index.cited_names)
    assert "Following" not in index.cited_names
    assert index.symbol_nouns == {"r": "rank"}


def test_a_numbered_title_in_capitals_is_a_heading():
    from paperlint.paper.document import in_capitals

    assert in_capitals("OUR METHOD") and in_capitals("WHAT IS THE OPTIMAL RANK r?")
    assert not in_capitals("Our method") and not in_capitals("ROBERTA")
    assert in_capitals("ROBERTA", single=True)


# ── the decision ────────────────────────────────────────────────────────────────────────────


def test_a_reason_beats_a_citation_and_a_veto_removes_what_it_names():
    view = view_of("# Method\n\nWe use dropout [3].\nDropout keeps the model from overfitting.\n")
    (choice,) = find(choices_of(("m.py", "import torch.nn as nn\nd = nn.Dropout(0.3)\n")),
                     kind="dropout", source="call")  # fmt: skip
    ctx = ChoiceContext(choice, view, {}, [])
    citation = Candidate("citation", 0, "[3]")
    reason = Candidate("reasoning", 1, "keeps")
    assert decide(ctx, [citation, reason]).justification == "reasoning"
    veto = Candidate("veto", 1, vetoes=("reasoning",))
    assert decide(ctx, [citation, reason, veto]).justification == "citation"
    # a fallback (a value recogniser's statement) decides only when nothing else does
    fallback = Candidate("reasoning", 1, "keeps", fallback=True)
    assert decide(ctx, [citation, fallback]).justification == "citation"
    assert decide(ctx, [fallback]).justification == "reasoning"
