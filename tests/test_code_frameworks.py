"""Code → choices for each framework paperlint reads, from source strings we wrote."""

from __future__ import annotations

import pytest
from helpers import choices_of, find


def one(cs, **want):
    got = find(cs, **want)
    assert len(got) == 1, f"{want}: {[(c.line, c.kind, c.concept, c.value) for c in got]}"
    return got[0]


# ── PyTorch ──


def test_torch_layers_functional_optimizer_and_scheduler():
    cs = choices_of(
        (
            "m.py",
            """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 64, kernel_size=5, stride=2)
                self.norm = nn.GroupNorm(8, 64)
                self.drop = nn.Dropout(p=0.25)

            def forward(self, x):
                return F.leaky_relu(self.norm(self.conv(x)), 0.2)

        net = Net()
        opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, nesterov=True)
        sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[30, 60], gamma=0.2)
        loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    """,
        )
    )
    assert one(cs, kind="kernel_size").number == 5.0
    assert one(cs, concept="conv.stride").number == 2.0
    assert one(cs, concept="group_norm").line == 9
    assert one(cs, kind="dropout", line=10).number == 0.25
    assert one(cs, concept="leaky_relu").line == 13
    assert one(cs, concept="leaky_relu.negative_slope").number == 0.2
    assert one(cs, kind="optimizer").concept == "sgd"
    assert one(cs, kind="learning_rate", line=16).number == 0.1
    assert one(cs, kind="momentum", line=16).number == 0.9
    assert one(cs, concept="sgd.nesterov").value == "True"
    assert one(cs, kind="scheduler").concept == "step_decay"
    assert one(cs, concept="step_decay.milestones").values == (30.0, 60.0)
    assert one(cs, concept="label_smoothing").number == 0.1


def test_torchvision_transforms_are_augmentation_and_preprocessing():
    cs = choices_of(
        (
            "data.py",
            """
        from torchvision import transforms as T
        train_tf = T.Compose([
            T.RandomResizedCrop(224, scale=(0.5, 1.0)),
            T.RandomHorizontalFlip(),
            T.ColorJitter(0.4, 0.4, 0.4),
            T.ToTensor(),
            T.Normalize(mean=[0.5], std=[0.5]),
        ])
    """,
        )
    )
    aug = {c.concept: c.line for c in cs if c.kind == "augmentation" and c.source == "call"}
    assert aug == {"random_resized_crop": 3, "horizontal_flip": 4, "color_jitter": 5}
    assert one(cs, concept="random_resized_crop.scale").values == (0.5, 1.0)
    assert one(cs, concept="input_normalization").line == 7


def test_torch_nn_init_calls_and_parameter_initialisation():
    cs = choices_of(
        (
            "m.py",
            """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(10, 10)
                nn.init.kaiming_normal_(self.fc.weight, mode="fan_out")
                nn.init.constant_(self.fc.bias, 0.1)
                self.token = nn.Parameter(torch.zeros(1, 1, 10))
    """,
        )
    )
    assert one(cs, concept="he_init").line == 8
    assert one(cs, concept="he_init.mode").value == "'fan_out'"
    assert one(cs, concept="constant_init", line=9)
    assert one(cs, concept="zero_init").line == 10
    assert not find(cs, concept="default_init"), "explicit initialization is not absent"


# ── Keras / TensorFlow 2 ──


def test_keras_layers_compile_with_an_optimizer_object_and_callbacks():
    cs = choices_of(
        (
            "k.py",
            """
        import tensorflow as tf
        from tensorflow import keras

        def build():
            inp = keras.Input(shape=(32, 32, 3))
            x = keras.layers.Conv2D(64, 3, padding="same", activation="relu")(inp)
            x = keras.layers.BatchNormalization(momentum=0.9)(x)
            x = keras.layers.MaxPooling2D(3)(x)
            x = keras.layers.Dropout(0.4)(x)
            out = keras.layers.Dense(10, activation="softmax")(x)
            return keras.Model(inp, out)

        model = build()
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, beta_1=0.8),
                      loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=30, batch_size=128,
                  callbacks=[keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=3)])
    """,
        )
    )
    assert one(cs, concept="relu", line=6).kind == "activation"
    assert one(cs, concept="batch_norm.momentum").number == 0.9
    assert one(cs, kind="pooling").line == 8
    assert one(cs, concept="max_pooling").value == "MaxPooling2D"
    assert find(cs, kind="kernel_size", line=8)[0].number == 3.0
    assert one(cs, kind="dropout", line=9).number == 0.4
    assert one(cs, concept="adam").line == 14
    assert one(cs, concept="momentum", line=14).number == 0.8
    assert one(cs, kind="loss").concept == "cross_entropy"
    assert one(cs, kind="epochs").number == 30.0
    assert one(cs, kind="batch_size").number == 128.0
    assert one(cs, concept="plateau_decay").line == 17


# ── TensorFlow 1 ──


def test_tf1_layers_contrib_nn_and_train():
    cs = choices_of(
        (
            "tf1.py",
            """
        import tensorflow as tf
        from tensorflow.contrib import rnn

        def graph(x, keep_prob):
            h = tf.layers.conv2d(x, 32, 5, activation=tf.nn.relu)
            h = tf.layers.max_pooling2d(h, 2, 2)
            h = tf.contrib.layers.fully_connected(h, 256)
            h = tf.nn.dropout(h, keep_prob=0.8)
            cell = rnn.DropoutWrapper(rnn.GRUCell(128), output_keep_prob=0.7)
            return h

        loss = tf.losses.softmax_cross_entropy(y, logits, label_smoothing=0.1)
        step = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
        lr = tf.train.exponential_decay(0.1, global_step, 1000, 0.96)
    """,
        )
    )
    assert one(cs, kind="channels", line=5).number == 32.0
    assert one(cs, kind="activation", line=5).concept == "relu"
    assert one(cs, kind="pooling").line == 6
    # tf.contrib's fully_connected applies a ReLU by default: a choice made by default
    fc_act = one(cs, kind="activation", line=7)
    assert fc_act.concept == "relu" and fc_act.obviousness == "default"
    keep = one(cs, kind="dropout", line=8)
    assert keep.number == 0.8 and "dropout rate 0.2" in keep.detail
    assert one(cs, kind="dropout", line=9).number == 0.7
    assert one(cs, kind="channels", line=9).number == 128.0
    assert one(cs, concept="label_smoothing").number == 0.1
    assert one(cs, kind="optimizer").concept == "sgd_momentum"
    assert one(cs, kind="momentum", line=13).number == 0.9
    assert one(cs, kind="scheduler").concept == "exponential_decay"


# ── Flax / optax ──


def test_flax_module_fields_bind_at_the_call_site_and_optax_chains():
    cs = choices_of(
        (
            "f.py",
            """
        import flax.linen as nn
        import optax

        class MLP(nn.Module):
            width: int = 128
            rate: float = 0.1

            @nn.compact
            def __call__(self, x, train=False):
                x = nn.Dense(self.width)(x)
                x = nn.LayerNorm()(x)
                x = nn.gelu(x)
                return nn.Dropout(rate=self.rate, deterministic=not train)(x)

        model = MLP(width=512)
        sched = optax.warmup_cosine_decay_schedule(0.0, 1e-3, warmup_steps=1000, decay_steps=50000)
        tx = optax.chain(optax.clip_by_global_norm(1.0), optax.adamw(sched, weight_decay=0.05))
    """,
        )
    )
    assert one(cs, kind="channels", line=15).number == 512.0  # written at the call site
    assert one(cs, kind="dropout", line=6).number == 0.1  # the field's default
    assert one(cs, concept="layer_norm").line == 11
    assert one(cs, concept="gelu").line == 12
    assert one(cs, kind="warmup").number == 1000.0
    assert one(cs, kind="learning_rate", line=16).number == pytest.approx(1e-3)
    assert one(cs, kind="optimizer").concept == "adamw"
    assert one(cs, kind="weight_decay").number == 0.05
    assert one(cs, concept="gradient_clipping.max_norm").number == 1.0


# ── Hugging Face transformers ──


def test_transformers_training_arguments_config_and_pretrained_weights():
    cs = choices_of(
        (
            "hf.py",
            """
        from transformers import AutoModel, BertConfig, TrainingArguments, get_linear_schedule_with_warmup

        config = BertConfig(num_hidden_layers=6, num_attention_heads=8, hidden_dropout_prob=0.2)
        model = AutoModel.from_pretrained("bert-base-uncased")
        args = TrainingArguments(
            output_dir="out",
            learning_rate=3e-5,
            per_device_train_batch_size=16,
            num_train_epochs=5,
        )
        sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=100, num_training_steps=1000)
    """,
        )
    )
    assert one(cs, kind="depth").number == 6.0
    assert one(cs, kind="heads").number == 8.0
    assert one(cs, kind="dropout").number == 0.2
    pre = one(cs, concept="pretrained_weights")
    assert pre.kind == "init" and "bert-base-uncased" in pre.value
    assert one(cs, kind="learning_rate", line=7).number == pytest.approx(3e-5)
    assert one(cs, kind="batch_size").line == 8
    assert one(cs, kind="epochs").line == 9
    # unstated TrainingArguments defaults are still decisions, marked as library defaults
    wd = one(cs, kind="weight_decay")
    assert wd.number == 0.0 and wd.obviousness == "default"
    assert one(cs, kind="optimizer").concept == "adamw"
    assert find(cs, kind="scheduler", line=5)[0].concept == "linear_schedule"
    assert one(cs, kind="warmup", line=11).number == 100.0


def test_every_signature_in_the_tables_parses():
    """Signatures are parsed on first use; a malformed one in rules/signatures must still fail
    here, not in the middle of some user's audit."""
    from paperlint.code.signatures import table

    specs = table()
    assert len(specs) > 300
    for name, spec in specs.items():
        params = spec.params
        assert all(p.name for p in params), name
        assert len({p.name for p in params}) == len(params), name  # no parameter twice
    conv = specs["torch.nn.Conv2d"]
    assert [p.name for p in conv.params[:3]] == ["in_channels", "out_channels", "kernel_size"]
    assert conv.param("stride").default == 1
