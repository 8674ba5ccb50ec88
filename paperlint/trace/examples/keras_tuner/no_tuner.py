# A class with a Choice method is not KerasTuner: the file never imports it.
class Menu:
    def Choice(self, name, options):
        return options[0]


# notrace: dropout
x = Menu().Choice("dropout", [0.1, 0.2])
