import keras_tuner as kt
from tensorflow import keras


def build_model(hp):
    model = keras.Sequential()
    # search: configurations=25 metric=val_accuracy method=random
    # trace: units int[32, 512, step=32]
    model.add(keras.layers.Dense(units=hp.Int("units", min_value=32, max_value=512, step=32)))
    # trace: dropout uniform[0.0, 0.5]
    model.add(keras.layers.Dropout(hp.Float("dropout", 0.0, 0.5)))
    # trace: learning_rate log_uniform[1e-4, 1e-2]
    lr = hp.Float("learning_rate", min_value=1e-4, max_value=1e-2, sampling="log")
    # trace: activation values[relu, tanh]
    act = hp.Choice("activation", ["relu", "tanh"])
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="mse")
    return model, act


tuner = kt.RandomSearch(build_model, objective="val_accuracy", max_trials=25)
