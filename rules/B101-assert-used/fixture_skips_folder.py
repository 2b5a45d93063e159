# vigil-test: {"plugins": {"assert_used": {"skips": ["./tests/*"]}}, "filename": "/home/dev/shop/tests/login.py", "relativeTo": "/home/dev/shop"}
# The editor names the file absolutely; in its workspace folder `bandit -r .` names it ./tests/login.py, which
# the skip written for that CI command matches: asserts are not reported.


def test_login(client):
    # ok: B101
    assert client.get("/").status_code == 200
