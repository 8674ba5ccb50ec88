from vit import VisionTransformer


def aster_small(**kwargs):
    # verdict: justification=none
    return VisionTransformer(embed_dim=384, depth=12, num_heads=6, **kwargs)


def aster_base(**kwargs):
    # verdict: justification=citation
    return VisionTransformer(embed_dim=768, depth=12, num_heads=12, **kwargs)
