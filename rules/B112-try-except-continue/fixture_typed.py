# vigil-test: {"plugins": {"try_except_continue": {"check_typed_exception": true}}}
# With check_typed_exception every handler whose body is `continue` is flagged.


def first_readable(paths):
    for path in paths:
        try:
            return open(path).read()
        # ruleid: B112
        except OSError:
            continue
        # ok: B112
        except ValueError:
            break
    return None
