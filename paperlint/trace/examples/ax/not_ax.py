# A list of named things with a type is not an Ax search space without bounds or values.
# notrace: lr
fields = [{"name": "lr", "type": "float"}]
