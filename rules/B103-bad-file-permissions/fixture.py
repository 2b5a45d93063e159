import os
import stat
from os import chmod as change_mode
from pathlib import Path

# ruleid: B103
os.chmod("/etc/passwd", 0o777)

# ruleid: B103
os.chmod(key_file, 0o755)

# Other-write: HIGH.
# ruleid: B103
os.chmod(path, 0o666)

# ruleid: B103
os.fchmod(3, 0o775)

# Path.chmod has one positional argument: Bandit requires exactly two.
# ok: B103
Path("x").chmod(0o777)

# The check is on the last name containing "chmod": lchmod counts, multi-line calls report their first line.
# ruleid: B103
os.lchmod(
    "link",
    0o757,
)

# Group-write (0o020) is flagged by Bandit 1.9 (1.6.2 only tested 0o002 and 0o010).
# ruleid: B103
os.chmod("shared.log", 0o664)

# ruleid: B103
change_mode(path, 511)

# ok: B103
os.chmod("/etc/passwd", 0o600)

# ok: B103
os.chmod(path, 0o644)

# Not an int literal: `stat.*` and `|` expressions are not evaluated.
# ok: B103
os.chmod(path, stat.S_IRWXU | stat.S_IRWXO)

# ok: B103
os.chmod(path, mode)

# mode= as a keyword: only two positional arguments count.
# ok: B103
os.chmod(path, mode=0o777)

# Three positional arguments.
# ok: B103
os.chmod(path, 0o777, None)

# ok: B103
os.chown(path, 0o777)
