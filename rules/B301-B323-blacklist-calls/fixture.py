import pickle

import dill
import shelve
import marshal
import tempfile
import random
import ssl
import secrets
from pickle import loads as pl
import xml.etree.ElementTree as ET
from xml.dom import minidom
from Crypto.Hash import MD5
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import algorithms, modes
from django.utils.safestring import mark_safe
import urllib.request
import telnetlib
import ftplib

# ruleid: B301
pickle.loads(data)

# ruleid: B301
pl(data)

# ruleid: B301
dill.load(fh)

# ruleid: B301
shelve.open("db")

# ok: B301
pickle.dumps(obj)

# ruleid: B302
marshal.loads(data)

# ok: B302
marshal.dumps(obj)

# ruleid: B303
MD5.new()

# ruleid: B303
hashes.MD5()

# ok: B303
hashes.SHA256()

# ruleid: B304
algorithms.ARC4(key)

# ok: B304
algorithms.AES(key)

# ruleid: B305
modes.ECB()

# ok: B305
modes.GCM(iv)

# ruleid: B306
tempfile.mktemp()

# ok: B306
tempfile.mkstemp()

# ruleid: B307
eval(expr)

# ok: B307
ast.literal_eval(expr)

# ruleid: B308
mark_safe(html)

# ruleid: B310
urllib.request.urlopen(url)

# ok: B310
urllib.parse.urlparse(url)

# ruleid: B311
random.random()

# ruleid: B311
random.choice(items)

# ok: B311
secrets.choice(items)

# ruleid: B312
telnetlib.Telnet("host")

# ruleid: B314
ET.parse(path)

# ruleid: B318
minidom.parseString(text)

# ok: B318
minidom.Document()

# ruleid: B321
ftplib.FTP("host")

# ok: B321
ftplib.FTP_TLS("host")

# ruleid: B323
ssl._create_unverified_context()

# ok: B323
ssl.create_default_context()

# A blacklisted call matches on its text even when the module was never imported.
# ruleid: B301
jsonpickle.decode(data)

# A receiver that is a call resolves to '.loads', which is not listed.
# ok: B301
get_pickle().loads(data)

# ruleid: B301
pickle.loads(
    data,
)
