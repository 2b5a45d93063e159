"""Error handling examples."""
import logging


def load(path):
    try:
        return open(path).read()
    # ruleid: B110
    except:
        logging.exception("Ignored exception")

    try:
        return open(path).read()
    # ruleid: B110
    except Exception:
        logging.exception("Ignored exception")

    try:
        return open(path).read()
    # ruleid: B110
    except Exception as exc:  # noqa: E722
        # A comment in the body does not count as a statement.
        logging.exception("Ignored exception")

    # One-line handler.
    try:
        import json
    # ruleid: B110
    except (Exception): logging.exception("Ignored exception")

    # Typed handlers are not flagged by default.
    try:
        return open(path).read()
    # ok: B110
    except OSError:
        pass

    # A tuple, even one containing Exception, is typed.
    try:
        return open(path).read()
    # ok: B110
    except (Exception, OSError):
        pass

    # BaseException and dotted names are typed too.
    try:
        return open(path).read()
    # ok: B110
    except BaseException:
        pass

    try:
        return open(path).read()
    # ok: B110
    except builtins.Exception:
        pass

    # The body is more than `pass`.
    try:
        return open(path).read()
    # ok: B110
    except Exception:
        log("failed")
        pass

    # The body is `continue`, which is B112.
    for p in [path]:
        try:
            return open(p).read()
        # ok: B110
        except Exception:
            continue
    return None
