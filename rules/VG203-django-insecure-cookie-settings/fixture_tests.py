# vigil-test: {"filename": "mysite/test_settings.py"}
INSTALLED_APPS = ["django.contrib.auth"]
# ok: VG203
SESSION_COOKIE_SECURE = False
