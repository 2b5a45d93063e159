import ssl
from OpenSSL import SSL
from ssl import PROTOCOL_SSLv2


# ruleid: B503
def open_ssl_socket(version=SSL.SSLv2_METHOD):
    pass


# ruleid: B503
def wrap(sock, keyfile=None, version=ssl.PROTOCOL_TLSv1):
    pass


class Client:
    # ruleid: B503
    def connect(self, host, proto: int = ssl.PROTOCOL_SSLv3):
        pass


# Decorated: reported on the def line.
@decorator
# ruleid: B503
def decorated(method=SSL.TLSv1_METHOD):
    pass


# Bare names are not attributes: Bandit does not detect them.
# ok: B503
def bare(version=PROTOCOL_SSLv2):
    pass


# Keyword-only defaults are not read.
# ok: B503
def kwonly(*, version=SSL.SSLv2_METHOD):
    pass


# ok: B503
def kwonly2(*args, version=SSL.SSLv2_METHOD):
    pass


# async def is not checked.
# ok: B503
async def open_async(version=SSL.SSLv2_METHOD):
    pass


# ok: B503
def good(version=ssl.PROTOCOL_TLS_CLIENT):
    pass


# ok: B503
lam = lambda version=SSL.SSLv2_METHOD: version
