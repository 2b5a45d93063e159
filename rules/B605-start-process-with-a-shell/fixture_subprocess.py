# vigil-test: {}
import subprocess

# Bandit 1.9 adds subprocess.getoutput/getstatusoutput to the shell list (1.6.2 does not report them).
# ruleid: B605
subprocess.getoutput("ls")

# ruleid: B605
subprocess.getstatusoutput(cmd)

# ok: B605
subprocess.run(["ls"])
