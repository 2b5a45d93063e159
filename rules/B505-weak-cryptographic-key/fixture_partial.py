# vigil-test: {"plugins": {"weak_cryptographic_key": {"weak_key_size_rsa_high": 2048, "weak_key_size_rsa_medium": 4096}}}
from cryptography.hazmat.primitives.asymmetric import dsa, rsa

# A configured block replaces Bandit's defaults whole: without all six sizes Bandit's lookup raises on every
# call, so nothing is reported, not even for the key type the block configures (the config warns).
# ok: B505
rsa.generate_private_key(public_exponent=65537, key_size=1024)

# ok: B505
dsa.generate_private_key(key_size=512)
