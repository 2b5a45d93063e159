"""Connection helpers."""
import os
import psycopg2

# ruleid: B106
conn = psycopg2.connect(host="db", user="app", password=os.environ["PASSWORD"])

# Reported on the call's first line.
# ruleid: B106
client = Client(
    "https://api.example.com",
    api_token=os.environ["API_TOKEN"],
)

# The empty string counts.
# ruleid: B106
login(user="admin", passwd=os.environ["PASSWD"])

# Only the first password-like keyword is reported (one finding per call).
# ruleid: B106
connect(password=os.environ["PASSWORD"], secret=os.environ["SECRET"])

# ruleid: B106
dict(db_password=os.environ["DB_PASSWORD"])

# Not a str constant.
# ok: B106
psycopg2.connect(host="db", password=os.environ["DB_PASSWORD"])

# f-strings are not constants.
# ok: B106
connect(password=f"{prefix}-pw")

# Bytes are not str.
# ok: B106
connect(password=b"raw")

# Names that do not match the segment test.
# ok: B106
connect(passwords="x", compass="y", secretary="z")

# Positional strings are not keywords.
# ok: B106
connect("db", "hunter2")

# ok: B106
connect(**{"password": "x"})

# Argument lists over 4,096 characters (their text is not searched first) are read keyword by keyword all the same:
# the outer call is reported, the inner one (no password keyword, also over 4,096 characters) is not.
# ruleid: B106
connect(
    password=os.environ["PASSWORD"],
    # ok: B106
    rows=connect(
        user="admin",
        rows=[
            "row 000 of a long list of values that makes the argument list longer than 4096 characters",
            "row 001 of a long list of values that makes the argument list longer than 4096 characters",
            "row 002 of a long list of values that makes the argument list longer than 4096 characters",
            "row 003 of a long list of values that makes the argument list longer than 4096 characters",
            "row 004 of a long list of values that makes the argument list longer than 4096 characters",
            "row 005 of a long list of values that makes the argument list longer than 4096 characters",
            "row 006 of a long list of values that makes the argument list longer than 4096 characters",
            "row 007 of a long list of values that makes the argument list longer than 4096 characters",
            "row 008 of a long list of values that makes the argument list longer than 4096 characters",
            "row 009 of a long list of values that makes the argument list longer than 4096 characters",
            "row 010 of a long list of values that makes the argument list longer than 4096 characters",
            "row 011 of a long list of values that makes the argument list longer than 4096 characters",
            "row 012 of a long list of values that makes the argument list longer than 4096 characters",
            "row 013 of a long list of values that makes the argument list longer than 4096 characters",
            "row 014 of a long list of values that makes the argument list longer than 4096 characters",
            "row 015 of a long list of values that makes the argument list longer than 4096 characters",
            "row 016 of a long list of values that makes the argument list longer than 4096 characters",
            "row 017 of a long list of values that makes the argument list longer than 4096 characters",
            "row 018 of a long list of values that makes the argument list longer than 4096 characters",
            "row 019 of a long list of values that makes the argument list longer than 4096 characters",
            "row 020 of a long list of values that makes the argument list longer than 4096 characters",
            "row 021 of a long list of values that makes the argument list longer than 4096 characters",
            "row 022 of a long list of values that makes the argument list longer than 4096 characters",
            "row 023 of a long list of values that makes the argument list longer than 4096 characters",
            "row 024 of a long list of values that makes the argument list longer than 4096 characters",
            "row 025 of a long list of values that makes the argument list longer than 4096 characters",
            "row 026 of a long list of values that makes the argument list longer than 4096 characters",
            "row 027 of a long list of values that makes the argument list longer than 4096 characters",
            "row 028 of a long list of values that makes the argument list longer than 4096 characters",
            "row 029 of a long list of values that makes the argument list longer than 4096 characters",
            "row 030 of a long list of values that makes the argument list longer than 4096 characters",
            "row 031 of a long list of values that makes the argument list longer than 4096 characters",
            "row 032 of a long list of values that makes the argument list longer than 4096 characters",
            "row 033 of a long list of values that makes the argument list longer than 4096 characters",
            "row 034 of a long list of values that makes the argument list longer than 4096 characters",
            "row 035 of a long list of values that makes the argument list longer than 4096 characters",
            "row 036 of a long list of values that makes the argument list longer than 4096 characters",
            "row 037 of a long list of values that makes the argument list longer than 4096 characters",
            "row 038 of a long list of values that makes the argument list longer than 4096 characters",
            "row 039 of a long list of values that makes the argument list longer than 4096 characters",
            "row 040 of a long list of values that makes the argument list longer than 4096 characters",
            "row 041 of a long list of values that makes the argument list longer than 4096 characters",
            "row 042 of a long list of values that makes the argument list longer than 4096 characters",
            "row 043 of a long list of values that makes the argument list longer than 4096 characters",
            "row 044 of a long list of values that makes the argument list longer than 4096 characters",
            "row 045 of a long list of values that makes the argument list longer than 4096 characters",
            "row 046 of a long list of values that makes the argument list longer than 4096 characters",
            "row 047 of a long list of values that makes the argument list longer than 4096 characters",
            "row 048 of a long list of values that makes the argument list longer than 4096 characters",
            "row 049 of a long list of values that makes the argument list longer than 4096 characters",
        ],
    ),
)
