from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/login")
def login():
    resp = make_response("ok")
    # ruleid: VG206
    resp.set_cookie("session_id", "abc", secure=True, httponly=True)
    # ruleid: VG206
    resp.set_cookie("theme", "dark", secure=True, httponly=True)
    # ruleid: VG206
    resp.set_cookie("token", "t", secure=True, httponly=True)
    # ruleid: VG206
    resp.set_cookie("x", "1", secure=True, httponly=True, samesite="None")
    # The value None means "no SameSite attribute" (browsers use Lax).
    # ok: VG206
    resp.set_cookie("y", "1", secure=True, httponly=True, samesite=None)
    # ok: VG206
    resp.set_cookie("sid", "abc", secure=True, httponly=True, samesite="Lax")
    # Run-time values are trusted.
    # ok: VG206
    resp.set_cookie("sid", "abc", secure=request.is_secure, httponly=True)
    # ok: VG206
    resp.delete_cookie("sid")
    # Deleting a cookie by expiring it (django/http/response.py).
    # ok: VG206
    resp.set_cookie("sid", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT")
    return resp
