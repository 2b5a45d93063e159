import os

# ruleid: VG201
DEBUG = True

# ok: VG201
TEMPLATE_DEBUG = True

# ok: VG201
DEBUG_TOOLBAR = True

INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth"]
ROOT_URLCONF = "mysite.urls"


def configure():
    # Not module level.
    # ok: VG201
    DEBUG = True
    return DEBUG


if os.environ.get("CI"):
    # Conditional: not flagged.
    # ok: VG201
    DEBUG = True
