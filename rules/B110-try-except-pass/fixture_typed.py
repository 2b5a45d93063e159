# vigil-test: {"plugins": {"try_except_pass": {"check_typed_exception": true}}}
# With check_typed_exception every handler whose body is `pass` is flagged.


def load(path):
    try:
        return open(path).read()
    # ruleid: B110
    except OSError:
        pass

    try:
        return open(path).read()
    # ruleid: B110
    except (ValueError, KeyError) as e:
        pass

    try:
        return open(path).read()
    # ok: B110
    except OSError:
        return None
