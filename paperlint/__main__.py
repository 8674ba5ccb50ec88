from paperlint.cli import run

run()
