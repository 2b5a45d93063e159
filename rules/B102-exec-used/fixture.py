import builtins
from os import execv

code = "print(1)"

# ruleid: B102
exec(code)

# ruleid: B102
exec(
    code,
    {},
)

# ruleid: B102
result = [exec(c) for c in [code]]

# Only the bare name resolves to `exec`: an attribute call resolves to `builtins.exec`.
# ok: B102
builtins.exec(code)

# ok: B102
execv("/bin/true", ["true"])

# ok: B102
eval(code)

# A method named exec (e.g. a DB cursor) is `cursor.exec`.
# ok: B102
cursor.exec("select 1")

# ok: B102
print("exec(code)")
