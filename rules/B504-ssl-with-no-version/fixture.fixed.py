import ssl
import ssl as tls
from ssl import wrap_socket

# ruleid: B504
ssl.create_default_context().wrap_socket(sock)

# ruleid: B504
tls.create_default_context().wrap_socket(sock, do_handshake_on_connect=False)

# From-import: reported, but no fix (the callee is a bare name).
# ruleid: B504
wrap_socket(sock)

# certfile= has no counterpart in SSLContext.wrap_socket: reported without a fix.
# ruleid: B504
ssl.wrap_socket(sock, certfile="cert.pem", server_side=True)

# ruleid: B504
ssl.create_default_context().wrap_socket(
    sock,
    suppress_ragged_eofs=True,
)

# A non-literal ssl_version reads as None in Bandit, the same as a missing keyword.
# ruleid: B504
ssl.wrap_socket(sock, ssl_version=pick_version())

# ok: B504
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)

# ok: B504
ssl.wrap_socket(sock, ssl_version=version)

# ok: B504
context.wrap_socket(sock, server_hostname=host)

# ok: B504
ssl.create_default_context().wrap_socket(sock, server_hostname=host)
