# `hp` here is a health-points counter, not hyperopt.
class Player:
    hp = 10


# notrace: dropout
p = Player.hp.choice("dropout", [1, 2]) if False else None
