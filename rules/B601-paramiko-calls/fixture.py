import paramiko

client = paramiko.SSHClient()
cmd = input()

# Any call named exec_command in a file that imports paramiko.
# ruleid: B601
client.exec_command(cmd)

# ruleid: B601
stdin, stdout, stderr = client.exec_command("uptime")

# ruleid: B601
exec_command("ls")

# ok: B601
client.connect("host")

# ok: B601
client.exec_command_async(cmd)

# ok: B601
invoke_shell()
