import logging


def first_readable(paths):
    for path in paths:
        try:
            return open(path).read()
        # ruleid: B112
        except:
            logging.exception("Skipped an item after an exception")
            continue

    for path in paths:
        try:
            return open(path).read()
        # ruleid: B112
        except Exception as e:
            logging.exception("Skipped an item after an exception")
            continue

    while paths:
        try:
            return open(paths.pop()).read()
        # ruleid: B112
        except Exception: logging.exception("Skipped an item after an exception"); continue

    # Typed handlers are not flagged by default.
    for path in paths:
        try:
            return open(path).read()
        # ok: B112
        except OSError:
            continue

    for path in paths:
        try:
            return open(path).read()
        # ok: B112
        except (Exception, OSError):
            continue

    # More than one statement.
    for path in paths:
        try:
            return open(path).read()
        # ok: B112
        except Exception:
            logging.exception("failed")
            continue

    # `pass` is B110.
    for path in paths:
        try:
            return open(path).read()
        # ok: B112
        except Exception:
            pass
    return None
