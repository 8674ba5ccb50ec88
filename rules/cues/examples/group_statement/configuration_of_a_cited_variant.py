from encoder import Encoder


def build_encoder(**kwargs):
    # verdict: justification=citation
    return Encoder(hidden_size=768, num_layers=12, num_heads=12, **kwargs)


def build_encoder_large(**kwargs):
    # verdict: justification=none
    return Encoder(hidden_size=1024, num_layers=24, num_heads=16, **kwargs)
