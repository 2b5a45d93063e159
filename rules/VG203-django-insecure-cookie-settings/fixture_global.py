# vigil-test: {"filename": "django/conf/global_settings.py"}
INSTALLED_APPS = []
# Django's own defaults module.
# ok: VG203
SESSION_COOKIE_SECURE = False
