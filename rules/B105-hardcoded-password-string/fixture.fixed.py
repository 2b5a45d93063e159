import os

# Note: Bandit 1.6.2 on Python 3.8+ never runs its string tests (no visit_Constant), so these lines follow the
# spec (Bandit 1.9): attribute targets, dict-literal keys and attribute comparisons are 1.9 behaviour.

# ruleid: B105
password = os.environ["PASSWORD"]

# ruleid: B105
DB_PASSWD = os.environ["DB_PASSWD"]

# Django's classic: `secret_` as a leading segment.
# ruleid: B105
SECRET_KEY = os.environ["SECRET_KEY"]

# Empty strings are flagged too.
# ruleid: B105
api_token = os.environ["API_TOKEN"]

# ruleid: B105
user = admin_pwd = os.environ["ADMIN_PWD"]


class Settings:
    def __init__(self):
        # ruleid: B105
        self.token = os.environ["TOKEN"]


# `d[key] = "str"` with a password-like key: reported on the key's line.
config = {}
# ruleid: B105
config["db_password"] = os.environ["DB_PASSWORD"]

# A dict-literal key that looks like a password, with any constant value.
settings = {
    "user": "admin",
    # ruleid: B105
    "password": os.environ["PASSWORD"],
    # ruleid: B105
    "secret": None,
}


def login(password, user):
    # ruleid: B105
    if password == os.environ["PASSWORD"]:
        return True
    # ruleid: B105
    if user.passphrase != os.environ["PASSPHRASE"]:
        return True
    # The left side must be the Name/Attribute.
    # ok: B105
    if "hunter2" == password:
        return True
    # ok: B105
    if password is None:
        return False
    return False


# Annotated assignments are not ast.Assign.
# ok: B105
password_hint: str = "your pet's name"

# ok: B105
password = os.environ["PASSWORD"]

# An f-string is not a str constant; its literal parts' parent is the f-string.
# ok: B105
password = f"{user}-pw"

# Bytes are not str.
# ok: B105
token = b"raw"

# Plural or embedded words do not match the segment test.
# ok: B105
passwords = "see vault"
# ok: B105
compass = "north"
# ok: B105
secretary = "Ms. Smith"

# A value that looks like a password under a normal key.
# ok: B105
labels = {"field": "password"}

# Reading a password-like key is not an assignment of a str.
# ok: B105
current = config["password"]

# The value is not a constant.
# ok: B105
config["password"] = current

# Tuple unpacking: the strings' parent is the tuple.
# ok: B105
user, password = "admin", "admin"

# ok: B105
login(password="x", user="y")

# The key's value is what counts, not how its source is spelt: an escape, an implicit concatenation.
escaped = {
    # ruleid: B105
    "p\x61ssword": os.environ["PASSWORD"],
    # ruleid: B105
    "pass" "word": os.environ["PASSWORD"],
    # Parentheses are not in the AST, however many.
    # ruleid: B105
    (("token")): os.environ["TOKEN"],
}
# ruleid: B105
config["p\x61ssword"] = os.environ["PASSWORD"]
# ruleid: B105
config["pass" "wd"] = os.environ["PASSWD"]

# A password-like value under a normal key, and a comprehension's pair (its parent is no dict literal).
# ok: B105
labels = {"secret": x for x in labels}
# ok: B105
hints = {"user": "password", "field": ("token")}
# ok: B105
hints = {(("user")): "password", "field": (("token"))}
