"""paperlint: a static linter for deep-learning papers and the code behind them."""

__version__ = "0.1.0"
