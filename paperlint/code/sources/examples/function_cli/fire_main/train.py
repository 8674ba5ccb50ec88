import fire


def main(
    # no-setting: lr
    lr=3e-4,
    # setting: epochs = 10 [runs: run.sh]
    epochs=10,
    # setting: label_smoothing = 0.1 [runs: run.sh]
    label_smoothing=0.1,
    # no-setting: out_dir
    out_dir="runs/",
):
    return lr, epochs


if __name__ == "__main__":
    fire.Fire(main)
