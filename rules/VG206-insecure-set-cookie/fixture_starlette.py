from starlette.responses import JSONResponse


async def login(request):
    response = JSONResponse({"ok": True})
    # Keyword-only call.
    # ruleid: VG206
    response.set_cookie(key="session", value="token", httponly=True)
    # ok: VG206
    response.set_cookie(key="session", value="token", httponly=True, secure=True, samesite="strict")
    # ruleid: VG206
    response.set_cookie("tracking", "1", secure=True, httponly=True, samesite="none")
    return response
