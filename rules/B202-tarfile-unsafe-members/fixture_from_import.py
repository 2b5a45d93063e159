# Bandit requires `import tarfile` itself: `from tarfile import open` is not enough.
from tarfile import open as tar_open

archive = tar_open("a.tar")

# ok: B202
archive.extractall()
