import httpx
import requests
import requests as r
from requests import post

url = "https://example.com"

# Bandit 1.6.2 has no B113: these lines follow the spec (Bandit 1.9).

# ruleid: B113
requests.get(url)

# ruleid: B113
r.delete(url, headers={"a": "b"})

# `from requests import post` resolves to requests.post.
# ruleid: B113
post(url, data={})

# Multi-line call with a trailing comma: reported on its first line.
# ruleid: B113
resp = requests.put(
    url,
    json={"k": 1},
)

# ruleid: B113
requests.head(url, timeout=None)

# httpx has a default timeout: only timeout=None is flagged.
# ruleid: B113
httpx.get(url, timeout=None)

# ruleid: B113
client = httpx.Client(timeout=None)

# A timeout Bandit cannot read as a literal counts as missing (no fix: the keyword exists).
# ruleid: B113
requests.get(url, timeout=compute_timeout())

# `**kwargs` may carry a timeout: still reported, but no fix (it could duplicate the keyword).
# ruleid: B113
requests.options(url, **kwargs)

# ok: B113
requests.get(url, timeout=10)

# ok: B113
requests.post(url, timeout=(3.05, 27))

# A variable is a literal name to Bandit.
# ok: B113
requests.patch(url, timeout=TIMEOUT)

# An imaginary constant is a literal too (a Num to Bandit's evaluator); a negative number is not (a UnaryOp).
# ok: B113
requests.put(url, timeout=1_0j)
# ok: B113
requests.put(url, timeout=2.5J)
# ruleid: B113
requests.put(url, timeout=-1)

# ok: B113
httpx.get(url)

# ok: B113
httpx.AsyncClient()

# Not among the seven verbs.
# ok: B113
requests.request("GET", url)

# A call in the callee resolves to ".get".
# ok: B113
requests.Session().get(url)

# ok: B113
session.get(url)

# ok: B113
urllib.request.urlopen(url)
