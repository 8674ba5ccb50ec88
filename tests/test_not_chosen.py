"""Settings the code writes that its authors did not choose (paperlint.notchosen): a loaded
checkpoint's widths, a single output unit, a standard initialiser. Each beside a twin whose
finding stays on the first screen."""

from __future__ import annotations

from helpers import choice, finding

from paperlint import firstscreen, notchosen, setaside
from paperlint.model import Assessment


def test_a_checkpoints_widths_come_from_its_most_specific_entry():
    assert notchosen.checkpoint_widths("bert-base-uncased") == {768, 3072}
    assert notchosen.checkpoint_widths("'roberta-large'") == {1024, 4096}
    assert notchosen.checkpoint_widths("gpt2-medium") == {1024}  # not gpt2's 768 as well
    assert notchosen.checkpoint_widths("my-own-model") == frozenset()


def test_only_a_published_name_is_a_loaded_checkpoint():
    by_name = choice("w", "other", "'bert-base-uncased'", concept="pretrained_weights")
    a_file = choice("f", "other", "'ckpt/model.pt'", concept="pretrained_weights")
    assert notchosen.loaded_checkpoints([by_name, a_file]) == {"bert-base-uncased"}


BERT = choice("w", "other", "'bert-base-uncased'", concept="pretrained_weights")


def _width(id: str, value: float, **kw) -> object:
    return choice(id, "channels", str(int(value)), concept="width", number=value, **kw)


def test_a_width_of_the_loaded_checkpoint_is_its_own_and_another_width_is_a_choice():
    hidden = _width("hidden", 768, param="hidden_size")
    adapter = _width("adapter", 64, param="adapter_size")
    got = notchosen.reasons([BERT, hidden, adapter], {})
    assert got == {"hidden": "checkpoint_width"}
    # the same 768 in code that loads no checkpoint is asked
    assert notchosen.reasons([hidden, adapter], {}) == {}


def test_one_output_unit_is_fixed_by_what_it_predicts_and_two_hidden_units_are_not():
    score = _width("score", 1, param="out_features", symbol="torch.nn.Linear")
    hidden = _width("hidden", 2, param="out_features", symbol="torch.nn.Linear")
    assert notchosen.reasons([score, hidden], {}) == {"score": "one_output_unit"}


def _init(id: str, concept: str, value: str, snippet: str = "") -> object:
    return choice(id, "init", value, concept=concept, snippet=snippet or value)


def test_a_standard_initialiser_is_set_aside_unless_the_paper_states_one():
    glorot = _init("glorot", "xavier_init", "xavier_initializer")
    lecun = _init("lecun", "normal_init", "trunc_normal_(w, std=1.0 / (fan_in ** 0.5))")
    small = _init("small", "normal_init", "normal_(w, std=0.02)")
    bias = _init("bias", "zero_init", "zeros_", "nn.init.zeros_(self.fc.bias)")
    got = notchosen.reasons([glorot, lecun, small, bias], {})
    assert got == {"glorot": "standard_init", "lecun": "standard_init", "bias": "standard_init"}
    # the paper states an initialisation of its own: the linker's paper value keeps it asked
    stated = {"glorot": Assessment("glorot", mentioned=True, paper_value="Gaussian")}
    assert "glorot" not in notchosen.reasons([glorot], stated)


def test_the_first_screen_sets_these_findings_aside_and_keeps_a_mismatch():
    glorot = _init("glorot", "xavier_init", "xavier_initializer")
    score = _width("score", 1, param="out_features", symbol="torch.nn.Linear")
    lr = choice("lr", "learning_rate", "0.37", number=0.37)
    cs = {c.id: c for c in (glorot, score, lr)}
    found = [finding(glorot), finding(score), finding(lr), finding(score, "MM201")]
    screen = firstscreen.arrange(found, cs, {})
    assert sorted((f.rule, f.choice) for f in screen.findings) == [
        ("CH101", "lr"),
        ("MM201", "score"),
    ]
    assert screen.set_aside == {"standard_init": 1, "one_output_unit": 1}
    assert set(screen.set_aside) <= set(setaside.REASONS)
    # with --all everything is reported
    assert len(firstscreen.arrange(found, cs, {}, everything=True).findings) == 4


def test_plain_cross_entropy_is_the_targets_loss_and_a_weighted_one_is_a_choice():
    ce = choice(
        "ce", "loss", "cross_entropy", concept="cross_entropy", snippet="F.cross_entropy(p, y)"
    )
    bce = choice("bce", "loss", "BCEWithLogitsLoss", concept="binary_cross_entropy")
    weighted = choice(
        "w", "loss", "CrossEntropyLoss", concept="cross_entropy",
        snippet="nn.CrossEntropyLoss(weight=class_weights)",
    )  # fmt: skip
    focal = choice("focal", "loss", "sigmoid_focal_loss", concept="focal_loss")
    got = notchosen.reasons([ce, bce, weighted, focal], {})
    assert got == {"ce": "target_loss", "bce": "target_loss"}


def test_a_layer_converting_grey_to_colour_and_its_init_are_the_formats():
    adapter = _width(
        "adapter", 3, param="out_channels",
        snippet="self.upchannel = nn.Conv2d(in_channels=1, out_channels=3, kernel_size=1)",
    )  # fmt: skip
    bias = _init(
        "bias", "constant_init", "constant_", "nn.init.constant_(model.upchannel.bias, 0.1)"
    )
    # an RGB output layer is a 3x3 convolution of features, not a format adapter
    rgb_out = _width("rgb", 3, param="out_channels", snippet="self.out = nn.Conv2d(64, 3, 3, 1, 1)")
    head_bias = _init(
        "head", "constant_init", "constant_", "nn.init.constant_(model.head.bias, 0.1)"
    )
    got = notchosen.reasons([adapter, bias, rgb_out, head_bias], {})
    assert got == {"adapter": "format_adapter", "bias": "format_adapter"}


def _constant(id: str, text: str) -> object:
    return choice(id, "other", text, concept="constant")


def test_a_number_mathematics_fixes_is_read_to_every_digit_written():
    assert notchosen.math_constant("0.7978845608").startswith("pi**-0.5")  # sqrt(2/pi)
    assert notchosen.math_constant("0.69315") is not None  # ln 2
    assert notchosen.math_constant("1.41421") is not None  # sqrt(2)
    assert (
        notchosen.math_constant("0.044715") == "the coefficient of the tanh approximation of GELU"
    )
    assert notchosen.math_constant("65535.") is not None
    # too few digits to tell from a tuned value, a value one digit off, a power of two
    assert notchosen.math_constant("0.7979") is None
    assert notchosen.math_constant("0.79799") is None
    assert notchosen.math_constant("4096") is None
    assert notchosen.math_constant("0.03125") is None
    assert notchosen.math_constant("0.5") is None


def test_a_mathematical_constant_is_set_aside_and_a_tuned_scale_is_asked():
    sqrt_2_over_pi = _constant("c", "0.7978845608")
    gelu = _constant("g", "0.044715")
    u16 = _constant("u", "65535.0")
    tuned = _constant("t", "0.37912")
    size = _constant("n", "4096")
    got = notchosen.reasons([sqrt_2_over_pi, gelu, u16, tuned, size], {})
    assert got == {"c": "math_constant", "g": "math_constant", "u": "math_constant"}
    # the same digits as a learning rate are not a constant's
    assert notchosen.reasons([choice("lr", "learning_rate", "0.7978845608")], {}) == {}


def test_the_width_of_the_attention_heads_side_by_side_is_set_by_the_heads():
    # heads × head size is the model width split among the heads: the heads are the choice
    together = [
        choice(
            "a", "channels", "self.num_attention_heads * self.attention_head_size", concept="width"
        ),
        choice("b", "channels", "n_head * d_head", concept="width"),
        choice("c", "channels", "head_dim * num_heads", concept="width"),
    ]
    # the twins: an expansion of the width, the size of one head, the number of heads
    asked = [
        choice("d", "channels", "hidden_size * 4", concept="width"),
        choice("e", "channels", "config.head_dim", concept="width"),
        choice("f", "other", "num_heads * head_dim", concept="num_heads"),
    ]
    got = notchosen.reasons([*together, *asked], {})
    assert got == {"a": "heads_together", "b": "heads_together", "c": "heads_together"}


def test_a_softmax_output_layers_width_and_softmax_are_the_classes_and_a_hidden_layers_are_not():
    snippet = "outputs = tf.keras.layers.Dense(6, activation='softmax')(x)"
    classes = _width("classes", 6, param="units", snippet=snippet)
    softmax = choice("softmax", "activation", "'softmax'", concept="softmax", snippet=snippet)
    hidden_snippet = "x = tf.keras.layers.Dense(256, activation='relu')(x)"
    hidden = _width("hidden", 256, param="units", snippet=hidden_snippet)
    relu = choice("relu", "activation", "'relu'", concept="relu", snippet=hidden_snippet)
    got = notchosen.reasons([classes, softmax, hidden, relu], {})
    assert got == {"classes": "class_scores", "softmax": "class_scores"}
    # a softmax written on its own (an attention's weights) is no classifier's output
    attention = choice(
        "attn", "activation", "softmax", concept="softmax", snippet="softmax(q @ k.T)"
    )
    assert notchosen.reasons([attention], {}) == {}


def test_the_data_own_image_size_is_read_and_a_size_images_are_resized_to_is_not():
    assert notchosen.stated_image_sizes(["Each sample is a 40x40 grayscale image of a leaf."]) == {
        40
    }
    assert notchosen.stated_image_sizes(["The set consists of 8,000 colour images, 36 × 36."]) == {
        36
    }
    # a size the images are brought to, or one chosen for the model's input, was chosen
    assert notchosen.stated_image_sizes(["Each image is resized to 40x40 pixels."]) == set()
    assert notchosen.stated_image_sizes(["We use 40x40 input images of the dataset."]) == set()
    assert notchosen.stated_image_sizes(["We train on 40 × 40 photographs."]) == set()


def _size(id: str, value: str) -> object:
    return choice(
        id, "other", value, concept="input_resolution", param="img_side", obviousness="deliberate"
    )


def test_an_input_size_equal_to_the_datas_own_images_is_the_datas():
    native, square, larger = _size("native", "40"), _size("square", "(40, 40)"), _size("big", "96")
    data = ["Each sample is a 40x40 grayscale image of a leaf."]
    got = notchosen.reasons([native, square, larger], {}, data)
    assert got == {"native": "data_size", "square": "data_size"}
    # the same 40 where the paper resizes the images to it is asked
    resized = ["Each photograph is resized to 40x40 grayscale pixels."]
    assert notchosen.reasons([native, square], {}, resized) == {}


def test_the_first_screen_sets_the_datas_own_size_aside_with_the_paper():
    from paperlint.paper.document import document_from_text

    native, other = _size("native", "40"), _size("other", "96")
    cs = {c.id: c for c in (native, other)}
    found = [finding(native), finding(other)]
    named = {c: Assessment(c, mentioned=True) for c in cs}  # the paper names the input size
    paper = document_from_text("# Data\n\nEach sample is a 40x40 grayscale image of a leaf.\n")
    screen = firstscreen.arrange(found, cs, named, document=paper)
    assert [f.choice for f in screen.findings] == ["other"]
    assert screen.set_aside == {"data_size": 1}
    # without the paper nothing says what size the data has: both sizes are asked (one group)
    unread = firstscreen.arrange(found, cs, named)
    assert unread.set_aside == {}
    assert "`40`" in unread.findings[0].message and "`96`" in unread.findings[0].message
