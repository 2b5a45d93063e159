"""Bandit's blacklisted calls B301-B323: one section per id, positives and look-alikes.

Checked against Bandit 1.6.2 (`bandit -f json fixture.py`); the lines where 1.6.2 disagrees are commented
"1.6.2 differs": the spec's (Bandit 1.9) lists win there.
"""

# ---------------------------------------------------------------------------------------------------------
# B301 pickle: pickle/dill .{loads,load,Unpickler}, shelve.{open,DbfilenameShelf}, jsonpickle, pandas.read_pickle
# ---------------------------------------------------------------------------------------------------------
import pickle
import pickle as pkl
from pickle import loads as pl, Unpickler
import dill
import shelve
import jsonpickle
import pandas as pd
import cPickle

# ruleid: B301
pickle.loads(data)

# ruleid: B301
pickle.load(fh)

# ruleid: B301
pkl.loads(data)

# ruleid: B301
pl(data)

# ruleid: B301
obj = Unpickler(fh).load()

# ruleid: B301
dill.loads(data)

# ruleid: B301
dill.load(fh)

# ruleid: B301
dill.Unpickler(fh)

# 1.6.2 differs: shelve, jsonpickle and pandas entries are newer than 1.6.2.
# ruleid: B301
shelve.open("db")

# ruleid: B301
shelve.DbfilenameShelf("db")

# ruleid: B301
jsonpickle.decode(text)

# ruleid: B301
jsonpickle.unpickler.decode(text)

# ruleid: B301
jsonpickle.unpickler.Unpickler()

# ruleid: B301
frame = pd.read_pickle(path)

# A multi-line call is reported on its first line.
# ruleid: B301
pickle.loads(
    data,
)

# 1.6.2 differs: the Python 2 cPickle entries are gone from the spec's list.
# ok: B301
cPickle.loads(data)

# ok: B301
pickle.dumps(obj)

# ok: B301
pickle.Pickler(fh)

# ok: B301
shelve.Shelf({})

# ok: B301
pd.read_csv(path)

# A receiver that is a call resolves to '.loads', which is not listed.
# ok: B301
get_pickle().loads(data)

# ok: B301
self.pickle.loads(data)

# A reference is not a call.
# ok: B301
handler = pickle.loads

# ---------------------------------------------------------------------------------------------------------
# B302 marshal: marshal.{load,loads}
# ---------------------------------------------------------------------------------------------------------
import marshal
from marshal import loads as mloads

# ruleid: B302
marshal.load(fh)

# ruleid: B302
marshal.loads(data)

# ruleid: B302
mloads(data)

# ok: B302
marshal.dumps(obj)

# ok: B302
marshal.dump(obj, fh)

# ---------------------------------------------------------------------------------------------------------
# B303 md5: {Crypto,Cryptodome}.Hash.{MD2,MD4,MD5,SHA}.new, cryptography hashes.{MD5,SHA1}
# ---------------------------------------------------------------------------------------------------------
from Crypto.Hash import MD5, SHA
from Cryptodome.Hash import MD4 as CMD4
import Crypto.Hash.MD2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hashes import SHA1
import hashlib

# ruleid: B303
MD5.new()

# ruleid: B303
SHA.new(b"data")

# ruleid: B303
CMD4.new()

# ruleid: B303
Crypto.Hash.MD2.new()

# ruleid: B303
hashes.MD5()

# ruleid: B303
digest = hashes.Hash(hashes.SHA1())

# ruleid: B303
SHA1()

# ruleid: B303
cryptography.hazmat.primitives.hashes.MD5()

# ruleid: B303
hashes.MD5(
)

# 1.6.2 differs: hashlib.md5/sha1 moved to B324.
# ok: B303
hashlib.md5(b"data")

# ok: B303
hashlib.sha1()

# ok: B303
hashes.SHA256()

# ok: B303
Crypto.Hash.SHA256.new()

# ok: B303
Crypto.Hash.MD3.new()

# ---------------------------------------------------------------------------------------------------------
# B304 ciphers: {Crypto,Cryptodome}.Cipher.{ARC2,ARC4,Blowfish,DES,XOR}.new, cryptography algorithms.{ARC4,
# Blowfish,CAST5,IDEA,SEED,TripleDES}
# ---------------------------------------------------------------------------------------------------------
from Crypto.Cipher import ARC2, ARC4 as CARC4, Blowfish, DES, XOR
from Cryptodome.Cipher import DES as DDES
from cryptography.hazmat.primitives.ciphers import algorithms, modes, Cipher
from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES

# ruleid: B304
ARC2.new(key)

# ruleid: B304
CARC4.new(key)

# ruleid: B304
Blowfish.new(key, Blowfish.MODE_CBC, iv)

# ruleid: B304
DES.new(key)

# ruleid: B304
XOR.new(key)

# ruleid: B304
DDES.new(key)

# ruleid: B304
algorithms.ARC4(key)

# ruleid: B304
algorithms.Blowfish(key)

# 1.6.2 differs: CAST5, SEED and TripleDES are newer than 1.6.2.
# ruleid: B304
algorithms.CAST5(key)

# ruleid: B304
algorithms.SEED(key)

# ruleid: B304
TripleDES(key)

# ruleid: B304
algorithms.IDEA(key)

# Two calls on one line: each call node gets its own issue.
# ruleid: B304, B305
cipher = Cipher(algorithms.IDEA(key), modes.ECB())

# ok: B304
algorithms.AES(key)

# ok: B304
Crypto.Cipher.AES.new(key)

# ok: B304
Crypto.Cipher.DES3.new(key)

# ok: B304
algorithms.Camellia(key)

# ---------------------------------------------------------------------------------------------------------
# B305 cipher_modes: cryptography modes.ECB (no fix: the replacement mode needs an IV)
# ---------------------------------------------------------------------------------------------------------
from cryptography.hazmat.primitives.ciphers.modes import ECB

# ruleid: B305
modes.ECB()

# ruleid: B305
ECB()

# ok: B305
modes.CBC(iv)

# ok: B305
modes.GCM(iv)

# ---------------------------------------------------------------------------------------------------------
# B306 mktemp_q: tempfile.mktemp
# ---------------------------------------------------------------------------------------------------------
import tempfile
import tempfile as tf
from tempfile import mktemp
from tempfile import mktemp as make_temp_name

# ruleid: B306
tempfile.mktemp()

# ruleid: B306
tf.mktemp(suffix=".txt")

# ruleid: B306
name = mktemp()

# ruleid: B306
make_temp_name(prefix="job-")

# ruleid: B306
tempfile.mktemp(
    suffix=".log",
)

# ok: B306
tempfile.mkstemp()

# ok: B306
tempfile.NamedTemporaryFile()

# ok: B306
tempfile.gettempdir()

# ---------------------------------------------------------------------------------------------------------
# B307 eval: the builtin eval
# ---------------------------------------------------------------------------------------------------------
import ast
import builtins

# ruleid: B307
eval(expr)

# ruleid: B307
eval(
    "1 + 1"
)

# ok: B307
ast.literal_eval(expr)

# ok: B307
self.eval(expr)

# ok: B307
builtins.eval(expr)

# ok: B307
evaluate(expr)

# ---------------------------------------------------------------------------------------------------------
# B308 mark_safe: django.utils.safestring.mark_safe (every call, even with a literal)
# ---------------------------------------------------------------------------------------------------------
from django.utils.safestring import mark_safe
from django.utils import safestring
import django.utils.safestring as ss
from django.utils.html import format_html

# ruleid: B308
mark_safe(html)

# ruleid: B308
mark_safe("<b>literal</b>")

# ruleid: B308
safestring.mark_safe(html)

# ruleid: B308
ss.mark_safe(html)

# ok: B308
format_html("<b>{}</b>", name)

# ok: B308
django.utils.html.mark_safe(html)

# ---------------------------------------------------------------------------------------------------------
# B310 urllib_urlopen: {urllib,six.moves.urllib}.request.{urlopen,urlretrieve,URLopener,FancyURLopener}
# ---------------------------------------------------------------------------------------------------------
import urllib.request
from urllib.request import urlopen as uo
from six.moves.urllib.request import urlretrieve
import urllib
import urllib2

# ruleid: B310
urllib.request.urlopen(url)

# ruleid: B310
urllib.request.urlretrieve(url, path)

# ruleid: B310
urllib.request.URLopener()

# ruleid: B310
urllib.request.FancyURLopener()

# ruleid: B310
uo(url)

# ruleid: B310
urlretrieve(url, path)

# ruleid: B310
six.moves.urllib.request.urlopen(url)

# Bandit (unlike Ruff) does not exempt literal http(s) URLs.
# ruleid: B310
urllib.request.urlopen("https://example.com")

# 1.6.2 differs: the Python 2 urllib/urllib2 entries are gone from the spec's list.
# ok: B310
urllib.urlopen(url)

# ok: B310
urllib2.urlopen(url)

# ok: B310
urllib.request.Request(url)

# ok: B310
urllib.parse.urlparse(url)

# ---------------------------------------------------------------------------------------------------------
# B311 random: random.{Random,random,randrange,randint,choice,choices,uniform,triangular,randbytes,sample,
# getrandbits}
# ---------------------------------------------------------------------------------------------------------
import random
import random as rnd
from random import choice as pick, randbytes, getrandbits, randint

# ruleid: B311
random.random()

# ruleid: B311
random.randrange(10)

# ruleid: B311
random.randint(1, 6)

# ruleid: B311
token = random.choice(alphabet)

# ruleid: B311
random.uniform(0, 1)

# ruleid: B311
random.triangular()

# 1.6.2 differs: choices, randbytes, sample, getrandbits and Random are newer than 1.6.2.
# ruleid: B311
random.choices(items, k=2)

# ruleid: B311
random.randbytes(16)

# ruleid: B311
random.sample(items, 2)

# ruleid: B311
random.getrandbits(32)

# No fix for Random (a seeded generator has no secure drop-in).
# ruleid: B311
rng = random.Random(42)

# ruleid: B311
rnd.choice(items)

# ruleid: B311
rnd.random()

# ruleid: B311
pick(items)

# ruleid: B311
randbytes(8)

# ruleid: B311
getrandbits(8)

# ruleid: B311
randint(0, 9)

# ruleid: B311
random.choice(
    items,
)

# Nested calls: both are reported; both fixes apply (their edits do not overlap).
# ruleid: B311
random.choice(random.choices(items, k=3))

# A parenthesised callee is still resolved, but only a plain dotted name gets a fix.
# ruleid: B311
(random.choice)(items)

# ok: B311
secrets.choice(items)

# ok: B311
random.SystemRandom()

# ok: B311
random.SystemRandom().random()

# ok: B311
random.seed(1)

# ok: B311
random.shuffle(items)

# ok: B311
rng.random()

# ok: B311
np.random.rand()

# ---------------------------------------------------------------------------------------------------------
# B312 telnetlib: telnetlib.Telnet only
# ---------------------------------------------------------------------------------------------------------
import telnetlib
from telnetlib import Telnet as T

# ruleid: B312
telnetlib.Telnet("host")

# ruleid: B312
T("host", 23)

# ruleid: B312
telnetlib.Telnet("host").read_all()

# 1.6.2 differs: it lists telnetlib.*.
# ok: B312
telnetlib.test()

# ---------------------------------------------------------------------------------------------------------
# B313 xml_bad_cElementTree: xml.etree.cElementTree.{parse,iterparse,fromstring,XMLParser}
# ---------------------------------------------------------------------------------------------------------
import xml.etree.cElementTree as cET
from xml.etree.cElementTree import iterparse as c_iterparse

# ruleid: B313
cET.parse(path)

# ruleid: B313
cET.iterparse(path)

# ruleid: B313
cET.fromstring(text)

# ruleid: B313
cET.XMLParser()

# ruleid: B313
c_iterparse(path)

# ok: B313
cET.tostring(elem)

# ok: B313
cET.Element("a")

# ---------------------------------------------------------------------------------------------------------
# B314 xml_bad_ElementTree: xml.etree.ElementTree.{parse,iterparse,fromstring,XMLParser}
# ---------------------------------------------------------------------------------------------------------
import xml.etree.ElementTree as ET
from xml.etree import ElementTree
from xml.etree.ElementTree import fromstring
import xml.etree.ElementTree

# ruleid: B314
tree = ET.parse(path)

# ruleid: B314
ET.iterparse(path)

# ruleid: B314
ET.fromstring(text)

# ruleid: B314
ET.XMLParser(target=builder)

# ruleid: B314
ElementTree.parse(path)

# ruleid: B314
fromstring(text)

# ruleid: B314
xml.etree.ElementTree.parse(path)

# ruleid: B314
ET.fromstring(
    text
)

# ok: B314
ET.tostring(elem)

# ok: B314
ET.ElementTree(elem)

# ok: B314
ET.SubElement(elem, "b")

# ok: B314
defusedxml.ElementTree.parse(path)

# 1.6.2 differs: it reports lxml.etree.parse as B320, which the spec retires.
# ok: B314
lxml.etree.parse(path)

# ---------------------------------------------------------------------------------------------------------
# B315 xml_bad_expatreader: xml.sax.expatreader.create_parser
# ---------------------------------------------------------------------------------------------------------
import xml.sax.expatreader
from xml.sax import expatreader

# ruleid: B315
xml.sax.expatreader.create_parser()

# ruleid: B315
expatreader.create_parser()

# ok: B315
expatreader.ExpatParser()

# ---------------------------------------------------------------------------------------------------------
# B316 xml_bad_expatbuilder: xml.dom.expatbuilder.{parse,parseString}
# ---------------------------------------------------------------------------------------------------------
from xml.dom import expatbuilder
from xml.dom.expatbuilder import parseString as eb_parse_string

# ruleid: B316
expatbuilder.parse(path)

# ruleid: B316
expatbuilder.parseString(text)

# ruleid: B316
eb_parse_string(text)

# ok: B316
expatbuilder.makeBuilder(options)

# ---------------------------------------------------------------------------------------------------------
# B317 xml_bad_sax: xml.sax.{parse,parseString,make_parser}
# ---------------------------------------------------------------------------------------------------------
import xml.sax
from xml import sax
from xml.sax import make_parser

# ruleid: B317
xml.sax.parse(path, handler)

# ruleid: B317
sax.parseString(text, handler)

# ruleid: B317
parser = make_parser()

# ok: B317
sax.ContentHandler()

# ok: B317
xml.sax.saxutils.escape(text)

# ---------------------------------------------------------------------------------------------------------
# B318 xml_bad_minidom: xml.dom.minidom.{parse,parseString}
# ---------------------------------------------------------------------------------------------------------
from xml.dom import minidom
import xml.dom.minidom as md
from xml.dom.minidom import parse as mparse

# ruleid: B318
minidom.parse(path)

# ruleid: B318
doc = minidom.parseString(text)

# ruleid: B318
md.parseString(text)

# ruleid: B318
mparse(path)

# ok: B318
minidom.Document()

# ok: B318
minidom.getDOMImplementation()

# ---------------------------------------------------------------------------------------------------------
# B319 xml_bad_pulldom: xml.dom.pulldom.{parse,parseString}
# ---------------------------------------------------------------------------------------------------------
from xml.dom import pulldom

# ruleid: B319
pulldom.parse(path)

# ruleid: B319
events = pulldom.parseString(text)

# ok: B319
pulldom.PullDOM()

# ---------------------------------------------------------------------------------------------------------
# B321 ftplib: ftplib.FTP only
# ---------------------------------------------------------------------------------------------------------
import ftplib
from ftplib import FTP
import ftplib as fl

# ruleid: B321
ftplib.FTP("host")

# ruleid: B321
ftp = FTP("host")

# ruleid: B321
fl.FTP(host="host", user="user")

# ruleid: B321
ftplib.FTP(
    "host",
    timeout=10,
)

# 1.6.2 differs: it lists ftplib.*.
# ok: B321
ftplib.FTP_TLS("host")

# ok: B321
ftp.login()

# ---------------------------------------------------------------------------------------------------------
# B323 unverified_context: ssl._create_unverified_context
# ---------------------------------------------------------------------------------------------------------
import ssl
from ssl import _create_unverified_context

# ruleid: B323
ssl._create_unverified_context()

# ruleid: B323
ctx = _create_unverified_context()

# ruleid: B310, B323
urllib.request.urlopen(url, context=ssl._create_unverified_context())

# ok: B323
ssl.create_default_context()

# ok: B323
ssl._create_stdlib_context()

# Assigning the function is not a call.
# ok: B323
ssl._create_default_https_context = ssl._create_unverified_context

# ---------------------------------------------------------------------------------------------------------
# Matching semantics shared by every id
# ---------------------------------------------------------------------------------------------------------

# A call matches on its text even when the module was never imported (only `from Cryptodome.Hash import MD4`).
# ruleid: B303
Cryptodome.Hash.MD5.new()

# Local rebinding is ignored (the alias map is flow-insensitive).
def load(pickle):
    # ruleid: B301
    return pickle.loads(data)

# An alias bound only by a later import is not known yet.
# ok: B301
later(data)

from pickle import loads as later

# ruleid: B301
later(data)

# `__import__("m.f")` is checked as an import of "m.f", which equals a call entry: reported, never fixed.
# ruleid: B306
__import__("tempfile.mktemp")

# A from-import rebinding `random` to the function: later `random()` resolves to random.random.
from random import random

# ruleid: B311
random()

# A name bound by a relative import resolves like the stdlib module (reported, as in Bandit), but it is the
# project's own module, so no fix is offered.
from .tempfile import mktemp as project_mktemp

# ruleid: B306
project_mktemp()
