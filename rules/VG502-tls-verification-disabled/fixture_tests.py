# vigil-test: {"filename": "project/tests/test_client.py"}
import ssl

ctx = ssl.create_default_context()
# Test servers use self-signed certificates.
# ok: VG502
ctx.verify_mode = ssl.CERT_NONE
