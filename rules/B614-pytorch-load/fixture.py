import torch
import torch as th
from torch import load

path = "model.pt"

# ruleid: B614
model = torch.load(path)

# ruleid: B614
th.load(path, map_location="cpu")

# ruleid: B614
load(path)

# ruleid: B614
torch.serialization.load(path)

# A multi-line call is reported on its first line.
# ruleid: B614
state = torch.load(
    path,
    map_location="cpu",
)

# ruleid: B614
torch.load(path, weights_only=False)

# ok: B614
torch.load(path, weights_only=True)

# ok: B614
torch.save(model, path)

# ok: B614
pickle.load(open(path, "rb"))

# ok: B614
json.load(fh)
