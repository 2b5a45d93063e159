# A module that is not Django settings (no INSTALLED_APPS / MIDDLEWARE / ROOT_URLCONF).
# ok: VG201
DEBUG = True
