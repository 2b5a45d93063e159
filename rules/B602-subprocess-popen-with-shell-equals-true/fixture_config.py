# vigil-test: {"plugins": {"shell_injection": {"subprocess": ["utils.execute"], "shell": [], "no_shell": []}}}
import subprocess
import utils

# A configured list replaces the defaults.
# ruleid: B602
utils.execute("ls -l", shell=True)

# subprocess.call is no longer in the configured list.
# ok: B602
subprocess.call("ls -l", shell=True)
