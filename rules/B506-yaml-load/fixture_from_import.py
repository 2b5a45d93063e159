# Bandit requires `import yaml` itself: `from yaml import load` is a known false negative.
from yaml import load

# todoruleid: B506
load(data)

# ok: B506
print(data)
