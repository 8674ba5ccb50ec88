from paperlint.launcher import run

run()
