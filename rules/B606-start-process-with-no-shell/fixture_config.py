# vigil-test: {"plugins": {"shell_injection": {"subprocess": [], "shell": [], "no_shell": ["utils.spawn"]}}}
import os
import utils

# A configured list replaces the defaults.
# ruleid: B606
utils.spawn("/bin/ls")

# os.execl is no longer in the configured list.
# ok: B606
os.execl("/bin/ls", "ls", "-l")
