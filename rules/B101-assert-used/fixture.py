import unittest


def check(x, items):
    # ruleid: B101
    assert x > 0

    # ruleid: B101
    assert x is not None, "x must be set"

    if x:
        # ruleid: B101
        assert isinstance(x, int), f"bad {x!r}"  # trailing comment stays

    # A multi-line assert: reported on its first line; the fix keeps the condition's own line breaks.
    # ruleid: B101
    assert (
        x in items
    ), "missing"

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
