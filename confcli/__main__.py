from confcli.main import run

run()
