import subprocess
import subprocess as sp
from subprocess import run

cmd = input()
use_shell = True

# B603 fires on every subprocess-list call without a truthy shell, whatever the arguments.
# ruleid: B603
subprocess.check_output(["/bin/ls", "-l"])

# ruleid: B603
sp.Popen(cmd)

# ruleid: B603
run(["git", "status"], check=True)

# ruleid: B603
subprocess.call("ls", shell=False)

# ruleid: B603
subprocess.call("ls", shell=None)

# ruleid: B603
subprocess.call("ls", shell=0)

# Reported on the line of the shell= value when there is one.
subprocess.run(
    ["ls", "-l"],
    # ruleid: B603
    shell=False,
)

# ok: B603
subprocess.call("ls", shell=True)

# A variable shell= counts as truthy (B602's business).
# ok: B603
subprocess.call("ls", shell=use_shell)

# Not in the subprocess list.
# ok: B603
subprocess.getoutput("ls")

# ok: B603
runner.run(["ls"])
