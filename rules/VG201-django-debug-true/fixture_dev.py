# vigil-test: {"filename": "mysite/settings/dev.py"}
from .base import *  # noqa: F403

# Development settings are meant to debug.
# ok: VG201
DEBUG = True
