# Not a settings module and no flask import: a constant that happens to be called SECRET_KEY.
# ok: VG205
SECRET_KEY = "fixture"


class Config:
    # ok: VG205
    secret_key = "x"
