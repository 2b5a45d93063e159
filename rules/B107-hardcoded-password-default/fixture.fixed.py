import os
# ruleid: B107
def connect(host, user="app", password=os.environ["PASSWORD"]):
    return host, user, password


class Client:
    # ruleid: B107
    def __init__(self, url, token: str = os.environ["TOKEN"]):
        self.url = url


# Only the first password default is reported; the fix replaces all of them, so none is left behind.
# ruleid: B107
def open_db(dsn, db_password=os.environ["DB_PASSWORD"], api_token=os.environ["API_TOKEN"]):
    return dsn


# Decorated: reported on the `def` line.
@cache
# ruleid: B107
def login(user, passwd=os.environ["PASSWD"]):
    return user


# Keyword-only parameters are not checked by Bandit.
# ok: B107
def kwonly(host, *, password="hunter2"):
    return host


# ok: B107
def after_star(host, *args, password="hunter2"):
    return host


# async def is not a FunctionDef.
# ok: B107
async def async_connect(password="hunter2"):
    return password


# None defaults are skipped.
# ok: B107
def optional(password=None):
    return password


# Not a str constant.
# ok: B107
def from_env(password=os.environ.get("PW")):
    return password


# ok: B107
def fstr(password=f"{x}"):
    return password


# ok: B107
def other(user="admin", passwords="x"):
    return user


# Bandit pairs parameters after `/` with *all* positional defaults (right-aligned), so here `password` is
# paired with the default of positional-only `mode`; the report carries that value. No fix is offered.
# ruleid: B107
def shifted(mode="r", /, password="hunter2"):
    return mode


# ok: B107
lam = lambda password="x": password
