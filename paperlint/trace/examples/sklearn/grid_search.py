from scipy.stats import loguniform
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.svm import SVC

param_grid = {
    # trace: clf__C values[0.1, 1, 10]
    "clf__C": [0.1, 1, 10],
    # trace: clf__kernel values[linear, rbf]
    "clf__kernel": ["linear", "rbf"],
    # notrace: random_state
    "random_state": [0, 1],
}
# search: method=grid configurations=6 metric=f1_macro
search = GridSearchCV(SVC(), param_grid, cv=5, scoring="f1_macro")

# search: method=random configurations=30
random = RandomizedSearchCV(
    SVC(),
    # trace: gamma log_uniform[1e-4, 1e-1]
    {"gamma": loguniform(1e-4, 1e-1)},
    n_iter=30,
)
