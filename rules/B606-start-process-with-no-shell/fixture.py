import os
from os import spawnlp, execvp

# ruleid: B606
os.execl("/bin/ls", "ls", "-l")

# ruleid: B606
spawnlp(os.P_WAIT, "ls", "ls")

# ruleid: B606
execvp("ls", ["ls"])

# ruleid: B606
os.startfile(path)

# ok: B606
os.system("ls")

# ok: B606
os.exec_command("ls")

# ok: B606
process.execl("/bin/ls")
