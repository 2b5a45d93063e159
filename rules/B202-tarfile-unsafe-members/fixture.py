import tarfile
import zipfile

# Bandit 1.6.2 has no B202: these lines follow the spec (Bandit 1.9).

tar = tarfile.open("archive.tar.gz")

# No members, no filter: HIGH/HIGH.
# ruleid: B202
tar.extractall()

# ruleid: B202
tar.extractall(
    path="out",
)

# A filter other than "data" does not suppress it (and gets no fix: the keyword exists).
# ruleid: B202
tar.extractall("out", filter="tar")

# members=<call of a name>: LOW/LOW.
# ruleid: B202
tar.extractall(members=safe_members(tar))

# members=<anything else>: MEDIUM/MEDIUM.
# ruleid: B202
tar.extractall(members=selected)

# Once tarfile is imported, any call whose name contains "extractall" counts (no fix: ZipFile has no filter=).
# ruleid: B202
zipfile.ZipFile("a.zip").extractall()

# A comprehension is "something else": MEDIUM, shown as Bandit's repr of the AST node (without its address).
# ruleid: B202
tar.extractall(members=[m for m in tar if m.isfile()])

# ok: B202
tar.extractall(filter="data")

# Bandit 1.9's plugin raises on these (a `filter=` Name has no `.value`; a `members=` method call has no
# `func.id`), so it reports nothing; we match that.
# ok: B202
tar.extractall(filter=my_filter)

# ok: B202
tar.extractall(members=self.pick(tar))

# An f-string is a JoinedStr, which has no `.value` either: Bandit's plugin raises, even for f"data".
# ok: B202
tar.extractall(filter=f"data")

# ok: B202
tar.extractall(filter="da" f"ta")

# A bytes constant has a `.value`, but b"data" != "data": reported.
# ruleid: B202
tar.extractall(filter=b"data")

# ruleid: B202
tar.extractall(filter=None)

# ok: B202
tar.extractall("out", members=safe_members(tar), filter="data")

# Not extractall.
# ok: B202
tar.extract("member", path="out")

# ok: B202
tar.getmembers()
