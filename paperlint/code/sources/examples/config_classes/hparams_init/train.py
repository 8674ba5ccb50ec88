from config import TrainConfig

if __name__ == "__main__":
    cfg = TrainConfig()
