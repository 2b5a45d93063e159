# ruleid: B401
import telnetlib

# ruleid: B402
from ftplib import FTP

# ruleid: B403
import pickle

# Prefix match: pickletools starts with pickle.
# ruleid: B403
import pickletools

# One issue per statement: the first entry (B403) wins over B404.
# ruleid: B403
import subprocess, pickle

# ruleid: B404
import subprocess as sp

# ruleid: B405
import xml.etree.ElementTree as ET

# ruleid: B405
from xml.etree import cElementTree

# ruleid: B406
from xml import sax

# ok: B406
import xmlschema

# ruleid: B408
from xml.dom.minidom import parseString

# ruleid: B409
import xml.dom.pulldom

# ruleid: B411
import xmlrpc.client

# ruleid: B412
from wsgiref.handlers import CGIHandler

# ruleid: B413
from Crypto.Cipher import AES

# ok: B413
from Cryptodome.Cipher import AES as AES2

# ruleid: B415
from pyghmi.ipmi import command

# ok: B403
import json

# ok: B404
import shlex

# Dynamic imports are imports of their literal argument.
# ruleid: B403
__import__("pickle")

# ruleid: B404
importlib.import_module("subprocess")

# ok: B403
importlib.import_module("json")

# A call to a listed name raises the import id.
# ruleid: B412
CGIHandler()
