# vigil-test: {}
# `logging` is a local object here, not the module: the fix (logging.exception + `import logging`) would call
# it, so B110 is reported without a fix.
logging = None


def load(path):
    try:
        return open(path).read()
    # ruleid: B110
    except Exception:
        pass


# ok: B110
x = 1
