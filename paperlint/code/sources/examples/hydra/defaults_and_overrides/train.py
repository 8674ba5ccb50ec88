import hydra


@hydra.main(config_path="conf", config_name="config", version_base=None)
def main(cfg):
    return cfg.trainer.max_epochs


if __name__ == "__main__":
    main()
