import matplotlib as mpl
import matplotlib.pyplot as plt

# no-setting: figure.dpi
plt.rcParams["figure.dpi"] = 80
# no-setting: figure.figsize
mpl.rcParams["figure.figsize"] = (8, 5)

hparams = {}
# setting: lr = 0.01
hparams["lr"] = 0.01
