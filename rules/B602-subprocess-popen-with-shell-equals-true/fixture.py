import subprocess
import subprocess as sp
from subprocess import Popen, check_output

cmd = input()
use_shell = True

# Literal command: LOW severity ("seems safe"). No fix offered: the list form without shell=True would be
# reported as B603 instead.
# ruleid: B602
subprocess.call("ls -l", shell=True)

# Formatted command: HIGH severity.
# ruleid: B602
subprocess.Popen("ls %s" % cmd, shell=True)

# ruleid: B602
sp.run(cmd, shell=True)

# ruleid: B602
Popen(f"echo {cmd}", shell=True)

# ruleid: B602
check_output(["ls", "-l"], shell=True)

# The list rewrite keeps the literal's quote style.
# ruleid: B602
sp.call('ls -la /tmp', shell=True)

# A non-literal shell= value counts as truthy.
# ruleid: B602
subprocess.check_call("ls", shell=use_shell)

# ruleid: B602
subprocess.call("ls", shell=1)

# Reported on the line of the shell= value.
subprocess.check_output(
    "cat /etc/passwd",
    # ruleid: B602
    shell=True,
)

subprocess.run(
    cmd,
    stdout=subprocess.PIPE,
    # ruleid: B602
    shell=True
)

# Metacharacters: still LOW (a literal), but no list rewrite is offered.
# ruleid: B602
subprocess.call("ls *.py | wc -l", shell=True)

# ok: B602
subprocess.call("ls -l", shell=False)

# ok: B602
subprocess.call("ls -l", shell=None)

# ok: B602
subprocess.call("ls -l", shell=0)

# Bandit 1.9 (the reference) reads a str constant by its truthiness; 1.6.2 treats any str as truthy and reports this.
# ok: B602
subprocess.call("ls -l", shell="")

# ok: B602
subprocess.call(["ls", "-l"])

# No positional argument: Bandit does not report B602.
# ok: B602
subprocess.Popen(args="ls", shell=True)

# Not a subprocess-list call (that is B604).
# ok: B602
os_popen_wrapper = sp.getoutput("ls")

# ok: B602
run_command("ls", shell=True)
