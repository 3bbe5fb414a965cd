"""The bundled sample pages, installed as package data (confcli.samples)."""
