"""confcli: a command-line schedule explorer for machine-learning conference programmes."""

__version__ = "0.1.0"
