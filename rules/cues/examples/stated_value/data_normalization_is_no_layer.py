import tensorflow as tf

net = tf.keras.Sequential(
    [
        # verdict: mismatch=no
        tf.keras.layers.Conv2D(16, (3, 3), activation="relu"),
        tf.keras.layers.MaxPooling2D(2, 2),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(5, activation="softmax"),
    ]
)
net.compile(optimizer="sgd", loss="categorical_crossentropy")
