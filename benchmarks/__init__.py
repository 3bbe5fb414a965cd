"""Benchmarks: a synthetic conference corpus in every input shape, and the script that
times confcli on it against ripgrep and jq (``python benchmarks/run.py``)."""
