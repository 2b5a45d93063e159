"""0.0.0.0 in a docstring is not a finding."""
import socket

# Note: Bandit 1.6.2 on Python 3.8+ never runs its string tests (no visit_Constant), so every line here follows
# the spec (Bandit 1.9 on Python 3.12: f-string literal parts are constants with their own positions).

# ruleid: B104
HOST = "0.0.0.0"

s = socket.socket()
# ruleid: B104
s.bind(("0.0.0.0", 8080))

# ruleid: B104
app.run(host='0.0.0.0', port=5000)

# Implicit concatenation is one constant.
# ruleid: B104
ADDR = "0.0." "0.0"

# An f-string whose literal text is exactly 0.0.0.0.
# ruleid: B104
bind_to = f"0.0.0.0"

# Inside a multi-line call: reported on the string's own line.
server.listen(
    # ruleid: B104
    "0.0.0.0",
    80,
)

# Not exactly 0.0.0.0.
# ok: B104
URL = "http://0.0.0.0:8000/"

# The f-string's literal part is ":0.0.0.0", not "0.0.0.0".
# ok: B104
where = f"{HOST}:0.0.0.0"

# ok: B104
LOCAL = "127.0.0.1"

# Bytes never match.
# ok: B104
RAW = b"0.0.0.0"

# A bare string statement is skipped like a docstring.
# ok: B104
"0.0.0.0"


def serve():
    """Listen on 0.0.0.0."""
    # ok: B104
    return "::"
