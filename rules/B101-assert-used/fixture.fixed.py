import unittest


def check(x, items):
    # ruleid: B101
    if not (x > 0):
        raise AssertionError

    # ruleid: B101
    if not (x is not None):
        raise AssertionError("x must be set")

    if x:
        # ruleid: B101
        if not (isinstance(x, int)):
            raise AssertionError(f"bad {x!r}")  # trailing comment stays

    # A multi-line assert: reported on its first line; the fix keeps the condition's own line breaks.
    # ruleid: B101
    if not (
        x in items
    ):
        raise AssertionError("missing")

    # Not the whole line: reported, but the fix is not offered.
    # ruleid: B101
    if x: assert x != 1

    # ruleid: B101
    y = 1; assert y

    return x


class T(unittest.TestCase):
    def test_it(self):
        # unittest's assertion methods are calls, not assert statements.
        # ok: B101
        self.assertEqual(1, 1)


# A name that merely contains "assert".
# ok: B101
assert_ok = True

# ok: B101
print("assert x")
