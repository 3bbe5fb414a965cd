from confcli.cli import run

run()
