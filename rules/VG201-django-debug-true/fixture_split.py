# vigil-test: {"filename": "mysite/settings/production.py"}
from .base import *  # noqa: F403

# ruleid: VG201
DEBUG = True
