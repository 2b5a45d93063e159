# vigil-test: {"plugins": {"assert_used": {"skips": ["*_test.py", "*/test_*.py"]}}, "filename": "pkg/tests/login_test.py"}
# The file name fnmatches `*_test.py`: asserts are not reported.


def test_login(client):
    # ok: B101
    assert client.get("/").status_code == 200
