"""Training-procedure choices that are not layer arguments: each found at its line with a kind
and a concept the paper side knows, beside a twin where it is absent."""

from __future__ import annotations

from helpers import choices_of, find

from paperlint import vocab


def _cs(src: str):
    return choices_of(("train.py", src))


def test_fixed_seeds_are_one_choice_at_the_first_seed():
    cs = _cs(
        """
        import random
        import numpy as np
        import torch

        def main(args):
            torch.manual_seed(0)
            np.random.seed(0)
            random.seed(0)
        """
    )
    seeds = find(cs, concept="fixed_seed")
    assert [(c.line, c.number) for c in seeds] == [(6, 0.0)]
    assert seeds[0].obviousness == "conventional"


def test_no_seed_call_no_seed_choice():
    cs = _cs(
        """
        import torch

        def main(args):
            x = torch.randn(3)
        """
    )
    assert not find(cs, concept="fixed_seed")


def test_how_validation_data_is_split_off():
    cs = _cs(
        """
        from torch.utils.data import random_split
        from sklearn.model_selection import train_test_split, KFold

        train_ds, val_ds = random_split(ds, [45000, 5000])
        X_tr, X_val = train_test_split(X, test_size=0.2, random_state=42)
        folds = KFold(n_splits=10, shuffle=True)
        """
    )
    assert [c.line for c in find(cs, concept="validation_split", source="call")] == [4, 5, 6]
    assert find(cs, line=5, concept="validation_split")[0].number == 0.2


def test_keras_validation_split_in_fit():
    cs = _cs(
        """
        def train(model, x, y):
            model.fit(x, y, epochs=10, validation_split=0.1)
            model.fit(x, y, epochs=10)
        """
    )
    assert [c.line for c in find(cs, concept="validation_split")] == [2]


def test_mixed_precision():
    cs = _cs(
        """
        import torch
        from torch.cuda.amp import GradScaler, autocast

        scaler = GradScaler()

        def step(model, x):
            with autocast():
                return model(x)

        def plain(model, x):
            with torch.no_grad():
                return model(x)
        """
    )
    assert [c.line for c in find(cs, concept="mixed_precision")] == [4, 7]


def test_keras_mixed_precision_policy():
    cs = _cs(
        """
        from tensorflow import keras
        keras.mixed_precision.set_global_policy("mixed_float16")
        """
    )
    assert find(cs, concept="mixed_precision")[0].value == "set_global_policy('mixed_float16')"


def test_averaged_weights_by_library_or_by_the_projects_own_class():
    cs = _cs(
        """
        import torch
        from timm.utils import ModelEmaV2

        class LitEma(torch.nn.Module):
            def __init__(self, model, decay=0.9999):
                super().__init__()

        class Schema:
            def __init__(self, fields):
                self.fields = fields

        def setup(model):
            swa = torch.optim.swa_utils.AveragedModel(model)
            ema = ModelEmaV2(model, decay=0.9998)
            mine = LitEma(model)
            schema = Schema([])
        """
    )
    ema = {c.line: c for c in find(cs, concept="ema")}
    assert sorted(ema) == [5, 13, 14, 15]
    assert ema[14].number == 0.9998
    assert not find(cs, line=16)


def test_early_stopping_by_a_callback_or_a_counter():
    cs = _cs(
        """
        from pytorch_lightning.callbacks import EarlyStopping

        stopper = EarlyStopping(monitor="val_loss", patience=5)

        def fit(model, epochs=100, patience=10):
            wait = 0
            for epoch in range(epochs):
                if wait > patience:
                    break
        """
    )
    stops = find(cs, concept="early_stopping")
    assert {c.line for c in stops} == {3, 5}
    assert find(cs, line=3, kind="epochs", param="patience")[0].number == 5.0
    assert not find(cs, line=6)  # the counter


def test_loss_reduction_class_weights_and_label_smoothing_are_loss_choices():
    cs = _cs(
        """
        import torch.nn as nn
        import torch.nn.functional as F

        criterion = nn.CrossEntropyLoss(weight=class_weights, reduction="sum", label_smoothing=0.1)
        plain = nn.CrossEntropyLoss()

        def loss_fn(logits, y, w):
            return F.binary_cross_entropy_with_logits(logits, y, pos_weight=w)
        """
    )
    on4 = {c.concept for c in find(cs, line=4)}
    assert {"class_weights", "loss_reduction", "label_smoothing", "cross_entropy"} <= on4
    assert {c.concept for c in find(cs, line=5)} == {"cross_entropy"}
    assert find(cs, line=8, concept="class_weights")


def test_a_loss_divided_by_a_count_is_its_normalization_and_an_average_for_logging_is_not():
    cs = _cs(
        """
        def losses(self, logits, labels, num_pos, loader):
            cls_loss = self.cls_loss_func(logits, labels) / max(num_pos, 1.0)
            total_loss = 0.0
            for batch in loader:
                total_loss += self.step(batch)
            avg_loss = total_loss / len(loader)
            mean_loss = self.step(batch).item() / len(loader)
            return cls_loss
        """
    )
    norm = find(cs, concept="loss_normalization")
    assert [(c.line, c.value) for c in norm] == [(2, "cls_loss / max(num_pos, 1.0)")]


def test_gradient_clipping():
    cs = _cs(
        """
        import torch

        def step(model, opt):
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
            opt.step()
        """
    )
    assert find(cs, concept="gradient_clipping", line=4)


def test_full_batch_training_is_one_update_per_epoch():
    cs = _cs(
        """
        import torch

        def train_graph(model, features, adj, epochs=200):
            opt = torch.optim.Adam(model.parameters(), lr=0.01)
            for epoch in range(epochs):
                opt.zero_grad()
                model(features, adj).backward()
                opt.step()

        def train_batches(model, loader, scheduler, epochs=10):
            opt = torch.optim.Adam(model.parameters(), lr=0.01)
            for epoch in range(epochs):
                for x, y in loader:
                    model(x).backward()
                    opt.step()
                scheduler.step()

        def train_tf1(sess, model, feed_dict, epochs=200):
            for epoch in range(epochs):
                sess.run([model.opt_op, model.loss], feed_dict=feed_dict)
        """
    )
    assert [c.line for c in find(cs, concept="full_batch")] == [8, 20]


def test_every_procedure_concept_is_known_to_the_paper_side():
    for concept in (
        "fixed_seed",
        "validation_split",
        "mixed_precision",
        "ema",
        "early_stopping",
        "loss_reduction",
        "class_weights",
        "label_smoothing",
        "loss_normalization",
        "gradient_clipping",
        "full_batch",
    ):
        c = vocab.concept(concept)
        assert c is not None and c.phrases, concept


def test_an_epoch_loop_left_on_a_condition_on_the_validation_history_is_an_early_stopping_rule():
    cs = _cs(
        """
        import numpy as np

        def train(sess, model, feed, evaluate, epochs=200, window=10, max_steps=1000):
            cost_val = []
            for epoch in range(epochs):
                sess.run(model.opt_op, feed_dict=feed)
                cost_val.append(evaluate())
                if epoch > window and cost_val[-1] > np.mean(cost_val[-(window + 1):-1]):
                    break

        def train_budget(step_fn, epochs=10, max_steps=1000):
            step = 0
            for epoch in range(epochs):
                step += step_fn(len(range(step)))
                if step > max_steps:
                    break
        """
    )
    rules = find(cs, concept="early_stopping", source="structure")
    assert [c.line for c in rules] == [8]  # not the step budget at line 15
    assert rules[0].kind == "epochs"


def test_full_batch_is_placed_where_the_step_input_is_built():
    cs = _cs(
        """
        def train_tf1(sess, model, features, support, labels, build_feed, epochs=200):
            for epoch in range(epochs):
                feed_dict = build_feed(features, support, labels)
                feed_dict.update({"dropout": 0.5})
                sess.run([model.opt_op, model.loss], feed_dict=feed_dict)

        def train_fed_outside(sess, model, feed_dict, epochs=200):
            for epoch in range(epochs):
                sess.run([model.opt_op, model.loss], feed_dict=feed_dict)
        """
    )
    assert [c.line for c in find(cs, concept="full_batch")] == [3, 9]


def test_index_sets_named_for_a_split_are_the_training_and_validation_split():
    cs = _cs(
        """
        import numpy as np

        def load(y, labels):
            idx_train = range(len(y))
            idx_val = range(len(y), len(y) + 500)
            order = np.argsort(labels)
            idx_batch = order[:32]
        """
    )
    assert [(c.line, c.concept) for c in cs if c.line in (4, 5, 6, 7)] == [
        (4, "training_set_size"),
        (5, "validation_split"),
    ]
