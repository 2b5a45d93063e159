"""Writes to /tmp in a docstring are fine."""
import tempfile

# Note: Bandit 1.6.2 on Python 3.8+ never runs its string tests (no visit_Constant), so every line here follows
# the spec (Bandit 1.9 on Python 3.12: f-string literal parts are constants with their own positions).

# ruleid: B108
LOG = "/tmp/app.log"

# ruleid: B108
with open("/var/tmp/cache.db", "w") as fh:
    pass

# ruleid: B108
SHM = '/dev/shm/segment'

# A plain prefix test: /tmpfoo matches too.
# ruleid: B108
ODD = "/tmpfoo"

# The literal part of an f-string.
# ruleid: B108
path = f"/tmp/{user}/data"

# A multi-line implicit concatenation is one constant, reported on its first line.
# ruleid: B108
DIR = ("/tmp"
       "/build")

# ok: B108
SAFE = tempfile.gettempdir()

# Not at the start.
# ok: B108
OTHER = "/home/user/tmp/x"

# Each literal part of an f-string is its own constant: "/tmp/x" after the value starts with /tmp.
# ruleid: B108
nested = f"{base}/tmp/x"

# The literal part here is "/data/tmp".
# ok: B108
under = f"{base}/data/tmp"

# Bytes never match.
# ok: B108
RAW = b"/tmp/x"

# ok: B108
"/tmp/bare-statement"

# A bare f-string statement is still checked: its literal part's parent is the f-string, not the statement.
# ruleid: B108
f"/tmp/{user}"

# ok: B108
rel = "tmp/relative"
