from absl import app, flags

FLAGS = flags.FLAGS
# no-setting: learning_rate
flags.DEFINE_float("learning_rate", 0.001, "Learning rate.")
# setting: batch_size = 100 [runs: run.sh]
flags.DEFINE_integer("batch_size", 100, "Batch size.")
# no-setting: data_dir
flags.DEFINE_string("data_dir", "/tmp/data", "Where the data is.")


def main(argv):
    return FLAGS.learning_rate


if __name__ == "__main__":
    app.run(main)
