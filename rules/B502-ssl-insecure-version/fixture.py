# Bandit 1.9's default list adds PROTOCOL_TLSv1_1 and TLSv1_1_METHOD to 1.6.2's list (so 1.6.2 misses the
# two TLSv1_1 lines below).
import ssl
import ssl as tls
from OpenSSL import SSL
from ssl import PROTOCOL_SSLv3, wrap_socket

# ruleid: B502
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv2)

# ruleid: B502
tls.wrap_socket(sock, ssl_version=tls.PROTOCOL_TLSv1)

# A bare name is read as its identifier.
# ruleid: B502
wrap_socket(sock, ssl_version=PROTOCOL_SSLv3)

# Reported on the line of the keyword value.
ssl.wrap_socket(
    sock,
    # ruleid: B502
    ssl_version=ssl.PROTOCOL_TLSv1_1,
)

# Any other call with method=/ssl_version= is MEDIUM/MEDIUM.
# ruleid: B502
SSL.Context(method=SSL.SSLv3_METHOD)

# A conditional expression is not a literal: not checked.
# ok: B502
ssl.SSLContext(ssl_version=ssl.PROTOCOL_SSLv23 if old else ssl.PROTOCOL_TLSv1)

# ruleid: B502
make_context(ssl_version=ssl.PROTOCOL_TLSv1)

# ruleid: B502
SSL.Context(method=SSL.TLSv1_1_METHOD)

# The line is method='s line whenever method= is present, even if only ssl_version= is bad.
# ruleid: B502
connect(method="GET", ssl_version=ssl.PROTOCOL_SSLv2)

# ok: B502
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)

# Keywords only: a positional protocol is not checked.
# ok: B502
SSL.Context(SSL.SSLv2_METHOD)

# ok: B502
ssl.SSLContext(ssl.PROTOCOL_TLSv1)

# ok: B502
SSL.Context(method=SSL.TLS_METHOD)

# ok: B502
ssl.wrap_socket(sock, ssl_version=version)

# ok: B502
ssl.create_default_context()
