# vigil-test: {"plugins": {"shell_injection": {"subprocess": ["utils.execute", "spawn_it"], "shell": [], "no_shell": []}}}
import subprocess
import utils

# A configured list replaces the defaults.
# ruleid: B603
utils.execute(["/bin/ls", "-l"])

# An entry without a module: a local function.
# ruleid: B603
spawn_it(["/bin/ls"])

# subprocess.call is no longer in the configured list.
# ok: B603
subprocess.call(["/bin/ls", "-l"])

# Same last name, another module: not listed.
# ok: B603
other.execute(["/bin/ls"])
