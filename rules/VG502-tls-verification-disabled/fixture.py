import ssl

import requests

ctx = ssl.create_default_context()
# ruleid: VG502
ctx.check_hostname = False
# ruleid: VG502
ctx.verify_mode = ssl.CERT_NONE
# ok: VG502
ctx.verify_mode = ssl.CERT_REQUIRED
# ok: VG502
ctx.check_hostname = True



def transport_context(server_hostname):
    context = ssl.create_default_context()
    if not server_hostname:
        # No host name to check (asyncio/sslproto.py).
        # ok: VG502
        context.check_hostname = False
    return context


session = requests.Session()
# ruleid: VG502
session.verify = False
# ok: VG502
session.verify = "/etc/ssl/internal-ca.pem"


class Options:
    def __init__(self):
        # Not a requests Session.
        # ok: VG502
        self.verify = False


def fetch(url):
    with requests.Session() as s:
        # ruleid: VG502
        s.verify = False
        return s.get(url, timeout=5)
