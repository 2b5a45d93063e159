# vigil-test: {"plugins": {"ssl_with_bad_version": {"bad_protocol_versions": ["PROTOCOL_TLSv1_2"]}}}
import ssl
from OpenSSL import SSL


# ruleid: B503
def connect(version=ssl.PROTOCOL_TLSv1_2):
    pass


# The configured list replaces the defaults.
# ok: B503
def legacy(version=SSL.SSLv2_METHOD):
    pass
