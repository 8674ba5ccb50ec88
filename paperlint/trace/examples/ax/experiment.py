from ax.service.ax_client import AxClient

client = AxClient()
client.create_experiment(
    name="tune",
    parameters=[
        # trace: lr log_uniform[1e-6, 0.4]
        {"name": "lr", "type": "range", "bounds": [1e-6, 0.4], "log_scale": True},
        # trace: momentum uniform[0.0, 1.0]
        {"name": "momentum", "type": "range", "bounds": [0.0, 1.0]},
        # trace: optimizer values[adam, sgd]
        {"name": "optimizer", "type": "choice", "values": ["adam", "sgd"]},
        # notrace: seed
        {"name": "seed", "type": "choice", "values": [0, 1]},
    ],
)
