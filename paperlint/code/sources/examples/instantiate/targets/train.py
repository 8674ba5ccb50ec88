import argparse

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-b", "--base", nargs="*", default=[])
    args = parser.parse_args()
