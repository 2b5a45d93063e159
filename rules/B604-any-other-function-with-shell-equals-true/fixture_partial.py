# vigil-test: {"plugins": {"shell_injection": {"shell": ["os.system"], "no_shell": []}}}
import utils

# The block has no subprocess list: Bandit's `qualname not in config['subprocess']` raises, so nothing is reported.
# ok: B604
utils.run("ls", shell=True)
