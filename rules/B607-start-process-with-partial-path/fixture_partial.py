# vigil-test: {"plugins": {"shell_injection": {"subprocess": ["utils.execute"], "no_shell": ["utils.spawn"]}}}
import utils

# Listed in subprocess, the first list Bandit looks in: reported.
# ruleid: B607
utils.execute("ls")

# Not there: Bandit then looks in the shell list, which the block leaves out, and the lookup raises. Nothing is
# reported, although no_shell lists the call.
# ok: B607
utils.spawn("ls")
