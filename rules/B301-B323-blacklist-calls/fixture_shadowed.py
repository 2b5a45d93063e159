# vigil-test: {}
# `secrets` is bound to something else here: B311's secrets.choice fix is not offered (the SystemRandom ones
# still are).
import random

secrets = {"api": "x"}

# ruleid: B311
token = random.choice("abcdef")

# ok: B311
value = secrets["api"]
