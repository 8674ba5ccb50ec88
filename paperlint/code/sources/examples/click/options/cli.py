import click


@click.command()
# setting: lr = 0.01 [runs: cli.py]
@click.option("--lr", default=0.01, help="learning rate")
# no-setting: out
@click.option("--out", default="runs/", help="output folder")
def train(lr, out):
    return lr


if __name__ == "__main__":
    train()
