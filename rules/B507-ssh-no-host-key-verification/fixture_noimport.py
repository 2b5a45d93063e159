# Without any import containing "paramiko", the check does not run.
from sshlib import client

# ok: B507
client.SSHClient().set_missing_host_key_policy(client.AutoAddPolicy())

# ok: B507
ssh.set_missing_host_key_policy(AutoAddPolicy)
