# vigil-test: {"plugins": {"shell_injection": {"shell": ["os.system"]}}}
import os

# Bandit's test returns unless the block has both the shell and the subprocess list.
# ok: B609
os.system("chown root *")
