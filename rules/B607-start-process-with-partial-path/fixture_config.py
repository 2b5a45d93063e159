# vigil-test: {"plugins": {"shell_injection": {"subprocess": ["utils.execute"], "shell": ["utils.sh"], "no_shell": ["utils.spawn"]}}}
import os
import subprocess
import utils

# Each configured list replaces its default.
# ruleid: B607
utils.execute(["ls", "-l"])

# ruleid: B607
utils.sh("ls")

# ruleid: B607
utils.spawn("ls")

# The defaults are no longer listed.
# ok: B607
subprocess.Popen("ls -l")

# ok: B607
os.system("ls")

# ok: B607
os.execlp("ls", "ls")
