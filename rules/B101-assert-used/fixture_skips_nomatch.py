# vigil-test: {"plugins": {"assert_used": {"skips": ["*_test.py", "test_*.py"]}}, "filename": "pkg/tests/login.py"}
# No glob matches this file name (fnmatch's `test_*.py` must match the whole path), so asserts are reported.


def helper(client):
    # ruleid: B101
    assert client
