"""Components the tables do not name but the code makes plain: an optimizer built from a model's
parameters, a vendored copy of a library, a project class that extends a library layer, a
project function named for the layer it implements. Each beside a twin where it is absent."""

from __future__ import annotations

from helpers import choices_of, extract_files, find


def _cs(src: str, path: str = "train.py"):
    return choices_of((path, src))


# ── optimizers ──────────────────────────────────────────────────────────────────────────────


def test_a_class_built_from_the_models_parameters_and_a_learning_rate_is_an_optimizer():
    cs = _cs(
        """
        from adam_atan2 import AdamATan2

        def main(model, config):
            opt = AdamATan2(
                model.parameters(),
                lr=1e-4,
                weight_decay=0.1,
                betas=(0.9, 0.95),
            )
        """
    )
    opt = find(cs, kind="optimizer")
    assert [(c.line, c.concept, c.value) for c in opt] == [(4, "adam", "AdamATan2")]
    assert find(cs, kind="learning_rate")[0].line == 6
    assert find(cs, kind="weight_decay")[0].number == 0.1
    assert find(cs, kind="momentum")[0].line == 8


def test_an_unknown_optimizer_is_named_by_its_learning_rate_and_lr_zero_is_left_to_the_schedule():
    cs = _cs(
        """
        from somewhere import Shampoo

        def main(model):
            opt = Shampoo(filter(lambda p: p.requires_grad, model.parameters()), lr=0, momentum=0.9)
        """
    )
    assert [c.concept for c in find(cs, kind="optimizer")] == ["custom_optimizer"]
    assert not find(cs, kind="learning_rate")  # lr=0: a placeholder the schedule overwrites
    assert find(cs, kind="momentum")[0].number == 0.9


def test_what_is_built_from_the_parameters_but_is_no_optimizer_is_not_one():
    cs = _cs(
        """
        from torch_ema import ExponentialMovingAverage
        from torchinfo import Summary
        import torch

        def main(model):
            ema = ExponentialMovingAverage(model.parameters(), decay=0.995)
            s = Summary(model.parameters())
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            g = Grouper(layers, lr=0.1)
        """
    )
    assert not find(cs, kind="optimizer")


def test_the_optimizer_class_a_vendored_trainer_assigns_is_the_librarys():
    trainer = """
        from .optimization import Adafactor, AdamW

        class Trainer:
            def create_optimizer(self):
                if self.args.adafactor:
                    optimizer_cls = Adafactor
                else:
                    optimizer_cls = AdamW
                self.optimizer = optimizer_cls(self.grouped, **self.kwargs)
        """
    cs = _cs(trainer, "src/transformers/trainer.py")
    assert [(c.line, c.concept) for c in find(cs, kind="optimizer")] == [
        (6, "adafactor"),
        (8, "adamw"),
    ]
    # twin: the same code in a package that is no copy of a library names no optimizer
    assert not find(_cs(trainer, "src/mytools/trainer.py"), kind="optimizer")


def test_a_vendored_libraries_other_calls_are_its_internals():
    cs = _cs(
        """
        from .training_args import TrainingArguments
        from .trainer_utils import set_seed

        class Trainer:
            def __init__(self, args=None):
                if args is None:
                    args = TrainingArguments(output_dir="tmp_trainer")
                set_seed(args.seed)
        """,
        "src/transformers/trainer.py",
    )
    assert not find(cs, kind="learning_rate") and not find(cs, concept="fixed_seed")


# ── the project's own layers ────────────────────────────────────────────────────────────────

_UTIL = """
import torch
import torch.nn as nn

class GroupNorm32(nn.GroupNorm):
    def forward(self, x):
        return super().forward(x.float()).type(x.dtype)

def normalization(channels):
    return GroupNorm32(32, channels)

def rms_norm(x, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
"""

_MODEL = """
import torch.nn as nn
from util import normalization, rms_norm

class Block(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.norm = normalization(ch)
        self.conv = nn.Conv2d(ch, ch, 3)

    def forward(self, x):
        h = self.conv(self.norm(x))
        return rms_norm(x + h, 1e-5)
"""


def test_a_subclass_of_a_library_layer_is_that_layer_with_its_arguments():
    cs = choices_of(("util.py", _UTIL), ("model.py", _MODEL))
    gn = find(cs, file="util.py", line=9)
    assert {(c.kind, c.concept) for c in gn} == {
        ("normalization", "group_norm"),
        ("other", "group_norm.num_groups"),
    }
    assert find(cs, concept="group_norm.num_groups")[0].number == 32
    # the block that uses it has normalization: no "no normalization" absence
    assert not find(cs, concept="no_normalization")


def test_a_subclass_with_its_own_constructor_keeps_its_own_arguments():
    cs = choices_of(
        (
            "m.py",
            """
            import torch.nn as nn

            class MyNorm(nn.LayerNorm):
                def __init__(self, dim, scale=2.0):
                    super().__init__(dim)
                    self.scale = scale

            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.n = MyNorm(64, 0.5)
            """,
        )
    )
    assert [c.concept for c in find(cs, line=11, kind="normalization")] == ["layer_norm"]
    assert not find(cs, concept="layer_norm.eps")  # 0.5 is the project's `scale`, not `eps`


def test_a_plain_module_subclass_is_no_library_layer():
    cs = choices_of(
        (
            "m.py",
            """
            import torch.nn as nn

            class GroupNormish(nn.Module):
                def forward(self, x):
                    return x

            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.n = GroupNormish()
            """,
        )
    )
    assert not find(cs, concept="group_norm")


def test_a_function_named_for_a_layer_is_that_layer_where_a_model_uses_it():
    cs = choices_of(("util.py", _UTIL), ("model.py", _MODEL))
    assert [(c.line, c.concept) for c in find(cs, file="model.py", kind="normalization")] == [
        (12, "rms_norm")
    ]
    # `normalization(ch)` names no layer of its own: the GroupNorm32 it returns is read inside
    assert not find(cs, file="model.py", concept="normalization")
    # twin: the same function used outside any model is no layer choice
    script = """
        from util import rms_norm

        def preprocess(x):
            return rms_norm(x, 1e-5)
        """
    assert not find(choices_of(("util.py", _UTIL), ("prep.py", script)), concept="rms_norm")


# ── element-wise functions on a model's outputs ─────────────────────────────────────────────

_HEAD = """
import torch
from torch import nn
import torch.nn.functional as F

class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.bbox_pred = nn.Conv2d(256, 4, 3)

    def forward(self, x):
        out = []
        for l, feature in enumerate(x):
            bbox_pred = self.scales[l](self.bbox_pred(feature))
            if self.norm_reg_targets:
                bbox_pred = F.relu(bbox_pred)
            else:
                out.append(torch.exp(bbox_pred))
        return out
"""


def test_exp_on_a_layers_output_in_the_forward_pass_is_an_activation():
    cs = choices_of(("head.py", _HEAD))
    assert [(c.line, c.concept) for c in find(cs, kind="activation", concept="exp_activation")] == [
        (17, "exp_activation")
    ]


def test_exp_of_anything_else_is_no_activation():
    cs = choices_of(
        (
            "pos.py",
            """
            import math
            import torch
            from torch import nn

            class PositionalEncoding(nn.Module):
                def __init__(self, d):
                    super().__init__()
                    self.div = torch.exp(torch.arange(0, d, 2) * -(math.log(10000.0) / d))

                def forward(self, x):
                    scale = torch.exp(x.new_tensor(2.0))
                    return x * scale
            """,
        ),
        ("data.py", "import torch\n\ndef prep(y):\n    return torch.exp(y)\n"),
    )
    assert not find(cs, concept="exp_activation")


# ── classes named as a loss ─────────────────────────────────────────────────────────────────


def test_a_class_named_as_a_loss_is_that_loss_and_its_output_activation():
    cs = _cs(
        """
        from layers import SigmoidFocalLoss, DiceLoss

        class LossComputation:
            def __init__(self, cfg):
                self.cls_loss_func = SigmoidFocalLoss(cfg.GAMMA, cfg.ALPHA)
                self.seg_loss = DiceLoss()
        """
    )
    assert {(c.line, c.kind, c.concept) for c in find(cs, source="call")} == {
        (5, "loss", "focal_loss"),
        (5, "activation", "sigmoid"),
        (6, "loss", "custom_loss"),
    }


def test_a_name_that_ends_otherwise_is_no_loss_class():
    cs = _cs(
        """
        from layers import LossComputation, Lossy

        def build(cfg):
            evaluator = LossComputation(cfg)
            x = Lossy(cfg)
        """
    )
    assert not find(cs, kind="loss", source="call")


# ── numbers written in a model's or a loss's code ───────────────────────────────────────────


def test_a_table_of_numbers_in_a_loss_is_a_choice_at_its_line():
    cs = _cs(
        """
        INF = 100000000

        class FCOSLossComputation:
            def prepare_targets(self, points, targets):
                object_sizes_of_interest = [
                    [-1, 64],
                    [64, 128],
                    [512, INF],
                ]
                shape = [-1, 4, 64]
                return object_sizes_of_interest
        """
    )
    table = find(cs, line=5)
    assert [c.concept for c in table] == ["object_sizes_of_interest"]
    assert not find(cs, line=10)  # a shape is no choice


def test_a_table_of_numbers_outside_model_and_loss_code_is_none():
    cs = _cs(
        """
        def plot(ax):
            ticks = [[0, 10], [10, 20]]
            ax.set(ticks)
        """
    )
    assert not find(cs, line=2)


def test_a_power_under_a_selected_branch_is_a_choice_even_for_half_and_two():
    cs = _cs(
        """
        import torch

        def make_beta_schedule(schedule, n, start=1e-4, end=2e-2):
            if schedule == "linear":
                betas = (
                    torch.linspace(start ** 0.5, end ** 0.5, n) ** 2
                )
            elif schedule == "sqrt":
                betas = torch.linspace(start, end, n) ** 0.5
            return betas

        def norm(x):
            return (x ** 2).sum() ** 0.5
        """
    )
    consts = find(cs, source="constant")
    assert [(c.line, c.branch) for c in consts] == [
        (6, "schedule == 'linear'"),
        (9, "schedule == 'sqrt'"),
    ]


# ── a vendored copy of a library class ──────────────────────────────────────────────────────

_COPY = """
class ImageDataGenerator(object):
    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False, samplewise_std_normalization=False,
                 zca_whitening=False, zca_epsilon=1e-6, rotation_range=0., width_shift_range=0.,
                 height_shift_range=0., brightness_range=None, shear_range=0., zoom_range=0.,
                 channel_shift_range=0., fill_mode='nearest', cval=0., horizontal_flip=False,
                 vertical_flip=False, rescale=None, preprocessing_function=None,
                 data_format=None, validation_split=0.0, is_training=False, params=None):
        self.rescale = rescale
"""

_RUNNER = """
from utils.image import ImageDataGenerator

def train(params):
    gen = ImageDataGenerator(rescale=1. / 255,
                             horizontal_flip=True,
                             vertical_flip=True,
                             is_training=True,
                             params=params)
"""


def test_a_project_copy_of_a_library_class_is_read_against_the_librarys_signature():
    cs = choices_of(("utils/image.py", _COPY), ("train.py", _RUNNER))
    got = {(c.line, c.kind) for c in find(cs, file="train.py")}
    assert {(4, "other"), (5, "augmentation"), (6, "augmentation")} <= got
    assert not find(cs, file="train.py", line=7)  # `is_training` is the copy's own


def test_a_project_class_that_only_shares_the_name_is_no_copy():
    small = """
        class ImageDataGenerator(object):
            def __init__(self, folder, horizontal_flip=False):
                self.folder = folder
        """
    cs = choices_of(("utils/image.py", small), ("train.py", _RUNNER))
    assert not find(cs, file="train.py", kind="augmentation", line=6)


def test_keras_applications_weights_are_pretrained_weights():
    cs = _cs(
        """
        from keras.applications.xception import Xception

        def build():
            base = Xception(weights='imagenet', include_top=False)
            scratch = Xception(weights=None, include_top=False)
        """
    )
    pre = find(cs, concept="pretrained_weights")
    assert [(c.line, c.value) for c in pre] == [(4, "'imagenet'"), (5, "None")]


# ── numbers chosen in the code around a call ────────────────────────────────────────────────

_HIST = """
import numpy as np
import torch.nn as nn

def color_histogram(im, nbin=10, xmin=0, xmax=255):
    return np.histogram(im, bins=np.linspace(xmin, xmax, nbin + 1))

class Net(nn.Module):
    def features(self, img):
        num_color_bins = 50
        return color_histogram(img, xmin=0.0, xmax=1.0, nbin=num_color_bins)
"""


def test_a_number_set_just_above_the_call_it_is_handed_to_is_chosen_where_written():
    cs = choices_of(("feat.py", _HIST))
    assert [(c.line, c.number) for c in find(cs, concept="nbin")] == [(9, 50.0)]


def test_a_number_set_far_from_the_call_is_not_taken_for_its_argument():
    far = _HIST.replace(
        "        num_color_bins = 50\n", "        num_color_bins = 50\n" + "        pass\n" * 14
    )
    assert not find(choices_of(("feat.py", far)), concept="nbin")


def test_a_loop_over_a_grid_of_fractions_is_a_search_grid():
    cs = _cs(
        """
        import numpy as np

        def tune(val_pred, val_true):
            th_candidate = np.linspace(0.05, 0.95, num=19)
            best = 0
            for t in th_candidate:
                best = max(best, score(val_pred > t, val_true))
            for i in np.arange(0, 10, 1):
                pass
            xs = np.linspace(0.0, 1.0, 100)
            plot(xs)
        """
    )
    grid = find(cs, concept="search_grid")
    assert [c.line for c in grid] == [4]  # integers are counts; a grid never looped over is none


def test_an_exponent_set_by_a_parameters_default_is_a_choice_where_applied():
    cs = _cs(
        """
        def label_weights(freqs, alpha=0.75, beta=2):
            top = max(freqs)
            return [(f / top) ** alpha for f in freqs] + [f ** beta for f in freqs]
        """
    )
    assert [(c.line, c.concept, c.number) for c in find(cs, source="assign")] == [
        (3, "alpha", 0.75)
    ]


def test_a_function_of_the_initializer_protocol_initializes_with_what_it_draws():
    cs = _cs(
        """
        from keras import backend as K

        class Model:
            def label_embed(self, shape, dtype=None):
                emb = K.random_normal(shape=shape, dtype=dtype)
                return emb

            def noise(self, x):
                return x + K.random_normal(shape=(4, 4))
        """
    )
    assert [(c.line, c.concept) for c in find(cs, kind="init")] == [(5, "normal_init")]


# ── training procedure written in the forward pass and the data code ────────────────────────


def test_no_grad_inside_a_models_forward_pass_is_gradient_truncation():
    cs = _cs(
        """
        import torch
        from torch import nn

        class Recursive(nn.Module):
            def __init__(self):
                super().__init__()
                self.block = nn.Linear(8, 8)

            def forward(self, z):
                with torch.no_grad():
                    for _ in range(2):
                        z = self.block(z)
                return self.block(z)

        def evaluate(model, batch):
            with torch.no_grad():
                return model(batch)

        class Head(nn.Module):
            def forward(self, logits):
                with torch.no_grad():
                    preds = torch.argmax(logits, dim=-1)
                return logits, preds

        class LitEma(nn.Module):
            def forward(self, model):
                with torch.no_grad():
                    shadow = dict(self.named_buffers())
                    for key, p in model.named_parameters():
                        shadow[key].sub_(0.001 * (shadow[key] - p))
        """
    )
    assert [c.line for c in find(cs, concept="gradient_truncation")] == [10]


def test_a_known_setting_given_one_of_two_numbers_by_a_condition_is_a_choice():
    cs = _cs(
        """
        def build(sols, num_aug):
            for sol in sols:
                aug_range = 8 if num_aug > 0 else 1
                hidden_size = 64 if num_aug else 32
                k = 3 if num_aug else 5
                iterations = 1 if num_aug == 0 else 3
        """
    )
    assert [(c.line, c.kind, c.value) for c in find(cs, source="assign")] == [
        (3, "augmentation", "8 if num_aug > 0 else 1"),
        (4, "channels", "64 if num_aug else 32"),
    ]  # `k` names no setting the vocabulary knows, `iterations` is no run's epochs


def test_a_fraction_drawn_between_bounds_written_in_the_code_is_a_choice():
    cs = _cs(
        """
        import numpy as np

        def mask(problem):
            mask_ratio = np.random.uniform(0.2, 0.7)
            idx = np.random.randint(0, 10)
            noise = np.random.uniform(size=3)
            return mask_ratio, idx, noise
        """
    )
    assert [(c.line, c.concept) for c in find(cs, source="assign")] == [(4, "mask_ratio")]


def test_a_boolean_flag_is_kept_when_the_vocabulary_names_what_it_switches():
    cs = _cs(
        """
        import tensorflow as tf

        tf.app.flags.DEFINE_bool('rnn_concat_all', True, '')
        tf.app.flags.DEFINE_bool('label_emb_trainable', True, '')
        tf.app.flags.DEFINE_bool('sparse_inputs', False, '')
        """
    )
    assert [(c.line, c.concept) for c in find(cs, source="flag")] == [(3, "concatenation")]


# ── the weights a run starts from ───────────────────────────────────────────────────────────

_LOADER = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--init_weights", default=None)
parser.add_argument("--resume", default=None)
parser.add_argument("--data_path", default="data")
args = parser.parse_args()

model = build()
if args.init_weights is not None:
    state = torch.load(args.init_weights)
    model.load_state_dict(state, strict=False)
if args.resume:
    model.load_state_dict(torch.load(args.resume))
"""

_LAUNCH = """
python train.py \\
  --init_weights ./mnli_adapter.bin \\
  --resume ./runs/last.pt \\
  --data_path ./glue
"""


def test_an_option_whose_file_is_loaded_into_the_model_is_the_runs_initialization(tmp_path):
    inv = extract_files(tmp_path, {"train.py": _LOADER, "run.sh": _LAUNCH})
    pre = find(list(inv.choices), file="run.sh", concept="pretrained_weights")
    assert [(c.line, c.value) for c in pre] == [(2, "'./mnli_adapter.bin'")]
    # the resumed checkpoint and the data folder stay plumbing
    assert not find(list(inv.choices), file="run.sh", line=3)
    assert not find(list(inv.choices), file="run.sh", line=4)


def test_a_path_option_the_code_never_loads_into_a_model_stays_plumbing(tmp_path):
    loader = _LOADER.replace("torch.load(args.init_weights)", "read_table(args.init_weights)")
    inv = extract_files(tmp_path, {"train.py": loader, "run.sh": _LAUNCH})
    assert not find(list(inv.choices), file="run.sh", concept="pretrained_weights")


def test_from_pretrained_and_pretrained_flags_of_unknown_models_are_their_initialization():
    cs = _cs(
        """
        import vision_zoo
        from transformers import AutoTokenizer
        from .modeling_roberta import RobertaForSequenceClassification

        def build(args):
            model = RobertaForSequenceClassification.from_pretrained("roberta-base")
            tok = AutoTokenizer.from_pretrained("roberta-base")
            cfg = RobertaConfig.from_pretrained("roberta-base")
            best = model.from_pretrained(self.state.best_model_checkpoint)
            backbone = vision_zoo.build("resnet50", pretrained=True)
            head = vision_zoo.build("resnet18", pretrained=args.pretrained)
            return model, tok, cfg, backbone, head, best
        """
    )
    pre = find(cs, concept="pretrained_weights")
    # a tokenizer's or a configuration's files, the run's own best checkpoint: none
    assert [c.line for c in pre] == [6, 10, 11]
    assert pre[0].value == "'roberta-base'" and "True" in pre[1].value


def test_pretrained_true_handed_to_the_projects_model_factory_is_its_initialization():
    cs = choices_of(
        (
            "models.py",
            """
            import torch
            import torch.nn as nn

            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(8, 8)

            def net_small(pretrained=False, sparse=False):
                model = Net()
                if pretrained:
                    model.load_state_dict(torch.load("net_small.pth"))
                return model
            """,
        ),
        (
            "train.py",
            "from models import net_small\n\nmodel = net_small(pretrained=True, sparse=True)\n",
        ),
    )
    assert [(c.line, c.concept) for c in find(cs, file="train.py")] == [(3, "pretrained_weights")]


# ── model variants: a library's model class, a subclass handing its settings to its base ──────


def test_a_library_model_class_built_with_architecture_keywords_gives_each_named_setting():
    cs = _cs(
        """
        from functools import partial
        import torch.nn as nn
        from timm.models.vision_transformer import VisionTransformer

        def vit_small(pretrained=False, **kwargs):
            model = VisionTransformer(
                patch_size=16, embed_dim=384, depth=12, num_heads=6, mlp_ratio=4, qkv_bias=True,
                norm_layer=partial(nn.LayerNorm, eps=1e-6), **kwargs)
            return model
        """,
        "models.py",
    )
    got = {(c.line, c.kind, c.concept, c.value) for c in cs}
    assert (7, "channels", "width", "384") in got
    assert (7, "depth", "depth", "12") in got
    assert (7, "heads", "attention_heads", "6") in got
    assert (7, "channels", "ffn_expansion", "4") in got
    assert (7, "other", "bias_terms", "True") in got
    assert (7, "other", "patch_size", "16") in got
    assert not find(cs, concept="input_resolution")  # a patch size is no input resolution


def test_a_library_call_with_keywords_the_vocabulary_does_not_name_gives_nothing():
    cs = _cs(
        """
        from timm.models.vision_transformer import VisionTransformer
        from somelib.plotting import Figure

        def build(args):
            fig = Figure(title="x", dpi=300, tight=True)
            model = VisionTransformer(inplace=True, depth=args.depth, global_pool="avg", num_classes=10)
            twin = VisionTransformer(depth=12)
            return model
        """,
        "models.py",
    )
    # an unknown keyword, a boolean whose effect is not named, a value from a setting (reported
    # where the setting is written), a string the vocabulary does not read, the data's classes
    assert not [c for c in cs if c.line in (5, 6)]
    assert [(c.line, c.concept) for c in cs if c.line == 7] == [(7, "depth")]


def test_a_variant_subclass_hands_its_per_stage_settings_to_the_base_class():
    cs = _cs(
        """
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self, dim, heads):
                super().__init__()
                self.attn = nn.MultiheadAttention(dim, heads)

        class Backbone(nn.Module):
            def __init__(self, embed_dims=[64, 128], depths=[2, 2], sr_ratios=[4, 2], drop_path_rate=0.0):
                super().__init__()
                self.stages = nn.ModuleList(
                    [Block(embed_dims[i], 2, ) for i in range(len(depths))])
                self.reduce = [nn.Conv2d(embed_dims[i], embed_dims[i], sr_ratios[i]) for i in range(2)]

        class small(Backbone):
            def __init__(self, **kwargs):
                super(small, self).__init__(
                    embed_dims=[32, 64], depths=[3, 4],
                    sr_ratios=[8, 4], drop_path_rate=0.1)
        """,
        "backbone.py",
    )
    at = {(c.line, c.concept, c.value) for c in cs if c.line in (18, 19)}
    assert (18, "width", "[32, 64]") in at
    assert (18, "depth", "[3, 4]") in at
    assert (19, "sr_ratios", "[8, 4]") in at  # a value per stage is a table of choices
    assert (19, "drop_path", "0.1") in at  # stochastic depth, its own concept


def test_a_subclass_calling_its_library_base_constructor_is_no_variant():
    cs = _cs(
        """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self, width=16):
                super(Net, self).__init__()
                self.fc = nn.Linear(4, width)

        class Wide(Net):
            def __init__(self):
                super().__init__(width=64)
        """,
        "net.py",
    )
    assert [c.value for c in cs if c.line == 10] == ["64"]  # the twin: the project's base
    assert not [c for c in cs if c.line == 5]  # `nn.Module.__init__()` hands nothing


# ── the project's own loss functions, layers appended to a list ─────────────────────────────


def test_a_project_function_named_for_a_loss_is_that_loss_where_it_is_called():
    cs = choices_of(
        (
            "metrics.py",
            """
import tensorflow as tf

def masked_softmax_cross_entropy(preds, labels, mask):
    loss = tf.nn.softmax_cross_entropy_with_logits(logits=preds, labels=labels)
    return tf.reduce_mean(loss * mask)

def ranking(scores):
    return tf.argsort(scores)
""",
        ),
        (
            "models.py",
            """
from metrics import masked_softmax_cross_entropy, ranking

class Model:
    def _loss(self):
        self.loss += masked_softmax_cross_entropy(self.outputs, self.labels, self.mask)
        self.order = ranking(self.outputs)
""",
        ),
    )
    at_call = [(c.line, c.kind, c.concept) for c in cs if c.file == "models.py"]
    assert (5, "loss", "cross_entropy") in at_call
    assert not [c for c in at_call if c[0] == 6]  # `ranking(...)` names no loss


def test_layers_appended_one_after_another_to_a_models_list_are_its_depth():
    cs = _cs(
        """
        import tensorflow as tf

        class GraphConv:
            def __init__(self, input_dim, output_dim, act=tf.nn.relu):
                self.w = tf.Variable(tf.zeros([input_dim, output_dim]))

            def __call__(self, x):
                return tf.nn.dropout(x, rate=0.5) @ self.w

        class GCN:
            def _build(self):
                self.layers.append(GraphConv(input_dim=10, output_dim=16))
                self.layers.append(GraphConv(input_dim=16, output_dim=7, act=lambda x: x))

        class Logger:
            def run(self):
                self.records.append(Record(1))
                self.records.append(Record(2))
        """,
        "models.py",
    )
    depth = find(cs, kind="depth", source="structure")
    assert [(c.line, c.value) for c in depth] == [(12, "2")]  # not the records of a logger


def test_a_layers_bias_switch_default_is_a_choice_and_other_boolean_defaults_are_not():
    cs = _cs(
        """
        import tensorflow as tf

        class GraphConvolution:
            def __init__(self, input_dim, output_dim, dropout=0.0, sparse_inputs=False,
                         bias=False, featureless=False):
                self.w = tf.Variable(tf.zeros([input_dim, output_dim]))
        """,
        "layers.py",
    )
    assert [(c.line, c.concept, c.value) for c in cs if c.line in (4, 5)] == [
        (5, "bias_terms", "False")
    ]


def test_an_in_place_initializer_function_from_a_library_is_that_initialization():
    cs = _cs(
        """
        import torch
        import torch.nn as nn
        from timm.models.layers import trunc_normal_

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.pos_embed = nn.Parameter(torch.zeros(1, 16, 64))
                trunc_normal_(self.pos_embed, std=.02)
                self.fc = nn.Linear(64, 10)
                self.fc.weight.data.normal_(0, 0.01)
                self.fc.bias.data.zero_()
        """,
        "net.py",
    )
    assert [c.concept for c in cs if c.line == 9 and c.kind == "init"] == ["normal_init"]
    # a tensor's own in-place method is read once, as before (not again as a named scheme)
    assert len([c for c in cs if c.line == 11 and c.kind == "init"]) == 1
    assert len([c for c in cs if c.line == 12 and c.kind == "init"]) == 1
