import os

MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]

# ruleid: VG203
SESSION_COOKIE_SECURE = True
# ruleid: VG203
CSRF_COOKIE_SECURE = True
# ruleid: VG203
SECURE_SSL_REDIRECT = True
# ruleid: VG203
SESSION_COOKIE_HTTPONLY = True

# CSRF_COOKIE_HTTPONLY = False is Django's default and needed by JavaScript clients.
# ok: VG203
CSRF_COOKIE_HTTPONLY = False
# ok: VG203
SESSION_COOKIE_SECURE = os.environ.get("HTTPS") == "1"
# ok: VG203
SECURE_SSL_REDIRECT = True

# Names of JavaScript object properties are ordinary settings, not the insecure ones.
# ok: VG203
constructor = False
