# Bandit 1.9 check (not in Bandit 1.6.2).
import pysnmp.hlapi
from pysnmp.hlapi import UsmUserData

# noAuthNoPriv
# ruleid: B509
UsmUserData("user")

# authNoPriv
# ruleid: B509
pysnmp.hlapi.UsmUserData("user", "authkey1")

# Keywords do not count: Bandit counts positional arguments only.
# ruleid: B509
UsmUserData("user", authKey="authkey1", privKey="privkey1")

# ruleid: B509
UsmUserData(
    "user",
    "authkey1",
)

# authPriv
# ok: B509
UsmUserData("user", "authkey1", "privkey1")

# ok: B509
UsmUserData("user", "authkey1", "privkey1", authProtocol=usmHMACSHAAuthProtocol)

# Another module's UsmUserData.
# ok: B509
snmp.UsmUserData("user")
