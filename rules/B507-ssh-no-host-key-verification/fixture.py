# Bandit 1.9 semantics: the policy may also be instantiated (1.6.2 only reads names/attributes, and also
# matches a string literal 'AutoAddPolicy', which 1.9 does not).
import paramiko
from paramiko import client
from paramiko.client import WarningPolicy

ssh_client = client.SSHClient()

# ruleid: B507
ssh_client.set_missing_host_key_policy(client.AutoAddPolicy)

# ruleid: B507
ssh_client.set_missing_host_key_policy(client.WarningPolicy)

# ruleid: B507
ssh_client.set_missing_host_key_policy(paramiko.AutoAddPolicy())

# ruleid: B507
ssh_client.set_missing_host_key_policy(WarningPolicy())

# ruleid: B507
ssh_client.set_missing_host_key_policy(
    paramiko.client.AutoAddPolicy(),
)

# ok: B507
ssh_client.set_missing_host_key_policy(client.RejectPolicy)

# ok: B507
ssh_client.set_missing_host_key_policy(paramiko.RejectPolicy())

# ok: B507
ssh_client.set_missing_host_key_policy(policy)

# Keyword arguments are not read.
# ok: B507
ssh_client.set_missing_host_key_policy(policy=paramiko.AutoAddPolicy())

# ok: B507
ssh_client.load_system_host_keys()
