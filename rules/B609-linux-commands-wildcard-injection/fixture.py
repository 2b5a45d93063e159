import os
import subprocess
from subprocess import Popen

# ruleid: B609
os.system("/bin/tar cvzf archive.tar.gz *")

# ruleid: B609
os.popen("chmod +w *.txt")

# ruleid: B609
subprocess.Popen("/bin/chown root *", shell=True)

subprocess.call(
    ["rsync", "-a", "*", "backup:/"],
    # ruleid: B609
    shell=True,
)

# ruleid: B609
Popen("chmod -R 755 *", shell=True)

# No wildcard.
# ok: B609
os.system("/bin/tar cvzf archive.tar.gz dir")

# Wildcard but no listed command.
# ok: B609
os.system("ls *.py")

# No shell: subprocess calls need shell=True.
# ok: B609
subprocess.Popen(["chmod", "+w", "*"])

# A variable shell= is not the literal True.
# ok: B609
subprocess.Popen("chmod +w *", shell=flag)

# ok: B609
os.system(cmd)
