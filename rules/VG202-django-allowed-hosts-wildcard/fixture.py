INSTALLED_APPS = ["django.contrib.admin"]

# ruleid: VG202
ALLOWED_HOSTS = ["*"]

# ruleid: VG202
ALLOWED_HOSTS = ("localhost", "*")

# ok: VG202
ALLOWED_HOSTS = [".example.com", "localhost"]

# ok: VG202
CORS_ORIGINS = ["*"]


def f():
    # ok: VG202
    ALLOWED_HOSTS = ["*"]
    return ALLOWED_HOSTS
