# Bandit 1.9 check (not in Bandit 1.6.2).
import pysnmp.hlapi as hlapi
from pysnmp.hlapi import CommunityData

# ruleid: B508
CommunityData("public", mpModel=0)

# ruleid: B508
hlapi.CommunityData("public", mpModel=1)

# ruleid: B508
CommunityData(
    "public",
    mpModel=1,
)

# mpModel=2 is not flagged (Bandit only checks the literal values 0 and 1).
# ok: B508
CommunityData("public", mpModel=2)

# The default (no mpModel) is not flagged.
# ok: B508
CommunityData("public")

# Positional mpModel is not read.
# ok: B508
CommunityData("public", "public", 0)

# ok: B508
CommunityData("public", mpModel=model)

# Another module's CommunityData.
# ok: B508
snmplib.CommunityData("public", mpModel=0)
