"""Django settings."""
import os

INSTALLED_APPS = ["django.contrib.auth"]

# ruleid: VG205
SECRET_KEY = "django-insecure-7x!c@k1y"

# ok: VG205
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]


def f():
    # ok: VG205
    SECRET_KEY = "local"
    return SECRET_KEY
