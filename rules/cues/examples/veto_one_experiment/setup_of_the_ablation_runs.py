# verdict: ablated=no, mentioned=yes
runner = dict(type="IterBasedRunner", max_iters=160000)
