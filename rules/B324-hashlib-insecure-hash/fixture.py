# Bandit 1.9 semantics. Bandit 1.6.2 only reports hashlib.new('md4'/'md5') as B324 (MEDIUM, "Use of insecure
# MD4 or MD5 hash function."); it reports hashlib.md5()/sha1() as the B303 blacklist and has no crypt check.
import crypt
import hashlib
import hashlib as hl
from hashlib import md5, sha256

# ruleid: B324
hashlib.md5(data)

# ruleid: B324
hashlib.sha1()

# ruleid: B324
hl.md4(b"x")

# A from-import resolves to hashlib.md5.
# ruleid: B324
md5(data)

# ruleid: B324
hashlib.new('md5')

# ruleid: B324
hashlib.new("SHA1", data)

# ruleid: B324
hashlib.new(name='md4')

# ruleid: B324
hashlib.md5(
    data,
)

# usedforsecurity=True is the default, so it is still for security.
# ruleid: B324
hashlib.md5(data, usedforsecurity=True)

# A Name argument is read as its identifier (Bandit's literal evaluator): a variable called md5 matches.
# ruleid: B324
hashlib.new(md5)

# ruleid: B324
hashlib.sha1(data, **options)

# ruleid: B324
crypt.crypt(password, crypt.METHOD_MD5)

# ruleid: B324
crypt.mksalt(crypt.METHOD_CRYPT)

# ruleid: B324
crypt.crypt(password, salt=crypt.METHOD_BLOWFISH)

# ok: B324
hashlib.md5(data, usedforsecurity=False)

# Any value other than a literal True disables the check (Bandit compares with "True").
# ok: B324
hashlib.sha1(data, usedforsecurity=flag)

# ok: B324
hashlib.new('md5', usedforsecurity=False)

# ok: B324
hashlib.sha256(data)

# ok: B324
sha256(data)

# ok: B324
hashlib.new('sha256')

# ok: B324
hashlib.new(algorithm)

# ok: B324
hashlib.sha3_256(data)

# ok: B324
crypt.crypt(password, crypt.METHOD_SHA512)

# ok: B324
crypt.mksalt()

# Not hashlib: another module's md5.
# ok: B324
mylib.md5(data)

# ok: B324
hashlib.blake2b(data)
