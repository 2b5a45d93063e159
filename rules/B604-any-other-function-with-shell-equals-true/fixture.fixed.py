import os
import subprocess
from utils import run_command
import utils as u

cmd = input()
flag = True

# ruleid: B604
run_command(["ls", "-l"])

# ruleid: B604
u.execute(cmd, shell=True)

# A non-literal shell= counts as truthy.
# ruleid: B604
run_command(cmd, shell=flag)

# No positional argument is needed for B604.
# ruleid: B604
u.spawn(shell=True)

u.execute(
    ["uptime"],
    # ruleid: B604
)

# Metacharacters: reported, but no list rewrite is offered.
# ruleid: B604
run_command("ls | wc -l", shell=True)

# ok: B604
run_command("ls -l", shell=False)

# ok: B604
run_command("ls -l", shell=None)

# ok: B604
run_command("ls -l")

# subprocess-list calls are B602's business.
# ok: B604
subprocess.Popen("ls", shell=True)
