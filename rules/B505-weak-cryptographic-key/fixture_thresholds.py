# vigil-test: {"plugins": {"weak_cryptographic_key": {"weak_key_size_rsa_high": 2048, "weak_key_size_rsa_medium": 4096, "weak_key_size_ec_high": 160, "weak_key_size_ec_medium": 256, "weak_key_size_dsa_high": 1024, "weak_key_size_dsa_medium": 2048}}}
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

# Below the configured HIGH threshold (2048).
# ruleid: B505
rsa.generate_private_key(public_exponent=65537, key_size=1024)

# Below the configured MEDIUM threshold (4096).
# ruleid: B505
rsa.generate_private_key(public_exponent=65537, key_size=3072)

# ruleid: B505
ec.generate_private_key(ec.SECP224R1)

# ok: B505
rsa.generate_private_key(public_exponent=65537, key_size=4096)

# DSA's thresholds as configured (Bandit's defaults).
# ok: B505
dsa.generate_private_key(key_size=2048)

# ok: B505
ec.generate_private_key(ec.SECP384R1)
