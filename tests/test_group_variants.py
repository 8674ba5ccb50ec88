"""Model variants in group statements: which sizes a sentence names by its variants, and which
size a code choice's run is named for."""

from __future__ import annotations

from helpers import choice, view_of

from paperlint.link import groups


def test_a_variant_is_named_by_its_size_after_a_hyphen_or_as_a_capitalised_word():
    assert groups.sizes_named("The larger model, Aster-B, has the same architecture") == {"base"}
    assert groups.sizes_named("BERT-large and ViT-Ti") == {"large", "tiny"}
    assert groups.sizes_named("follows the Base configuration of [8]") == {"base"}


def test_words_that_only_look_like_sizes_name_no_variant():
    # a hyphenated word, a lower-case "base model" (a baseline), a letter inside a word
    assert groups.sizes_named("a state-of-the-art, large-scale multi-head model") == frozenset()
    assert groups.sizes_named("we compare with the base model of [3]") == frozenset()
    assert groups.sizes_named("a Q-learning head with sub-B units") == frozenset()


def test_a_runs_size_comes_from_its_function_file_or_setting_name():
    base = choice("c1", "depth", "12", scope="aster_base_patch16", file="models.py")
    large = choice("c2", "depth", "24", file="configs/vit_l_16.yaml")
    plain = choice("c3", "depth", "12", scope="Encoder.__init__", file="model.py")
    assert groups.sizes_of(base) == {"base"}
    assert groups.sizes_of(large) == {"large"}
    assert groups.sizes_of(plain) == frozenset()


def test_a_statement_scoped_to_a_variant_keeps_its_sizes_and_who_it_is_about():
    view = view_of(
        "# Method\n\nOur models have 12 layers.\n"
        "The larger model, Aster-B, has the same architecture as the ViT-B [15].\n"
        "Our encoder follows the Base configuration of BERT [8].\n"
        "Our decoder has the same architecture as the original decoder [9].\n\n"
        "# References\n\n[8] A. BERT. 2019.\n[9] B. Dec. 2018.\n[15] C. ViT. 2021.\n"
    )
    scoped = [st for st in groups.statements(view) if st.sizes]
    assert [(st.sizes, st.source_only) for st in scoped] == [
        ({"base"}, False),  # the paper's own variant: that variant alone
        ({"base"}, True),  # the source's variant: the paper's model whatever it is called
    ]
