from sklearn.model_selection import train_test_split

features, labels = list(range(50)), [0, 1] * 25
# verdict: mismatch=yes
fit_x, held_x, fit_y, held_y = train_test_split(features, labels, test_size=0.3)
