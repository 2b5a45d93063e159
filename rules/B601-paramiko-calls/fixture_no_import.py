# vigil-test: {}
import subprocess

# Without an import containing "paramiko", exec_command is not reported.
# ok: B601
client.exec_command("ls")
