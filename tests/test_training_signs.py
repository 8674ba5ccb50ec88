"""What counts as training and as using a trained model, read from code text."""

from __future__ import annotations

import pytest

from paperlint.code import training

TRAINS = [
    "loss.backward()",
    "optimizer.step()",
    "self.opt_g.step()",
    "scaler.step(optimizer)",
    "opt.apply_gradients(zip(grads, params))",
    "model.fit(x, y, epochs=10)",
    "trainer.train()",
    "coach.learn()",
    "train(args)",
    "train_one_epoch(model, loader)",
    "sess.run(train_op, feed_dict=fd)",
    "model.train()",
    "classifier.train(input_fn)",
    "parser = pl.Trainer.add_argparse_args(parser)",
]

NOT_TRAINING = [
    "model = BertModel.from_pretrained('bert-base-uncased')",
    "x_tr, x_te = train_test_split(x, y)",
    "def train(self):\n    pass",
    "# loss.backward()",
    "print('call optimizer.step() to train')",
    "scheduler.last_epoch",
]


@pytest.mark.parametrize("code", TRAINS)
def test_training_steps_are_read_as_training(code):
    assert training.trains([code])


@pytest.mark.parametrize("code", NOT_TRAINING)
def test_lookalikes_of_training_are_not(code):
    assert not training.trains([code])


@pytest.mark.parametrize(
    "code",
    [
        "with torch.no_grad():",
        "model.eval()",
        "imgs = sampler.sample(S=50)",
        "out = model.generate(ids)",
        "y = clf.predict(x)",
    ],
)
def test_using_a_model_is_read_as_inference(code):
    assert training.infers([code])


@pytest.mark.parametrize(
    "code",
    [
        "idx = random.sample(range(10), 3)",
        "puzzles = generate_puzzles(n=1000)",
        "m = generate_interactions_matrix(data)",
    ],
)
def test_drawing_or_generating_data_is_no_model_use(code):
    assert not training.infers([code])


def test_a_file_with_neither_is_neither():
    code = ["import torch.nn as nn", "layer = nn.Linear(4, 2)"]
    assert not training.trains(code) and not training.infers(code)
