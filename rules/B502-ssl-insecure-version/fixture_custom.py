# vigil-test: {"plugins": {"ssl_with_bad_version": {"bad_protocol_versions": ["PROTOCOL_TLSv1_2"]}}}
import ssl

# ruleid: B502
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1_2)

# The configured list replaces the defaults.
# ok: B502
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv2)
