import sqlite3

conn = sqlite3.connect("db")
cur = conn.cursor()
table = input()
uid = input()

# `%` formatting.
# ruleid: B608
query = "SELECT * FROM users WHERE id = %s" % uid

# `+` concatenation; the later pieces of the chain are joined in.
# ruleid: B608
query = "SELECT * FROM " + table + " WHERE id = 1"

# Inside execute(): confidence MEDIUM.
# ruleid: B608
cur.execute("DELETE FROM users WHERE id = '%s'" % uid)

# ruleid: B608
cur.executemany("INSERT INTO %s VALUES (?, ?)" % table, rows)

# str.format.
# ruleid: B608
cur.execute("UPDATE users SET name = '{}' WHERE id = 1".format(uid))

# str.replace (Bandit 1.9): always LOW confidence.
# ruleid: B608
cur.execute("SELECT * FROM users WHERE name = 'NAME'".replace("NAME", uid))

# f-string: the first literal part is reported, with all literal parts joined.
# ruleid: B608
cur.execute(f"SELECT * FROM {table} WHERE id = {uid}")

# ruleid: B608
query = f"select name from {table}"

# Multi-line SQL, reported on the string's first line.
# ruleid: B608
query = """
    SELECT name
    FROM users
    WHERE id = %s
""" % uid

# Implicit concatenation is one constant.
# ruleid: B608
query = ("SELECT name "
         "FROM users WHERE id = %s") % uid

# Bandit 1.9's regex accepts `VALUES(` without a space (1.6.2 needs whitespace after VALUES).
# ruleid: B608
query = "INSERT INTO logs (msg) VALUES(%s)" % uid

# Plain SQL literal without string building: not reported.
# ok: B608
query = "SELECT * FROM users WHERE id = ?"

# ok: B608
cur.execute("SELECT * FROM users WHERE id = ?", (uid,))

# Prose with 'select ... from' but no whitespace after "from".
# ok: B608
message = "Please select an option from: %s" % uid

# Prose that is not SQL at all.
# ok: B608
message = "Hello %s, welcome back" % uid

# ok: B608
message = "Updated {} records".format(uid)

# ok: B608
message = f"Deleted {uid} rows"

# Bytes are never checked.
# ok: B608
raw = b"SELECT * FROM t WHERE id = %s" % uid

# Bandit's concat_string quirk: the pieces under the string's own `+` are not joined, so neither half matches.
# ok: B608
query = "SELECT name " + "FROM users"

# A docstring-like bare string is not tested.
# ok: B608
"SELECT * FROM users"

# An f-string as a dict value is tested; a plain string there or as an argument is under no operator.
# ruleid: B608
queries = {"by_id": f"SELECT * FROM {table} WHERE id = {uid}"}
# ok: B608
queries = {"all": "SELECT * FROM users"}
# ok: B608
cur.execute("SELECT * FROM users")

# Chains with parentheses (checked against Bandit 1.6.2): each string is joined with the chain's strings outside
# its own BinOp, in source order.
# ok: B608
query = "SELECT name " + ("FROM users " + uid)
# ruleid: B608
query = ("SELECT name " + uid) + " FROM users"
# ruleid: B608
query = uid + "SELECT a " % x + " FROM t"
# ruleid: B608
query = "FROM t " + ("SELECT a " + x) + " WHERE " + ("b " + "FROM c ")
