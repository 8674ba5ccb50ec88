from sklearn.model_selection import train_test_split

# verdict: justification=none
train, val = train_test_split(rows, test_size=0.2)
