from sklearn.svm import SVC

# A model's own keyword arguments are a choice, not a search.
# notrace: C
model = SVC(C=1.0)
