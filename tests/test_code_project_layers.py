"""The project's own layers, in every framework: a layer built from low-level ops (a TF1 class, a
Keras or Flax layer, a plain function) makes its choices where it is used — the arguments it is
given (width, activation, dropout) and what its body does with them (initialization)."""

from __future__ import annotations

from helpers import choices_of, find

TF1_LAYER = """
import numpy as np
import tensorflow as tf

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.DEFINE_integer("hidden_units", 32, "Units in the hidden layer.")
flags.DEFINE_float("drop_rate", 0.4, "Dropout rate.")


def xavier_weights(shape, name=None):
    limit = np.sqrt(6.0 / (shape[0] + shape[1]))
    return tf.Variable(tf.random_uniform(shape, minval=-limit, maxval=limit), name=name)


def zero_weights(shape, name=None):
    return tf.Variable(tf.zeros(shape), name=name)


class BaseLayer(object):
    def __init__(self, name=None):
        self.name = name
        self.params = {}

    def __call__(self, inputs):
        return self.forward(inputs)


class GraphConv(BaseLayer):
    def __init__(self, in_dim, out_dim, adjacency, use_dropout=False, act=tf.nn.relu,
                 use_bias=False, sparse_inputs=False, **kwargs):
        super(GraphConv, self).__init__(**kwargs)
        self.rate = FLAGS.drop_rate if use_dropout else 0.0
        self.act = act
        self.adjacency = adjacency
        self.use_bias = use_bias
        self.params["w"] = xavier_weights([in_dim, out_dim], name="w")
        if self.use_bias:
            self.params["b"] = zero_weights([out_dim], name="b")

    def forward(self, inputs):
        x = tf.nn.dropout(inputs, 1 - self.rate)
        out = tf.sparse_tensor_dense_matmul(self.adjacency, tf.matmul(x, self.params["w"]))
        if self.use_bias:
            out += self.params["b"]
        return self.act(out)


class TwoLayerGraphNet(object):
    def __init__(self, in_dim, n_out, adjacency):
        self.layers = []
        self.layers.append(GraphConv(in_dim, FLAGS.hidden_units, adjacency, use_dropout=True,
                                     act=tf.nn.relu, sparse_inputs=True))
        self.layers.append(GraphConv(FLAGS.hidden_units, n_out, adjacency, use_dropout=True,
                                     act=lambda x: x))
"""


def _line(src: str, text: str) -> int:
    return next(i for i, line in enumerate(src.splitlines(), 1) if text in line)


def test_a_tf1_layer_class_makes_its_choices_where_it_is_used():
    src = TF1_LAYER.lstrip("\n")
    cs = choices_of(("layers.py", TF1_LAYER))
    first, second = _line(src, "GraphConv(in_dim, FLAGS"), _line(src, "GraphConv(FLAGS")
    at_first = {c.concept: c for c in cs if first <= c.line <= first + 1}  # a call on two lines
    assert at_first["relu"].kind == "activation"
    assert at_first["width"].number == 32.0  # output width, through the flag
    assert at_first["dropout"].value == "True"
    assert "sparse_inputs" not in {c.param for c in cs}  # a flag whose effect is not named
    at_second = {c.concept: c for c in cs if second <= c.line <= second + 1}
    assert at_second["linear_activation"].value == "identity"  # `lambda x: x`
    assert "width" not in at_second  # `n_out`: the caller's parameter (its number of classes)


def test_the_layers_weight_helper_says_its_initialization_once_per_layer():
    src = TF1_LAYER.lstrip("\n")
    cs = choices_of(("layers.py", TF1_LAYER))
    inits = find(cs, kind="init")
    assert [(c.concept, c.line) for c in inits] == [
        ("xavier_init", _line(src, "xavier_weights([in_dim"))
    ]  # the bias helper runs only under `if self.use_bias:`, off at both call sites


def test_a_default_every_call_overrides_is_not_reported_and_one_that_runs_is():
    src = TF1_LAYER.lstrip("\n")
    cs = choices_of(("layers.py", TF1_LAYER))
    signature = _line(src, "def __init__(self, in_dim, out_dim")
    assert not find(cs, line=signature, kind="activation")  # both calls pass `act`
    once = TF1_LAYER.replace(",\n                                     act=lambda x: x))", "))")
    cs = choices_of(("layers.py", once))
    assert find(cs, line=signature, concept="relu")  # the second call runs the default


def test_a_keras_layer_subclass():
    src = """
    import tensorflow as tf
    from tensorflow import keras

    class GatedDense(keras.layers.Layer):
        def __init__(self, units, activation="relu", dropout_rate=0.0, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.activation = keras.activations.get(activation)
            self.dropout_rate = dropout_rate

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="he_normal")

        def call(self, x, training=False):
            h = tf.nn.dropout(tf.matmul(x, self.w), rate=self.dropout_rate)
            return self.activation(h)

    inputs = keras.Input(shape=(64,))
    h = GatedDense(128, activation="gelu", dropout_rate=0.1)(inputs)
    out = GatedDense(10)(h)
    """
    cs = choices_of(("model.py", src))
    at = {c.concept: c for c in cs if c.line == 19}
    assert at["gelu"].kind == "activation"
    assert at["width"].number == 128.0
    assert at["dropout"].number == 0.1
    assert find(cs, line=12, concept="he_init")
    assert not find(cs, line=20, kind="activation")  # the default, reported where it is written


def test_a_flax_module_with_fields():
    src = """
    from typing import Callable
    import flax.linen as nn

    class MixerBlock(nn.Module):
        hidden: int
        act: Callable = nn.gelu
        rate: float = 0.0

        @nn.compact
        def __call__(self, x, train=True):
            w = self.param("w", nn.initializers.lecun_normal(), (x.shape[-1], self.hidden))
            return nn.Dropout(self.rate, deterministic=not train)(self.act(x @ w))

    class Net(nn.Module):
        @nn.compact
        def __call__(self, x):
            return MixerBlock(hidden=256, act=nn.relu, rate=0.1)(x)
    """
    cs = choices_of(("model.py", src))
    at = {c.concept: c for c in cs if c.line == 17}
    assert at["relu"].kind == "activation"
    assert at["width"].number == 256.0
    assert at["dropout"].number == 0.1
    assert find(cs, line=11, concept="normal_init")


def test_a_plain_layer_function():
    src = """
    import tensorflow as tf

    def dense(x, units, act=tf.nn.relu, keep_prob=1.0, name=None):
        w = tf.get_variable(name, [x.shape[-1], units], initializer=tf.contrib.layers.xavier_initializer())
        return tf.nn.dropout(act(tf.matmul(x, w)), keep_prob)

    def model(x):
        h = dense(x, 512, act=tf.nn.tanh, keep_prob=0.8, name="fc1")
        return dense(h, 10, act=tf.identity, name="out")
    """
    cs = choices_of(("model.py", src))
    at = {c.concept: c for c in cs if c.line == 8}
    assert at["tanh"].kind == "activation"
    assert at["width"].number == 512.0
    assert at["dropout"].number == 0.8
    assert find(cs, line=9, concept="linear_activation")
    assert find(cs, line=4, concept="xavier_init")


def test_a_pytorch_block_given_its_activation_class():
    src = """
    import torch.nn as nn

    class Block(nn.Module):
        def __init__(self, dim, act_layer=nn.GELU):
            super().__init__()
            self.fc = nn.Linear(dim, dim)
            self.act = act_layer()

        def forward(self, x):
            return self.act(self.fc(x))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = Block(64, act_layer=nn.ReLU)
            self.b = Block(64)
    """
    cs = choices_of(("model.py", src))
    assert find(cs, line=15, concept="relu")
    assert not find(cs, line=16, kind="activation")
    assert find(cs, line=4, concept="gelu")  # the default, used by `self.b`
