"""Bandit's blacklisted imports B401-B415: one section per id, positives and look-alikes.

Imports match when `module` (or `module.name` for `from module import name`) STARTS WITH a listed name; dynamic
imports (`__import__("x")`, `importlib.import_module("x")`) and calls match exactly. Checked against Bandit 1.6.2
(`bandit -f json fixture.py`); the lines where 1.6.2 disagrees are commented "1.6.2 differs": the spec's (Bandit
1.9) lists win there.
"""
from __future__ import annotations

# ---------------------------------------------------------------------------------------------------------
# B401 import_telnetlib: telnetlib
# ---------------------------------------------------------------------------------------------------------

# ruleid: B401
import telnetlib

# ruleid: B401
from telnetlib import Telnet

# ruleid: B401
import telnetlib as tn

# Prefix match: the asyncio telnet package counts too.
# ruleid: B401
import telnetlib3

# ok: B401
import telnet

# ok: B401
from mylib import telnetlib_wrapper

# ---------------------------------------------------------------------------------------------------------
# B402 import_ftplib: ftplib
# ---------------------------------------------------------------------------------------------------------

# ruleid: B402
import ftplib

# ruleid: B402
from ftplib import FTP, FTP_TLS

# ok: B402
import ftputil

# ok: B402
import paramiko

# ---------------------------------------------------------------------------------------------------------
# B403 import_pickle: pickle, cPickle, dill, shelve (prefix, so pickletools too)
# ---------------------------------------------------------------------------------------------------------

# ruleid: B403
import pickle

# ruleid: B403
import pickle as p

# ruleid: B403
from pickle import loads

# ruleid: B403
from pickle import *

# ruleid: B403
import cPickle

# ruleid: B403
from dill import source

# 1.6.2 differs: shelve is newer than 1.6.2.
# ruleid: B403
import shelve

# ruleid: B403
import pickletools

# Relative imports: `from . import pickle` has no module, so the name itself is tested.
# ruleid: B403
from . import pickle

# ruleid: B403
from .pickle import dumps

# ok: B403
from .serializers import pickle

# ok: B403
import _pickle

# ok: B403
import jsonpickle

# ok: B403
import copyreg

# ok: B403
import json

# ---------------------------------------------------------------------------------------------------------
# B404 import_subprocess: subprocess
# 1.6.2 differs in the text: it says "associated with {name} module" (Popen, check_call, ...); Bandit 1.7+ says
# "associated with the subprocess module", which is what we report.
# ---------------------------------------------------------------------------------------------------------

# ruleid: B404
import subprocess

# ruleid: B404
import subprocess as sp

# ruleid: B404
from subprocess import Popen, PIPE

# A multi-line import is reported on its first line.
# ruleid: B404
from subprocess import (
    check_call,
    check_output,
)

# ruleid: B404
import subprocess32

# ok: B404
from asyncio import subprocess

# ok: B404
import asyncio.subprocess

# ok: B404
import shlex

# ---------------------------------------------------------------------------------------------------------
# B405 import_xml_etree: xml.etree.cElementTree, xml.etree.ElementTree
# ---------------------------------------------------------------------------------------------------------

# ruleid: B405
import xml.etree.ElementTree as ET

# ruleid: B405
import xml.etree.cElementTree

# ruleid: B405
from xml.etree import ElementTree

# ruleid: B405
from xml.etree import cElementTree as cET

# ruleid: B405
from xml.etree.ElementTree import parse

# ok: B405
import xml.etree

# ok: B405
from xml.etree import ElementInclude

# ok: B405
import defusedxml.ElementTree

# ---------------------------------------------------------------------------------------------------------
# B406 import_xml_sax: xml.sax
# ---------------------------------------------------------------------------------------------------------

# ruleid: B406
import xml.sax

# ruleid: B406
from xml import sax

# ruleid: B406
from xml.sax import make_parser

# Prefix match: harmless xml.sax submodules are reported too.
# ruleid: B406
from xml.sax.saxutils import escape

# ruleid: B406
import xml.sax.expatreader

# ok: B406
import xmlschema

# ok: B406
import xml

# ok: B406
import defusedxml.sax

# ---------------------------------------------------------------------------------------------------------
# B407 import_xml_expat: xml.dom.expatbuilder
# ---------------------------------------------------------------------------------------------------------

# ruleid: B407
import xml.dom.expatbuilder

# ruleid: B407
from xml.dom import expatbuilder

# ok: B407
from xml.dom import xmlbuilder

# ok: B407
from xml.parsers import expat

# ---------------------------------------------------------------------------------------------------------
# B408 import_xml_minidom: xml.dom.minidom
# ---------------------------------------------------------------------------------------------------------

# ruleid: B408
import xml.dom.minidom

# ruleid: B408
from xml.dom import minidom

# ruleid: B408
from xml.dom.minidom import parseString

# ok: B408
from xml.dom import minicompat

# ok: B408
from xml import dom

# ---------------------------------------------------------------------------------------------------------
# B409 import_xml_pulldom: xml.dom.pulldom
# ---------------------------------------------------------------------------------------------------------

# ruleid: B409
import xml.dom.pulldom

# ruleid: B409
from xml.dom import pulldom

# ruleid: B409
from xml.dom.pulldom import parse as pulldom_parse

# ok: B409
from xml.dom import domreg

# ---------------------------------------------------------------------------------------------------------
# B411 import_xmlrpclib: xmlrpc (prefix: xmlrpc.client, xmlrpc.server, Python 2's xmlrpclib)
# 1.6.2 differs in the text: it says "defused.xmlrpc.monkey_patch()"; Bandit 1.7+ fixed it to "defusedxml.".
# ---------------------------------------------------------------------------------------------------------

# 1.6.2 differs: it lists only Python 2's xmlrpclib.
# ruleid: B411
import xmlrpc

# ruleid: B411
import xmlrpc.client

# ruleid: B411
from xmlrpc.server import SimpleXMLRPCServer

# ruleid: B411
from xmlrpc import client

# ruleid: B411
import xmlrpclib

# ok: B411
import defusedxml.xmlrpc

# ok: B411
from defusedxml import xmlrpc

# ---------------------------------------------------------------------------------------------------------
# B412 import_httpoxy: wsgiref.handlers.CGIHandler, twisted.web.twcgi.{CGIScript,CGIDirectory}; also calls
# ---------------------------------------------------------------------------------------------------------

# ruleid: B412
from wsgiref.handlers import CGIHandler

# ruleid: B412
from twisted.web.twcgi import CGIScript, CGIDirectory

# ruleid: B412
from twisted.web.twcgi import CGIDirectory as CGIDir

# Calls to the listed names match exactly (no import needed for the dotted form).
# ruleid: B412
CGIHandler().run(app)

# ruleid: B412
wsgiref.handlers.CGIHandler()

# ruleid: B412
resource = CGIDir("/srv/cgi-bin")

# ruleid: B412
twisted.web.twcgi.CGIScript(
    "/srv/cgi-bin/app.cgi",
)

# ok: B412
import wsgiref.handlers

# ok: B412
from wsgiref.handlers import SimpleHandler, BaseCGIHandler

# ok: B412
wsgiref.handlers.SimpleHandler(stdin, stdout, stderr, environ)

# ok: B412
from twisted.web import twcgi

# ---------------------------------------------------------------------------------------------------------
# B413 import_pycrypto: Crypto.{Cipher,Hash,IO,Protocol,PublicKey,Random,Signature,Util}
# ---------------------------------------------------------------------------------------------------------

# ruleid: B413
from Crypto.Cipher import AES

# ruleid: B413
import Crypto.PublicKey.RSA

# ruleid: B413
from Crypto.Hash import SHA256

# ruleid: B413
from Crypto import Random

# ruleid: B413
from Crypto.Util.Padding import pad

# ruleid: B413
from Crypto.Signature import pkcs1_15

# ok: B413
import Crypto

# ok: B413
from Crypto import SelfTest

# The retired B414 (pycryptodome's Cryptodome) is not reported.
# ok: B413
from Cryptodome.Cipher import AES as AES2

# ok: B413
import cryptography

# ---------------------------------------------------------------------------------------------------------
# B415 import_pyghmi: pyghmi (prefix)
# ---------------------------------------------------------------------------------------------------------

# 1.6.2 differs: B415 is newer than 1.6.2.
# ruleid: B415
import pyghmi

# ruleid: B415
from pyghmi.ipmi import command

# ruleid: B415
import pyghmi.ipmi.command as ipmi_command

# ok: B415
import pygments

# ---------------------------------------------------------------------------------------------------------
# One issue per statement: the first ENTRY (in id order) that matches any name wins, not the first name.
# ---------------------------------------------------------------------------------------------------------

# ruleid: B403
# ok: B404
import subprocess, pickle

# ruleid: B401
# ok: B403
import pickle, telnetlib

# ruleid: B408
# ok: B409
from xml.dom import pulldom, minidom

# Statements in blocks count like any other (Ruff skips TYPE_CHECKING blocks; Bandit does not).
try:
    # ruleid: B403
    import cPickle as pickle
except ImportError:
    # ruleid: B403
    import pickle

if TYPE_CHECKING:
    # ruleid: B404
    from subprocess import CompletedProcess

# ---------------------------------------------------------------------------------------------------------
# Dynamic imports: an import of the literal module name, matched EXACTLY (no prefix)
# ---------------------------------------------------------------------------------------------------------
import importlib
import importlib as il
from importlib import import_module

# ruleid: B403
__import__("pickle")

# ruleid: B404
importlib.import_module("subprocess")

# 1.6.2 differs: it crashes on the keyword form (IndexError) and reports nothing.
# ruleid: B401
importlib.import_module(name="telnetlib")

# ruleid: B402
importlib.__import__("ftplib")

# ruleid: B408
import_module("xml.dom.minidom")

# ruleid: B405
etree = il.import_module("xml.etree.ElementTree")

# 1.6.2 differs: it lists only xmlrpclib.
# ruleid: B411
__import__(
    "xmlrpc",
)

# An attribute argument is read as its last name (Bandit's call_args).
# ruleid: B403
importlib.import_module(modules.pickle)

# Exact, not prefix.
# ok: B403
__import__("pickletools")

# 1.6.2 differs: it lists only xmlrpclib.
# ok: B411
importlib.import_module("xmlrpc.client")

# A non-literal __import__ argument is checked as 'UNKNOWN', which matches nothing.
# ok: B403
__import__(module_name)

# ok: B403
__import__(f"pickle")

# A variable passed to import_module is checked under its own name.
# ok: B403
importlib.import_module(module_name)

# __import__'s keyword form is not read.
# ok: B403
__import__(name="pickle")

# ok: B403
__import__()

# ok: B403
importlib.import_module("json")

# ok: B403
loader.import_module("pickle")
