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

# Positional yaml.SafeLoader is an attribute: Bandit's literal evaluator cannot read it.
# ruleid: B506
yaml.load(data, yaml.SafeLoader)

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
