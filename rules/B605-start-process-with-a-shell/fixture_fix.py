# vigil-test: {"plugins": {"shell_injection": {"subprocess": ["subprocess.Popen"], "shell": ["os.system"], "no_shell": []}}}
import os
import subprocess

# subprocess.run is not a configured subprocess call here and subprocess is already imported, so the fix
# (subprocess.run([...], check=True)) adds no finding and is offered.
# ruleid: B605
os.system("ls -l")

# Metacharacters: reported, no fix.
# ruleid: B605
os.system("ls *.py > out.txt")

# ok: B605
subprocess.run(["ls", "-l"], check=True)
