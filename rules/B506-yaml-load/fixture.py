import json
import yaml
from yaml import SafeLoader
import yaml as y2

# ruleid: B506
yaml.load(data)

# ruleid: B506
yaml.load(data, Loader=yaml.FullLoader)

# ruleid: B506
yaml.load(
    data,
    Loader=yaml.UnsafeLoader,
)

# ruleid: B506
y2.load(data)

# A positional loader is compared by its final name too (Bandit's get_call_arg_at_position reads `attr` or `id`).
# ok: B506
yaml.load(data, yaml.SafeLoader)

# ok: B506
yaml.load(data, yaml.CSafeLoader)

# ok: B506
yaml.load(data, (SafeLoader))

# A positional loader that is neither a name nor an attribute is not recognised.
# ruleid: B506
yaml.load(data, "SafeLoader")

# ruleid: B506
yaml.load(data, yaml.FullLoader)

# ok: B506
yaml.load(data, Loader=yaml.SafeLoader)

# ok: B506
yaml.load(data, Loader=SafeLoader)

# ok: B506
yaml.load(data, SafeLoader)

# ok: B506
yaml.load(data, Loader=yaml.CSafeLoader)

# ok: B506
yaml.safe_load(data)

# ok: B506
json.load(data)

# load_all is not checked by Bandit.
# ok: B506
yaml.load_all(data)
