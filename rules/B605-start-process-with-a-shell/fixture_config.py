# vigil-test: {"plugins": {"shell_injection": {"subprocess": [], "shell": ["utils.sh"], "no_shell": []}}}
import os
import utils

# A configured list replaces the defaults.
# ruleid: B605
utils.sh(cmd)

# os.system is no longer in the configured list.
# ok: B605
os.system(cmd)
