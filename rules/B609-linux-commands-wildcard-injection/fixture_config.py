# vigil-test: {"plugins": {"shell_injection": {"subprocess": ["utils.execute"], "shell": ["utils.sh"], "no_shell": []}}}
import os
import subprocess
import utils

# Each configured list replaces its default.
# ruleid: B609
utils.sh("chmod +w *.txt")

# ruleid: B609
utils.execute("/bin/chown root *", shell=True)

# The defaults are no longer listed.
# ok: B609
os.system("/bin/tar cvzf archive.tar.gz *")

# ok: B609
subprocess.Popen("/bin/chown root *", shell=True)
