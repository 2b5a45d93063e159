# Bandit 1.9 semantics and text ("Call to requests with verify=False ..."). Bandit 1.6.2 says "Requests call
# with verify=False ...", has no httpx, and matches any resolved name *containing* "requests".
import httpx
import requests
import requests as rq
from requests import post

# ruleid: B501
requests.get(url)

# ruleid: B501
rq.post(url, data=payload, timeout=5)

# A from-import resolves to requests.post.
# ruleid: B501
post(url)

# Reported on the line of the verify= value.
requests.put(
    url,
    data=payload,
    # ruleid: B501
)

# Bandit compares literal values with the string "False", so the string matches too.
# ruleid: B501
requests.delete(url)

# ruleid: B501
httpx.get(url)

# ruleid: B501
httpx.Client()

# ruleid: B501
httpx.stream("GET", url)

# ok: B501
requests.get(url, verify=True)

# ok: B501
requests.get(url, verify="/etc/ssl/certs/ca.pem")

# ok: B501
requests.get(url, verify=should_verify)

# ok: B501
requests.get(url)

# requests.request is not one of the verbs Bandit checks.
# ok: B501
requests.request("GET", url, verify=False)

# A Session method resolves to ".get" (the callee segment is a call): not checked.
# ok: B501
requests.Session().get(url, verify=False)

# ok: B501
session.get(url, verify=False)

# httpx.Client is checked but requests.Client is not a verb.
# ok: B501
requests.Client(verify=False)

# Not the requests module: the first segment must be requests/httpx.
# ok: B501
myrequests.get(url, verify=False)
