# vigil-test: {}
# B614 needs `import torch` itself: `from torch import load` alone is not enough for Bandit.
from torch import load

# ok: B614
load("model.pt")
