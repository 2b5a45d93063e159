from cryptography.hazmat import backends
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from Crypto.PublicKey import DSA as pycrypto_dsa
from Crypto.PublicKey import RSA as pycrypto_rsa
from Cryptodome.PublicKey import RSA as pycryptodomex_rsa

# ruleid: B505
dsa.generate_private_key(key_size=1024, backend=backends.default_backend())

# ruleid: B505
rsa.generate_private_key(public_exponent=65537, key_size=1024, backend=backends.default_backend())

# Positional: DSA's size is argument 0, RSA's argument 1.
# ruleid: B505
dsa.generate_private_key(512, backends.default_backend())

# ruleid: B505
rsa.generate_private_key(3, 512, backends.default_backend())

# ruleid: B505
rsa.generate_private_key(
    public_exponent=65537,
    key_size=1024,
)

# EC curves are read as the class attribute passed (not an instance).
# ruleid: B505
ec.generate_private_key(curve=ec.SECP192R1, backend=backends.default_backend())

# ruleid: B505
ec.generate_private_key(ec.SECT163K1, backends.default_backend())

# ruleid: B505
pycrypto_dsa.generate(bits=1024)

# ruleid: B505
pycrypto_rsa.generate(512)

# ruleid: B505
pycryptodomex_rsa.generate(bits=2047)

# ok: B505
rsa.generate_private_key(public_exponent=65537, key_size=2048, backend=backends.default_backend())

# ok: B505
dsa.generate_private_key(4096, backends.default_backend())

# A variable size cannot be evaluated.
# ok: B505
rsa.generate_private_key(public_exponent=65537, key_size=bits)

# ok: B505
pycrypto_rsa.generate(key_bits)

# RSA's size is argument 1: argument 0 is the public exponent.
# ok: B505
rsa.generate_private_key(65537, 4096)

# No size at all: Bandit assumes 2048.
# ok: B505
pycrypto_rsa.generate()

# ok: B505
ec.generate_private_key(ec.SECP256R1, backends.default_backend())

# SECP224R1 (224 bits) is at the MEDIUM threshold, not below it.
# ok: B505
ec.generate_private_key(ec.SECP224R1, backends.default_backend())

# An unknown curve is ignored.
# ok: B505
ec.generate_private_key(ec.MYCURVE, backends.default_backend())

# Known gap shared with Bandit: a curve *instance* (the usual cryptography API) is a call, not a literal.
# todoruleid: B505
ec.generate_private_key(ec.SECP192R1(), backends.default_backend())

# Not a key generator.
# ok: B505
rsa.generate_key(key_size=512)

# Names that are also JavaScript object properties must not confuse the lookup tables.
# ok: B505
constructor(512)

# ok: B505
ec.generate_private_key(ec.constructor)
