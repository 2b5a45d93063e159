import os
import os as o
from os import popen, system

cmd = input()

# Literal command: LOW severity. No fix here: subprocess.run would be reported as B603 and the new
# `import subprocess` as B404 (fixture_fix.py has the configuration where the fix is offered).
# ruleid: B605
os.system("ls -l")

# ruleid: B605
o.system('uptime')

# ruleid: B605
system("whoami")

# Non-literal command: HIGH severity, no fix.
# ruleid: B605
os.system(cmd)

# ruleid: B605
os.system("ls %s" % cmd)

# ruleid: B605
popen(f"cat {cmd}")

# Metacharacters: reported, no fix.
# ruleid: B605
os.system("ls *.py > out.txt")

# os.popen has a different return value: reported, no fix.
# ruleid: B605
os.popen("ls -l")

# No positional argument.
# ok: B605
os.system()

# ok: B605
os.execl("/bin/ls", "ls")

# ok: B605
shell.system("ls")
