# vigil-test: {"plugins": {"shell_injection": {"subprocess": ["utils.run_command"], "shell": [], "no_shell": []}}}
import subprocess
from utils import run_command

# Listed in the configured subprocess list: that is B602's business now.
# ok: B604
run_command("ls -l", shell=True)

# subprocess.Popen is no longer in the configured list, so B604 reports it.
# ruleid: B604
subprocess.Popen("ls -l", shell=True)
