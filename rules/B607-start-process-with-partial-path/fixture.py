import os
import subprocess
from subprocess import Popen

# ruleid: B607
subprocess.Popen("ls -l")

# ruleid: B607
Popen(["ls", "-l"], shell=False)

# ruleid: B607
os.system("ls")

# ruleid: B607
os.execlp("ls", "ls")

# ruleid: B607
subprocess.check_output(["git", "status"])

# ok: B607
subprocess.Popen("/bin/ls -l")

# ok: B607
subprocess.Popen(["./run.sh"])

# ok: B607
subprocess.Popen([r"C:\Windows\system32\cmd.exe", "/c", "dir"])

# ok: B607
subprocess.Popen(["\\\\server\\share\\tool.exe"])

# A variable: Bandit cannot tell the path.
# ok: B607
subprocess.Popen([exe, "-l"])

# ok: B607
subprocess.Popen(cmd)

# A tuple is not inspected (Bandit only looks into list literals).
# ok: B607
subprocess.Popen(("ls", "-l"))

# Not a process-starting call.
# ok: B607
print("ls")
