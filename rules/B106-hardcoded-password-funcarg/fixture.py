"""Connection helpers."""
import psycopg2

# ruleid: B106
conn = psycopg2.connect(host="db", user="app", password="hunter2")

# Reported on the call's first line.
# ruleid: B106
client = Client(
    "https://api.example.com",
    api_token="abc123",
)

# The empty string counts.
# ruleid: B106
login(user="admin", passwd="")

# Only the first password-like keyword is reported (one finding per call).
# ruleid: B106
connect(password="a", secret="b")

# ruleid: B106
dict(db_password="s3cr3t")

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
