# vigil-test: {"plugins": {"assert_used": {"skips": ["./tests/*", "tests/*"]}}, "filename": "/home/dev/shop/app/login.py", "relativeTo": "/home/dev/shop"}
# In its workspace folder the file is ./app/login.py: neither skip matches (fnmatch anchors `tests/*` at the
# start), and neither matches the absolute name. Asserts are reported.


def login(client):
    # ruleid: B101
    assert client.get("/").status_code == 200
